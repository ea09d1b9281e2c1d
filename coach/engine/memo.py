"""Per-history memos and facts, so a brief does not re-index a long history.

Within one brief the thread matcher and continuity are built once (the memo lives on the
``History`` object, so it goes with it). Across briefs, ``Facts`` hold what the matcher finds
in a history whatever the day (restatements, when each open thread was last mentioned, the
1:1s that came back to each line, continuity per line): computed at ingest, stored with the
person (coach/store/person_state.py) and applied to any later day. They are used only for
the exact history they were computed from (``fingerprint``) and for days on or after its last
note, where applying them gives the same result as computing from scratch
(tests/state/test_incremental.py checks this on every dev scenario).
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coach.history import History, days_before

if TYPE_CHECKING:
    from coach.engine.continuity import Continuity, ItemFacts
    from coach.engine.threads import ThreadMatcher

_MATCHER = "_memo_matcher"
_CONTINUITY = "_memo_continuity"
_FACTS = "_memo_facts"


def matcher_for(history: History) -> ThreadMatcher:
    """The ThreadMatcher of ``history`` (it reads lines, never thread states)."""
    from coach.engine.threads import ThreadMatcher

    got = history.__dict__.get(_MATCHER)
    if got is None:
        got = history.__dict__[_MATCHER] = ThreadMatcher(history)
    return got


def continuity_for(history: History, today: dt.date) -> Continuity:
    """``continuity(history, today)``, computed once per history and day."""
    from coach.engine.continuity import continuity, continuity_from_facts

    memo: dict[dt.date, Continuity] = history.__dict__.setdefault(_CONTINUITY, {})
    if today not in memo:
        facts = facts_for(history, today)
        memo[today] = (continuity_from_facts(history, today, facts.continuity) if facts
                       else continuity(history, today, matcher_for(history)))
    return memo[today]


def forget(history: History) -> None:
    """Drop the memos and facts (after thread states or lines of ``history`` changed)."""
    for key in (_MATCHER, _CONTINUITY, _FACTS):
        history.__dict__.pop(key, None)


def keep_matcher(history: History, matcher: ThreadMatcher) -> None:
    """Put back ``history``'s matcher after only its thread states changed (``set_states``
    forgets every memo): the matcher reads lines, never states, so the facts computed next
    need no second index of the same lines."""
    history.__dict__[_MATCHER] = matcher


def fingerprint(history: History) -> int:
    """Identity of a history's content for the facts: meetings, items, their states."""
    crc = 0
    for m in history.meetings:
        crc = zlib.crc32(f"m{m.id}:{m.date}:{m.status.value}:{len(m.items)};".encode(), crc)
        for it in m.items:
            crc = zlib.crc32(f"{it.id}:{it.kind.value}:{it.state};".encode(), crc)
    return crc


@dataclass
class Facts:
    fingerprint: int
    last_date: dt.date | None
    repeats: set[int]
    last_said: dict[int, dt.date]
    mentions: dict[int, list[int]]  # open thread -> meetings that came back to it
    continuity: dict[int, ItemFacts]
    item_ids: set[int]  # every item of the history they were computed from
    # Check-in candidates (coach/engine/checkin_kept.py): the state each item was judged in,
    # and the items ``pick_checkin`` can choose at all.
    checkin_judged: dict[int, str] = field(default_factory=dict)
    checkin: set[int] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "last_date": self.last_date.isoformat() if self.last_date else None,
            "repeats": sorted(self.repeats),
            "last_said": {str(k): v.isoformat() for k, v in self.last_said.items()},
            "mentions": {str(k): v for k, v in self.mentions.items()},
            "continuity": {str(k): [f.echo_earlier, [d.isoformat() for d in f.seen], f.handled]
                           for k, f in self.continuity.items()},
            "item_ids": sorted(self.item_ids),
            "checkin_judged": {str(k): v for k, v in self.checkin_judged.items()},
            "checkin": sorted(self.checkin),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Facts:
        from coach.engine.continuity import ItemFacts

        day = dt.date.fromisoformat
        return cls(
            fingerprint=int(data["fingerprint"]),
            last_date=day(data["last_date"]) if data["last_date"] else None,
            repeats={int(i) for i in data["repeats"]},
            last_said={int(k): day(v) for k, v in data["last_said"].items()},
            mentions={int(k): [int(i) for i in v] for k, v in data["mentions"].items()},
            continuity={int(k): ItemFacts(bool(e), [day(d) for d in seen], bool(h))
                        for k, (e, seen, h) in data["continuity"].items()},
            item_ids={int(i) for i in data.get("item_ids", [])},
            checkin_judged={int(k): v for k, v in data.get("checkin_judged", {}).items()},
            checkin={int(i) for i in data.get("checkin", [])},
        )


def compute_facts(history: History, previous: Facts | None = None) -> Facts:
    """The day-independent findings of the matcher over ``history`` (see module doc); the
    per-line check-in verdicts of ``previous`` (the person's facts before this change) are
    reused for lines they judged in the same state."""
    from coach.engine.checkin_kept import judge_checkin
    from coach.engine.continuity import CONTINUITY_WINDOW_DAYS, continuity_facts
    from coach.engine.plan import find_repeats

    last = history.meetings[-1].date if history.meetings else None
    repeats, last_said, mentions = find_repeats(history, dt.date.max)
    since = days_before(last, CONTINUITY_WINDOW_DAYS) if last else dt.date.min
    judged, candidates = judge_checkin(
        history, previous.checkin_judged if previous else {},
        previous.checkin if previous else set())
    return Facts(fingerprint(history), last, repeats, last_said, mentions,
                 continuity_facts(history, since, matcher_for(history)),
                 {it.id for m in history.meetings for it in m.items}, judged, candidates)


def attach_facts(history: History, facts: Facts) -> bool:
    """Use ``facts`` for ``history`` if they were computed from exactly this content."""
    if facts.fingerprint != fingerprint(history):
        return False
    history.__dict__[_FACTS] = facts
    return True


def attach_facts_unchecked(tail: History, facts: Facts) -> None:
    """Attach ``facts`` to a tail of the history they were computed from (the caller checked
    it: same last note, no item the facts do not know). Only the warning signs use this."""
    tail.__dict__[_FACTS] = facts


def attached_facts(history: History) -> Facts | None:
    """The attached facts whatever the day (for day-independent parts: ``mentions``)."""
    return history.__dict__.get(_FACTS)


def facts_for(history: History, today: dt.date) -> Facts | None:
    """The attached facts, if they apply on ``today`` (no note after it)."""
    facts: Facts | None = history.__dict__.get(_FACTS)
    if facts is None or (facts.last_date is not None and today < facts.last_date):
        return None
    return facts
