"""Time-bound threads without an event noun (issue 8 item 4): a line whose own clause anchors
it to the EVENT's calendar day ("X 4 Oct", "booked for 25 Oct", "(6 Nov)", "X on 3 October",
"is thurs") becomes a follow-up once that day has passed; a deadline, the day of an action, a
recurring day, a day already gone when written and a range not yet over stay as they are.
Nouns here are deliberately not the dev scenarios' ones."""

from __future__ import annotations

import datetime as dt

import pytest

from coach.contracts import Thread
from coach.engine.plan import open_threads
from coach.engine.timebound import as_follow_up, event_day
from tests.engine.enginekit import history, note

WRITTEN = dt.date(2026, 10, 6)
LATER = dt.date(2026, 11, 24)


def _thread(quote: str, kind: str = "concern", owner: str | None = None) -> Thread:
    return Thread.model_validate({
        "id": 1, "text": quote, "kind": kind, "owner": owner, "status": "open",
        "since": WRITTEN.isoformat(),
        "source": {"note_id": 1, "date": WRITTEN.isoformat(), "quote": quote}})


@pytest.mark.parametrize(("quote", "day"), [
    # "X 4 Oct": the date straight after what happens
    ("first aid refresher 14 Oct, she's nervous about the practical part", "2026-10-14"),
    # "booked for 25 Oct"
    ("moderator booked for 28 Oct, Tom anxious about his portfolio", "2026-10-28"),
    # "X on 3 October" inside prose, with a deadline for something else later in the line
    ("twelve pupils are registered for the chess qualifiers on 7 November, and she needs the "
     "head to sign the letters by the end of October", "2026-11-07"),
    # "(6 Nov)"
    ("lockdown rehearsal (12 Nov)", "2026-11-12"),
    # "is thurs": a weekday read from the note's date
    ("her cello recital is thurs, a bit wobbly about it", "2026-10-08"),
])
def test_an_events_own_day_makes_a_concern_a_follow_up_once_past(quote: str, day: str) -> None:
    assert event_day(quote, WRITTEN) == dt.date.fromisoformat(day)
    before = as_follow_up(_thread(quote), WRITTEN, WRITTEN)
    after = as_follow_up(_thread(quote), WRITTEN, LATER)
    assert before.status == "open"
    assert after.status == "follow_up" and after.text.startswith("Ask how"), after.text


def test_the_follow_up_names_the_thing_before_the_date() -> None:
    after = as_follow_up(_thread("first aid refresher 14 Oct, she's nervous"), WRITTEN, LATER)
    assert after.text == "Ask how the first aid refresher went (Wed 14 Oct)"
    prose = as_follow_up(_thread("twelve pupils are registered for the chess qualifiers on 7 "
                                 "November"), WRITTEN, LATER)
    assert prose.text.startswith("Ask how the chess qualifiers went")
    team = as_follow_up(_thread("manual handling workshop for the porters on 20 Oct"),
                        WRITTEN, LATER)
    assert team.text.startswith("Ask how the manual handling workshop went")


@pytest.mark.parametrize("quote", [
    "send the grant form by 25 Oct",            # a deadline
    "cover needed for 25 Oct",                  # a bare "for": a deadline
    "her DBS check expired 2 Oct",              # gone when written (and an expiry)
    "off sick from 9 Oct, back unknown",        # the start of a state
    "I'll ring the insurer on 3 Nov",           # the day of an action
    "Priya to book the minibus on the 14th",    # the day of someone's action
    "toolbox huddle every Monday at 7",         # recurring
    "she lost her uncle on the 2nd, very quiet today",  # told in the past
    "annoyed with the till supplier, long queues on Saturday",  # no sign the day is ahead
    "moved to the 3rd floor office",            # an ordinal that is no day
])
def test_deadlines_actions_and_past_days_never_become_follow_ups(quote: str) -> None:
    assert as_follow_up(_thread(quote), WRITTEN, LATER).status == "open", quote


