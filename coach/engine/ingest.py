"""The one ingest path, without storage: what is derived from a note, and thread states.

The store (coach/service.py ``store_note`` / coach/store/person_state.py) and the in-memory
engine (coach/engine/memory.py: tests, benchmarks) both call these, so a stored history and
an in-memory one of the same notes are derived by the same steps and the same version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.contracts import FocusArea
from coach.engine.corrections import State, apply_corrections
from coach.engine.version import engine_version
from coach.extract import ExtractedItem
from coach.history import History
from coach.notes.parse import ParsedNote


@dataclass
class Derived:
    """What the rules and models make of one note; ``version`` made it."""

    items: list[ExtractedItem]
    focus: FocusArea | None
    features: dict[str, Any]
    version: str


def derive_note(note: ParsedNote) -> Derived:
    from coach.extract.features import meeting_features
    from coach.extract.focus import classify_focus
    from coach.extract.items import extract_items

    items = list(extract_items(note))
    return Derived(items, classify_focus(note), meeting_features(note, items), engine_version())


def resolve_states(history: History, actions: Mapping[int, str] | None = None) -> list[State]:
    """Every thread's state from the whole history, then the manager's corrections."""
    from coach.engine.threads import resolve_threads

    return apply_corrections(resolve_threads(history), actions or {})


def set_states(history: History, states: list[State], actions: Mapping[int, str] | None = None
               ) -> None:
    """Write ``states`` (and which correction applied) onto the history's item records."""
    from coach.engine.memo import forget

    forget(history)
    actions = actions or {}
    by_id = {it.id: it for m in history.meetings for it in m.items}
    for item_id, state, closed_by, quote in states:
        rec = by_id.get(item_id)
        if rec is not None:
            rec.state, rec.closed_by_meeting_id, rec.closed_quote = state, closed_by, quote
            rec.correction = actions.get(item_id)
