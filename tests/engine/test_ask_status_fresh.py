"""Status questions on notes from workplaces no scenario has (a garden centre, a print shop, a
dental practice): "is the leak in the chiller room fixed?", "are the till printers working
again?", "has the boiler been serviced?", "did Priya do the first aid refresher?", "how did
Tom's cake do at the county show?". The answer is the newest lines on the matter, which often
name it in other words than the question ("compressor seal replaced, floor dry since"); a
question naming nobody is about the one person whose notes have the matter, and never cites
anyone else. Also: what a report owes in notes typed all lower case, leave as a noun, and
"what is X waiting on?" (from you and from anyone else). Each has a near miss."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from coach.engine.query import parse_question
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def coach(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("status")
    notes = root / "notes"
    write_note(notes, "p-1.md", "Priya Shah", "2026-08-03", """
        The chiller room keeps leaking onto the shop floor; she logged it with Coldline.

        She asked for the first aid refresher. I'll check if the Red Cross has an online module.

        - county show 12 Sep → Tom entering his lemon drizzle for the bakery stand
        - boiler in the potting shed due its annual service, landlord arranging it
    """)
    write_note(notes, "p-2.md", "Priya Shah", "2026-09-07", """
        - chiller: Coldline came, new thermostat, leaking again 3 days later → P chasing
        - the Red Cross module is online; I sent her the link and she has completed it
        - Tom good, nervous about the show
        - boiler: landlord still hasn't booked the engineer
    """)
    write_note(notes, "p-3.md", "Priya Shah", "2026-10-05", """
        | item | who | status |
        |---|---|---|
        | chiller | Coldline | compressor seal replaced 28 Sep, floor dry since |
        | show stand | Tom | second prize for the lemon drizzle, rosette on the till |
        | boiler | landlord | still waiting for the engineer, due 20 Oct |
        | stock count | P | done 30 Sep |
    """)
    write_note(notes, "o-1.md", "Ola Bakare", "2026-09-10", """
        - till printers: 2 of 4 jamming since the summer → me call PrintServ asap
        - ola wants to visit her family in Lagos in Feb, asked re leave
        - toner batch faulty, supplier said they'd refund, ola sent the returns form
        - she needs to leave at 3 on Fridays for the school run
        - the food hygiene visit is booked for 1 Oct, she is nervous about the fridge logs
    """)
    write_note(notes, "o-2.md", "Ola Bakare", "2026-10-08", """
        - printers: PrintServ came 30 Sep, new rollers, tested with Ola - fine now
        - leave 2-20 Feb → approved by me, cover from Dan
        - toner supplier: still no refund, 5 weeks now
        - ola off 13 oct for a dentist appointment
        - ola do the stock rotation plan before half term
        - me: book the fire marshal course for her
        - we passed with a five, the officer praised the cleaning schedule
    """)
    with offline_coach(root, notes, dt.date(2026, 10, 20)) as c:
        yield c


def _quotes(coach: Coach, question: str) -> str:
    return " | ".join(c.quote for c in coach.ask(question).citations)


def test_status_question_naming_nobody_finds_the_newest_line_in_other_words(
        coach: Coach) -> None:
    answer = coach.ask("is the water leak problem in the chiller room fixed?")
    quotes = " | ".join(c.quote for c in answer.citations)
    assert "compressor seal replaced" in quotes
    assert {c.person for c in answer.citations} == {"Priya Shah"}


def test_a_table_row_is_no_neighbour_of_the_row_above(coach: Coach) -> None:
    quotes = _quotes(coach, "has the potting shed boiler been serviced?")
    assert "stock count" not in quotes  # the next row of the table: another matter


def test_working_again_is_a_status_question(coach: Coach) -> None:
    quotes = _quotes(coach, "are the receipt printers on the tills working again?")
    assert "new rollers, tested" in quotes


def test_been_done_verb_is_a_status_question(coach: Coach) -> None:
    quotes = _quotes(coach, "has the potting shed boiler been serviced?")
    assert "still waiting for the engineer" in quotes


def test_did_they_do_the_training_finds_the_line_sharing_the_matters_own_words(
        coach: Coach) -> None:
    quotes = _quotes(coach, "did Priya do the first aid refresher?")
    assert "she has completed it" in quotes


def test_how_did_it_do_finds_the_result_that_names_the_entry_not_the_event(
        coach: Coach) -> None:
    quotes = _quotes(coach, "how did Tom's cake do at the county show?")
    assert "second prize for the lemon drizzle" in quotes


def test_how_did_an_event_go_reads_the_first_note_after_its_date(coach: Coach) -> None:
    quotes = _quotes(coach, "how did the food hygiene visit go?")
    assert "we passed with a five" in quotes
    assert "stock rotation" not in quotes  # same note, not a closing line


def test_lower_case_name_before_an_action_is_what_the_report_owes(coach: Coach) -> None:
    answer = coach.ask("what does ola owe me?")
    quotes = " | ".join(c.quote for c in answer.citations)
    assert "ola do the stock rotation plan" in quotes
    assert "ola off 13 oct" not in quotes  # near miss: her name, no action after it
    assert {c.person for c in answer.citations} == {"Ola Bakare"}


def test_leave_as_a_noun_answers_a_leave_question(coach: Coach) -> None:
    quotes = _quotes(coach, "has Ola's leave been sorted?")
    assert "leave 2-20 Feb → approved by me" in quotes
    assert "leave at 3 on Fridays" not in quotes  # near miss: the verb


def test_waiting_on_says_what_waits_on_you_and_on_others(coach: Coach) -> None:
    quotes = _quotes(coach, "what is Ola waiting on?")
    assert "still no refund" in quotes
    assert "book the fire marshal course" in quotes
    # near miss: "from me" asks for one side only
    assert "still no refund" not in _quotes(coach, "what is Ola waiting on from me?")


def test_status_phrasings_parse_as_status_with_the_matter_as_topic() -> None:
    q = parse_question("is the leak problem in the chiller room fixed?")
    assert q.status and "chiller" in [c.term for c in q.concepts]
    assert "fixed" not in [c.term for c in q.concepts]
    q = parse_question("are the till printers working again?")
    assert q.status and "printers" in [c.term for c in q.concepts]
    q = parse_question("did Priya do the first aid refresher?", {"priya"})
    assert q.status and "refresher" in [c.term for c in q.concepts]
    assert parse_question("how did Tom's cake do at the county show?", {"tom"}).outcome
    # near misses: not about whether a matter got done
    assert not parse_question("is Sam working from home on Fridays?", {"sam"}).status
    assert not parse_question("has Sam been stressed lately?", {"sam"}).status
    assert not parse_question("how is Sam doing?", {"sam"}).about_outcome


def test_a_name_that_is_also_a_word_owes_only_with_its_capital() -> None:
    from coach.engine.owed import names_report_action

    assert names_report_action("Will: send the rota on friday", "Will Amos")
    # near miss: lower-case "will" is the modal, not the report
    assert not names_report_action("will send the rota on friday", "Will Amos")
