"""Build a ``History`` straight from parsed notes, without a store.

The same steps ingest runs (coach/engine/ingest.py: derive each note, resolve threads),
in memory: for tests, benchmarks and tools that want a brief from a folder of notes.
"""

from __future__ import annotations

from collections.abc import Sequence

from coach.contracts import THREAD_KINDS
from coach.engine.ingest import derive_note, resolve_states, set_states
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
        derived = derive_note(note)
        records = []
        for it in derived.items:
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
            focus_inferred=derived.focus, title=note.title,
            features=derived.features, items=records,
        ))
    history = History(person_id=person_id, person=ordered[0][1].person, meetings=meetings)
    set_states(history, resolve_states(history))
    return history
