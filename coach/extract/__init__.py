"""Extract what should carry forward from a parsed note: items, focus, meeting features.

Pure functions of a ``ParsedNote``: no store, no index, no model. ``ExtractedItem.quote`` is
always a substring of the note body so it can be cited as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.contracts import ItemKind, Party


@dataclass(frozen=True)
class ExtractedItem:
    line_no: int
    kind: ItemKind
    text: str
    quote: str
    party: Party | None = None
    due: str | None = None
    private: bool = False
    checkbox: str | None = None
