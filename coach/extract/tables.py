"""Tables in a note: a markdown table with an owner column ("| Action | Owner | Due |") lists
actions, one a row, each owed by the person in that column.

The summary lists each row as an action (coach/summary/build.py); the extractor makes each row
a thread (coach/extract/items.py): a commitment owed by the owner cell, or, when a cell says it
is done ("| Rota reprinted | Ana | done |"), a closure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.contracts import ItemKind, Party
from coach.extract import ExtractedItem
from coach.extract import lexicon as lx
from coach.extract.cues import ACTION_FOR
from coach.extract.owner import names_report
from coach.notes.parse import NoteLine

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_OWNER_HEADS = frozenset({"owner", "owners", "who", "by", "by whom", "lead", "responsible",
                          "action owner", "assigned to", "assignee"})


def cells(raw: str) -> list[str] | None:
    """The cells of a table row ("| a | b |" -> ["a", "b"]); None when ``raw`` is no row."""
    m = _ROW.match(raw)
    return [c.strip() for c in m.group(1).split("|")] if m else None


@dataclass(frozen=True)
class Row:
    """One row of an actions table: its cells and which of them names the owner."""

    cells: tuple[str, ...]
    owner_at: int

    @property
    def owner(self) -> str:
        return self.cells[self.owner_at]

    @property
    def action(self) -> str:
        """The first cell with words in it that is not the owner (the action itself)."""
        return next((c for i, c in enumerate(self.cells)
                     if i != self.owner_at and re.search(r"[^\W\d_]{2}", c)), "")

    @property
    def others(self) -> tuple[str, ...]:
        """The cells besides the action and the owner (due date, status, notes)."""
        act = self.action
        return tuple(c for i, c in enumerate(self.cells) if i != self.owner_at and c != act)


def action_rows(lines: list[NoteLine]) -> tuple[dict[int, Row], set[int]]:
    """The rows of every table with an owner column (line number -> ``Row``), and the lines
    that are table layout rather than content (none: the parser keeps a table's header row as
    each row's ``table_header`` and drops it and the rule from the lines)."""
    rows: dict[int, Row] = {}
    for line in lines:
        got = cells(line.raw)
        if got is None or line.table_header is None:
            continue
        heads = [c.casefold().rstrip(":") for c in line.table_header]
        column = next((i for i, h in enumerate(heads) if h in _OWNER_HEADS), None)
        if column is not None and column < len(got):
            rows[line.number] = Row(tuple(got), column)
    return rows, set()


def table_rows(lines: list[NoteLine]) -> tuple[dict[int, str], set[int]]:
    """An actions table: (row line number -> its owner cell, the header and rule lines)."""
    rows, chrome = action_rows(lines)
    return {n: r.owner for n, r in rows.items()}, chrome


_MANAGER_CELL = re.compile(r"^(?:me|i|myself|mgr|manager|line manager)\b", re.I)


def cell_party(who: str, first_name: str, person: str | None) -> Party:
    """Who an owner cell names: the manager ("me", or nobody: the writer's own list), the report
    (their name, initials or short form) or someone else (a colleague, a team)."""
    who = who.strip().lstrip("@")
    if not who or _MANAGER_CELL.match(who):
        return Party.manager
    name = re.split(r"[\s/+,&(]", who)[0]
    return Party.report if names_report(name, first_name, person) else Party.other


def row_item(line: NoteLine, row: Row, first_name: str, person: str | None
             ) -> ExtractedItem:
    """One actions-table row as an item: a closure when a cell says it is done ("| Rota
    reprinted | Ana | done |"), a plain note when one says it is not done yet (a mention that
    keeps the earlier action open), otherwise a commitment owed by the owner cell, quoting the
    action cell."""
    said = " ".join(row.others)
    whole = line.text
    if lx.INJECTION.search(whole) or lx.NOT_DONE.search(said) or lx.NOT_DONE.search(row.action):
        kind = ItemKind.note
    elif lx.CLOSURE_STRONG.search(said):
        kind = ItemKind.closure
    else:
        kind = ItemKind.commitment
    if kind is not ItemKind.commitment or not row.action:
        return ExtractedItem(line.number, kind, whole, whole, private=line.private,
                             checkbox=line.checkbox)
    due = lx.DUE.search(said) or lx.DUE.search(row.action)
    # a due column the due rule does not read ("10 Oct", "next 1:1"): a short cell with a digit
    dated = next((c for c in row.others if re.search(r"\d", c) and len(c.split()) <= 3), None)
    return ExtractedItem(line.number, kind, row.action, row.action,
                         party=cell_party(row.owner, first_name, person),
                         due=due.group(0).strip() if due else dated,
                         private=line.private, checkbox=line.checkbox)


def action_label_party(quote: str, line: NoteLine, first_name: str, person: str | None
                       ) -> Party | None:
    """The owner an action label names ("Action for her: update the SOPs", "her action - book
    the course", "AP (me): ..."): the line is that owner's commitment, as under an actions
    heading. None when there is no such label (or the line is ticked, or an injection)."""
    m = ACTION_FOR.match(quote)
    if m is None or line.checkbox == "done" or lx.INJECTION.search(quote):
        return None
    who = (m.group("who") or m.group("who2") or m.group("who3") or "").strip()
    who = re.sub(r"(?:'|’)s$", "", who)
    if who.lower() in ("me", "my", "i", "mine"):
        return Party.manager
    if who.lower() in ("her", "him", "them", "his", "their"):
        return Party.report
    return cell_party(who, first_name, person)
