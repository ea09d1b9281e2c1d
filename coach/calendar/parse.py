"""Expand iCalendar text into event instances with icalendar and recurring-ical-events.

Each instance is keyed by its UID and original start (the RECURRENCE-ID): a moved instance
keeps the key of the slot it was moved from, so re-reading a calendar never duplicates it.
A malformed content line is reported with its line number and component and skipped; the
rest of the calendar is read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

import icalendar
import recurring_ical_events
from icalendar.parser import Contentline

UTC = dt.UTC


@dataclass
class Instance:
    uid: str
    instance_key: str
    original_start: dt.datetime
    start: dt.datetime
    end: dt.datetime
    local_date: dt.date
    all_day: bool
    state: str  # scheduled | cancelled | moved
    title: str
    attendees: list[str]
    changed_at: dt.datetime | None

    @property
    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.original_start.isoformat(), self.start.isoformat(),
                     self.end.isoformat(), self.state, self.title, ",".join(self.attendees),
                     self.changed_at.isoformat() if self.changed_at else ""):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()


@dataclass
class ParseResult:
    instances: list[Instance] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _as_utc(value: dt.date | dt.datetime) -> tuple[dt.datetime, bool]:
    """(UTC datetime, all_day). Floating times are read as UTC."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC), False
    return dt.datetime(value.year, value.month, value.day, tzinfo=UTC), True


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def instance_key(original: dt.datetime, all_day: bool) -> str:
    return original.strftime("%Y%m%d") if all_day else original.strftime("%Y%m%dT%H%M%SZ")


def _emails(component: Any) -> list[str]:
    values = component.get("ATTENDEE", [])
    if not isinstance(values, list):
        values = [values]
    organizer = component.get("ORGANIZER")
    if organizer is not None:
        values = [*values, organizer]
    out = set()
    for v in values:
        addr = str(v).strip()
        if addr.lower().startswith("mailto:"):
            addr = addr[7:]
        if "@" in addr:
            out.add(addr.lower())
    return sorted(out)


def _changed_at(component: Any) -> dt.datetime | None:
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        prop = component.get(name)
        if prop is not None:
            return _as_utc(prop.dt)[0]
    return None


def _clean(text: str, where: str, errors: list[str]) -> str:
    """Drop content lines icalendar's own line parser rejects, reporting each one."""
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(physical):
        start = i
        line = physical[i]
        i += 1
        while i < len(physical) and physical[i][:1] in (" ", "\t"):
            line += physical[i][1:]
            i += 1
        if not line.strip():
            continue
        try:
            name, _params, value = Contentline(line).parts()
        except (ValueError, Exception) as exc:  # icalendar raises ValueError subclasses
            comp = stack[-1] if stack else "calendar"
            errors.append(f"{where}: line {start + 1} (in {comp}): cannot read {line[:60]!r}: "
                          f"{str(exc).splitlines()[0][:120]}; line skipped")
            continue
        if name.upper() == "BEGIN":
            stack.append(str(value).upper())
        elif name.upper() == "END" and stack:
            stack.pop()
        kept.extend(physical[start:i])
    return "\r\n".join(kept) + "\r\n"


def _title(component: Any) -> str:
    return " ".join(str(component.get("SUMMARY", "")).split())


def parse_ics(text: str, where: str, window: tuple[dt.datetime, dt.datetime]) -> ParseResult:
    """Every instance between ``window`` (UTC) of every event in ``text``; errors say where."""
    result = ParseResult()
    cleaned = _clean(text, where, result.errors)
    try:
        calendar = icalendar.Calendar.from_ical(cleaned)
    except Exception as exc:
        result.errors.append(f"{where}: not an iCalendar file: {str(exc)[:200]}")
        return result
    timezones = list(calendar.walk("VTIMEZONE"))
    by_uid: dict[str, list[Any]] = {}
    for n, event in enumerate(calendar.walk("VEVENT"), 1):
        uid = str(event.get("UID", "")).strip()
        if not uid or event.get("DTSTART") is None:
            missing = "UID" if not uid else "DTSTART"
            result.errors.append(f"{where}: VEVENT #{n} {_title(event)!r}: no {missing}; skipped")
            continue
        by_uid.setdefault(uid, []).append(event)
    for uid, components in by_uid.items():
        try:
            result.instances.extend(_expand(uid, components, timezones, window))
        except Exception as exc:
            result.errors.append(f"{where}: VEVENT UID {uid!r}: cannot expand: "
                                 f"{str(exc)[:200]}; skipped")
    return result


def _expand(uid: str, components: list[Any], timezones: list[Any],
            window: tuple[dt.datetime, dt.datetime]) -> list[Instance]:
    single = icalendar.Calendar()
    for tz in timezones:
        single.add_component(tz)
    for c in components:
        single.add_component(c)
    master = next((c for c in components if c.get("RECURRENCE-ID") is None), components[0])
    out: dict[str, Instance] = {}
    for occ in recurring_ical_events.of(single).between(*window):
        raw_start = occ["DTSTART"].dt
        start, all_day = _as_utc(raw_start)
        end = _as_utc(occ["DTEND"].dt)[0] if occ.get("DTEND") is not None else start
        rid = occ.get("RECURRENCE-ID")
        original = _as_utc(rid.dt)[0] if rid is not None else start
        state = "scheduled"
        if str(occ.get("STATUS", "")).upper() == "CANCELLED":
            state = "cancelled"
        elif original != start:
            state = "moved"
        key = instance_key(original, all_day)
        override = rid is not None and any(c.get("RECURRENCE-ID") is not None for c in components)
        out[key] = Instance(
            uid=uid, instance_key=key, original_start=original, start=start, end=end,
            local_date=_local_date(raw_start), all_day=all_day, state=state, title=_title(occ),
            attendees=_emails(occ),
            changed_at=_changed_at(occ) if override or state != "scheduled" else None)
    # EXDATE removes an instance from the series: for a 1:1 that is a cancellation.
    duration = None
    if master.get("DTEND") is not None:
        duration = master["DTEND"].dt - master["DTSTART"].dt
    exdates = master.get("EXDATE", [])
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for value in group.dts:
            start, all_day = _as_utc(value.dt)
            key = instance_key(start, all_day)
            if key in out or not window[0] <= start < window[1]:
                continue
            # The series' LAST-MODIFIED dates the EXDATE only if it is not after the slot:
            # a later edit of the series says nothing about when this one was cancelled.
            changed = _changed_at(master)
            out[key] = Instance(
                uid=uid, instance_key=key, original_start=start, start=start,
                end=start + (duration or dt.timedelta(0)), local_date=_local_date(value.dt),
                all_day=all_day, state="cancelled", title=_title(master),
                attendees=_emails(master),
                changed_at=changed if changed is not None and changed <= start else None)
    return sorted(out.values(), key=lambda i: i.original_start)
