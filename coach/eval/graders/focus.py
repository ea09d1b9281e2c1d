"""Vary the focus: the suggested area is one that is due, not the over-used one."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, PASS, Grade, grader, no_brief, result
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


@grader("focus", "vary the focus")
def focus(scenario: Scenario, observed: Observed) -> Grade:
    """``focus.area`` is in the gold ``focus.due`` (when given) and not in ``focus.not``; the
    suggestion has a why and at least two questions."""
    b = observed.brief
    if b is None:
        return no_brief(observed)
    f = b.focus
    saw = {"area": f.area.value, "why": f.why, "questions": f.questions,
           "due": [a.value for a in scenario.focus_due],
           "not": [a.value for a in scenario.focus_not]}
    if not f.why.strip():
        return result(FAIL, "the focus suggestion gives no why", **saw)
    questions = [q for q in f.questions if q.strip()]
    if len(questions) < 2:
        return result(FAIL, f"{len(questions)} focus question(s); expected 2-3", **saw)
    if scenario.focus_due and f.area not in scenario.focus_due:
        return result(FAIL, f"suggested {f.area.value}; due is one of {saw['due']}", **saw)
    if f.area in scenario.focus_not:
        return result(FAIL, f"suggested {f.area.value}, which the gold says is wrong here", **saw)
    if not scenario.focus_due and not scenario.focus_not:
        return result(PASS, f"{f.area.value} with a why and questions (no focus label)", **saw)
    return result(PASS, f"suggested {f.area.value}", **saw)
