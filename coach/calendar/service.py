"""The calendar operations the CLI calls: add a source, sync, list and fix matches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from coach.calendar.feed import feed_meetings, rematch
from coach.calendar.sources import normalise_ics
from coach.calendar.sync import SyncReport, fetch, sync_source
from coach.errors import BadInput, CoachError, NotFound
from coach.store.repo import Repo
from coach.store.tables import CalendarEvent, CalendarSeries, CalendarSource, Person


def now_for(coach: Any) -> dt.datetime:
    """The current time; with COACH_TODAY set, noon UTC of that day (replays and tests)."""
    if coach._today or coach.settings.today:
        return dt.datetime.combine(coach.today, dt.time(12), tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


def add_source(coach: Any, location: str | None, caldav_url: str | None,
               user: str | None) -> tuple[CalendarSource, bool]:
    """Register a calendar (idempotent); returns it and whether it is new."""
    if bool(location) == bool(caldav_url):
        raise BadInput("give either an .ics address/file or --caldav URL", where="calendar add")
    if caldav_url:
        if not caldav_url.startswith(("http://", "https://")):
            raise BadInput("not an http(s) URL", where="--caldav")
        kind, url = "caldav", caldav_url
    else:
        assert location is not None
        kind, url = "ics", normalise_ics(location)
    with coach.db.session() as session:
        row = session.scalars(select(CalendarSource).where(
            CalendarSource.owner == coach.owner, CalendarSource.kind == kind,
            CalendarSource.url == url)).first()
        if row is not None:
            row.username = user or row.username
            return row, False
        row = CalendarSource(owner=coach.owner, kind=kind, url=url, username=user)
        session.add(row)
        session.flush()
        return row, True


def sync(coach: Any, force: bool = False) -> SyncReport:
    """Read every source (network outside the transaction), store, then feed the meetings."""
    report = SyncReport()
    now = now_for(coach)
    password = coach.settings.caldav_password
    secret = password.get_secret_value() if password is not None else None
    with coach.db.session() as session:
        sources = list(session.scalars(select(CalendarSource).where(
            CalendarSource.owner == coach.owner).order_by(CalendarSource.id)))
    fetched: list[tuple[int, list[str]]] = []
    for source in sources:
        try:
            fetched.append((source.id, fetch(source, secret)))
        except CoachError as exc:
            report.errors.append(exc.render())
    with coach.db.session() as session:
        for source_id, texts in fetched:
            source = session.get(CalendarSource, source_id)
            if source is None:
                continue
            sync_source(session, coach.owner, source, texts, now,
                        coach.settings.manager_email, report, force)
        rematch(session, coach.owner)
        report.meetings = feed_meetings(session, coach.owner, now)
    from coach.calendar.mail import queue_calendar_mail

    report.emails = queue_calendar_mail(coach, now)
    return report


@dataclass
class SeriesView:
    id: int
    title: str
    person: str | None
    match: str | None
    other_email: str | None
    instances: int


def series_list(coach: Any) -> list[SeriesView]:
    """Every 1:1-looking series, matched or not."""
    with coach.db.session() as session:
        rows = session.execute(
            select(CalendarSeries, Person.name)
            .outerjoin(Person, Person.id == CalendarSeries.person_id)
            .where(CalendarSeries.owner == coach.owner, CalendarSeries.one_on_one.is_(True))
            .order_by(CalendarSeries.id)).all()
        out = []
        for series, name in rows:
            count = len(list(session.scalars(select(CalendarEvent.id).where(
                CalendarEvent.series_id == series.id))))
            out.append(SeriesView(series.id, series.title, name, series.match,
                                  series.other_email, count))
        return out


def set_match(coach: Any, series_id: int, person_name: str | None) -> SeriesView:
    """Fix a series' person by hand (None: back to automatic matching), then re-feed."""
    with coach.db.session() as session:
        series = session.get(CalendarSeries, series_id)
        if series is None or series.owner != coach.owner:
            raise NotFound(f"no calendar series with id {series_id} (see `coach calendar match`)")
        if person_name is None:
            series.match = None
        else:
            repo = Repo(session, coach.owner)
            try:
                person = repo.find_person(person_name)
            except NotFound:  # someone with no notes yet
                person, _ = repo.get_or_create_person(person_name)
            series.person_id, series.match, series.one_on_one = person.id, "manual", True
        session.flush()
        rematch(session, coach.owner)
        feed_meetings(session, coach.owner, now_for(coach))
    return next(s for s in series_list(coach) if s.id == series_id)
