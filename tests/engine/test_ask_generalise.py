"""How `coach ask` and the summary read notes nobody tuned for: one test per reading bug found
on the dev scenarios (question intent words read as topics, career asked in other words,
owners as written, actions cut from what they are about, things held up by someone else)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coach.contracts import Answer, ItemKind, Party
from coach.engine.names import PersonRef, resolve
from coach.engine.owed import party
from coach.engine.query import lexical_match, parse_question
from coach.engine.retrieve import Hit, with_neighbours
from coach.history import ItemRecord
from coach.service import Coach
from coach.summary.owners import segments, with_context, written_owner
from tests.conftest import write_note


# --- reading the question ------------------------------------------------------------------
def test_havent_followed_up_is_intent_not_topic() -> None:
    q = parse_question("what has Omar raised that I haven't followed up?", {"omar"})
    assert q.follow_up and not q.has_topic


def test_waiting_on_someone_else_is_intent_not_topic() -> None:
    q = parse_question("what's waiting on someone else for Ines?", {"ines"})
    assert q.follow_up and q.waiting_on_others and not q.has_topic
    assert not parse_question("what is Ines waiting on from me?", {"ines"}).waiting_on_others


def test_want_to_learn_asks_for_growth_without_a_topic() -> None:
    q = parse_question("what does Bo want to learn?", {"bo"})
    assert q.kinds == frozenset({"growth"}) and not q.has_topic
    # a real topic stays one
    assert parse_question("what does Bo want to learn about forklifts?", {"bo"}).has_topic


def test_career_matches_lines_that_read_as_growth() -> None:
    q = parse_question("what does Bo want next in his career?", {"bo"})
    assert lexical_match(q, "he wants to move up to the key accounts team next year") == 1.0
    assert lexical_match(q, "she'd like to train as a sommelier") == 1.0
    assert lexical_match(q, "he moved the van to bay 3") == 0.0


def test_restructure_and_grant_find_their_everyday_words() -> None:
    q = parse_question("what did Bo ask about the restructure?", {"bo"})
    assert lexical_match(q, "the night team gets folded into days from March") == 1.0
    q = parse_question("where are we with Bo's grant?", {"bo"})
    assert q.status and lexical_match(q, "the fellowship went in on Friday") == 1.0
    assert not parse_question("what should I follow up with Bo?", {"bo"}).status


@pytest.mark.parametrize(("question", "report_side"), [
    ("what did Ines promise?", True),
    ("what does Ines owe me?", True),
    ("anything she promised?", True),
    ("what are her commitments?", True),
    ("what did I promise Ines?", False),
    ("what did we promise the client?", False),
    ("what did Ines ask me for?", False),
])
def test_what_the_report_owes_is_read(question: str, report_side: bool) -> None:
    assert parse_question(question, {"ines"}).report_side is report_side


# --- answers -------------------------------------------------------------------------------
@pytest.fixture
def ines(coach: Coach, tmp_path: Path) -> Coach:
    notes = tmp_path / "notes"
    write_note(notes, "ines-1.md", "Ines Moreau", "2026-10-05", """
        - me: approve the weekend cover for the stocktake by Friday
        - Ines: finish the supplier returns write-up
        - the new picker's background check still not back yet
        - no word from payroll about the night allowance
        - she'd like to train as a first aider next year
    """)
    write_note(notes, "omar-1.md", "Omar Haddad", "2026-10-06", """
        - no word from the agency about the temp drivers
        - I'll sort Omar's locker
    """)
    report = coach.import_dir(notes)
    assert report.ok, report.errors
    return coach


def _quotes(answer: Answer) -> list[str]:
    return [c.quote for c in answer.citations]


def test_promise_written_as_me_colon_is_what_i_owe(ines: Coach) -> None:
    answer = ines.ask("what did I promise Ines?")
    assert any("weekend cover" in q for q in _quotes(answer))
    assert not any("returns write-up" in q for q in _quotes(answer))
    assert {c.person for c in answer.citations} == {"Ines Moreau"}


def test_what_the_report_promised_is_only_their_commitments(ines: Coach) -> None:
    answer = ines.ask("what did Ines promise?")
    quotes = _quotes(answer)
    assert any("returns write-up" in q for q in quotes)
    assert not any("weekend cover" in q for q in quotes)  # the manager's, not hers
    assert {c.person for c in answer.citations} == {"Ines Moreau"}


def test_waiting_on_someone_else_lists_held_up_lines_of_that_person(ines: Coach) -> None:
    answer = ines.ask("what's waiting on someone else for Ines?")
    quotes = _quotes(answer)
    assert any("background check" in q for q in quotes)
    assert any("night allowance" in q for q in quotes)
    assert not any("weekend cover" in q for q in quotes)
    assert {c.person for c in answer.citations} == {"Ines Moreau"}  # never Omar's agency line


def test_want_to_learn_finds_a_training_line(ines: Coach) -> None:
    answer = ines.ask("what does Ines want to learn?")
    assert any("first aider" in q for q in _quotes(answer))
    assert {c.person for c in answer.citations} == {"Ines Moreau"}


@pytest.mark.parametrize(("text", "filed", "owner"), [
    ("me: approve the overtime for the Saturdays by Friday", None, Party.manager),
    ("Ines: finish the returns write-up", None, Party.report),
    ("Treasury (Mark) to send the run calendar", None, Party.other),
    ("me: approve the overtime", Party.report, Party.report),  # as filed wins
    ("overtime for the Saturdays", None, None),
])
def test_thread_owner_falls_back_to_how_the_line_is_written(
        text: str, filed: Party | None, owner: Party | None) -> None:
    item = ItemRecord(id=1, meeting_id=1, line_no=1, kind=ItemKind.commitment, text=text,
                      quote=text, party=filed, state="open")
    hit = Hit(item=item, person="Ines Moreau", person_id=1, date=dt.date(2026, 10, 5), body=text)
    assert party(hit) == owner


# --- summary owners --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "owner"), [
    ("I'm chasing IT for his CRM access", Party.manager),
    ("I'm still checking the travel budget", Party.manager),
    ("I'm worried she is taking on too much", None),
    ("Unison rep (Carol) to hold a drop-in next week", Party.other),
    ("Budget line (Q3) to be approved later", None),
    ("ask HR to confirm the back pay", Party.manager),  # an imperative: the manager's to-do
    ("chase payroll re the August mileage", Party.manager),
    ("asked HR about the back pay, they said March", None),  # done, not a to-do
    ("email from HR about the back pay", None),
    ("I said I'd look into the training budget", Party.manager),
    ("Neil's going to book the room", Party.report),
    ("→ Neil book the room for the away day", Party.report),
    ("Christmas's going to be busy", None),
])
def test_written_owner_new_marks(text: str, owner: Party | None) -> None:
    assert written_owner(text, "Neil Grant") == owner


def test_action_clause_keeps_what_it_is_about() -> None:
    line = "mileage still unpaid - I'll go to the payroll manager on Monday"
    assert with_context(line, segments(line), "Joy Banda") == [(line, "I'll go to the payroll "
                                                                      "manager on Monday")]
    prose = ("The bid went in. She asked if we could fund Lisbon; I'll check the budget. "
             "She is going to draft the talk.")
    parts = [p for p, _ in with_context(prose, segments(prose), "Ana Bose")]
    assert "She asked if we could fund Lisbon; I'll check the budget." in parts
    assert "The bid went in." in parts  # a sentence before is not pulled in
    assert all(p in prose for p in parts)


def test_neighbours_in_a_prose_paragraph_are_the_adjacent_sentences_only() -> None:
    body = ("Lena wants to apply for the travel fellowship. We agreed she'll draft the budget "
            "page this week. She asked about a parking permit; I'll chase facilities.")
    sentences = ["Lena wants to apply for the travel fellowship.",
                 "We agreed she'll draft the budget page this week.",
                 "She asked about a parking permit; I'll chase facilities."]
    kinds = [ItemKind.growth, ItemKind.commitment, ItemKind.commitment]
    hits = [Hit(item=ItemRecord(id=i, meeting_id=1, line_no=1, kind=k, text=t, quote=t,
                                state="closed" if i == 1 else "open"),
                person="Lena Roy", person_id=1, date=dt.date(2026, 10, 5), body=body)
            for i, (t, k) in enumerate(zip(sentences, kinds, strict=True))]
    anchor = hits[0]
    assert [h.item.id for h in with_neighbours([anchor], hits)] == [0]  # next one is done
    assert [h.item.id for h in with_neighbours([anchor], hits, done=True)] == [0, 1]


# --- names -----------------------------------------------------------------------------------
PEOPLE = [PersonRef(1, "Mohammed Rahman"), PersonRef(2, "Katherine O'Neill"),
          PersonRef(3, "Sam Lee"), PersonRef(4, "Sam Ortiz")]


@pytest.mark.parametrize(("question", "who"), [
    ("what's open with Mo?", ["Mohammed Rahman"]),  # a short form that is no prefix
    ("what did Mr Rahman raise?", ["Mohammed Rahman"]),  # a title before the surname
    ("what did I promise Ms O'Neill?", ["Katherine O'Neill"]),
    ("what did Dr Ortiz say?", ["Sam Ortiz"]),
])
def test_titles_and_short_forms_name_the_person(question: str, who: list[str]) -> None:
    found = resolve(question, PEOPLE)
    assert [p.name for p in found.people] == who
    assert not found.unknown  # "Mr" is nobody's name
    assert not parse_question(question, found.name_words).has_topic


# --- waiting on someone else: held-up matters, once each; a concern is owed by nobody --------
def test_waiting_on_someone_else_names_each_held_up_matter_once(coach: Coach,
                                                                tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Joy Banda", "2026-09-14", """
        - still no word from payroll about the mileage
        - Precious's DBS not back yet
        - her back is playing up again, lifting her mum at weekends
        - the van keeps breaking down, worried about the Tuesday runs
    """)
    write_note(notes, "b.md", "Joy Banda", "2026-09-28", """
        - mileage: payroll says it's in the queue, not paid yet
        - HR hasn't replied about the flexible Fridays
    """)
    write_note(notes, "c.md", "Joy Banda", "2026-10-05", """
        - DBS for Precious still not back, 6 weeks now
        - flexible Fridays: nothing from HR
        - mileage still unpaid, I'll go to the payroll manager on Monday
    """)
    assert coach.import_dir(notes).ok
    answer = coach.ask("what's waiting on someone else for Joy?")
    quotes = _quotes(answer)
    assert any("mileage" in q for q in quotes)
    assert any("DBS" in q for q in quotes)
    assert any("flexible Fridays" in q for q in quotes)
    assert sum("mileage" in q for q in quotes) == 1  # the newest line stands for the matter
    assert not any("her back" in q or "van" in q for q in quotes)  # concerns nobody owes
