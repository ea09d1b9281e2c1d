"""Time-bound threads: a thread about a dated event ("summit talk is thurs", "off nov 27-28",
"her all-hands slot on the 12th") stops being an open worry once its date has passed and becomes
a follow-up: "Ask how the summit talk went".

Dates are read relative to the date of the note that holds the line (python-dateutil does the
calendar arithmetic): a weekday means its next occurrence on or after the note's date, "next
<weekday>" the one a week later, "nov 27-28" the last day of the range, "the 12th" that day of
the note's month (or the next month when it has already gone by). Commitments are never
time-bound: a missed due date is an overdue promise, not something to ask about.
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as dparser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from coach.contracts import ItemKind, Thread
from coach.history import days_before
from coach.rules import rx

EVENT = _EVENT = rx("event.noun")
_TIME_OFF = rx("event.time_off")
_WEEKDAYS = {"mon": MO, "tue": TU, "wed": WE, "thu": TH, "fri": FR, "sat": SA, "sun": SU}
_WEEKDAY = re.compile(
    r"\b(next\s+)?(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|r|rs|urday)?\b\.?",
    re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_MONTH_DAY = re.compile(
    rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\b|"
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\s+({_MONTH})\b",
    re.I)
# A whole month: "baby due in November", "moving end of march". The event is over once the
# month is (its last day), never earlier.
_MONTH_ONLY = re.compile(rf"\b(?:in|end of|late|during|by)\s+({_MONTH})(?!\s*\d)", re.I)
_ORDINAL = re.compile(r"\bthe\s+(\d{1,2})(?:st|nd|rd|th)\b", re.I)
_ISO = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
_RELATIVE = re.compile(r"\b(tomorrow|tonight|today|this weekend|next week|next wk|next weekend)\b",
                       re.I)
# What the event is called: a word or two before the event noun ("summit talk", "all-hands").
_NAMED = re.compile(r"(?:\b(?:his|her|their|the|my)\s+)?((?:[\w-]+\s+)?(?:" + _EVENT.pattern
                    + r"))", re.I)
_LOSS = re.compile(r"\b(?:funeral|memorial|wake|cremation|burial)\b", re.I)
_BABY = re.compile(r"\bbaby\b|\bpregnan|\bexpecting\b|\bdue date\b", re.I)
# "going into hospital": an event without a name of its own (said back as "the hospital stay").
_GOING_IN = re.compile(r"\b(?:into|in) hospital\b", re.I)
# Words before the event noun that are not part of its name ("mother has surgery").
_NOT_A_NAME = frozenset([
    "is", "was", "a", "an", "and", "but", "her", "his", "on", "has", "had", "have", "got",
    "gets", "having",
])


def _month_day(month: str, day: str, written: dt.date) -> dt.date | None:
    try:
        got = dparser.parse(f"{month} {day}", default=dt.datetime(written.year, 1, 1)).date()
    except (ValueError, OverflowError):
        return None
    if got < days_before(written, 60):
        got = got.replace(year=got.year + 1)  # "jan 5" written in December
    return got


def event_date(text: str, written: dt.date) -> dt.date | None:
    """The (last) day of the dated event ``text`` talks about, or None."""
    m = _ISO.search(text)
    if m:
        try:
            return dt.date.fromisoformat(m.group(1))
        except ValueError:
            return None
    m = _MONTH_DAY.search(text)
    if m:
        if m.group(1):
            return _month_day(m.group(1), m.group(3) or m.group(2), written)
        return _month_day(m.group(6), m.group(5) or m.group(4), written)
    m = _WEEKDAY.search(text)
    if m:
        day = written + relativedelta(weekday=_WEEKDAYS[m.group(2).lower()[:3]])
        return day + relativedelta(weeks=1) if m.group(1) else day
    m = _ORDINAL.search(text)
    if m:
        d = int(m.group(1))
        base = dt.date(written.year, written.month, 1)
        if d < written.day:
            base += relativedelta(months=1)
        try:
            return base.replace(day=d)
        except ValueError:
            return None
    m = _MONTH_ONLY.search(text)
    if m:
        first = _month_day(m.group(1), "1", written)
        return first + relativedelta(day=31) if first else None
    m = _RELATIVE.search(text)
    if m:
        word = m.group(1).lower()
        if word in ("today", "tonight"):
            return written
        if word == "tomorrow":
            return written + dt.timedelta(days=1)
        if word == "this weekend":
            return written + relativedelta(weekday=SU)
        return written + relativedelta(weeks=1, weekday=SU)  # next week / next wk
    return None


def follow_up_text(text: str) -> str:
    """ "Ask how the summit talk went" / "Ask how the time off was"."""
    if _TIME_OFF.search(text) and not re.search(r"\b(?:talk|exam|interview|surgery)\b", text,
                                                 re.I):
        return "Ask how the time off was"
    m = _LOSS.search(text)
    if m:
        # never "how the funeral went": ask after the person
        return f"Ask how they are doing since the {m.group(0).lower()}"
    if _BABY.search(text):
        return "Ask how they are getting on with the new baby"
    if re.search(r"\bmov(?:e|ing)\b", text, re.I) and not re.search(r"\btalk\b", text, re.I):
        return "Ask how the move went"
    # The first event that names a thing ("hip op", not "going into hospital" before it).
    names = [m.group(1).strip() for m in _NAMED.finditer(text)]
    named = [n for n in names if not _GOING_IN.search(n)]
    name = named[0] if named else ("hospital stay" if names else "it")
    if name.split()[0].lower() in _NOT_A_NAME:
        name = " ".join(name.split()[1:])
    return f"Ask how the {name} went" if name != "it" else "Ask how it went"


def as_follow_up(thread: Thread, written: dt.date, today: dt.date) -> Thread:
    """The thread as a follow-up when it is about an event whose date has passed; else as is."""
    if thread.status != "open" or thread.kind is ItemKind.commitment:
        return thread
    text = thread.source.quote
    if not _EVENT.search(text):
        return thread
    when = event_date(text, written)
    if when is None or when >= today:
        return thread
    label = f"{when:%B}" if _whole_month(text) else f"{when:%a %d %b}"
    return thread.model_copy(update={"status": "follow_up",
                                     "text": f"{follow_up_text(text)} ({label})"})


def _whole_month(text: str) -> bool:
    """The event's date is only a month ("due in November"): say the month, not a day."""
    return bool(_MONTH_ONLY.search(text)) and not any(
        p.search(text) for p in (_ISO, _MONTH_DAY, _WEEKDAY, _ORDINAL))
