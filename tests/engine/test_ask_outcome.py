"""Questions about what became of a matter ("how did the audit go?", "what's holding up the
lockers?", "did the drivers get their mileage sorted?", "why is the branch closing?", "when is
the NEBOSH decision?"), on notes in fresh words from workplaces no scenario has (a bakery, a
library, a bus garage, a vet practice). The answer is in what later notes said on the matter,
often in lines that do not repeat the question's words; a question naming nobody is about the
one person whose notes have the matter. Each has a near miss that must not change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coach.engine.query import parse_question
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("outcome")
    notes = root / "notes"
    write_note(notes, "g-1.md", "Gosia Nowak", "2026-08-04", """
        - SALSA audit of the bakery is 2 Sept, she's nervous about the allergen records
        - wants to do her level 3 food safety; I'll ask the area manager about the funding
        - proving cabinet 2 runs hot, engineer booked
    """)
    write_note(notes, "g-2.md", "Gosia Nowak", "2026-09-08", """
        - the audit on the 2nd went well, two small non-conformances on labelling, fixed already
        - level 3: area manager said "after the budget review"
        - proving cabinet fine since the new thermostat
    """)
    write_note(notes, "g-3.md", "Gosia Nowak", "2026-10-06", """
        - level 3: budget review moved to November
        - Christmas orders start 1 Dec, she'll do the rota
        - payroll: her hours for the audit prep still missing
    """)
    write_note(notes, "t-1.md", "Tunde Bello", "2026-08-11", """
        - announcement: the Eastgate branch library closes in March and the stock moves here.
        - he asked why they're closing Eastgate. I'll get the reasoning from the head of service
        - me: self-service lockers for the foyer - I'll order 20
    """)
    write_note(notes, "t-2.md", "Tunde Bello", "2026-09-01", """
        - still no answer on the why, head of service says "soon"
        - lockers: not ordered yet
    """)
    write_note(notes, "t-3.md", "Tunde Bello", "2026-09-29", """
        - head of service's rationale came: falling footfall and the lease ending
        - lockers: still no order, procurement want two more quotes
        - summer reading scheme: 340 kids signed up
    """)
    write_note(notes, "r-1.md", "Ravi Menon", "2026-08-18", """
        - drivers say the mileage rate for the rail replacement runs is wrong → me w/ payroll
        - bus 14 wheelchair ramp sticking → Ravi to book it in
    """)
    write_note(notes, "r-2.md", "Ravi Menon", "2026-09-15", """
        - payroll agreed the drivers were underpaid, back pay in the October wages
        - ramp fixed
    """)
    with offline_coach(root, notes, dt.date(2026, 10, 20)) as c:
        yield c


def _quotes(coach: Coach, question: str) -> str:
    return " | ".join(c.quote for c in coach.ask(question).citations)


def test_how_did_it_go_is_answered_by_the_later_line_on_the_matter(coach: Coach) -> None:
    quotes = _quotes(coach, "how did the SALSA audit go?")
    assert "two small non-conformances" in quotes
    assert "Christmas orders" not in quotes  # same person, another matter


def test_whats_holding_up_reads_the_newest_status_of_the_matter(coach: Coach) -> None:
    answer = coach.ask("what's holding up the foyer lockers?")
    assert "procurement want two more quotes" in " ".join(c.quote for c in answer.citations)
    assert {c.person for c in answer.citations} == {"Tunde Bello"}


def test_why_follows_the_lines_that_chase_the_reason(coach: Coach) -> None:
    quotes = _quotes(coach, "why is the Eastgate branch closing?")
    assert "falling footfall and the lease ending" in quotes
    assert "summer reading scheme" not in quotes


def test_when_drops_a_topic_word_no_note_has(coach: Coach) -> None:
    quotes = _quotes(coach, "when is the level 3 food safety funding decision?")
    assert "budget review moved to November" in quotes


def test_did_x_get_sorted_finds_what_became_of_it_in_other_words(coach: Coach) -> None:
    quotes = _quotes(coach, "did the drivers get their mileage sorted?")
    assert "back pay in the October wages" in quotes


def test_near_miss_a_topic_question_across_people_is_not_routed_to_one_person(
        coach: Coach) -> None:
    # not about how something turned out: a plain topic question stays a list across people
    answer = coach.ask("who talked about budget?")
    assert "only your notes with" not in answer.answer


def test_near_miss_a_matter_two_people_share_is_not_guessed(coach: Coach) -> None:
    answer = coach.ask("what's holding up the payroll?")
    assert "only your notes with" not in answer.answer
    assert {"Gosia Nowak", "Ravi Menon"} <= {c.person for c in answer.citations}


def test_outcome_questions_parse_their_intent_not_as_topic() -> None:
    q = parse_question("did the lads get their possession overtime sorted?")
    assert q.status and [c.term for c in q.concepts] == ["lads", "possession", "overtime"]
    q = parse_question("what's holding up the ride-op radios?")
    assert q.about_outcome and [c.term for c in q.concepts] == ["ride-op", "radios"]
    q = parse_question("what does Alex need from me before the UPS swap?", {"alex"})
    assert [c.term for c in q.concepts] == ["ups", "swap"]
    q = parse_question("what are my follow ups with Sam?", {"sam"})
    assert not q.concepts  # near miss: "follow ups" is the intent
    assert not parse_question("who asked about pay?").about_outcome
    q = parse_question("how did the MHRA inspection go?")
    assert q.about_outcome and [c.term for c in q.concepts] == ["mhra", "inspection"]
    q = parse_question("what did Sam say about the delay?", {"sam"})
    assert not q.about_outcome and [c.term for c in q.concepts] == ["delay"]  # near miss

