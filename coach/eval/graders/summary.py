"""Summaries: action items found, with the right owner."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, NA, PASS, SKIP, Grade, grader, has_all, result
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


@grader("summary_actions", "create continuity")
def summary_actions(scenario: Scenario, observed: Observed) -> Grade:
    """Each gold action item of the summarised meeting matches an action item of the
    manager's summary (all words in its text or quote) with the gold owner."""
    gold = scenario.summary
    if gold is None or not gold.action_items:
        return result(NA, "no summary.action_items label")
    s = observed.summary_manager
    if s is None:
        return result(SKIP, f"summary not available: {observed.summary_error}")
    items = [f"[{a.owner.value}] {a.text}" for a in s.action_items]
    missing, wrong_owner = [], []
    for g in gold.action_items:
        hits = [a for a in s.action_items if has_all(f"{a.text} {a.source.quote}", g.match)]
        if not hits:
            missing.append(list(g.match))
        elif g.owner is not None and not any(a.owner == g.owner for a in hits):
            wrong_owner.append(f"{list(g.match)}: {[a.owner.value for a in hits]}, "
                               f"expected {g.owner.value}")
    saw = {"note": gold.note, "action_items": items, "missing": missing,
           "wrong_owner": wrong_owner}
    if missing or wrong_owner:
        parts = [f"not found: {missing}"] if missing else []
        parts += [f"wrong owner: {wrong_owner}"] if wrong_owner else []
        return result(FAIL, "; ".join(parts), **saw)
    return result(PASS, f"all {len(gold.action_items)} action items with the right owner", **saw)
