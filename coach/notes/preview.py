"""What coach reads in a note before it is saved: threads it opens, threads it closes,
private lines. Runs the real ingest steps in a transaction that is rolled back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.notes.parse import ParsedNote


@dataclass
class NotePreview:
    person: str
    date: str
    new_person: bool
    opens: list[tuple[str, bool]] = field(default_factory=list)  # (thread, private)
    closes: list[tuple[str, str]] = field(default_factory=list)  # (thread, closing line)
    lines: list[tuple[str, bool]] = field(default_factory=list)  # (raw line, private)


def preview_note(coach: Any, note: ParsedNote) -> NotePreview:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from coach.service import resolve_person_threads, store_note
    from coach.store.repo import Repo, name_key
    from coach.store.tables import Item, Person
    from coach.summary.audience import private_line_numbers

    with Session(coach.db.engine) as session:
        session.begin()
        try:
            repo = Repo(session, coach.owner)
            existed = session.scalars(select(Person).where(
                Person.owner == coach.owner, Person.name_key == name_key(note.person))).first()
            before = {i.id for i in repo.all_items(existed.id)} if existed else set()
            open_before = {i.id for i in repo.all_items(existed.id) if i.state == "open"} \
                if existed else set()
            meeting, _ = store_note(repo, note, f"preview:{note.content_hash}")
            resolve_person_threads(repo, meeting.person)
            history = repo.history(meeting.person)
            record = history.meeting(meeting.id)
            hidden = private_line_numbers(record)
            out = NotePreview(note.person, note.date.isoformat(), existed is None)
            out.opens = [(i.text, i.private or i.line_no in hidden) for i in record.items
                         if i.is_thread and i.state == "open"]
            for row in session.scalars(select(Item).where(Item.id.in_(open_before))):
                if row.id in before and row.state == "closed" \
                        and row.closed_by_meeting_id == meeting.id:
                    out.closes.append((row.text, row.closed_quote or ""))
            out.lines = [(raw, n in hidden) for n, raw in enumerate(note.body.splitlines(), 1)]
            return out
        finally:
            session.rollback()
