"""Warning signs: recall (the ones present are named) and precision (no false alarms)."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, NA, PASS, Grade, grader, no_brief, result
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


def _shown(observed: Observed) -> list[str]:
    assert observed.brief is not None
    return [h.signal.value for h in observed.brief.health]


@grader("signals_recall", "why 1:1s fail")
def signals_recall(scenario: Scenario, observed: Observed) -> Grade:
    """Every signal in ``signals_present`` is among ``brief.health``, with a detail and at
    least one piece of evidence."""
    if not scenario.signals_present:
        return result(NA, "no signals_present label")
    if observed.brief is None:
        return no_brief(observed)
    shown = _shown(observed)
    want = [s.value for s in scenario.signals_present]
    saw = {"expected": want, "shown": shown}
    missing = [s for s in want if s not in shown]
    if missing:
        return result(FAIL, f"missing warning sign(s): {missing}", **saw)
    weak = [h.signal.value for h in observed.brief.health
            if h.signal.value in want and (not h.detail.strip() or not h.evidence)]
    if weak:
        return result(FAIL, f"named without detail or evidence: {weak}", **saw)
    return result(PASS, f"found {want}", **saw)


@grader("signals_precision", "why 1:1s fail")
def signals_precision(scenario: Scenario, observed: Observed) -> Grade:
    """No signal in ``signals_absent`` (``all_others`` = every signal not present) is shown."""
    if scenario.signals_absent is None:
        return result(NA, "no signals_absent label")
    if observed.brief is None:
        return no_brief(observed)
    shown = _shown(observed)
    absent = [s.value for s in scenario.signals_absent]
    saw = {"must_be_absent": absent, "shown": shown}
    wrong = [s for s in shown if s in absent]
    if wrong:
        return result(FAIL, f"false warning sign(s): {wrong}", **saw)
    return result(PASS, "no false warning signs", **saw)