def test_a_recurring_event_noun_stays_open() -> None:
    assert as_follow_up(_thread("safety talk every thurs, he hates presenting"), WRITTEN,
                        LATER).status == "open"


def test_a_range_not_yet_over_stays_open() -> None:
    quote = "stocktake 23-25 Nov, he's worried about the counts"
    assert as_follow_up(_thread(quote), WRITTEN, dt.date(2026, 11, 24)).status == "open"
    assert as_follow_up(_thread(quote), WRITTEN, dt.date(2026, 11, 26)).status == "follow_up"


def test_the_managers_own_dated_promise_stays_owed() -> None:
    t = _thread("I'll sit in on the quiz night rehearsal on 14 Oct", "commitment", "manager")
    assert as_follow_up(t, WRITTEN, LATER).status == "open"


def test_a_reports_task_tied_to_an_events_day_ends_with_the_event() -> None:
    # the event is run or attended (takes-place cue or an event noun): over once it happened
    ran = _thread("lockdown rehearsal 12 Nov → Priya runs it w/ reception", "commitment",
                  "report")
    assert as_follow_up(ran, WRITTEN, LATER).status == "follow_up"
    prep = _thread("Ofsted inspection prep (6 Nov)", "commitment", "report")
    assert as_follow_up(prep, WRITTEN, LATER).text.startswith("Ask how the Ofsted inspection")
    # a task with a date and no sign of an event is a due date: still owed
    task = _thread("budget draft (6 Nov)", "commitment", "report")
    assert as_follow_up(task, WRITTEN, LATER).status == "open"


def test_end_to_end_a_passed_refresher_is_a_follow_up_in_the_brief() -> None:
    h = history(note("2026-10-06", "- first aid refresher 14 Oct, she's nervous about the "
                                   "practical part", "Jo Park"))
    assert [t.status for t in open_threads(h, dt.date(2026, 10, 7))] == ["open"]
    assert [t.status for t in open_threads(h, LATER)] == ["follow_up"]


@pytest.mark.parametrize("quote", [
    "half-term holiday cover tbd, the head wants names by fri",  # event noun, day is a deadline
    "the Okafor wedding cake for Saturday, she's on it",          # an order due, not her event
    "off sick from 9 Oct, back unknown",                           # time off's start
])
def test_an_event_noun_with_a_deadline_day_stays_open(quote: str) -> None:
    assert as_follow_up(_thread(quote), WRITTEN, LATER).status == "open", quote


def test_an_event_noun_on_its_own_day_still_becomes_a_follow_up() -> None:
    t = as_follow_up(_thread("her grandad died, she flew out for the funeral, back Monday"),
                     WRITTEN, LATER)
    assert t.status == "follow_up" and t.text.startswith("Ask how they are doing since")


def test_a_weekday_told_in_the_past_is_no_event_ahead() -> None:
    # "on Friday" in a past-tense clause was the Friday before the note, not the one after
    quote = "his mum had a knee op on Friday, still in hospital, he's visiting after work"
    assert as_follow_up(_thread(quote), WRITTEN, LATER).status == "open"


def test_the_event_day_is_the_one_ahead_not_the_past_one_before_it() -> None:
    quote = "her gran died on Sunday. funeral next Friday, she's taking the day"
    written = dt.date(2026, 10, 6)  # a Tuesday: the funeral is Fri 16 Oct
    assert as_follow_up(_thread(quote), written, dt.date(2026, 10, 14)).status == "open"
    after = as_follow_up(_thread(quote), written, dt.date(2026, 10, 19))
    assert after.status == "follow_up" and after.text.endswith("(Fri 16 Oct)")


def test_a_booked_event_is_named_by_the_lines_heading() -> None:
    after = as_follow_up(_thread("BTEC moderation - moderator booked for 28 Oct, Tom anxious"),
                         WRITTEN, LATER)
    assert after.text == "Ask how the BTEC moderation went (Wed 28 Oct)"
    bare = as_follow_up(_thread("moderator booked for 28 Oct, Tom anxious"), WRITTEN, LATER)
    assert bare.text == "Ask how it went (Wed 28 Oct)"
