"""Ask meta questions from time to time: present exactly when due."""

from __future__ import annotations

import re

from coach.eval.graders.base import FAIL, NA, PASS, Grade, grader, no_brief, result
from coach.eval.graders.wording import SECOND_PERSON_RE, hits
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario

SHARED_RE = re.compile(r"\b(?:we|our|us)\b", re.I)


@grader("meta", "ask meta questions")
def meta(scenario: Scenario, observed: Observed) -> Grade:
    """A meta question (about the 1:1s themselves) is present when the gold says one is due,
    and absent when it says not."""
    if scenario.meta_due is None:
        return result(NA, "no meta_due label")
    b = observed.brief
    if b is None:
        return no_brief(observed)
    mq = b.meta_question
    saw = {"meta_due": scenario.meta_due,
           "meta_question": mq.model_dump() if mq else None}
    if scenario.meta_due and mq is None:
        return result(FAIL, "a meta question is due but the brief has none", **saw)
    if not scenario.meta_due and mq is not None:
        return result(FAIL, "a meta question is not due but the brief asks one", **saw)
    if mq is not None:
        # "How are these working for you?" and "What should we change about our 1:1s?" are
        # both put to the report; "Review the meeting cadence." is not a question to anyone.
        if "?" not in mq.question or not (hits(SECOND_PERSON_RE, mq.question)
                                          or hits(SHARED_RE, mq.question)):
            return result(FAIL, "the meta question is not a question to the report", **saw)
        if not mq.why.strip():
            return result(FAIL, "the meta question gives no why", **saw)
        return result(PASS, "due and present", **saw)
    return result(PASS, "not due and absent", **saw)
