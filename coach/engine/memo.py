"""Per-history memos, so one brief builds the thread matcher and continuity once.

A brief used to index the person's whole history four times (open-thread repeats, the
no-continuity sign, the focus's waiting ask and its dropped worry). The memo lives on the
``History`` object itself, so it is dropped with it; ``forget`` clears it when states change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from coach.history import History

if TYPE_CHECKING:
    from coach.engine.continuity import Continuity
    from coach.engine.threads import ThreadMatcher

_MATCHER = "_memo_matcher"
_CONTINUITY = "_memo_continuity"


def matcher_for(history: History) -> ThreadMatcher:
    """The ThreadMatcher of ``history`` (it reads lines, never thread states)."""
    from coach.engine.threads import ThreadMatcher

    got = history.__dict__.get(_MATCHER)
    if got is None:
        got = history.__dict__[_MATCHER] = ThreadMatcher(history)
    return got


def continuity_for(history: History, today: dt.date) -> Continuity:
    """``continuity(history, today)``, computed once per history and day."""
    from coach.engine.continuity import continuity

    memo: dict[dt.date, Continuity] = history.__dict__.setdefault(_CONTINUITY, {})
    if today not in memo:
        memo[today] = continuity(history, today, matcher_for(history))
    return memo[today]


def forget(history: History) -> None:
    """Drop the memos (after thread states or lines of ``history`` changed)."""
    history.__dict__.pop(_MATCHER, None)
    history.__dict__.pop(_CONTINUITY, None)
