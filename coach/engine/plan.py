"""The grounded facts a brief is worded from: ``plan_brief(history, today) -> BriefPlan``.

Everything a writer (offline templates or an LLM) may say comes from here, and every claim
about the past carries a ``Source`` (note id, date, quote from that note). The plan is plain
JSON-serialisable pydantic, so an LLM writer can be handed ``plan.model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
import zlib

from pydantic import BaseModel

from coach.contracts import HealthSignal, ItemKind, Party, Source, Thread
from coach.engine.checkin import CheckinPlan, pick_checkin
from coach.engine.focus import FocusPlan, suggest_focus
from coach.engine.health import health_signals
from coach.engine.meta import MetaPlan, meta_due
from coach.engine.threads import ThreadMatcher
from coach.extract.items import is_injection
from coach.history import History, ItemRecord, MeetingRecord

# Report-side threads (what they asked for or shared) come first, then who owes what.
_ORDER = {
    (ItemKind.request, Party.report): 0, (ItemKind.concern, Party.report): 1,
    (ItemKind.growth, Party.report): 2,
}
_KIND_ORDER = {ItemKind.request: 0, ItemKind.concern: 1, ItemKind.growth: 2,
               ItemKind.commitment: 3, ItemKind.topic: 4}


class BriefPlan(BaseModel):
    person: str
    first_name: str
    today: dt.date
    held_meetings: int
    first_meeting: bool
    last_held: dt.date | None = None
    threads: list[Thread]
    report_topics: list[Thread]
    checkin: CheckinPlan
    focus: FocusPlan
    meta: MetaPlan
    health: list[HealthSignal]
    seed: int


def to_thread(m: MeetingRecord, it: ItemRecord, history: History) -> Thread:
    closed_by = None
    if it.state == "closed" and it.closed_by_meeting_id is not None and it.closed_quote:
        try:
            closer = history.meeting(it.closed_by_meeting_id)
            closed_by = Source(note_id=closer.id, date=closer.date, quote=it.closed_quote)
        except KeyError:
            closed_by = None
    return Thread(
        id=it.id, text=it.text, kind=it.kind,
        owner=it.party if it.kind is ItemKind.commitment else None,
        status="closed" if it.state == "closed" else "open", since=m.date, due=it.due,
        private=it.private, source=Source(note_id=m.id, date=m.date, quote=it.quote),
        closed_by=closed_by,
    )


def _thread_rank(t: Thread, party: Party | None) -> tuple:
    group = _ORDER.get((t.kind, party), 3 + _KIND_ORDER[t.kind])
    if t.kind is ItemKind.commitment:
        group = 6 if t.owner is Party.manager else 7 if t.owner is Party.report else 8
    if t.kind is ItemKind.topic:
        group = 9
    return (group, -t.since.toordinal(), t.id)


def _repeats(history: History, today: dt.date) -> set[int]:
    """Open threads that only restate an earlier open one ("we didn't get to the promotion
    stuff"): the earlier one stays, with its original date, the repeat is not listed twice."""
    matcher = ThreadMatcher(history)
    open_ids = {it.id: it for m in history.meetings if m.date <= today for it in m.items
                if it.is_thread and it.state == "open"}
    repeats: set[int] = set()
    for item_id, it in open_ids.items():
        if item_id in repeats:
            continue
        for line in matcher.mentions(item_id):
            later = line.item
            if (later.id in open_ids and later.id != item_id and later.kind is not
                    ItemKind.commitment and later.private == it.private
                    and later.party == it.party and _same_family(it.kind, later.kind)):
                repeats.add(later.id)
    return repeats


def _same_family(a: ItemKind, b: ItemKind) -> bool:
    asks = {ItemKind.request, ItemKind.growth, ItemKind.topic}
    return a == b or (a in asks and b in asks)


def open_threads(history: History, today: dt.date) -> list[Thread]:
    """Open threads as of ``today``, report's asks and concerns first, then commitments."""
    repeats = _repeats(history, today)
    ranked: list[tuple[tuple, Thread]] = []
    for m in history.meetings:
        if m.date > today:
            continue
        for it in m.items:
            if not it.is_thread or it.state != "open" or is_injection(it.quote) or (
                    it.id in repeats):
                continue
            t = to_thread(m, it, history)
            ranked.append((_thread_rank(t, it.party), t))
    return [t for _, t in sorted(ranked, key=lambda p: p[0])]


def plan_brief(history: History, today: dt.date) -> BriefPlan:
    names = history.person.split()
    first = names[0] if names else history.person
    held = [m for m in history.held if m.date <= today]
    threads = open_threads(history, today)
    report_topics = [t for t in threads if not t.private and t.kind in (
        ItemKind.request, ItemKind.growth, ItemKind.topic) and t.owner in (None, Party.report)
        and (t.kind is not ItemKind.topic or _party_of(history, t) is Party.report)]
    signals = health_signals(history, today)
    last_held = held[-1].date if held else None
    return BriefPlan(
        person=history.person, first_name=first, today=today, held_meetings=len(held),
        first_meeting=not held, last_held=last_held, threads=threads,
        report_topics=report_topics,
        checkin=pick_checkin(history, today, last_held),
        focus=suggest_focus(history, today, threads),
        meta=meta_due(history, today, signals), health=signals,
        seed=zlib.crc32(f"{history.person.casefold()}|{today.isoformat()}".encode()),
    )


def _party_of(history: History, t: Thread) -> Party | None:
    for m in history.meetings:
        if m.id == t.source.note_id:
            for it in m.items:
                if it.id == t.id:
                    return it.party
    return None
