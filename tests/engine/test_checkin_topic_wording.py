"""Check-in wording a manager would use (lead's fresh notes): a worry about a relative is asked
about the relative ("How is your mother doing - and how are you?"), not as "feeling worried";
a death is met with "I was so sorry to hear about ...", never "how are things with that now";
a personal matter a later note said is over is not asked about as if still live."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest
from enginekit import checkin_for, weekly

from coach.engine.checkin import CheckinPlan
from coach.writer import offline
from coach.writer import questions as q

TODAY = dt.date(2026, 11, 24)


def _questions(plan: CheckinPlan) -> set[str]:
    """Every question the writer could word for ``plan`` (over many seeds)."""
    brief = SimpleNamespace(checkin=plan, first_name="Dana", health=[])
    return {offline._check_in(brief, random.Random(s)).question for s in range(12)}  # type: ignore[arg-type]


def _pick(*bodies: str) -> CheckinPlan:
    h = weekly("2026-10-20", list(bodies), person="Dana Ruiz")
    return checkin_for(h, TODAY)


@pytest.mark.parametrize(("line", "phrase"), [
    ("mother in hospital again last week, she very worried, maybe need go earlier than december",
     "your mother"),
    ("really stressed, her dad's surgery is next week", "your dad"),
    ("anxious, their puppy is at the vet again", "the puppy"),
])
def test_a_worry_about_a_life_topic_is_asked_about_the_topic(line: str, phrase: str) -> None:
    plan = _pick("- roadmap for Q1", f"- {line}", "- export feature shipped")
    assert plan.phrase == phrase


def test_a_worried_relative_is_asked_about_as_a_person() -> None:
    plan = _pick("- roadmap for Q1", "- mother in hospital again last week, she very worried",
                 "- export feature shipped")
    assert _questions(plan) <= {t.format(p="your mother", be="is") for t in q.CHECKIN_KIN}
    assert "How is your mother doing - and how are you?" in _questions(plan)


def test_a_worry_with_no_life_topic_keeps_the_feeling() -> None:
    plan = _pick("- roadmap for Q1",
                 "- she said she has been feeling really anxious, not sleeping much")
    assert plan.phrase == "feeling anxious"


@pytest.mark.parametrize(("line", "phrase"), [
    ("Lee's cat died at the weekend, took a day off", "the cat"),
    ("her grandfather passed away last week, funeral on Friday", "the loss in your family"),
    ("lost his dad in october, back at work on monday", "the loss in your family"),
])
def test_a_loss_is_met_with_sorry_to_hear(line: str, phrase: str) -> None:
    plan = _pick(f"- {line}", "- code review backlog down to 4")
    assert plan.loss and plan.phrase == phrase
    asked = _questions(plan)
    assert asked <= {t.format(p=phrase) for t in q.CHECKIN_LOSS}
    assert not any("how are things with that" in a for a in asked)


def test_a_hospital_stay_is_not_said_as_a_loss() -> None:
    plan = _pick("- her dad started chemo last week", "- code review backlog down to 4")
    assert not plan.loss
    assert not any("sorry" in a for a in _questions(plan))


def test_a_matter_settled_later_gives_way_to_newer_open_news() -> None:
    plan = _pick("- said his partner's job is ending in December and they may have to move",
                 "- Partner found something local, so no move.",
                 "- started pottery classes, loving it")
    assert plan.phrase == "the pottery classes"


def test_a_matter_settled_later_is_acknowledged_not_asked_as_live() -> None:
    plan = _pick("- said his partner's job is ending in December and they may have to move",
                 "- billing migration on track",
                 "- Partner found something local, so no move.",
                 "- billing migration done")
    assert plan.resolved
    asked = _questions(plan)
    assert asked <= {t.format(p=plan.phrase) for t in q.CHECKIN_RESOLVED}
    assert not any("how are things with that" in a for a in asked)


def test_an_open_matter_with_no_later_news_is_still_asked_about() -> None:
    plan = _pick("- said his partner's job is ending in December and they may have to move",
                 "- billing migration on track")
    assert plan.phrase == "your partner" and not plan.resolved


def test_the_why_of_a_settled_matter_quotes_the_line_that_settled_it() -> None:
    plan = _pick("- said his partner's job is ending in December and they may have to move",
                 "- Partner found something local, so no move.",
                 "- billing migration done")
    assert plan.since_then == "Partner found something local, so no move."
    brief = SimpleNamespace(checkin=plan, first_name="Sam", health=[])
    why = offline._check_in(brief, random.Random(0)).why  # type: ignore[arg-type]
    assert "Since then: \u201cPartner found something local, so no move.\u201d" in why


def test_a_state_of_the_person_is_said_back_not_swapped_for_a_relative() -> None:
    plan = _pick("- roadmap for Q1",
                 "- she feel lonely at home since daughter go to Madrid, they video call sundays")
    assert plan.phrase == "feeling lonely"


def test_a_miscarriage_is_sorry_for_their_loss_not_for_the_partner() -> None:
    plan = _pick("- his partner had a miscarriage last week.", "- rota for december is out")
    assert plan.loss and plan.phrase == "your loss"


def test_in_passing_is_no_loss() -> None:
    plan = _pick("- she mentioned, almost in passing, that things at home are hard, her partner "
                 "lost his job", "- rota for december is out")
    assert not plan.loss


def test_a_worry_closed_only_by_its_date_passing_is_not_called_good_news() -> None:
    plan = _pick("- her dad finished chemo, scan on 9 Nov, she's anxious about it",
                 "- rota for december is out")
    assert not plan.resolved
    assert not any("good news" in a or "turned out" in a for a in _questions(plan))


def test_a_look_the_manager_saw_is_not_called_good_news_when_work_eases() -> None:
    plan = _pick("- long hours on Harlow, she looks exhausted",
                 "- Harlow discovery filed on time, big relief")
    assert plan.observed and not plan.resolved
