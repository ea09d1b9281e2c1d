"""Per-meeting features the health signals read (stored as JSON with the meeting)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from coach.contracts import ItemKind, MeetingStatus, Party
from coach.extract import ExtractedItem
from coach.extract import lexicon as lx
from coach.extract.items import is_injection, is_status
from coach.notes.parse import ParsedNote

_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")
_NO_TIME = re.compile(r"\b(?:ran out of time|no time|didn(?:'|’)t get to|skipped)\b", re.I)


def _is_person_line(text: str) -> bool:
    return bool((lx.PERSON.search(text) or lx.CONCERN.search(text)) and not _NO_TIME.search(text))


def meeting_features(note: ParsedNote, items: Sequence[ExtractedItem]) -> dict[str, Any]:
    """JSON-serialisable features of one meeting (see coach/engine/health.py for their use)."""
    first = note.person.split()[0] if note.person.split() else note.person
    agenda_by_report = re.compile(rf"^\((?:{re.escape(first)}|she|he|they|them)\)", re.I)
    agenda_by_manager = re.compile(r"^\((?:me|i|manager)\)", re.I)
    lines = [ln for ln in note.lines
             if not _HEADING_LINE.match(ln.raw) and not is_injection(ln.text)]
    shared = [ln for ln in lines if not ln.private]
    status = [ln for ln in shared if is_status(ln.text) and not _is_person_line(ln.text)]
    report_lines: set[int] = set()
    manager_lines: set[int] = set()
    for ln in shared:
        if lx.REPORT_RAISED.search(ln.text) or agenda_by_report.match(ln.text) or re.search(
                rf"\b{re.escape(first)} (?:asked|wants|wanted|brought up|raised|said|mentioned|"
                r"suggested|would like|is worried|thinks|proposed)\b", ln.text):
            report_lines.add(ln.number)
        if lx.MANAGER_RAISED.search(ln.text) or agenda_by_manager.match(ln.text):
            manager_lines.add(ln.number)
    for it in items:
        if it.private or is_injection(it.quote):
            continue
        if it.kind in (ItemKind.request, ItemKind.growth, ItemKind.topic) and (
                it.party is Party.report):
            report_lines.add(it.line_no)
    text = "\n".join(ln.text for ln in lines)
    held = note.status is MeetingStatus.held
    return {
        "lines": len(lines),
        "status_lines": len(status),
        "status_line_ratio": round(len(status) / len(shared), 3) if shared else 0.0,
        "person_checkin": held and any(_is_person_line(ln.text) for ln in shared),
        "report_raised": len(report_lines),
        "manager_raised": len(manager_lines - report_lines),
        "meta_asked": held and any(lx.META.search(ln.text) for ln in shared),
        "feedback": held and any(lx.FEEDBACK.search(ln.text) for ln in shared),
        "short_notice": (not held) and bool(lx.SHORT_NOTICE.search(text)),
        "cancelled_by": (None if held else
                         "manager" if lx.MANAGER_CANCELLED.search(text) else "report"),
    }
