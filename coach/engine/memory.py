"""Build a ``History`` straight from parsed notes, without a store.

The same steps ingest runs (extract items, classify focus, meeting features, resolve threads),
in memory: for tests, benchmarks and tools that want a brief from a folder of notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.contracts import THREAD_KINDS
from coach.engine.threads import resolve_threads
from coach.extract.features import meeting_features
from coach.extract.focus import classify_focus
from coach.extract.items import extract_items
from coach.history import History, ItemRecord, MeetingRecord
from coach.notes.parse import ParsedNote


def history_from_notes(notes: Sequence[ParsedNote], person_id: int = 1) -> History:
    """One person's history from their notes (any order; sorted by date like the store)."""
    if not notes:
        raise ValueError("history_from_notes needs at least one note")
    ordered = sorted(enumerate(notes), key=lambda p: (p[1].date, p[0]))
    meetings: list[MeetingRecord] = []
    next_item = 1
    for mid, (_, note) in enumerate(ordered, start=1):
        items = extract_items(note)
        records = []
        for it in items:
            is_thread = it.kind in THREAD_KINDS
            records.append(ItemRecord(
                id=next_item, meeting_id=mid, line_no=it.line_no, kind=it.kind, text=it.text,
                quote=it.quote, party=it.party, due=it.due, private=it.private,
                checkbox=it.checkbox,
                state=("closed" if it.checkbox == "done" else "open") if is_thread else "info",
            ))
            next_item += 1
        meetings.append(MeetingRecord(
            id=mid, date=note.date, status=note.status, body=note.body, focus=note.focus,
            focus_inferred=classify_focus(note), title=note.title,
            features=meeting_features(note, items), items=records,
        ))
    history = History(person_id=person_id, person=ordered[0][1].person, meetings=meetings)
    by_id = {it.id: it for m in meetings for it in m.items}
    for item_id, state, closed_by, quote in resolve_threads(history):
        rec = by_id[item_id]
        rec.state, rec.closed_by_meeting_id, rec.closed_quote = state, closed_by, quote
    return history
