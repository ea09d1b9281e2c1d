"""`Coach.ask` scope on questions as managers type them: every citation is a real note of this
owner and of the person the question is about, on many phrasings; a name that is nobody gets
"no notes", never other people's (or another manager's) notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import Settings
from coach.contracts import Answer
from coach.errors import Ambiguous
from coach.service import Coach
from coach.store.tables import Meeting, Person
from tests.conftest import TODAY, write_note

OTHER_OWNER = "other-manager"


def _seed_mine(folder: Path) -> None:
    write_note(folder, "so-1.md", "Sam Okoro", "2026-10-06", """
        - stocktake variance on spirits is high again, she thinks it's the delivery checks
        - I'll send her the loss prevention contact at head office
        - she wants to cross-train Jade on the till system
    """)
    write_note(folder, "so-2.md", "Sam Okoro", "2026-11-17", """
        - till refunds still glitchy, IT ticket open 3 weeks
        - I'll escalate the till ticket to the regional IT lead
    """)
    write_note(folder, "sw-1.md", "Sam Whitfield", "2026-10-07", """
        - stressed about the Black Friday staffing, wants 2 extra temps
        - his stocktake was clean
        - he'll redo the Black Friday rota
        - I still owe him an answer on the temps
    """)
    write_note(folder, "mb-1.md", "Michael Brennan", "2026-10-02", """
        - Mike is worried the scanner guns keep dropping wifi in aisle 14
        - I'll get IT to survey the wifi in aisles 12-16
        - he asked for a day release for his FLT instructor course
    """)
    write_note(folder, "ms-1.md", "Mikaela Stone", "2026-10-03", """
        - worried about the returns backlog after peak
        - she'll document the returns grading process
        - asked for a day release for the planning course
    """)
    write_note(folder, "ol-1.md", "Olu Adeyemi", "2026-10-05", """
        - Olu took over as Leeds team lead last month
        - she asked for a second trainer for the January new starters
    """)


def _seed_other(folder: Path) -> None:
    """Another manager's notes: the same names and topics, which must never be cited."""
    write_note(folder, "x-1.md", "Sam Okoro", "2026-10-08", """
        - stocktake at the other store was a mess
        - I'll send Sam the till training slides
    """)
    write_note(folder, "x-2.md", "Dana Whitlock", "2026-10-09", """
        - I promised Dana feedback on her recorded calls
        - she asked about the Leeds team lead job
    """)


@pytest.fixture
def mine(any_db_coach: Coach, tmp_path: Path, db_url: str, home: Path) -> Coach:
    other = Coach(Settings(home=home, database_url=db_url, embedder="hashing",  # type: ignore[call-arg]
                           owner=OTHER_OWNER, _env_file=None), today=TODAY)
    try:
        _seed_other(tmp_path / "other")
        assert other.import_dir(tmp_path / "other").ok
    finally:
        other.close()
    _seed_mine(tmp_path / "mine")
    assert any_db_coach.import_dir(tmp_path / "mine").ok
    return any_db_coach


def _cited_people(coach: Coach, answer: Answer) -> set[str]:
    """Everyone cited, after checking each citation is a real note of this owner and of the
    person it names, quoted literally."""
    people = set()
    with coach.db.session() as s:
        for c in answer.citations:
            meeting = s.get(Meeting, c.note_id)
            assert meeting is not None and meeting.owner == coach.owner, c
            person = s.get(Person, meeting.person_id)
            assert person is not None and person.name == c.person, c
            assert c.quote and c.quote in meeting.body, c
            people.add(c.person)
    return people


SCOPED = [
    ("what should I follow up on with Sam O?", "Sam Okoro"),
    ("what's open with Sam W", "Sam Whitfield"),
    ("what did okoro say about the stocktake?", "Sam Okoro"),
    ("anything I owe whitfield", "Sam Whitfield"),
    ("how's whitfield's rota going", "Sam Whitfield"),
    ("what's open with Mike?", "Michael Brennan"),
    ("what is mike worried about", "Michael Brennan"),
    ("anything mikaela asked me for", "Mikaela Stone"),
    ("what's open with Mikeala", "Mikaela Stone"),  # misspelt
    ("what shuold I folow up on with Michael", "Michael Brennan"),  # typos in the intent
    ("ANYTHING I PROMISED SAM OKORO", "Sam Okoro"),
    ("what's open with the Leeds team lead", "Olu Adeyemi"),  # named by role
]


@pytest.mark.parametrize(("question", "person"), SCOPED)
def test_citations_only_from_the_person_asked_about(mine: Coach, question: str,
                                                   person: str) -> None:
    answer = mine.ask(question)
    assert _cited_people(mine, answer) == {person}, (question, answer.answer)
    assert answer.people == [person]


@pytest.mark.parametrize("question", ["anything I promised Dana?", "what's open with Dana",
                                      "how is Dana's feedback going"])
def test_a_name_that_is_nobody_here_cites_nothing(mine: Coach, question: str) -> None:
    """Dana has notes only with another manager: this one has none, and says so."""
    answer = mine.ask(question)
    assert answer.citations == [], answer.answer
    assert "no notes with anyone called Dana" in answer.answer


def test_a_shared_first_name_alone_is_ambiguous_never_a_guess(mine: Coach) -> None:
    with pytest.raises(Ambiguous) as err:
        mine.ask("what's open with sam?")
    assert "Sam Okoro" in err.value.message and "Sam Whitfield" in err.value.message


def test_a_misspelt_name_is_read_aloud(mine: Coach) -> None:
    answer = mine.ask("what's open with Mikeala")
    assert answer.answer.startswith("('Mikeala' read as Mikaela Stone.)")


def test_what_the_manager_still_owes_shows_lines_filed_as_notes(mine: Coach) -> None:
    answer = mine.ask("anything I owe Sam W?")
    assert any("still owe him an answer" in c.quote for c in answer.citations), answer.answer
    assert _cited_people(mine, answer) == {"Sam Whitfield"}


def test_questions_naming_nobody_stay_in_this_owners_notes(mine: Coach) -> None:
    for question in ("who asked for a day release?", "what's open?", "who is worried?"):
        answer = mine.ask(question)
        assert answer.citations, question
        _cited_people(mine, answer)  # real notes of this owner only


def test_a_shared_first_name_the_topic_makes_clear(mine: Coach) -> None:
    """Only one Sam's notes mention the till: that Sam, said aloud; both mention the stocktake:
    still ambiguous."""
    answer = mine.ask("what did Sam say about the till system?")
    assert _cited_people(mine, answer) == {"Sam Okoro"}
    assert "'Sam' read as Sam Okoro, the only Sam whose notes mention" in answer.answer
    with pytest.raises(Ambiguous):
        mine.ask("what did Sam say about the stocktake?")


def test_across_people_every_topic_word_beats_some(mine: Coach) -> None:
    answer = mine.ask("who asked for a day release for the planning course?")
    assert _cited_people(mine, answer) == {"Mikaela Stone"}, answer.answer


def test_a_partly_matching_question_gets_the_closest_lines_said_as_such(mine: Coach) -> None:
    answer = mine.ask("what did Mikaela say about the backlog and the christmas party?")
    assert answer.answer.startswith("Nothing in your notes with Mikaela Stone is about all of")
    assert _cited_people(mine, answer) == {"Mikaela Stone"}
    assert any("backlog" in c.quote for c in answer.citations)
    # a single topic word that nothing has is still an honest nothing
    assert mine.ask("what did Mikaela say about the christmas party?").citations == []
