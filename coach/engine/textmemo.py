"""Memoized copies of the pure text functions the thread matcher calls (speed only).

Deciding a person's threads reads the whole history (word weights are over all their lines),
so every add re-decides every thread; what makes that affordable on a long history is that
almost all of the work is per line and depends only on the line's text: its tokens, whether
it says something happened, the verb and object of a commitment, its clauses. Those are pure
functions of their arguments, so remembering them per process (bounded LRU) changes no
decision: only the cross-line matching, which depends on the whole history, is redone.

Callers get fresh mutable copies (sets, lists), as from the original functions.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from coach.engine import closure as _closure
from coach.engine import textmatch as _textmatch
from coach.engine import timebound as _timebound
from coach.extract import features as _features
from coach.extract import items as _items

if TYPE_CHECKING:
    from collections.abc import Iterable

    from coach.contracts import ItemKind

# Lines of a few long histories (each line is asked about under a handful of variants).
CACHE_SIZE = 1 << 16


@lru_cache(maxsize=CACHE_SIZE)
def _tokens(text: str, drop: frozenset[str]) -> frozenset[str]:
    return frozenset(_textmatch.tokens(text, drop))


def tokens(text: str, drop: Iterable[str] = ()) -> set[str]:
    """``textmatch.tokens``, memoized (a new set each call: callers may change it)."""
    return set(_tokens(text, frozenset(drop)))


@lru_cache(maxsize=CACHE_SIZE)
def closes_text(text: str, checkbox: str | None, kind: ItemKind | None = None, *,
                wellbeing: bool = False) -> bool:
    return _closure.closes_text(text, checkbox, kind, wellbeing=wellbeing)


@lru_cache(maxsize=CACHE_SIZE)
def did_own_verb(verb: str | None, text: str) -> bool:
    return _closure.did_own_verb(verb, text)


@lru_cache(maxsize=CACHE_SIZE)
def thread_verb(text: str) -> str | None:
    return _closure.thread_verb(text)


@lru_cache(maxsize=CACHE_SIZE)
def object_phrase(text: str) -> str | None:
    return _closure.object_phrase(text)


@lru_cache(maxsize=CACHE_SIZE)
def partial(text: str) -> bool:
    return _closure.partial(text)


@lru_cache(maxsize=CACHE_SIZE)
def _clauses(text: str) -> tuple[str, ...]:
    return tuple(_closure.clauses(text))


def clauses(text: str) -> list[str]:
    return list(_clauses(text))


@lru_cache(maxsize=CACHE_SIZE)
def _outcome_clauses(text: str, checkbox: str | None) -> tuple[str, ...]:
    return tuple(_closure.outcome_clauses(text, checkbox))


def outcome_clauses(text: str, checkbox: str | None = None) -> list[str]:
    return list(_outcome_clauses(text, checkbox))


@lru_cache(maxsize=CACHE_SIZE)
def is_injection(text: str) -> bool:
    return _items.is_injection(text)


@lru_cache(maxsize=CACHE_SIZE)
def is_status_line(text: str) -> bool:
    return _features.is_status_line(text)


@lru_cache(maxsize=CACHE_SIZE)
def without_cues(text: str) -> str:
    """``text`` with its completion and progress cues blanked (``closure.CUES``)."""
    return _closure.CUES.sub(" ", text)


@lru_cache(maxsize=CACHE_SIZE)
def without_answer_cues(text: str) -> str:
    """``text`` with "explained / answered / told her" blanked (``closure.ANSWER_ONLY``)."""
    return _closure.ANSWER_ONLY.sub(" ", text)


@lru_cache(maxsize=CACHE_SIZE)
def event_date(text: str, written: dt.date) -> dt.date | None:
    return _timebound.event_date(text, written)
