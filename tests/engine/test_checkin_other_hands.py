"""Check-in on notes by other hands (the d4 dev scenarios' failures, in fresh words): a body
that hurts is personal and said back by the body part; a customer's family event is not the
report's; and a line whose topic can be said back beats a vaguer one from the same 1:1."""

from __future__ import annotations

import datetime as dt

import pytest
from enginekit import checkin_for, weekly

from coach.engine.checkin import personal_phrase


@pytest.mark.parametrize(("line", "phrase"), [
    ("his back is bad again from the loading, physio on Tuesday", "your back"),
    ("her knee's been killing her, can't kneel at the low shelves", "your knee"),
])
def test_a_body_that_hurts_is_said_back_by_the_body_part(line: str, phrase: str) -> None:
    found = personal_phrase(line, "Ana")
    assert found is not None and found[0] == phrase


@pytest.mark.parametrize("line", [
    "his back-to-back shifts are the problem",
    "back from the depot at 4, then the returns",
])
def test_back_as_a_work_word_is_not_a_body(line: str) -> None:
    found = personal_phrase(line, "Ana")
    assert found is None or found[0] != "your back"


def test_the_sayable_topic_beats_a_vague_life_word_in_the_same_1_1() -> None:
    h = weekly("2026-09-07", [
        "- Tariq has run the school canteen for 9 years, loves the kids\n"
        "- his back is bad from lifting the stock pots, GP says no heavy lifting\n"
        "- I'll look at a trolley for the pots",
        "- covers 310, waste 9kg",
        "- covers 318, waste 8kg",
    ], person="Tariq Aziz")
    plan = checkin_for(h, dt.date(2026, 9, 28))
    assert plan.thread is not None and "back is bad" in plan.thread.source.quote
    assert plan.phrase == "your back"


def test_a_customers_family_funeral_is_work_for_a_florist() -> None:
    h = weekly("2026-10-05", [
        "- her mum had a fall on Sunday, she's been at the hospital every evening",
        "- the Okafor family funeral sprays for Friday: she's on it\n"
        "- baby shower balloons for Mrs Grant, delivery Sat",
    ], person="Jess Lane")
    plan = checkin_for(h, dt.date(2026, 10, 19))
    assert plan.thread is not None and "mum had a fall" in plan.thread.source.quote
