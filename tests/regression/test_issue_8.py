"""Regression tests for issue 8 (threads and check-ins on notes coach has never seen).

One test per bug the issue lists; each builds the notes in memory, as a new user would write
them, and checks the engine's decision (not a stub)."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.engine.checkin import pick_checkin
from coach.engine.plan import open_threads, plan_brief
from coach.engine.timebound import event_date
from coach.rules import load_rules
from tests.engine.enginekit import history, note, thread_state


def _pair(opening: str, later: str, person: str = "Ana Ruiz"):
    return history(note("2026-09-01", opening, person), note("2026-09-15", later, person))


@pytest.mark.parametrize(("opening", "later", "part"), [
    # a promise to block days, closed in other words
    ("- I'll block the team days on the calendar", "- team days are blocked in the calendar now",
     "block the team days"),
    # a worry about an upcoming all-hands talk, closed by "it went well"
    ("- worried about her all-hands slot next week", "- all-hands went well, she was happy",
     "all-hands"),
    # "she has the budget spreadsheet now" closes sending it
    ("- I'll send her the budget spreadsheet", "- she has the budget spreadsheet now",
     "budget spreadsheet"),
    # "taken care of" closes the thing it names
    ("- I'll send her the budget spreadsheet", "- budget spreadsheet: taken care of",
     "budget spreadsheet"),
])
def test_paraphrased_closures_close(opening: str, later: str, part: str) -> None:
    h = _pair(opening, later)
    state, quote = thread_state(h, part)
    assert state == "closed", (opening, later)
    assert quote == later.lstrip("- ")


def test_a_reply_that_has_not_come_does_not_close_the_ask() -> None:
    # the answered-by path used to skip the negation checks
    h = _pair("- I'll ask HR about the leave dates", "- HR hasn't replied about the leave dates")
    assert thread_state(h, "leave dates")[0] == "open"


def test_a_lopsided_rota_is_a_concern_thread() -> None:
    h = _pair("- Ravi brought up that the weekend support rota feels lopsided, he's covered "
              "three of the last five", "- nothing else", "Ravi Kumar")
    it = h.meetings[0].items[0]
    assert it.kind.value == "concern" and it.state == "open"


def test_wanting_to_present_at_the_guild_is_a_growth_thread() -> None:
    h = _pair("- she wants to present at the design guild", "- nothing else")
    it = h.meetings[0].items[0]
    assert it.kind.value == "growth" and it.state == "open"


def test_question_then_arrow_is_one_thread_owed_by_the_manager() -> None:
    line = "remote days fixed or flexible? → tbd, need to check w/ HR"
    h = _pair(f"- {line}", "- nothing else")
    items = h.meetings[0].items
    assert len(items) == 1
    assert items[0].quote == line
    assert items[0].kind.value == "commitment" and items[0].party.value == "manager"


def test_checkin_is_never_drawn_from_a_work_line_with_a_holiday_or_family_word() -> None:
    h = history(
        note("2026-10-01", "- release freeze before the holiday, last deploy dec 12", "Sam Lee"),
        note("2026-10-15", "- vendor contract for the family plan product due nov 3", "Sam Lee"))
    plan = pick_checkin(h, dt.date(2026, 11, 1), dt.date(2026, 10, 15))
    assert plan.thread is None and plan.phrase is None


def test_checkin_picks_the_personal_thread_over_a_later_work_line() -> None:
    h = history(
        note("2026-10-01", "- her dad is in hospital, she's worried", "Ana Ruiz"),
        note("2026-10-15", "- holiday rota for december is out; vendor contract due nov 3",
             "Ana Ruiz"))
    plan = pick_checkin(h, dt.date(2026, 11, 1), dt.date(2026, 10, 15))
    assert plan.thread is not None and "hospital" in plan.thread.source.quote


def test_no_steering_away_from_wellbeing_when_the_last_note_says_exhausted() -> None:
    notes = [note(f"2026-10-{d:02d}", "- how is he doing, energy ok\n- Q4 plan review",
                  "Tom Park", focus="wellbeing") for d in (1, 8, 15, 22)]
    notes.append(note("2026-10-29", "- he's exhausted and moving house this weekend", "Tom Park"))
    plan = plan_brief(history(*notes), dt.date(2026, 11, 2))
    assert plan.focus.area.value == "wellbeing"
    assert "Steer away" not in plan.focus.reason


def test_a_past_dated_talk_becomes_a_follow_up_not_an_open_worry() -> None:
    h = history(note("2026-11-10", "- summit talk is thurs, he's a bit nervous but ready",
                     "Sam Lee"))
    before = open_threads(h, dt.date(2026, 11, 11))
    after = open_threads(h, dt.date(2026, 11, 24))
    assert [t.status for t in before] == ["open"]
    assert [t.status for t in after] == ["follow_up"]
    assert after[0].text.startswith("Ask how the summit talk went")
    assert after[0].source.quote == "summit talk is thurs, he's a bit nervous but ready"


def test_a_past_commitment_is_overdue_not_a_follow_up() -> None:
    h = history(note("2026-11-10", "- I'll send him the talk slides by thurs", "Sam Lee"))
    assert [t.status for t in open_threads(h, dt.date(2026, 11, 24))] == ["open"]


@pytest.mark.parametrize(("text", "written", "expected"), [
    ("summit talk is thurs", "2026-11-10", "2026-11-12"),
    ("off nov 27-28", "2026-11-10", "2026-11-28"),
    ("her all-hands slot on the 12th", "2026-11-20", "2026-12-12"),
    ("interview next tue", "2026-11-10", "2026-11-17"),
    ("exam jan 5", "2026-12-15", "2027-01-05"),
])
def test_event_dates_are_relative_to_the_note(text: str, written: str, expected: str) -> None:
    assert event_date(text, dt.date.fromisoformat(written)) == dt.date.fromisoformat(expected)


def test_duplicated_concepts_are_one_rule_each() -> None:
    import coach.engine.checkin as checkin
    import coach.engine.supersede as supersede
    import coach.extract.lexicon as lx

    assert checkin._OBSERVED is supersede._OBSERVED is lx.OBSERVED
    ids = load_rules().rules
    assert "words.irregular_verbs" in ids and "personal.observed" in ids
