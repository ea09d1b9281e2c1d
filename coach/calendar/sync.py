"""`coach calendar sync`: read every source, store its instances by UID + RECURRENCE-ID.

Incremental: a source whose text has not changed is skipped; otherwise each instance is
inserted, updated (only when its content changed) or left alone, and instances no longer in the
calendar (inside the expansion window) are removed. Then the 1:1s feed the meetings (feed.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coach.calendar.match import classify, match_person
from coach.calendar.parse import Instance, parse_ics
from coach.calendar.sources import fetch_caldav, fetch_ics
from coach.store.tables import CalendarEvent, CalendarSeries, CalendarSource, Person

# Instances are expanded from a year back (the rhythm, the cancellations) to two months ahead
# (the next 1:1).
PAST_DAYS = 365
FUTURE_DAYS = 60


@dataclass
class SyncReport:
    sources: int = 0
    unchanged_sources: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    meetings: int = 0
    emails: list[str] = field(default_factory=list)  # subjects of prep briefs / reminders queued
    errors: list[str] = field(default_factory=list)


def window(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    return now - dt.timedelta(days=PAST_DAYS), now + dt.timedelta(days=FUTURE_DAYS)


def fetch(source: CalendarSource, caldav_password: str | None) -> list[str]:
    if source.kind == "caldav":
        return fetch_caldav(source.url, source.username, caldav_password)
    return fetch_ics(source.url)


def sync_source(session: Session, owner: str, source: CalendarSource, texts: list[str],
                now: dt.datetime, manager_email: str | None, report: SyncReport,
                force: bool = False) -> None:
    digest = hashlib.sha256("\0".join(sorted(texts)).encode()).hexdigest()
    report.sources += 1
    if digest == source.payload_hash and not force:
        report.unchanged_sources += 1
        return
    span = window(now)
    instances: list[Instance] = []
    for n, text in enumerate(texts, 1):
        where = source.url if len(texts) == 1 else f"{source.url} (object {n})"
        parsed = parse_ics(text, where, span)
        instances.extend(parsed.instances)
        report.errors.extend(parsed.errors)
    by_uid: dict[str, list[Instance]] = {}
    for inst in instances:
        by_uid.setdefault(inst.uid, []).append(inst)
    people = [(p.id, p.name, p.email) for p in
              session.scalars(select(Person).where(Person.owner == owner))]
    series_rows = {s.uid: s for s in session.scalars(
        select(CalendarSeries).where(CalendarSeries.source_id == source.id))}
    for uid, insts in by_uid.items():
        series = series_rows.get(uid)
        if series is None:
            series = CalendarSeries(owner=owner, source_id=source.id, uid=uid)
            session.add(series)
            series_rows[uid] = series
        _classify(series, insts, people, manager_email)
        session.flush()
        _store_instances(session, owner, series, insts, span, report)
    for uid, series in series_rows.items():
        if uid not in by_uid:  # the whole event is gone from the calendar
            _store_instances(session, owner, series, [], span, report)
    source.payload_hash = digest
    source.synced_at = now


def _classify(series: CalendarSeries, insts: list[Instance],
              people: list[tuple[int, str, str | None]], manager_email: str | None) -> None:
    main = next((i for i in insts if i.state == "scheduled" and i.attendees), insts[0])
    verdict = classify(main.attendees, main.title, main.all_day, manager_email)
    series.title = main.title[:1000]
    series.one_on_one = verdict.one_on_one
    series.other_email = verdict.other_email
    if series.match == "manual":
        return
    if not verdict.one_on_one:
        series.person_id, series.match = None, None
        return
    series.person_id, series.match = match_person(
        main.attendees, verdict.other_email, main.title, people)


def _store_instances(session: Session, owner: str, series: CalendarSeries,
                     insts: list[Instance], span: tuple[dt.datetime, dt.datetime],
                     report: SyncReport) -> None:
    existing = {e.instance_key: e for e in session.scalars(
        select(CalendarEvent).where(CalendarEvent.series_id == series.id))}
    seen = set()
    for inst in insts:
        seen.add(inst.instance_key)
        row = existing.get(inst.instance_key)
        digest = inst.content_hash
        if row is not None and row.content_hash == digest:
            report.unchanged += 1
            continue
        if row is None:
            row = CalendarEvent(owner=owner, series_id=series.id, instance_key=inst.instance_key)
            session.add(row)
            report.added += 1
        else:
            report.updated += 1
        _fill(row, inst, digest)
    for key, row in existing.items():
        if key not in seen and span[0] <= _aware(row.original_start) < span[1]:
            session.delete(row)
            report.removed += 1
    session.flush()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _fill(row: Any, inst: Instance, digest: str) -> None:
    row.original_start, row.start, row.end = inst.original_start, inst.start, inst.end
    row.all_day, row.local_date, row.state = inst.all_day, inst.local_date, inst.state
    row.title, row.attendees, row.changed_at = inst.title[:1000], inst.attendees, inst.changed_at
    row.content_hash = digest
