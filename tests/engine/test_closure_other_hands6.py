"""Closure in other words (closure6): an ordered thing that arrived or a problem that ended,
said in non-native English with the bare verb; a trial kept; a cost found out, answered with
the amount; an introduction that took place ("met X"); a promise about hours named again with
its own day and word ("Thursday 2-3 slot working"). Snippets are our own, in other workplaces;
each has a near miss that stays open."""

from __future__ import annotations

from enginekit import history, note, thread_state
from enginekit import pair_state as _state


def test_bare_verb_arrival_in_non_native_english_closes_the_order():
    opening = "- she say the loading bay trolley wheel is broken. i order new one"
    assert _state(opening, "- trolley wheel arrive, problem finish", "trolley") == "closed"
    assert _state(opening, "- trolley wheel will arrive next week", "trolley") == "open"


def test_a_trial_kept_closes_it():
    opening = "- bar queue too long on fridays → Dana to trial a second till at 9pm"
    assert _state(opening, "- second till trial: queue halved, regulars happy. Dana's keeping it",
                  "second till") == "closed"
    assert _state(opening, "- second till trial: we're keeping it quiet for now",
                  "second till") == "open"


def test_a_cost_found_out_is_answered_by_the_amount():
    opening = "- he wants to do the NEBOSH certificate. I'll find out the cost"
    assert _state(opening, "- NEBOSH cost: £1,200, depot will pay, he's booking it",
                  "NEBOSH") == "closed"
    assert _state(opening, "- NEBOSH cost: no idea yet, training team slow", "NEBOSH") == "open"


def test_an_introduction_that_took_place_closes_it():
    opening = ("- she's doing her level 5 next spring. I'll introduce her to Marguerite "
               "(head of pastry at the sister hotel) as a mentor")
    assert _state(opening, "- met Marguerite on Tuesday, they'll talk every fortnight",
                  "Marguerite") == "closed"
    assert _state(opening, "- she hasn't met Marguerite yet, diaries clash",
                  "Marguerite") == "open"


def test_a_promised_slot_named_again_on_its_day_closes_it():
    opening = ("- he says I sign off his quotes too late on Thursdays. Fair. "
               "I'll block Thursday 2-3 for quote sign-off")
    assert _state(opening, "- Thursday 2-3 block working, he says", "block") == "closed"
    # another thing on the same day is no answer
    assert _state(opening, "- Thursday stock count ran late again", "block") == "open"


def test_one_of_several_done_is_part_way():
    opening = "- Nadia to train the three new pickers on the voice headsets"
    assert _state(opening, "- headsets: she's trained one of them, the others start Monday",
                  "voice headsets") == "open"
    assert _state(opening, "- headsets: she's trained all three, signed off",
                  "voice headsets") == "closed"


def test_a_trial_kept_closes_it_on_a_word_the_person_writes_often():
    h = history(
        note("2026-09-01", "- [ ] Saturday bays: she suggests one-way bays for the car wash"),
        note("2026-09-22", "- [ ] bays trial starts 1 Oct, signs being printed\n"
                           "- [ ] bays 3 and 4 jet wash pressure low"),
        note("2026-10-20", "- [x] Saturday regulars happier with the one-way bays, keeping it\n"
                           "- [ ] bays 3 and 4 pressure still low"))
    assert thread_state(h, "bays trial")[0] == "closed"
    assert thread_state(h, "jet wash pressure")[0] == "open"


def test_another_thing_of_the_same_kind_does_not_close_it():
    opening = ("- he wants to apply for the crane banksman course next year, I said I'd find out "
               "when the next intake is")
    # another course, passed on: not an answer
    assert _state(opening, "- site first aider course poster - passed on to the crew",
                  "banksman") == "open"
    # the same course, answered
    assert _state(opening, "- banksman course: next intake is March, he's booked on",
                  "banksman") == "closed"
