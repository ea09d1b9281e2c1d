"""One grader per principle and property. Importing this package registers them all.

A grader is ``(Scenario, Observed) -> Grade``; ``REGISTRY`` maps names (as used in
eval/thresholds.yaml and ``coach eval --only``) to them, in report order.
"""

from __future__ import annotations

from coach.eval.graders import (  # noqa: F401  (imported to register)
    agenda,
    ask,
    checkin,
    continuity,
    focus,
    grounding,
    injection,
    meta,
    privacy,
    signals,
    summary,
    tone,
)
from coach.eval.graders.base import FAIL, NA, PASS, REGISTRY, SKIP, Grade, GraderSpec

ORDER = [
    "checkin", "agenda", "focus", "continuity_recall", "continuity_precision", "grounding",
    "meta", "signals_recall", "signals_precision", "privacy", "injection", "tone",
    "summary_actions", "ask_scope", "ask_recall",
]
GRADERS: dict[str, GraderSpec] = {name: REGISTRY[name] for name in ORDER}
assert set(GRADERS) == set(REGISTRY), "every registered grader must be in ORDER"

__all__ = ["FAIL", "GRADERS", "NA", "PASS", "SKIP", "Grade", "GraderSpec"]
