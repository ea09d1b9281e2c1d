"""Warning signs on notes nobody tuned for: asks that only SEEM to come back (a new ask sharing
context words, a single word used in another sense, a concept guessed from a word), a worry
"answered" by a third party, and a manager's rundown of work items as status drift.

New wordings, not the dev scenarios' lines (issue 8: cover the family, not one sentence).
"""

from __future__ import annotations

import datetime as dt

from enginekit import history, note, weekly

from coach.contracts import Signal
from coach.engine.continuity import asks_for_other, continuity
from coach.engine.health import health_signals


def _dropped(h, today) -> list[str]:
    return [d.item.quote for d in continuity(h, today).dropped]


def test_a_new_ask_for_another_thing_does_not_come_back_to_an_old_ask() -> None:
    h = weekly("2026-09-07", [
        "- she wants to do her forklift licence so she can train the new pickers, asked if we'd "
        "fund it - I said I'd look into the training budget",
        "- pick rate 112/hr", "- stock count done",
        "- she asked for a new scanner for training, I said no budget this quarter",
        "- pick rate 118/hr", "- stock count done",
    ], person="Ana Costa")
    dropped = _dropped(h, dt.date(2026, 11, 2))
    assert any("forklift" in q for q in dropped), dropped


def test_near_miss_the_same_ask_raised_again_does_come_back() -> None:
    h = weekly("2026-09-07", [
        "- she wants to do her forklift licence, asked if we'd fund it - I said I'd look into it",
        "- pick rate 112/hr",
        "- she asked about the forklift licence funding again",
        "- pick rate 118/hr",
    ], person="Ana Costa")
    assert not any("forklift" in q for q in _dropped(h, dt.date(2026, 10, 12)))


def test_asks_for_other_reads_what_is_asked_for() -> None:
    assert asks_for_other("he asked for a second van for training", {"licenc", "train"}, set())
    assert not asks_for_other("he asked about the licence again", {"licenc", "train"}, set())


def test_a_word_from_the_reason_is_no_echo_of_the_ask() -> None:
    h = weekly("2026-09-07", [
        "- she'd like to do her level 2 barista course so she can cover the other branch, "
        "I said I'd find out about funding",
        "- sales 4% up", "- agency cover for Sunday confirmed", "- sales 2% up",
        "- waste 3kg/day",
    ], person="Ana Costa")
    assert any("barista" in q for q in _dropped(h, dt.date(2026, 11, 9)))


def test_a_friction_another_person_answered_is_not_settled_on_the_spot() -> None:
    h = weekly("2026-09-07", [
        "- she's fed up with Marco on the bakery rota: new starters always get the closes, and "
        "when she raised it Marco told her it's not her call",
        "- sales 4% up", "- stock count done", "- waste 3kg/day", "- sales 2% up",
    ], person="Ana Costa")
    assert any("Marco" in q for q in _dropped(h, dt.date(2026, 11, 9)))


def test_near_miss_the_manager_answering_on_the_spot_settles_it() -> None:
    h = weekly("2026-09-07", [
        "- she's fed up with the bakery rota: new starters always get the closes, "
        "told her I'll fix it and we agreed a fair split",
        "- sales 4% up", "- stock count done", "- waste 3kg/day", "- sales 2% up",
    ], person="Ana Costa")
    assert not any("bakery" in q for q in _dropped(h, dt.date(2026, 11, 9)))


def test_a_managers_rundown_of_work_items_every_time_is_status_drift() -> None:
    h = history(*[note(d, body, "Ana Costa") for d, body in [
        ("2026-09-07", "My items:\n1. fridge audit results\n2. Nov rota\n"
                       "3. glove stock\nAna: nothing to add."),
        ("2026-09-21", "My items:\n1. supplier change for the flour\n2. deep clean Sunday\n"
                       "3. Oct rota\nAna: nothing to add."),
        ("2026-10-05", "My items:\n1. EHO visit: 1 minor finding, action plan\n2. oven 2 back in "
                       "service\n3. new starter induction (Jo)\nAna nodded."),
        ("2026-10-19", "My items:\n1. Christmas cover confirmed\n2. till upgrade next week\n"
                       "3. glove stock\nAna: nothing to add."),
    ]])
    signals = {s.signal for s in health_signals(h, dt.date(2026, 10, 26))}
    assert Signal.status_drift in signals and Signal.manager_led in signals


def test_near_miss_a_manager_led_run_of_varied_talks_is_not_status_drift() -> None:
    h = history(*[note(d, body, "Ana Costa", focus=f) for d, body, f in [
        ("2026-09-07", "- I explained how we price catering jobs\n- she had no topics",
         "context"),
        ("2026-09-21", "- gave her feedback on the tasting menu: bold, good\n- nothing from her",
         "feedback"),
        ("2026-10-05", "- I talked through what a sous chef role looks like here\n"
                       "- she nodded along", "development"),
        ("2026-10-19", "- told her about the new client\n- no questions from her", "context"),
    ]])
    signals = {s.signal for s in health_signals(h, dt.date(2026, 10, 26))}
    assert Signal.status_drift not in signals
