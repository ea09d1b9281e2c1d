"""Is a meta question (about the 1:1s themselves) due? PRINCIPLES.md practice 5: from time to
time - when it has been a while, or when warning signs appear - never every week."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from coach.contracts import HealthSignal, Source
from coach.extract import lexicon as lx
from coach.history import History

# Due when none was asked in this many held meetings...
META_EVERY_HELD = 6
# ...or for this long (about two months), as long as at least a couple of 1:1s happened since.
META_EVERY_DAYS = 56
META_MIN_HELD_SINCE = 2
# With warning signs it is due sooner: unless one was asked in the last couple of meetings.


class MetaPlan(BaseModel):
    due: bool
    why: str
    last_asked: Source | None = None
    held_since: int = 0
    days_since: int | None = None


def meta_due(history: History, today: dt.date, signals: list[HealthSignal]) -> MetaPlan:
    held = [m for m in history.held if m.date <= today]
    if len(held) < 2:
        return MetaPlan(due=False, why="Too early: ask how the 1:1s work once you have had a few.")
    asked = [m for m in held if m.features.get("meta_asked")]
    last = asked[-1] if asked else None
    since = [m for m in held if last is None or m.date > last.date]
    anchor = last.date if last else held[0].date
    days = (today - anchor).days
    source = None
    if last is not None:
        quote = next((it.quote for it in last.items if lx.META.search(it.quote)), None)
        source = last.source(quote) if quote else None
    when = (f"last asked on {last.date.isoformat()}" if last
            else "never asked in the notes")
    if signals and len(since) >= META_MIN_HELD_SINCE:
        names = ", ".join(s.signal.value.replace("_", " ") for s in signals)
        return MetaPlan(due=True, why=f"Warning signs ({names}); a meta question was {when}.",
                        last_asked=source, held_since=len(since), days_since=days)
    if len(since) >= META_EVERY_HELD or (days >= META_EVERY_DAYS
                                         and len(since) >= META_MIN_HELD_SINCE):
        return MetaPlan(due=True, why=f"It has been {len(since)} 1:1s and {days // 7} weeks "
                        f"({when}).", last_asked=source, held_since=len(since), days_since=days)
    return MetaPlan(due=False, why=f"Not due: {when}, {len(since)} 1:1s ago.",
                    last_asked=source, held_since=len(since), days_since=days)
