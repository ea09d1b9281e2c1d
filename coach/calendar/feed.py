"""What the calendar feeds: past 1:1 instances become meetings; the next 1:1 per person.

A calendar meeting's source key is ``calendar:<series id>:<instance key>``; it carries no items
(only a one-line body saying what the calendar shows) and ``features["calendar"]``. Notes win:
when a person has notes on a date, the calendar adds no meeting for that date, and notes stored
later replace the calendar's meeting of that date (``drop_calendar_duplicates``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from coach.calendar.match import match_person
from coach.contracts import MeetingStatus
from coach.notes.parse import ParsedNote
from coach.store.repo import Repo
from coach.store.tables import CalendarEvent, CalendarSeries, Meeting, Person

KEY_PREFIX = "calendar:"
# A cancellation or move recorded less than this long before the start is last-minute.
LAST_MINUTE = dt.timedelta(hours=24)


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def last_minute(event: CalendarEvent) -> bool:
    if event.state not in ("cancelled", "moved") or event.changed_at is None:
        return False
    return _aware(event.original_start) - _aware(event.changed_at) < LAST_MINUTE


def rematch(session: Session, owner: str) -> None:
    """Match again the 1:1 series not fixed by hand (new people, new emails)."""
    people = [(p.id, p.name, p.email) for p in
              session.scalars(select(Person).where(Person.owner == owner))]
    for series in session.scalars(select(CalendarSeries).where(
            CalendarSeries.owner == owner, CalendarSeries.one_on_one.is_(True))):
        if series.match == "manual":
            continue
        events = session.scalars(select(CalendarEvent).where(
            CalendarEvent.series_id == series.id).limit(20))
        attendees = next((list(e.attendees) for e in events if e.attendees), [])
        series.person_id, series.match = match_person(
            attendees, series.other_email, series.title, people)
    session.flush()


def _describe(event: CalendarEvent, short: bool) -> str:
    start = _aware(event.original_start)
    when = start.strftime("%Y-%m-%d %H:%M UTC")
    if event.state == "cancelled":
        what = f"Calendar: {event.title or '1:1'} on {when} was cancelled"
    elif event.state == "moved":
        what = (f"Calendar: {event.title or '1:1'} on {when} was moved to "
                f"{_aware(event.start).strftime('%Y-%m-%d %H:%M UTC')}")
    else:
        return f"Calendar: {event.title or '1:1'} on {when} took place (no notes yet)."
    if short and event.changed_at is not None:
        hours = (start - _aware(event.changed_at)).total_seconds() / 3600
        what += (f", last-minute ({hours:.0f} h before the start)" if hours >= 0
                 else ", last-minute (after the start)")
    return what + "."


def feed_meetings(session: Session, owner: str, now: dt.datetime) -> int:
    """Make the meetings of every past instance of a matched 1:1 series; returns how many
    calendar meetings exist afterwards. Idempotent: unchanged instances change nothing."""
    repo = Repo(session, owner)
    rows = session.execute(
        select(CalendarEvent, CalendarSeries.id, Person)
        .join(CalendarSeries, CalendarSeries.id == CalendarEvent.series_id)
        .join(Person, Person.id == CalendarSeries.person_id)
        .where(CalendarEvent.owner == owner, CalendarSeries.one_on_one.is_(True),
               CalendarEvent.start < now)
    ).all()
    noted = {(pid, d) for pid, d in session.execute(
        select(Meeting.person_id, Meeting.date).where(
            Meeting.owner == owner, ~Meeting.source_key.startswith(KEY_PREFIX)))}
    wanted: set[str] = set()
    touched: set[int] = set()
    for event, series_id, person in rows:
        date = event.local_date
        if (person.id, date) in noted:
            continue
        key = f"{KEY_PREFIX}{series_id}:{event.instance_key}"
        wanted.add(key)
        short = last_minute(event)
        status = {"cancelled": MeetingStatus.cancelled, "moved": MeetingStatus.rescheduled}.get(
            event.state, MeetingStatus.held)
        body = _describe(event, short)
        note = ParsedNote(person=person.name, date=date, status=status, body=body,
                          source=f"calendar {event.title!r}", title=event.title[:500] or None)
        features: dict[str, Any] = {"calendar": True, "short_notice": short,
                                    "original_date": event.original_start.date().isoformat()}
        _, change = repo.save_meeting(note, key, [], None, features)
        if change != "unchanged":
            touched.add(person.id)
    stale = select(Meeting.id, Meeting.person_id).where(
        Meeting.owner == owner, Meeting.source_key.startswith(KEY_PREFIX))
    gone = [(i, pid) for i, pid, k in session.execute(stale.add_columns(Meeting.source_key))
            if k not in wanted]
    if gone:
        session.execute(delete(Meeting).where(Meeting.id.in_([i for i, _ in gone])))
        touched.update(pid for _, pid in gone)
    session.flush()
    _refresh_people(repo, touched, now.date())
    return len(wanted)


def _refresh_people(repo: Repo, person_ids: set[int], today: dt.date) -> None:
    """Keep the stored per-person state (counts, warning signs: coach/store/person_state.py)
    in step with meetings the calendar added or removed."""
    from coach.service import resolve_person_threads

    for pid in sorted(person_ids):
        person = repo.session.get(Person, pid)
        if person is not None:
            resolve_person_threads(repo, person, today)


def drop_calendar_duplicates(session: Session, coach: Any, report: Any, meetings: list) -> None:
    """After-store hook: notes for a person and date replace the calendar's meeting there."""
    touched: set[int] = set()
    notes = [m for m in meetings if not m.source_key.startswith(KEY_PREFIX)]
    if not notes:
        return
    # One read for the batch: which of its (person, day)s hold a calendar meeting at all.
    # Most imports have none, and a DELETE per note was ~4% of an import's main thread.
    people = sorted({m.person_id for m in notes})
    at = {(pid, day) for pid, day in session.execute(select(Meeting.person_id, Meeting.date).where(
        Meeting.owner == coach.owner, Meeting.person_id.in_(people),
        Meeting.source_key.startswith(KEY_PREFIX)))}
    for m in notes:
        if (m.person_id, m.date) not in at:
            continue
        # "fetch": drop only the deleted rows from the session. The default ("evaluate")
        # tests every object the session holds, which made an import batch quadratic
        # (a quarter of a 300-note import's CPU).
        gone = session.execute(delete(Meeting).where(
            Meeting.owner == coach.owner, Meeting.person_id == m.person_id,
            Meeting.date == m.date, Meeting.source_key.startswith(KEY_PREFIX),
        ).execution_options(synchronize_session="fetch"))
        if getattr(gone, "rowcount", 0):
            touched.add(m.person_id)
    if touched:  # the person's stored state was made with the calendar's meeting still there
        session.flush()
        _refresh_people(Repo(session, coach.owner), touched, coach.today)


def next_meetings(session: Session, owner: str, now: dt.datetime) -> dict[int, dt.datetime]:
    """person id -> start of their next scheduled (not cancelled) 1:1 in the calendar."""
    rows = session.execute(
        select(CalendarSeries.person_id, CalendarEvent.start)
        .join(CalendarSeries, CalendarSeries.id == CalendarEvent.series_id)
        .where(CalendarEvent.owner == owner, CalendarSeries.one_on_one.is_(True),
               CalendarSeries.person_id.is_not(None), CalendarEvent.state != "cancelled",
               CalendarEvent.start >= now)
        .order_by(CalendarEvent.start))
    out: dict[int, dt.datetime] = {}
    for pid, start in rows:
        if pid is not None:
            out.setdefault(pid, _aware(start))
    return out
