"""Extract what should carry forward from a parsed note: items, focus, meeting features.

Pure functions of a ``ParsedNote``: no store, no index, no embedding model (the small fitted
line models in coach/rules/models are numpy only). ``ExtractedItem.quote`` is
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
    # What decided the kind/owner when the fitted line models overrode the rules, in words
    # ("fitted kind commitment (0.93): 'I'll', a deadline"); "" when the rules decided.
    decided_by: str = ""
