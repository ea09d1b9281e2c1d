"""The manager's corrections on top of the engine's thread states (pure: no SQL).

``done`` and ``dismiss`` close a thread whatever the notes say; ``reopen`` keeps it open even
when a later line reads as closing it. Corrections are applied after ``resolve_threads``
wherever thread states are decided, so every surface sees the same state.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Literal

Action = Literal["done", "dismiss", "reopen"]
ACTIONS: tuple[str, ...] = ("done", "dismiss", "reopen")
State = tuple[int, str, int | None, str | None]

_WORD = re.compile(r"\w+")


def normalize_quote(quote: str) -> str:
    """Case, punctuation, checkbox marks and spacing do not change which line it is."""
    return " ".join(_WORD.findall(quote.casefold()))


def quote_hash(quote: str) -> str:
    return hashlib.sha256(normalize_quote(quote).encode()).hexdigest()


def apply_corrections(states: Iterable[State], actions: Mapping[int, str]) -> list[State]:
    """``states`` from ``resolve_threads`` with the corrections (item id -> action) applied."""
    out: list[State] = []
    for item_id, state, closed_by, quote in states:
        action = actions.get(item_id)
        if action in ("done", "dismiss") and state != "closed":
            state, closed_by, quote = "closed", None, None
        elif action == "reopen":
            state, closed_by, quote = "open", None, None
        out.append((item_id, state, closed_by, quote))
    return out
