"""Time-bound threads: a thread about a dated event ("summit talk is thurs", "off nov 27-28",
"her all-hands slot on the 12th") stops being an open worry once its date has passed and becomes
a follow-up: "Ask how the summit talk went".

Two ways in: a line naming an event noun (events.yaml event.noun) with any date, or, with no
event noun at all, a line whose own clause anchors it to a calendar day that is the EVENT's day
("swiftwater refresher 4 Oct", "assessor booked for 25 Oct", "audit prep (6 Nov)", "the trials
on 3 October"), not a deadline ("by 25 Oct", "expired 2 Sep", "from 3 Nov"), not the day of an
action ("I'll ask Martin on 3 Nov"), not a recurring day ("every Monday"), and still ahead when
the note was written (``event_day``).

Dates are read relative to the date of the note that holds the line (python-dateutil does the
calendar arithmetic): a weekday means its next occurrence on or after the note's date, "next
<weekday>" the one a week later, "nov 27-28" the last day of the range, "the 12th" that day of
the note's month (or the next month when it has already gone by). A missed due date is an
overdue promise, not something to ask about: the manager's own promises are never time-bound,
and another's only when its date is an event's day and the line says the event takes place
(an event noun, "registered for", "runs it", "drill").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from dateutil import parser as dparser
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from coach.contracts import ItemKind, Party, Thread
from coach.history import days_before
from coach.rules import rx, words

EVENT = _EVENT = rx("event.noun")
_TIME_OFF = rx("event.time_off")
_DEADLINE = rx("event.deadline_lead")
_BOOKED = rx("event.booked_for")
_ACTION = rx("event.action_lead")
_RECURRING = rx("event.recurring")
_TAKES_PLACE = rx("event.takes_place")
_PAST = rx("event.past")
_AHEAD = rx("event.ahead")
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
    if thread.status != "open":
        return thread
    text = thread.source.quote
    owed = thread.kind is ItemKind.commitment
    if not owed and _EVENT.search(text):
        when = event_date(text, written)
        when = _its_day(text, written, when) if when is not None else None
        if when is not None and when < today:
            label = f"{when:%B}" if _whole_month(text) else f"{when:%a %d %b}"
            return _follow_up(thread, follow_up_text(text), label)
    if owed and (thread.owner is Party.manager or not (
            _EVENT.search(text) or _TAKES_PLACE.search(text))):
        return thread  # a promise stays owed, whatever its day
    found = _event_day(text, written)
    if found is None or found[0] >= today:
        return thread
    when, name = found
    ask = follow_up_text(text) if _EVENT.search(text) else (
        f"Ask how the {name} went" if name else "Ask how it went")
    return _follow_up(thread, ask, f"{when:%a %d %b}")


def _follow_up(thread: Thread, ask: str, label: str) -> Thread:
    return thread.model_copy(update={"status": "follow_up", "text": f"{ask} ({label})"})


# Where a clause ends: punctuation, an arrow, a spaced dash, a joining word.
_CLAUSE_END = re.compile(r"[,;:.!?)\]|→]|->|=>|\s[-–—]+\s|\b(?:and|but|so|then|while)\b", re.I)
# What may stand right before a weekday or "the 12th" for it to be an event's day ("is thurs",
# "on the 12th"): a bare weekday word is too often something else ("she sat the exam").
_DAY_LEAD = re.compile(r"(?:\b(?:on|is|it's|this|next|for|to)|\()\s*(?:the\s+)?$", re.I)
# The words before the date that are not the event's name.
_LEAD_WORDS = re.compile(r"(?:\s*(?:\(|\b(?:on|is|was|are|at|the|for|to|in)\b))+\s*$", re.I)
# A word after "the 3rd" that makes it no day ("the 3rd floor", "the 2nd interview").
_ORDINAL_NOUN = re.compile(
    r"\s+(?!(?:of|and|but|so|then|at|in|on|with|for|is|was|or|to|she|he|they|we|i)\b)[a-z]")
# "training for the team on": the name is before the preposition, unless a verb is
# ("registered for the voice trials on").
_PREP_PHRASE = re.compile(
    r"(\w+)\s+(?:for|with|to|from|at|of|about|in)\s+(?:the\s+|his\s+|her\s+|their\s+)?"
    r"[\w'-]+(?:\s+[\w'-]+)?\s+(?:on\s+|at\s+|is\s+)?(?:the\s+)?\(?\s*$", re.I)
_VERB_ENDING = re.compile(r"(?:ed|ing)$", re.I)
_HEADING = re.compile(r"\s*((?:[A-Za-z][\w'/&-]*\s+){0,2}[A-Za-z][\w'/&-]*)\s*(?::|\s[-–—]+\s)")
_NAME = re.compile(r"((?:[A-Za-z][\w'/-]*\s+){0,2}[A-Za-z][\w'/-]*)\s*$")
_NOT_NAME_WORDS = words("event.not_name")


def _mentions(text: str, written: dt.date) -> Iterator[tuple[int, int, int, dt.date, bool]]:
    """Every calendar day the text names: (start, core start, end, day, needs a lead) in text
    order; a weekday or "the 12th" needs a lead word to count as an event's day."""
    found: list[tuple[int, int, int, dt.date | None, bool]] = []
    for m in _ISO.finditer(text):
        try:
            day: dt.date | None = dt.date.fromisoformat(m.group(1))
        except ValueError:
            day = None
        found.append((m.start(), m.start(), m.end(), day, False))
    for m in _MONTH_DAY.finditer(text):
        day = (_month_day(m.group(1), m.group(3) or m.group(2), written) if m.group(1)
               else _month_day(m.group(6), m.group(5) or m.group(4), written))
        found.append((m.start(), m.start(), m.end(), day, False))
    for m in _WEEKDAY.finditer(text):
        day = written + relativedelta(weekday=_WEEKDAYS[m.group(2).lower()[:3]])
        found.append((m.start(), m.start(2), m.end(),
                      day + relativedelta(weeks=1) if m.group(1) else day, True))
    for m in _ORDINAL.finditer(text):
        if _ORDINAL_NOUN.match(text, m.end()):
            continue  # "the 3rd floor"
        base = dt.date(written.year, written.month, 1)
        if int(m.group(1)) < written.day:
            base += relativedelta(months=1)
        try:
            day = base.replace(day=int(m.group(1)))
        except ValueError:
            day = None
        found.append((m.start(), m.start(1), m.end(), day, True))
    last = -1
    for start, core, end, got, lead in sorted(found, key=lambda f: f[0]):
        if start >= last and got is not None:
            last = end
            yield start, core, end, got, lead


