"""The shape of one held 1:1 as the warning signs read it: did it touch the person, how much of
it was status, was it task talk only.

The per-meeting features stored at ingest (coach/extract/features.py) are read first; these
checks only ADD what they miss, so a relationship that was healthy stays healthy:

- a check-in on the person counts only when the line is about the report's own life
  (coach/engine/personal_view.py): "weekend cover for the black friday queue", "home broadband
  fault calls" and "holiday rota" are work, not a check-in;
- a line that reports a measurement ("pick rate 112/hr", "renewals 4/6", "agency down to 11",
  "variance 0.4%") is status even when no status word is in it;
- a meeting of task lines only, with no focus written down or inferred, has the delivery
  shape.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coach.contracts import FocusArea, ItemKind
from coach.engine.personal_view import personal_view
from coach.extract import lexicon as lx
from coach.extract.features import is_injection_line, is_person_line, is_status_line, memoized
from coach.history import ItemRecord, MeetingRecord

# A measurement: a rate, a ratio, a percentage, a count of things, a change of a count
# ("4 trailers -> 1", "down to 11", "+30%", "22 items"). Dates ("the 20th", "nov 27-28",
# "5-12 jan") are not measurements.
METRIC = re.compile(
    r"\d+(?:[.,]\d+)?\s*%|"  # 85%, 0.4 %
    r"(?<![\w/])\d+(?:[.,]\d+)?\s*/\s*(?:\d+|hr|h|hour|day|wk|week|min)\b|"  # 4/6, 112/hr
    r"(?:->|→)\s*\d|"  # 4 trailers -> 1
    r"\b(?:up|down|dropped|rose|fell|back) (?:to|from|by) \d|"  # down to 11
    r"(?<!\w)[+-]\d|"  # +30
    r"\b\d+(?:[.,]\d+)?\s*(?:k|m|x)\b|"  # 2.3x, 40k
    r"\b\d+(?:[.,]\d+)?\s*(?:s|secs?|mins?)\s+(?:avg|average|mean|median)\b|"  # 11s avg
    r"\b(?:overtime|ot|hours|agency|sickness|absence) \d+(?:[.,]\d+)?\s*(?:h|hrs?|hours)\b(?!\d)|"
    # a count under its label, the whole line: "incidents: 29", "sickness: 1 day", "calls:
    # 1,240 (quiet week)"; not a date ("deadline: 20 Nov")
    r"^\s*(?:[-*•]\s*)?[a-z][a-z &/-]{1,30}:\s*\d[\d,.]*\s*"
    r"(?:%|(?!(?:am|pm)\b)[a-z]{1,6}\b)?(?<!st)(?<!nd)(?<!rd)(?<!th)(?:\s*\([^)]*\))?\s*$(?<!jan)(?<!feb)(?<!mar)(?<!apr)(?<!may)(?<!jun)"
    r"(?<!jul)(?<!aug)(?<!sep)(?<!oct)(?<!nov)(?<!dec)(?<!\d[ap]m)|"
    r"\b(?:times?|avg|average|mean|median) (?:[a-z]+ )?(?:back )?(?:to |of |at |now |is )?"
    r"\d+(?:[.,]\d+)?\s*"
    r"(?:s|secs?|seconds|mins?|minutes)\b|"  # answer time 12s
    r"\b\d+ of (?:the )?(?:last )?\d+\b|"  # 55 of 60
    r"\b\d+(?:[.,]\d+)?\s*(?:kg|g|l|litres?|liters?|km|miles?|tonnes?|t|lbs?)\s*/\s*"
    r"(?:day|d|wk|week|shift|hr|h|hour|month|mo)\b|"  # waste 14kg/day
    r"[£$€]\s?\d+(?:[.,]\d+)?\s*[km]?\s+(?:over|under|up|down|short|behind|ahead)\b|"  # £140 over
    r"\b\d\s*stars?\b(?![ -](?:hotel|restaurant|resort|review|place))|"  # EHO visit: 5 stars
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|a dozen) "
    r"(?:[a-z]+ )?[a-z]{2,}s\b"  # 22 items, 60 rooms, three complaints; not a span of time:
    r"(?<!days)(?<!weeks)(?<!wks)(?<!months)(?<!years)(?<!hours)(?<!hrs)(?<!mins)|"
    r"\b(?:at|is|was|now|still|only|target|rate|score|scores|count|headcount|volume|volumes|"
    r"aht|csat|nps|sla|qa) \d+(?:[.,:]\d+)?\b(?!\s*(?:st|nd|rd|th|am|pm|jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)\b)",
    re.I)
# Kinds of task talk: a meeting of only these (and no line about the person) is task talk.
TASK_ONLY_KINDS = frozenset({ItemKind.note, ItemKind.closure, ItemKind.commitment})


def first_name(person: str) -> str | None:
    return person.split()[0] if person.split() else None


def _shared(m: MeetingRecord) -> list[ItemRecord]:
    return [it for it in m.items if not it.private and not is_injection_line(it.quote)]


@lru_cache(maxsize=8192)
def person_line(text: str, first: str | None) -> bool:
    """A check-in on the person: a person cue on the report's own life, not a work sense."""
    return is_person_line(personal_view(text, first))


# Talking with the person about them: what makes an observed mood part of a check-in.
_TALKED = re.compile(r"\b(?:asked|talked|chatted|check(?:ed)?[- ]in|how (?:she|he|they|is|are|was)|"
                     r"we (?:discussed|spoke))\b", re.I)


def observed_only(text: str) -> bool:
    """A mood the manager only noticed ("Rhys: nothing to add. Seemed flat."): nobody asked,
    nothing was said, so it is not a check-in on the person."""
    return bool(lx.OBSERVED.search(text) and not lx.SAID.search(text)
                and not _TALKED.search(text) and not lx.LIFE.search(text))


def person_checkin(m: MeetingRecord, first: str | None) -> bool:
    """Did this held 1:1 check in on the person? Both the stored feature and the line-level
    view must agree ("weekend overtime sheet out" set the feature; it is not a check-in), and
    a mood the manager only observed is not one."""
    if not m.features.get("person_checkin"):
        return False
    return any(person_line(it.quote, first) and not observed_only(it.quote)
               for it in _shared(m))


def metric_line(text: str) -> bool:
    """A line that reports a measurement: "pick rate 117/hr", "cert renewals 5/6"."""
    return memoized("m", text, METRIC.search)  # (kept with the warning-sign inputs)


def status_share(m: MeetingRecord, first: str | None) -> float:
    """Share of the meeting's lines that are status: the stored share, or (when higher) the
    share counting measurement lines too."""
    stored = float(m.features.get("status_share", m.features.get("status_line_ratio", 0.0)))
    items = _shared(m)
    if not items:
        return stored
    status = [it for it in items if not person_line(it.quote, first) and (
        is_status_line(it.quote) or metric_line(it.quote))]
    return max(stored, len(status) / len(items))


def task_only(m: MeetingRecord, first: str | None) -> bool:
    """Nothing but task talk: no line about the person, nothing the report asked for, worried
    about or wants to grow in."""
    items = _shared(m)
    return bool(items) and all(it.kind in TASK_ONLY_KINDS and not person_line(it.quote, first)
                               for it in items)


def shape(m: MeetingRecord, first: str | None) -> FocusArea | None:
    """The focus the meeting had: the one written down or inferred, else (no cue for any
    area) delivery when it was task talk only ("mocks marked 120/180", "moderation sample
    picked")."""
    if m.effective_focus is not None:
        return m.effective_focus
    return FocusArea.delivery if task_only(m, first) else None
