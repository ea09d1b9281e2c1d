"""/api/notes: add one meeting's notes (the same contract as `coach add`)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, Field

from coach.api.deps import CoachDep
from coach.notes.parse import parse_note
from coach.store.repo import name_key

router = APIRouter(tags=["notes"])


class NoteIn(BaseModel):
    text: str = Field(description="The notes; YAML front matter optional.")
    person: str | None = None
    date: dt.date | None = None
    status: str | None = None
    focus: str | None = None


class NoteOut(BaseModel):
    change: str = Field(description="added, updated or unchanged")
    person: str
    date: dt.date
    meeting_ids: list[int]


@router.post("/notes", response_model=NoteOut, status_code=200)
def add_note(body: NoteIn, coach: CoachDep) -> NoteOut:
    overrides = {"person": body.person, "date": body.date, "status": body.status,
                 "focus": body.focus}
    note = parse_note(body.text, source="request body", overrides=overrides)
    report = coach.add_notes([(note, f"add:{name_key(note.person)}:{note.date.isoformat()}")])
    change = "added" if report.added else "updated" if report.updated else "unchanged"
    return NoteOut(change=change, person=note.person, date=note.date,
                   meeting_ids=report.meeting_ids)