def _its_day(text: str, written: dt.date, when: dt.date) -> dt.date | None:
    """The event's day: ``when`` unless the text names it only as a deadline, a state's edge,
    a recurring day or a weekday told in the past, so read a week wrong ("off sick from 9 Oct",
    "talk slides by the 12th", "safety talk every thurs", "her dad had a bypass on Friday");
    then the first day it names that is none of these ("her nan died on Sunday. funeral next
    Friday"), or None."""
    kept = [day for start, core, end, day, forward in _mentions(text, written) if not (
        _led_by_deadline(text, core, end) or _RECURRING.search(_clause(text, start, end))
        or (forward and _PAST.search(_clause(text, start, end))))]
    named = any(day == when for *_, day, _ in _mentions(text, written))
    if when in kept or not named:
        return when
    return kept[0] if kept else None


def _clause(text: str, start: int, end: int) -> str:
    """The clause around text[start:end]."""
    first = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    after = _CLAUSE_END.search(text, end)
    return text[first:after.start() if after else len(text)]


def _led_by_deadline(text: str, core: int, end: int) -> bool:
    clause = max((m.end() for m in _CLAUSE_END.finditer(text, 0, core)), default=0)
    if any(m.end() == core for m in _BOOKED.finditer(text, clause, end)):
        return False
    return any(m.end() == core for m in _DEADLINE.finditer(text, clause, end))


def event_day(text: str, written: dt.date) -> dt.date | None:
    """The calendar day ``text`` anchors an event to ("drill 3 Nov", "booked for 25 Oct",
    "trials on 3 October", "recital is thurs"), or None when every day it names is a deadline,
    the day of an action, a recurring day or already past when it was written."""
    found = _event_day(text, written)
    return found[0] if found else None


def _event_day(text: str, written: dt.date) -> tuple[dt.date, str] | None:
    """The event's day and the words that name the event ("swiftwater refresher"; "" when the
    clause does not name it)."""
    for start, core, end, day, needs_lead in _mentions(text, written):
        clause = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
        prefix = text[clause:start]
        booked = any(m.end() == core for m in _BOOKED.finditer(text, clause, end))
        if _led_by_deadline(text, core, end):
            continue
        whole = _clause(text, start, end)
        if day < written or _ACTION.search(prefix) or _RECURRING.search(whole) or _PAST.search(
                whole):
            continue
        # a weekday or "the 12th" reads forward from the note's date: only a clause that says
        # the day is ahead ("recital is thurs") makes it an event's day
        if needs_lead and not booked and not (_DAY_LEAD.search(text[clause:core])
                                              and _AHEAD.search(whole)):
            continue
        return day, _heading(text) if booked else _name(prefix)
    return None


def _heading(text: str) -> str:
    """A short heading the line starts with ("NPLQ - assessor booked for 25 Oct" names "NPLQ"):
    what is booked is no name of the event."""
    m = _HEADING.match(text)
    return m.group(1) if m else ""


def _name(prefix: str) -> str:
    """ "swiftwater refresher" from "swiftwater refresher "; "voice trials" from "registered
    for the voice trials on "."""
    m = _PREP_PHRASE.search(prefix)
    if m and not _VERB_ENDING.search(m.group(1)):
        prefix = prefix[:m.start(1) + len(m.group(1))]  # "first aider training" for the team
    m = _NAME.search(_LEAD_WORDS.sub("", prefix))
    if not m:
        return ""
    said = m.group(1).split()
    while said and any(w.lower() in _NOT_NAME_WORDS for w in said):
        said = said[1:]
    return " ".join(said)


def _whole_month(text: str) -> bool:
    """The event's date is only a month ("due in November"): say the month, not a day."""
    return bool(_MONTH_ONLY.search(text)) and not any(
        p.search(text) for p in (_ISO, _MONTH_DAY, _WEEKDAY, _ORDINAL))
