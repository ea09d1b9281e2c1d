"""Questions a manager really asks about one person (the ha-* dev failures, in fresh notes and
fresh words): what I told them I'd find out, what they wait on from other people, what is still
stuck, how they are at home, what they asked for last; with two people sharing a first name,
the full name picks the person. Every answer cites only that person's notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coach.engine.query import HOME_LIFE, parse_question
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("ward")
    notes = root / "notes"
    write_note(notes, "ana-o-1.md", "Ana Okafor", "2026-09-02", """
        - wants to cut to 4 long days, I'll find out whether the rota can flex
        - sluice room drain blocked again, logged with facilities
        - her dad has moved in with them after his stroke
    """)
    write_note(notes, "ana-o-2.md", "Ana Okafor", "2026-09-23", """
        - rota flex: matron says yes from November
        - sluice drain: facilities haven't come out, 3 weeks now
        - she'd like to go for the band 6 practice educator post. I'll ask HR when it's advertised
        - parking permit: still no reply from the estates office
    """)
    write_note(notes, "ana-o-3.md", "Ana Okafor", "2026-10-14", """
        - sluice drain still not fixed, facilities say a contractor is booked
        - agency invoice query: nothing from finance since the 2nd
        - she asked about the mentoring scheme, I said I'd look into it
        - dad is settling in, she's tired but the carers start next week
        - she'll send me the audit results
    """)
    write_note(notes, "ana-o-4.md", "Ana Okafor", "2026-10-28", """
        - agency invoice query: finance paid it on the 20th
        - mentoring: I'll send her the scheme dates
    """)
    write_note(notes, "ana-b-1.md", "Ana Bello", "2026-09-03", """
        - asked for a day off for her sister's wedding in December
        - her kids are both starting secondary school
    """)
    write_note(notes, "ana-b-2.md", "Ana Bello", "2026-10-15", """
        - wedding day off approved
        - would like to do the tissue viability course in spring
    """)
    with offline_coach(root, notes, dt.date(2026, 11, 2)) as coach:
        yield coach


_COACH: list[Coach] = []


@pytest.fixture(autouse=True)
def _keep(ward: Coach) -> None:
    _COACH[:] = [ward]


def _ask(question: str):  # noqa: ANN202
    return _COACH[0].ask(question)


def _quotes(answer) -> str:  # noqa: ANN001
    return " | ".join(c.quote for c in answer.citations)


def _only(answer, person: str) -> None:  # noqa: ANN001
    assert answer.citations, answer.answer
    assert {c.person for c in answer.citations} == {person}, answer.answer


def test_what_i_told_them_i_would_find_out_lists_my_open_promises() -> None:
    answer = _ask("what have I told Ana Okafor I'd find out for her?")
    _only(answer, "Ana Okafor")
    quotes = _quotes(answer)
    assert "band 6 practice educator" in quotes and "mentoring" in quotes
    assert "audit results" not in quotes  # hers, not mine
    assert "about find" not in answer.answer  # "find out" is the promise, not a topic


def test_waiting_on_other_people_shows_what_is_held_up_elsewhere() -> None:
    answer = _ask("what is Ana Okafor still waiting on from other people?")
    _only(answer, "Ana Okafor")
    quotes = _quotes(answer)
    assert "still no reply from the estates office" in quotes
    assert "sluice drain" in quotes
    assert "agency invoice" not in quotes  # finance paid it since


def test_still_stuck_shows_the_matter_not_fixed_once_and_newest() -> None:
    answer = _ask("what's still stuck for Ana Okafor?")
    _only(answer, "Ana Okafor")
    quotes = _quotes(answer)
    assert "sluice drain still not fixed" in quotes
    assert quotes.count("sluice") == 1  # the matter once, where it stands now
    assert "rota flex" not in quotes


def test_how_they_are_at_home_answers_from_family_lines_only() -> None:
    answer = _ask("how is Ana Okafor doing at home?")
    _only(answer, "Ana Okafor")
    quotes = _quotes(answer)
    assert "her dad has moved in" in quotes and "dad is settling in" in quotes
    assert "rota" not in quotes and "sluice" not in quotes


def test_what_they_asked_for_last_comes_first_in_other_words() -> None:
    answer = _ask("what did Ana Bello ask me for last?")
    _only(answer, "Ana Bello")
    assert answer.citations[0].quote.startswith("would like to do the tissue viability course")


def test_a_full_name_keeps_a_shared_first_name_to_that_person() -> None:
    _only(_ask("how is Ana Bello doing at home?"), "Ana Bello")
    _only(_ask("anything I promised Ana Okafor?"), "Ana Okafor")


@pytest.mark.parametrize(("question", "field"), [
    ("what have I told Lorraine I'd find out for her?", "manager_side"),
    ("anything I said I'd chase for Kofi?", "manager_side"),
    ("what was I going to sort for Ana?", "manager_side"),
    ("what is Jodie still waiting on from other people?", "waiting_on_others"),
    ("what's out of our hands for Sam?", "waiting_on_others"),
    ("what is still stuck for Bronwen?", "stuck"),
    ("any blockers for Sam?", "stuck"),
    ("how's her home life?", "personal"),
    ("any family stuff going on with Kofi?", "personal"),
    ("anything I still owe Kofi?", "manager_side"),
    ("what am I chasing for Kofi?", "manager_side"),
    ("what is Kofi on the hook for?", "report_side"),
    ("what came up last time with Kofi?", "last_meeting"),
    ("what did we agree in our last 1:1 with Ana?", "last_meeting"),
])
def test_question_wordings_read_as_their_intent(question: str, field: str) -> None:
    parsed = parse_question(question, frozenset({"lorraine", "kofi", "ana", "jodie", "sam",
                                                  "bronwen"}))
    assert getattr(parsed, field), parsed
    if field != "personal":
        assert not parsed.has_topic, parsed.concepts  # "find", "other", "stuck": no topic


def test_stuck_on_a_named_matter_asks_how_it_stands() -> None:
    parsed = parse_question("what's blocking the sluice drain repair?")
    assert parsed.outcome and not parsed.stuck and parsed.has_topic


def test_at_home_is_life_outside_work_not_working_from_home() -> None:
    assert parse_question("how is Ana doing at home?", frozenset({"ana"})).concepts == [HOME_LIFE]
    wfh = parse_question("is Ana working from home on Fridays?", frozenset({"ana"}))
    assert HOME_LIFE not in wfh.concepts and not wfh.personal


@pytest.mark.parametrize("question", [
    "what did Sam say about working with others?",
    "what has Jodie heard from other people about the move?",
    "what is Jodie waiting on from me?",
])
def test_others_named_without_a_wait_on_them_is_no_waiting_on_others(question: str) -> None:
    assert not parse_question(question, frozenset({"sam", "jodie"})).waiting_on_others
