"""More questions a manager asks about one person, in fresh words: what we agreed last time,
what she asked for last time (when the last 1:1 had no ask), whether someone ever got back,
what I promised (quoted with what it is about), what is stuck when a later line only mentions
the matter, and lines beside a matter that are about another matter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coach.engine.query import parse_question
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("desk")
    notes = root / "notes"
    write_note(notes, "kofi-1.md", "Kofi Mensah", "2026-09-08", """
        - he asked for a second monitor for the returns desk. I'll ask IT
        - his granddaughter was born on Saturday, very proud
        - returns backlog 40 parcels
        - holiday to Accra 2-16 Dec booked
        - he has to leave at 3 on Fridays this month
    """)
    write_note(notes, "kofi-2.md", "Kofi Mensah", "2026-09-29", """
        - courier contract: still waiting on procurement for the new terms
        - monitor: IT still haven't come back, chased
        - fire marshal training: he'll book it for October
        - shelving quote: didn't get to it, sorry. next week
    """)
    write_note(notes, "kofi-3.md", "Kofi Mensah", "2026-10-20", """
        - courier contract: procurement say it's with legal
        - no start date yet for the new returns assistant
        - van keys: the spare set is missing again. I'll order a lockbox this week
        - forklift ticket renewal: he'll send me the form
        - returns desk short, covering 2 sick this week
    """)
    with offline_coach(root, notes, dt.date(2026, 10, 27)) as coach:
        yield coach


_COACH: list[Coach] = []


@pytest.fixture(autouse=True)
def _keep(desk: Coach) -> None:
    _COACH[:] = [desk]


def _ask(question: str):  # noqa: ANN202
    return _COACH[0].ask(question)


def _quotes(answer) -> str:  # noqa: ANN001
    return " | ".join(c.quote for c in answer.citations)


def test_what_we_agreed_last_time_is_the_last_note_in_its_order() -> None:
    answer = _ask("what did we agree last time with Kofi?")
    assert "2026-10-20" in answer.answer.splitlines()[0]
    quotes = [c.quote for c in answer.citations]
    assert any("lockbox" in q for q in quotes) and any("forklift ticket" in q for q in quotes)
    assert not any("monitor" in q for q in quotes)  # an earlier 1:1
    assert all(c.date == dt.date(2026, 10, 20) for c in answer.citations)


def test_what_they_asked_for_last_time_goes_back_to_their_last_ask() -> None:
    answer = _ask("what did Kofi ask for last time?")
    assert "second monitor" in _quotes(answer)  # the last 1:1 asked for nothing


def test_a_promise_that_leans_on_its_line_is_quoted_with_what_it_is_about() -> None:
    answer = _ask("anything I promised Kofi?")
    assert "van keys: the spare set is missing again. I'll order a lockbox this week" in \
        _quotes(answer)


def test_did_someone_ever_get_back_answers_from_the_newest_line_on_it() -> None:
    parsed = parse_question("did IT ever get back to Kofi about the monitor?", {"kofi"})
    assert parsed.status and parsed.has_topic
    answer = _ask("did IT ever get back to Kofi about the monitor?")
    assert answer.citations[0].quote.startswith("monitor: IT still haven't come back")


def test_stuck_keeps_a_matter_a_later_line_only_mentions() -> None:
    quotes = _quotes(_ask("what's stuck for Kofi?"))
    assert "no start date yet for the new returns assistant" in quotes
    assert "courier contract" in quotes  # "it's with legal" moved nothing on


def test_a_matter_s_neighbour_about_another_matter_is_left_out() -> None:
    quotes = _quotes(_ask("has Kofi's courier contract been sorted?"))
    assert "courier contract" in quotes
    assert "fire marshal" not in quotes and "lockbox" not in quotes


def test_at_home_finds_family_words_the_question_never_says() -> None:
    assert "granddaughter was born" in _quotes(_ask("how are things at home for Kofi?"))


def test_still_owe_is_what_i_owe() -> None:
    answer = _ask("anything I still owe Kofi?")
    assert answer.answer.startswith("What you owe Kofi Mensah")
    assert "forklift ticket" not in _quotes(answer)  # his, not mine


def test_stuck_includes_what_was_put_off() -> None:
    assert "shelving quote: didn't get to it" in _quotes(_ask("anything stuck for Kofi?"))


def test_at_home_leaves_out_someone_else_off_sick() -> None:
    assert "covering 2 sick" not in _quotes(_ask("how are things at home for Kofi?"))


def test_leave_is_time_off_in_other_words_not_the_verb() -> None:
    assert parse_question("is Kofi's leave sorted?", {"kofi"}).status
    quotes = _quotes(_ask("is Kofi's leave sorted?"))
    assert "holiday to Accra 2-16 Dec booked" in quotes
    assert "leave at 3 on Fridays" not in quotes
