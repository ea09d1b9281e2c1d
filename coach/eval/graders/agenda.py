"""Co-own the agenda: the brief invites the report's topics."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, PASS, Grade, grader, no_brief, result
from coach.eval.graders.wording import INVITE_RE, SECOND_PERSON_RE, STATUS_RE, first_sentence, hits
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


@grader("agenda", "co-own the agenda")
def agenda(scenario: Scenario, observed: Observed) -> Grade:
    """The agenda invite is a question to the report that invites their topics ("what's on
    your mind?", "what would be most useful to cover?") and does not open with status."""
    b = observed.brief
    if b is None:
        return no_brief(observed)
    text = b.agenda_invite.strip()
    saw = {"agenda_invite": text}
    if not text:
        return result(FAIL, "no agenda invite", **saw)
    if "?" not in text:
        return result(FAIL, "the agenda invite asks nothing of the report", **saw)
    if not hits(SECOND_PERSON_RE, text):
        return result(FAIL, "the agenda invite is not addressed to the report", **saw)
    status = hits(STATUS_RE, first_sentence(text))
    if status:
        return result(FAIL, f"the agenda opens with status: {status}", **saw)
    invite = hits(INVITE_RE, text)
    if not invite:
        return result(FAIL, "does not invite the report's own topics", **saw)
    return result(PASS, f"invites the report's topics ({invite[0]!r})", **saw)
