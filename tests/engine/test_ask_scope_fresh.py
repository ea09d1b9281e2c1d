"""Ask, round six, on notes in fresh words: a question across people about an ask cites only
the people who asked (not everyone whose line shares a word of the topic's family), a question
about a matter that got settled shows the matter's lines (closed ones said so) instead of the
lines merely beside it, and a noun in -ation meets the verb a note uses ("automated")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coach.engine.query import parse_question, word_forms
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def studio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("studio")
    notes = root / "notes"
    write_note(notes, "ria-1.md", "Ria Monk", "2026-09-02", """
        - 3 yrs in, no raise since she started. wants a salary review. I'll take it to the MD
        - enjoying the brewery account
    """)
    write_note(notes, "ola-1.md", "Ola Berg", "2026-09-03", """
        - conference in Lisbon in May, ticket £300, I'll check with finance
    """)
    write_note(notes, "ola-2.md", "Ola Berg", "2026-09-17", """
        - Lisbon: finance approved the ticket, he books the flights
    """)
    write_note(notes, "kit-1.md", "Kit Dane", "2026-09-04", """
        Kit - ops lead
        - overtime rota split was wrong on the August sheet, wants it fixed. I'll raise it
        - van lease ends in March
    """)
    write_note(notes, "kit-2.md", "Kit Dane", "2026-09-18", """
        - overtime rota: payroll agreed, corrected on September pay. done
        - van lease: fleet says yes to an electric one
    """)
    with offline_coach(root, notes, dt.date(2026, 9, 30)) as coach:
        yield coach


def test_across_people_only_those_who_asked_are_cited(studio: Coach) -> None:
    answer = studio.ask("who has asked me about a pay rise?")
    people = {c.person for c in answer.citations}
    assert people == {"Ria Monk"}, answer.answer


def test_a_settled_matter_shows_its_own_lines(studio: Coach) -> None:
    answer = studio.ask("what did Kit want from me about the overtime rota?")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "August sheet" in quotes and "corrected on September pay" in quotes, answer.answer
    assert "ops lead" not in quotes  # the heading beside it is another matter


def test_a_noun_in_ation_meets_its_verb() -> None:
    assert word_forms("automation") & word_forms("automated")
    assert word_forms("rotation") & word_forms("rotated")
    assert not word_forms("station") & word_forms("stated")
    q = parse_question("what did I promise her about the automation?")
    assert any("automate" in c.stems for c in q.concepts)


def test_pay_is_not_the_finance_department_nor_the_rent() -> None:
    from coach.engine.query import lexical_match

    pay = parse_question("who has talked about their pay?")
    assert not lexical_match(pay, "ticket £420, I'll check with finance")
    assert not lexical_match(pay, "rent went up again")
    assert lexical_match(pay, "wants a salary review")
    money = parse_question("who has money worries?")  # money asks for both
    assert lexical_match(money, "rent went up again")
    assert lexical_match(money, "wants a salary review")


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("port")
    notes = root / "notes"
    write_note(notes, "una-1.md", "Una Reid", "2026-09-02", """
        Big news. The depot is moving to robotic picking next spring, announced at the town hall.
        Una found out with her team. Angry, and fair enough.
        Her questions: what happens to her pickers, is her own role safe?
        I couldn't answer. I said I'd get them from Priya (site director) by next week.
    """)
    write_note(notes, "una-2.md", "Una Reid", "2026-09-16", """
        - Priya: "details after the board meets". Not an answer. I'll push her again
        - forklift audit passed
        - I'll book the first aid refresher for her team
    """)
    with offline_coach(root, notes, dt.date(2026, 9, 30)) as coach:
        yield coach


def test_a_promise_said_by_pronoun_and_carried_forward_answers_its_matter(port: Coach) -> None:
    answer = port.ask("what did I promise Una about the robotic picking?")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "I'll push her again" in quotes, answer.answer
    assert "first aid" not in quotes
