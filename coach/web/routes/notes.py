"""New notes (paste, preview, save) and Import (several Markdown files or a .zip)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from coach.errors import BadInput
from coach.notes.parse import ParsedNote, parse_note
from coach.notes.preview import preview_note
from coach.store.repo import name_key
from coach.web.deps import WebCoach
from coach.web.templating import render

router = APIRouter()

MAX_UPLOAD = 20 * 1024 * 1024
NOTE_SUFFIXES = (".md", ".markdown", ".txt")


def _note(text: str, person: str, date: str, status: str, focus: str) -> ParsedNote:
    overrides = {"person": person.strip() or None, "date": date or None,
                 "status": status or None, "focus": focus or None}
    return parse_note(text, source="the pasted notes", overrides=overrides)


def _form_page(request: Request, coach, status: int = 200, **ctx) -> HTMLResponse:
    ctx.setdefault("form", {"date": coach.today.isoformat(), "status": ""})
    return render(request, "note_new.html", {"names": [p.name for p in coach.people()], **ctx},
                  status=status)


@router.get("/notes/new", response_class=HTMLResponse)
def new_note(request: Request, coach: WebCoach, person: str = "") -> HTMLResponse:
    return _form_page(request, coach, form={"date": coach.today.isoformat(), "status": "",
                                            "person": person})


@router.post("/notes/preview", response_class=HTMLResponse)
def preview(request: Request, coach: WebCoach, text: Annotated[str, Form()] = "",
            person: Annotated[str, Form()] = "", date: Annotated[str, Form()] = "",
            status: Annotated[str, Form()] = "", focus: Annotated[str, Form()] = ""
            ) -> HTMLResponse:
    try:
        result = preview_note(coach, _note(text, person, date, status, focus))
    except BadInput as exc:
        return render(request, "_preview.html", {"error": exc.render()})
    return render(request, "_preview.html", {"p": result})


@router.post("/notes", response_model=None)
def save_note(request: Request, coach: WebCoach, text: Annotated[str, Form()] = "",
              person: Annotated[str, Form()] = "", date: Annotated[str, Form()] = "",
              status: Annotated[str, Form()] = "", focus: Annotated[str, Form()] = ""
              ) -> HTMLResponse | RedirectResponse:
    form = {"text": text, "person": person, "date": date, "status": status, "focus": focus}
    try:
        note = _note(text, person, date, status, focus)
    except BadInput as exc:
        return _form_page(request, coach, status=400, form=form, error=exc.render())
    report = coach.add_notes([(note, f"add:{name_key(note.person)}:{note.date.isoformat()}")])
    meeting_id = report.meeting_ids[0] if report.meeting_ids else None
    with coach.db.session() as session:
        from coach.store.repo import Repo

        person_row = Repo(session, coach.owner).find_person(note.person)
    target = f"/people/{person_row.id}" + (f"?saved={meeting_id}" if meeting_id else "")
    return RedirectResponse(target, status_code=303)


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, coach: WebCoach) -> HTMLResponse:
    return render(request, "import.html", {})


def _expand(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """An uploaded file, or the note files inside an uploaded .zip."""
    if not name.lower().endswith(".zip"):
        return [(name, data)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BadInput("not a valid .zip file", where=name) from None
    out = []
    total = 0
    for info in archive.infolist():
        inner = info.filename
        if info.is_dir() or any(p.startswith((".", "__MACOSX")) for p in inner.split("/")):
            continue
        if not inner.lower().endswith(NOTE_SUFFIXES):
            continue
        total += info.file_size
        if total > MAX_UPLOAD:
            raise BadInput("the .zip unpacks to more than 20 MB", where=name)
        out.append((f"{name}/{inner}", archive.read(info)))
    return out


@router.post("/import", response_class=HTMLResponse)
async def import_upload(request: Request, coach: WebCoach,
                        files: list[UploadFile]) -> HTMLResponse:
    errors: list[str] = []
    parsed: list[tuple[ParsedNote, str]] = []
    for upload in files:
        name = upload.filename or "upload"
        data = await upload.read(MAX_UPLOAD + 1)
        try:
            if len(data) > MAX_UPLOAD:
                raise BadInput("the file is larger than 20 MB", where=name)
            for inner, raw in _expand(name, data):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise BadInput(f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                                   f"{exc.start})", where=inner) from None
                if not text.strip():
                    raise BadInput("the file is empty", where=inner)
                parsed.append((parse_note(text, source=inner), f"upload:{inner}"))
        except BadInput as exc:
            errors.append(exc.render())
    report = coach.add_notes(parsed)
    report.errors.extend(errors)
    return render(request, "import.html", {"report": report, "done": True},
                  status=200)


def today_iso() -> str:
    return dt.date.today().isoformat()
