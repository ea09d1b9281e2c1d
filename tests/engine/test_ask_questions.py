"""Questions a manager types, over one team's notes: the right person only, the line that
answers cited, and a plain "nothing" when there is nothing. Each test was a wrong answer first
(a question word read as a topic, a name without its apostrophe, a typo, a phrase said in
other words, two people sharing a first name)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from coach.contracts import Answer
from coach.engine.names import PersonRef, resolve
from coach.engine.query import lexical_match, parse_question
from coach.service import Coach
from tests.conftest import offline_coach, write_note


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("team")
    notes = root / "notes"
    write_note(notes, "priya-1.md", "Priya Raman", "2026-09-29", """
        - finding the night shifts rough, not sleeping well between them
        - wants to do the IV cannulation course at some point
        - I'll ask matron whether the Jan rota can give her days only for a month
    """)
    write_note(notes, "priya-2.md", "Priya Raman", "2026-11-24", """
        - asked about the christmas rota, she'd like to be off the 25th
        - cannulation course: I'll find out if the training budget covers it
    """)
    write_note(notes, "tom-1.md", "Tom Hughes", "2026-10-01", """
        - Tom happy on nights, prefers them, childcare works better
        - he'll mentor the two new HCAs on the night shift
        - asked me for a copy of the falls audit
    """)
    write_note(notes, "tom-2.md", "Tom Hughes", "2026-10-15", """
        - gave him the falls audit
        - wants to go for the band 6 post in the spring
    """)
    write_note(notes, "kemi-1.md", "Kemi Adeyinka", "2026-10-06", """
        - the Saturday viewings rota feels lopsided, she's done four of the last six
        - she's learning to drive, test booked for December, nervous about roundabouts
    """)
    write_note(notes, "joyb-1.md", "Joy Banda", "2026-10-05", """
        - medication training booked for the 4 new carers
        - mileage still unpaid, I'll go to the payroll manager on Monday
    """)
    write_note(notes, "joym-1.md", "Joy Mensah", "2026-10-19", """
        - she'd like to do her NVQ level 3
        - I'll find out about NVQ funding
    """)
    write_note(notes, "joym-2.md", "Joy Mensah", "2026-11-02", """
        - NVQ funding approved, starts jan
        - her driving test is next thursday, she's nervous, 2nd attempt
    """)
    write_note(notes, "ana-1.md", "Ana Kovac", "2026-10-12", """
        - she'd like to learn more about consolidation, I will ask Peter if she can join
        - bank rec is behind 3 days because of month end
    """)
    with offline_coach(root, notes, dt.date(2026, 11, 30)) as coach:
        yield coach


def _people(answer: Answer) -> set[str]:
    return {c.person for c in answer.citations}


def _quotes(answer: Answer) -> str:
    return " | ".join(c.quote for c in answer.citations)


# --- reading the question ------------------------------------------------------------------
@pytest.mark.parametrize(("question", "topic"), [
    ("did we ever sort Ana's training?", ["training"]),
    ("where did we land on the rota thing with Kemi", ["rota"]),
    ("what did we decide about the debate club", ["debate", "club"]),
    ("has the mileage been sorted for Joy", ["mileage"]),
    ("did the rota get fixed?", ["rota"]),
])
def test_asking_for_the_state_of_a_matter_is_intent_not_topic(question: str,
                                                              topic: list[str]) -> None:
    q = parse_question(question, {"ana", "kemi", "joy"})
    assert q.status
    assert [c.term for c in q.concepts] == topic


@pytest.mark.parametrize(("question", "topic"), [
    ("who's got a course coming up", ["course"]),
    ("what's happening with the rota", ["rota"]),
    ("what did I say I'd do for Owen", []),
])
def test_contractions_and_time_words_are_not_topics(question: str, topic: list[str]) -> None:
    assert [c.term for c in parse_question(question, {"owen"}).concepts] == topic


def test_said_id_do_asks_what_the_manager_owes() -> None:
    q = parse_question("what did I say I'd do for Owen and Priya", {"owen", "priya"})
    assert q.follow_up and q.manager_side and not q.has_topic


def test_a_misspelt_question_word_is_no_topic() -> None:
    def in_notes(word: str) -> bool:
        return word in {"rota", "pay"}

    assert not parse_question("wht did i promis owen", {"owen"}, in_notes).has_topic
    assert [c.term for c in parse_question("anythng abut the rota", set(), in_notes)
            .concepts] == ["rota"]
    # a real topic, even short and not in the notes, stays one: "nothing about pay/zebra"
    assert [c.term for c in parse_question("anything about pay", set(), in_notes)
            .concepts] == ["pay"]
    assert parse_question("anything about zebras", set(), in_notes).has_topic


@pytest.mark.parametrize(("line", "match"), [
    ("asked about the christmas rota, she'd like to be off the 25th", True),
    ("she'll take the 28th off for the move", True),
    ("two weeks holiday in May", True),
    ("on paternity leave from February", True),
    ("finance signed off the budget", False),
    ("dropped off the van keys", False),
])
def test_time_off_is_found_in_the_words_notes_use(line: str, match: bool) -> None:
    q = parse_question("who asked for time off", set())
    assert (lexical_match(q, line) == 1.0) is match


def test_a_verb_meets_its_ing_form() -> None:
    q = parse_question("who is nervous about a driving test", set())
    assert lexical_match(q, "she's learning to drive, test booked, nervous about it") == 1.0
    q = parse_question("anyone raise the car park?", set())
    assert lexical_match(q, "the car park came up again") == 1.0


def test_training_finds_a_line_that_wants_to_learn_not_learning_to_drive() -> None:
    q = parse_question("did we ever sort Ana's training?", {"ana"})
    assert lexical_match(q, "she'd like to learn more about consolidation") == 1.0
    assert lexical_match(q, "she's learning to drive") == 0.0


PEOPLE = [PersonRef(1, "Priya Raman"), PersonRef(2, "Tom Hughes"), PersonRef(3, "Pat Jones")]


@pytest.mark.parametrize(("question", "who"), [
    ("priyas christmas rota", ["Priya Raman"]),
    ("what about toms band 6", ["Tom Hughes"]),
    ("pats and rotas", []),  # an everyday word with an s is no name
    ("any updates on the rotas", []),
])
def test_a_possessive_without_its_apostrophe_names_the_person(question: str,
                                                              who: list[str]) -> None:
    found = resolve(question, PEOPLE)
    assert [p.name for p in found.people] == who


# --- answers over a team -------------------------------------------------------------------
def test_possessive_without_apostrophe_answers_from_that_person_only(team: Coach) -> None:
    answer = team.ask("priyas christmas rota")
    assert _people(answer) == {"Priya Raman"}
    assert "off the 25th" in _quotes(answer)


def test_who_asked_for_time_off(team: Coach) -> None:
    answer = team.ask("who asked for time off")
    assert "off the 25th" in _quotes(answer)
    assert "Kemi Adeyinka" not in _people(answer)  # nothing about time off in Kemi's notes


def test_who_is_nervous_about_a_driving_test_finds_both(team: Coach) -> None:
    answer = team.ask("who is nervous about a driving test")
    assert _people(answer) == {"Joy Mensah", "Kemi Adeyinka"}


def test_shared_first_name_is_told_apart_by_the_literal_topic(team: Coach) -> None:
    # Joy Banda's notes have "training" (the NVQ's wider family); only Joy Mensah's say NVQ
    answer = team.ask("what did joy say about the NVQ")
    assert _people(answer) == {"Joy Mensah"}
    assert "Joy Mensah" in answer.answer.splitlines()[0]  # the reading is said first


def test_shared_first_name_with_nothing_to_tell_them_apart_is_ambiguous(team: Coach) -> None:
    from coach.errors import Ambiguous

    with pytest.raises(Ambiguous, match="Joy Banda, Joy Mensah"):
        team.ask("whats open with joy")


def test_what_i_said_id_do_for_two_people(team: Coach) -> None:
    answer = team.ask("what did I say I'd do for Tom and Priya")
    assert _people(answer) <= {"Tom Hughes", "Priya Raman"}
    assert "matron" in _quotes(answer) and "training budget" in _quotes(answer)
    assert "Tom Hughes" in answer.answer  # said even when nothing is owed to Tom


def test_did_we_ever_sort_training(team: Coach) -> None:
    answer = team.ask("did we ever sort Ana's training?")
    assert _people(answer) == {"Ana Kovac"}
    assert "consolidation" in _quotes(answer)


def test_typo_question_still_reads_the_intent(team: Coach) -> None:
    answer = team.ask("wht did i promis priya")
    assert _people(answer) == {"Priya Raman"}
    assert "matron" in _quotes(answer)
    assert "wht" not in answer.answer


def test_where_did_we_land_is_about_the_matter_only(team: Coach) -> None:
    answer = team.ask("where did we land on the rota thing with Kemi")
    assert _people(answer) == {"Kemi Adeyinka"}
    assert "viewings rota" in _quotes(answer)
    assert "land" not in answer.answer.splitlines()[0]


def test_a_person_not_in_the_notes_gets_a_plain_nothing(team: Coach) -> None:
    answer = team.ask("anything I promised Sarah?")
    assert not answer.citations
    assert "no notes with anyone called Sarah" in answer.answer


@pytest.mark.parametrize(("question", "topic", "overview"), [
    ("did sam's talk go ok", ["talk"], False),  # "talk" after an owner is a noun
    ("how did the talk go", ["talk"], False),
    ("did we talk about the rota", ["rota"], False),  # a verb: no topic
    ("is sam ok", [], True),
    ("how are my 1:1s with sam going", [], True),
    ("what's sam's ETA on 1402", ["eta", "1402"], False),  # a ticket number is a topic
])
def test_nouns_numbers_and_how_is_questions(question: str, topic: list[str],
                                            overview: bool) -> None:
    q = parse_question(question, {"sam"})
    assert [c.term for c in q.concepts] == topic
    assert q.overview is overview


def test_a_name_is_never_read_as_a_typo_of_a_question_word() -> None:
    # "owen" is one letter off "open": as a name it must not make this a follow-up question
    assert not parse_question("how's owen doing", {"owen"}).follow_up
    assert not parse_question("how's Owen doing", set()).follow_up
    # a name-like word one letter off a common word is still a topic ("mary" / "many")
    assert [c.term for c in parse_question("anything for mary", set(), lambda w: False)
            .concepts] == ["mary"]


# --- person scoping: a question about someone cites only their notes --------------------------
@pytest.fixture(scope="module")
def custody(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Coach]:
    root = tmp_path_factory.mktemp("custody")
    notes = root / "notes"
    write_note(notes, "anita.md", "Anita Patel", "2026-10-01", """
        - worried about the cell CCTV blind spot in bay 3
        - inspector exam booked for February, wants study days
    """)
    write_note(notes, "ravi.md", "Ravi Patel", "2026-10-02", """
        - shoulder injury from the arrest last week, on light duties
        - asked about overtime on the Christmas rota
    """)
    write_note(notes, "sarah.md", "Sarah Okonkwo", "2026-10-03", """
        - I'll ask the dean for overtime budget for clearing week
        - the rota for the open day is short two people
    """)
    with offline_coach(root, notes, dt.date(2026, 11, 30)) as coach:
        yield coach


def test_a_shared_surname_alone_is_ambiguous_never_a_search_of_everyone(custody: Coach) -> None:
    from coach.errors import Ambiguous

    # with no topic nothing tells the Patels apart; "overtime" is in Ravi's notes only
    with pytest.raises(Ambiguous, match="Anita Patel, Ravi Patel"):
        custody.ask("what's open with Patel?")
    answer = custody.ask("what did patel say about overtime")
    assert _people(answer) == {"Ravi Patel"}  # never Sarah's overtime line
    assert "Ravi Patel" in answer.answer.splitlines()[0]


def test_the_family_name_in_the_plural_is_all_of_them(custody: Coach) -> None:
    answer = custody.ask("anything open with the patels")
    assert _people(answer) and _people(answer) <= {"Anita Patel", "Ravi Patel"}


@pytest.mark.parametrize(("question", "who"), [
    ("how's ravi's shoulder", {"Ravi Patel"}),
    ("ravis shoulder", {"Ravi Patel"}),
    ("what's anita worried about", {"Anita Patel"}),
    ("anything I promised Sarah?", {"Sarah Okonkwo"}),
    ("what did I say I'd do for sarah", {"Sarah Okonkwo"}),
    ("whats the latest with Ravi P", {"Ravi Patel"}),
    ("did anita's exam get sorted", {"Anita Patel"}),
    ("what about the rota for Anita", set()),  # nothing about a rota in Anita's notes
])
def test_answers_about_a_person_cite_only_that_person(custody: Coach, question: str,
                                                      who: set[str]) -> None:
    answer = custody.ask(question)
    assert _people(answer) == who
    if not who:
        assert "nothing" in answer.answer.lower() and "Anita Patel" in answer.answer


def test_a_name_nobody_has_searches_nobody(custody: Coach) -> None:
    answer = custody.ask("did Dana ask about the rota?")  # rota lines exist, not Dana's
    assert not answer.citations
    assert "no notes with anyone called Dana" in answer.answer


def test_a_question_naming_nobody_says_whose_lines_it_shows(custody: Coach) -> None:
    answer = custody.ask("who asked about overtime?")
    assert _people(answer) == {"Ravi Patel", "Sarah Okonkwo"}
    for person in _people(answer):
        assert f"{person}:" in answer.answer  # each person's lines under their name


@pytest.mark.parametrize(("question", "report_side"), [
    ("what's jamal got to do", True),
    ("what does she need to do", True),
    ("what do I need to do for Jamal", False),
])
def test_what_the_report_has_to_do(question: str, report_side: bool) -> None:
    q = parse_question(question, {"jamal"})
    assert q.report_side is report_side and q.follow_up


def test_did_x_take_it_asks_for_the_state_of_the_matter() -> None:
    q = parse_question("did marco take the pastry section", {"marco"})
    assert q.status and [c.term for c in q.concepts] == ["pastry", "section"]


def test_what_became_of_a_matter_is_found_by_its_own_word(tmp_path: Path,
                                                          coach: Coach) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Ana Kovac", "2026-10-12", """
        - she'd like to learn more about consolidation, I will ask Peter if she can join
        - bank rec behind 3 days
    """)
    write_note(notes, "b.md", "Ana Kovac", "2026-11-09", """
        - consolidation: Peter ok, she joins from december
        - bank rec caught up
    """)
    assert coach.import_dir(notes).ok
    answer = coach.ask("did we ever sort Ana's training?")
    assert "joins from december" in _quotes(answer)
    assert "bank rec" not in _quotes(answer)


# --- words notes use for wellbeing, restructures and pay; short clauses quoted in context ----
@pytest.mark.parametrize(("question", "line"), [
    ("how has Lorraine been coping with the on call?", "she said she's running on empty"),
    ("how is Chantelle coping?", "honestly not great, she's not sleeping well"),
    ("what did I promise Dev about the restructure?",
     "no answer on whether his team's posts are at risk; I'll ask HR"),
    ("did I sort wayne's pay review?", "owners agreed 6% for wayne from dec payroll"),
])
def test_topic_words_meet_the_words_notes_use(question: str, line: str) -> None:
    q = parse_question(question, {"lorraine", "chantelle", "dev", "wayne"})
    assert lexical_match(q, line) >= 0.5


def test_a_short_promise_is_quoted_with_what_it_is_about(tmp_path: Path, coach: Coach) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Gareth Pryce", "2026-10-19", """
        slurry store near full. G to book contractor
        G asked re paternity leave in Feb, how long can he have. I'll check w/ accountant
    """)
    write_note(notes, "b.md", "Arturo Mendes", "2026-09-05", """
        - tips: he thinks someone is pocketing from the tip jar. said I'd deal with it
    """)
    assert coach.import_dir(notes).ok
    answer = coach.ask("what do I owe Gareth?")
    assert "paternity" in _quotes(answer)
    assert _people(answer) == {"Gareth Pryce"}
    answer = coach.ask("what did I say I'd do for Arturo?")
    assert "tip jar" in _quotes(answer)
    for c in answer.citations:  # still literally in the note
        assert c.quote in (notes / "b.md").read_text()


def test_a_line_under_a_heading_is_about_the_heading(tmp_path: Path, coach: Coach) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Jonas Lind", "2026-10-06", """
        ## feedback (he asked for it)
        - him → me: I redline his work the night before deadlines
        ## site
        - shadowing Raj on the Mill Lane visits
    """)
    assert coach.import_dir(notes).ok
    answer = coach.ask("what feedback has Jonas given me?")
    assert "redline" in _quotes(answer)
    assert "Mill Lane" not in _quotes(answer)
