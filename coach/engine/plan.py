"""The grounded facts a brief is worded from: ``plan_brief(history, today) -> BriefPlan``.

Everything a writer (offline templates or an LLM) may say comes from here, and every claim
about the past carries a ``Source`` (note id, date, quote from that note). The plan is plain
JSON-serialisable pydantic, so an LLM writer can be handed ``plan.model_dump(mode="json")``.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from pydantic import BaseModel

from coach.contracts import HealthSignal, ItemKind, Party, Source, Thread
from coach.engine.checkin import CheckinPlan
from coach.engine.checkin_kept import checkin
from coach.engine.focus import FocusPlan, suggest_focus
from coach.engine.health import health_signals
from coach.engine.memo import facts_for, matcher_for
from coach.engine.meta import MetaPlan, meta_due
from coach.engine.threadwords import thread_tokens
from coach.engine.timebound import as_follow_up
from coach.extract.items import is_injection
from coach.extract.owner import thread_owner
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
    older_threads: list[Thread] = []
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
        owner=thread_owner(it.kind, it.party, it.text),
        status="closed" if it.state == "closed" else "open", since=m.date, due=it.due,
        private=it.private, source=Source(note_id=m.id, date=m.date, quote=it.quote),
        closed_by=closed_by, correction=it.correction,
    )


# The brief shows the few threads that matter: a manager reads it in two minutes.
MAX_THREADS = 8
# Room kept for each side when both have more than their share: what the report raised, and
# what is owed (the manager's promises first).
MIN_ASKS = 4
MIN_OWED = 3


def _thread_rank(t: Thread, party: Party | None) -> tuple:
    """(group, newest first): the report's requests, concerns and growth asks (group 0), then
    commitments owed (manager 1, report 2, someone else 3), then the rest, then topics."""
    if (t.kind, party) in _ORDER:
        group = 0
    elif t.kind is ItemKind.commitment:
        group = 1 if t.owner is Party.manager else 2 if t.owner is Party.report else 3
    elif t.kind is ItemKind.topic:
        group = 5
    else:
        group = 4
    return (group, -t.since.toordinal(), _KIND_ORDER[t.kind], t.id)


def select_threads(ranked: list[tuple[tuple, Thread]], limit: int = MAX_THREADS
                   ) -> list[Thread]:
    """At most ``limit`` threads in rank order, keeping room for both the report's asks and
    the commitments owed when there are more than fit."""
    ranked = sorted(ranked, key=lambda p: p[0])
    asks = [p for p in ranked if p[0][0] == 0]
    owed = [p for p in ranked if p[0][0] in (1, 2, 3)]
    keep = asks[:max(MIN_ASKS, limit - min(len(owed), MIN_OWED))]
    keep += owed[:max(0, limit - len(keep))]
    for p in ranked:
        if len(keep) >= limit:
            break
        if p not in keep:
            keep.append(p)
    return [t for _, t in sorted(keep, key=lambda p: p[0])]


def _repeats(history: History, today: dt.date) -> tuple[set[int], dict[int, dt.date]]:
    facts = facts_for(history, today)
    if facts is not None:
        return facts.repeats, facts.last_said
    repeats, last_said, _ = find_repeats(history, today)
    return repeats, last_said


def find_repeats(history: History, today: dt.date
                 ) -> tuple[set[int], dict[int, dt.date], dict[int, list[int]]]:
    """Open threads that only restate an earlier open one ("we didn't get to the promotion
    stuff"): the earlier one stays, with its original date, the repeat is not listed twice.
    Also: when each open thread was last mentioned (its own date if never again), and the
    meetings that came back to it."""
    matcher = matcher_for(history)
    open_ids = {it.id: (m, it) for m in history.meetings if m.date <= today for it in m.items
                if it.is_thread and it.state == "open"}
    repeats: set[int] = set()
    last_said: dict[int, dt.date] = {}
    mentions: dict[int, list[int]] = {}
    for item_id, (m, it) in open_ids.items():
        last_said[item_id] = m.date
        if item_id in repeats:
            continue
        repeats |= _restated_in_note(m, it, open_ids, matcher.drop)
        lines = matcher.mentions(item_id)
        mentions[item_id] = sorted({line.meeting.id for line in lines})
        for line in lines:
            if line.meeting.date <= today:
                last_said[item_id] = max(last_said[item_id], line.meeting.date)
            later = line.item
            if (later.id in open_ids and later.id != item_id and later.kind is not
                    ItemKind.commitment and later.private == it.private
                    and later.party == it.party and _same_family(it.kind, later.kind)):
                repeats.add(later.id)
    return repeats, last_said, mentions


# A later commitment in the same note restates an earlier one when at least this share of its
# words (the matcher's dropped words aside: the person's names and pronouns) are the earlier one's.
RESTATED_SHARE = 0.75


def _restated_in_note(m: MeetingRecord, first: ItemRecord,
                      open_ids: dict[int, tuple[MeetingRecord, ItemRecord]],
                      drop: set[str]) -> set[int]:
    """Commitments that restate ``first`` later in the same note: the body says "lates still
    not sorted, Gareth says Dec rota → me, push him this wk" and the note's actions list ends
    "me → push Gareth re the lates rota". The matcher compares a thread with later notes only,
    and across notes a later commitment on the same topic is often a new step (ask, then book),
    so only the same note's restatements are repeats; the first, fuller line stays."""
    if first.kind is not ItemKind.commitment:
        return set()
    words = thread_tokens(first.quote, drop)
    found: set[int] = set()
    for later in m.items:
        if (later.id <= first.id or later.id not in open_ids or later.kind is not
                ItemKind.commitment or later.party != first.party
                or later.private != first.private):
            continue
        own = thread_tokens(later.quote, drop)
        if len(own) >= 2 and len(own & words) >= RESTATED_SHARE * len(own):
            found.add(later.id)
    return found


def _same_family(a: ItemKind, b: ItemKind) -> bool:
    asks = {ItemKind.request, ItemKind.growth, ItemKind.topic}
    return a == b or (a in asks and b in asks)


# A thread nobody has mentioned for this long goes to the brief's "older" part.
OLDER_AFTER_DAYS = 180


@dataclass
class OpenThreads:
    """Every open thread as of a day, in brief order: ``shown`` (at most MAX_THREADS, the
    brief's main list) and ``older`` (the rest: over the cap, or not mentioned for
    OLDER_AFTER_DAYS). ``people``, ``brief`` and ``ask`` all count ``all``."""

    shown: list[Thread]
    older: list[Thread]

    @property
    def all(self) -> list[Thread]:
        return self.shown + self.older


def all_open_threads(history: History, today: dt.date) -> OpenThreads:
    """The one definition of a person's open threads as of ``today``: thread lines still open
    (after the manager's corrections), dated on or before today, not an instruction-like
    line, not a restatement of an earlier open thread."""
    repeats, last_said = _repeats(history, today)
    ranked: list[tuple[tuple, Thread]] = []
    stale: list[tuple[tuple, Thread]] = []
    for m in history.meetings:
        if m.date > today:
            continue
        for it in m.items:
            if not it.is_thread or it.state != "open" or is_injection(it.quote) or (
                    it.id in repeats):
                continue
            t = as_follow_up(to_thread(m, it, history), m.date, today)
            pair = (_thread_rank(t, it.party), t)
            if (today - last_said.get(it.id, m.date)).days > OLDER_AFTER_DAYS:
                stale.append(pair)
            else:
                ranked.append(pair)
    shown = select_threads(ranked)
    shown_ids = {t.id for t in shown}
    older = [t for _, t in sorted(
        [p for p in ranked if p[1].id not in shown_ids] + stale, key=lambda p: p[0])]
    return OpenThreads(shown=shown, older=older)


def open_threads(history: History, today: dt.date) -> list[Thread]:
    """Open threads as of ``today`` (at most ``MAX_THREADS``), report's asks and concerns
    first, then commitments owed."""
    return all_open_threads(history, today).shown


def plan_brief(history: History, today: dt.date) -> BriefPlan:
    names = history.person.split()
    first = names[0] if names else history.person
    held = [m for m in history.held if m.date <= today]
    found = all_open_threads(history, today)
    threads = found.shown
    report_topics = [t for t in threads if not t.private and t.kind in (
        ItemKind.request, ItemKind.growth, ItemKind.topic) and t.owner in (None, Party.report)
        and (t.kind is not ItemKind.topic or _party_of(history, t) is Party.report)]
    signals = health_signals(history, today)
    last_held = held[-1].date if held else None
    return BriefPlan(
        person=history.person, first_name=first, today=today, held_meetings=len(held),
        first_meeting=not held, last_held=last_held, threads=threads,
        older_threads=found.older,
        report_topics=report_topics,
        checkin=checkin(history, today, last_held),  # pick_checkin over the kept lines
        focus=suggest_focus(history, today, threads, signals),
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
