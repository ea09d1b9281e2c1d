"""Check in before the checklist: a question about the person, tailored when it can be."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, PASS, Grade, find_phrases, grader, no_brief, result
from coach.eval.graders.wording import SECOND_PERSON_RE, STATUS_RE, hits
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


@grader("checkin", "check in before the checklist")
def checkin(scenario: Scenario, observed: Observed) -> Grade:
    """The check-in is a question addressed to the report, about them (no status or deadline
    words); when the gold lists ``checkin_mentions`` (a personal thread from before), the
    question or its why mentions one of them."""
    b = observed.brief
    if b is None:
        return no_brief(observed)
    q, why = b.check_in.question.strip(), b.check_in.why.strip()
    saw = {"question": q, "why": why, "checkin_mentions": scenario.checkin_mentions}
    if not q:
        return result(FAIL, "the check-in question is empty", **saw)
    if "?" not in q:
        return result(FAIL, "the check-in is not a question", **saw)
    status = hits(STATUS_RE, q)
    if status:
        return result(FAIL, f"the check-in asks about work status: {status}", **saw)
    in_question = find_phrases(q, scenario.checkin_mentions)
    if not hits(SECOND_PERSON_RE, q) and not in_question:
        # "How's Biscuit settling in?" is about the person when it picks up their own thread
        return result(FAIL, "the check-in is not addressed to the person (no 'you'/'your')", **saw)
    if scenario.checkin_mentions:
        found = in_question or find_phrases(f"{q} {why}", scenario.checkin_mentions)
        if not found:
            return result(
                FAIL, f"not tailored: mentions none of {scenario.checkin_mentions}", **saw
            )
        return result(PASS, f"about the person and tailored ({found})", **saw)
    return result(PASS, "a question about the person, not about status", **saw)
