"""coach.engine.names: how a question names people (short forms, initials, misspellings,
unknown names) and coach.engine.query.fix_typos."""

from __future__ import annotations

import pytest

from coach.engine.names import PersonRef, edit_distance, resolve
from coach.engine.query import fix_typos, parse_question
from coach.errors import Ambiguous

PEOPLE = [PersonRef(1, "Sam Okoro"), PersonRef(2, "Sam Whitfield"),
          PersonRef(3, "Michael Brennan"), PersonRef(4, "Mikaela Stone"),
          PersonRef(5, "Elizabeth Tan"), PersonRef(6, "Devendra Shah"),
          PersonRef(7, "Siobhan Kelly"), PersonRef(8, "Grace Adebayo"), PersonRef(9, "Rita Moss")]
BY_ID = {p.id: p for p in PEOPLE}
NOTES_WORDS = {"rota", "leeds", "stocktake"}


def _in_notes(word: str) -> bool:
    return word in NOTES_WORDS


def _who(question: str) -> list[str]:
    return [p.name for p in resolve(question, PEOPLE, _in_notes).people]


@pytest.mark.parametrize(("question", "expected"), [
    ("what should I follow up on with Sam O?", ["Sam Okoro"]),
    ("anything I owe Sam W.", ["Sam Whitfield"]),
    ("what did okoro say about the stocktake?", ["Sam Okoro"]),  # lowercase last name, slot
    ("how's whitfield's back", ["Sam Whitfield"]),  # possessive
    ("what's open with Mike?", ["Michael Brennan"]),  # nickname
    ("anything liz asked me for", ["Elizabeth Tan"]),  # nickname outside a slot
    ("what's open with dev", ["Devendra Shah"]),  # prefix
    ("what shuold I folow up on with Siobahn?", ["Siobhan Kelly"]),  # swapped letters
    ("anything i promised shiobhan", ["Siobhan Kelly"]),  # an extra letter
    ("what's mikaela worried about", ["Mikaela Stone"]),
    ("what did we agree with Grace", ["Grace Adebayo"]),
    ("what did we agree with grace", ["Grace Adebayo"]),  # everyday word in a name slot
])
def test_names_as_managers_type_them(question: str, expected: list[str]) -> None:
    assert _who(question) == expected


def test_accents_and_apostrophes_fold() -> None:
    people = [PersonRef(1, "Zoë O'Brien")]
    for question in ("how's zoe", "what did o’brien say", "ZOË?", "where are we with zoe's NVQ"):
        assert [p.name for p in resolve(question, people).people] == ["Zoë O'Brien"], question


def test_stems_meet_across_plural_and_ing() -> None:
    from coach.engine.query import stem

    for a, b in (("mornings", "morning"), ("nurses", "nurse"), ("classes", "class"),
                 ("issues", "issue"), ("shifts", "shift"), ("families", "family"),
                 ("worries", "worry")):
        assert stem(a) == stem(b), (a, b)
    assert stem("status") == "status" and stem("bonus") == "bonus"


@pytest.mark.parametrize(("question", "waiting", "manager_side", "follow_up"), [
    ("is fatima waiting on anything from me", True, True, True),
    ("what's joe waiting on from me", True, True, True),
    ("anything I promised priya?", False, True, True),
    ("Anita - anything I need to chase?", False, True, True),
    ("where are we with zoe's qualification?", False, False, True),
    ("how is Sam doing?", False, False, False),
])
def test_question_intent(question: str, waiting: bool, manager_side: bool,
                         follow_up: bool) -> None:
    parsed = parse_question(question)
    assert (parsed.waiting_on_me, parsed.manager_side, parsed.follow_up) == (
        waiting, manager_side, follow_up)


@pytest.mark.parametrize("question", [
    "what did we decide about rota",  # 'rota' is one letter off Rita, but a word of the notes
    "by the grace of the rota",  # an everyday word outside a name slot
    "how is the stocktake going",
    "will the offsite happen?",
])
def test_words_that_are_not_names(question: str) -> None:
    assert _who(question) == []


def test_readings_say_how_a_fuzzy_name_was_read() -> None:
    got = resolve("what's open with Siobahn", PEOPLE, _in_notes)
    assert got.readings == ["'Siobahn' read as Siobhan Kelly"]
    assert "siobahn" in got.name_words
    assert resolve("what's open with Siobhan", PEOPLE).readings == []


def test_two_candidates_are_ambiguous_never_a_guess() -> None:
    with pytest.raises(Ambiguous, match="Sam Okoro, Sam Whitfield"):
        resolve("what's open with sam", PEOPLE)
    with pytest.raises(Ambiguous, match="Micaela Stone, Michael Brennan"):
        resolve("what's open with Mic", [PersonRef(3, "Michael Brennan"),
                                          PersonRef(4, "Micaela Stone")])  # a prefix of both


def test_unknown_names_are_reported_not_dropped() -> None:
    got = resolve("anything I promised Dana?", PEOPLE, _in_notes)
    assert got.people == [] and got.unknown == ["Dana"]
    # capitalised topic words that the notes contain are topics, not unknown people
    assert resolve("what's open with Leeds", PEOPLE, _in_notes).unknown == []
    # acronyms and months are never people
    assert resolve("anything I promised for NYE or December?", PEOPLE, _in_notes).unknown == []


def test_edit_distance() -> None:
    assert edit_distance("siobahn", "siobhan", 2) == 1  # a swap counts once
    assert edit_distance("shiobhan", "siobhan", 2) == 1
    assert edit_distance("rota", "rita", 1) == 1
    assert edit_distance("abcdef", "a", 2) == 3  # capped above the limit


def test_fix_typos_reads_intent_words() -> None:
    assert fix_typos("what shuold I folow up on") == "what should I follow up on"
    assert fix_typos("anything I promsied") == "anything I promised"
    # a word of the notes is never "corrected"; inflections of intent words stay
    assert fix_typos("what shuold I do", lambda w: w == "shuold") == "what shuold I do"
    assert fix_typos("who opens the store") == "who opens the store"
    parsed = parse_question("what shuold I folow up on with Siobahn", {"siobahn"})
    assert parsed.follow_up and not parsed.has_topic
    assert parsed.text == "what shuold I folow up on with Siobahn"  # the question as asked
