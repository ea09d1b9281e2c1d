"""Check-in on fresh notes (the d5 dev scenarios' failures, in other words and workplaces): a
strain word said of a thing ("pool drained", "screen shattered") is no strain of the
person's; a hospital that is a work site ("the hospital boiler house refurb") is no hospital
stay; a colleague in a role off sick, written without a verb ("van driver off sick"), is
staffing. Each time the older personal line they shared is the check-in. Near misses: the same
words said of the person still count."""

from __future__ import annotations

import datetime as dt

import pytest
from enginekit import checkin_for, weekly

from coach.engine.personal_view import personal_view


def _plan(last_line: str) -> str:
    h = weekly("2026-09-07", [
        "- her sister is moving in with them after Christmas, she mentioned it quickly",
        "- footfall 4,100, membership up 3%",
        f"- {last_line}",
    ], person="Nadia Haddad")
    plan = checkin_for(h, dt.date(2026, 9, 21))
    assert plan.thread is not None
    return plan.thread.source.quote


@pytest.mark.parametrize("line", [
    "leisure pool closed for the deep clean, learner pool drained",
    "reception screen shattered, new one on order",
    "hospital physio wing refurb job quoted, starts in the new year",
    "lifeguard off sick, Nadia covered the early session twice",
])
def test_a_work_sense_does_not_displace_what_they_shared(line: str) -> None:
    assert "sister is moving in" in _plan(line)


@pytest.mark.parametrize("line", [
    "she looked drained after the double shift",
    "she's drained, the early sessions are wearing on her",
    "her dad is in hospital again, she's going up at the weekend",
])
def test_near_miss_the_same_words_said_of_the_person_still_count(line: str) -> None:
    assert "sister is moving in" not in _plan(line)


@pytest.mark.parametrize(("line", "kept"), [
    ("ice pad drained for the summer", False),
    ("Mia drained after the gala", True),
    ("nights have left her shattered", True),
    ("feeling completely wiped", True),
])
def test_drained_of_a_thing_is_blanked(line: str, kept: bool) -> None:
    view = personal_view(line, "Nadia")
    assert any(w in view for w in ("drained", "shattered", "wiped")) is kept
