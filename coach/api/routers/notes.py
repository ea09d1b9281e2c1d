"""/api/notes: add one meeting's notes (the same contract as `coach add`)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, Field

from coach.api.deps import CoachDep
from coach.errors import CoachError
from coach.notes.limits import Limits
from coach.notes.parse import parse_note
from coach.store.repo import name_key

router = APIRouter(tags=["notes"])


class NoteIn(BaseModel):
    text: str = Field(description="The notes; YAML front matter optional. At most "
                      "COACH_NOTE_MAX_BYTES (1 MB by default).")
    person: str = Field(min_length=1, max_length=200,
                        description="Who the 1:1 was with (overrides the front matter).")
    date: dt.date | None = Field(default=None, description="YYYY-MM-DD; else the front matter's.")
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
    note = parse_note(body.text, source="request body", overrides=overrides,
                      limits=Limits.from_settings(coach.settings))
    report = coach.add_notes([(note, f"add:{name_key(note.person)}:{note.date.isoformat()}")])
    if report.errors:
        raise CoachError(report.errors[0], status=500)
    change = "added" if report.added else "updated" if report.updated else "unchanged"
    return NoteOut(change=change, person=note.person, date=note.date,
                   meeting_ids=report.meeting_ids)
