"""Per-meeting features the health signals read (stored as JSON with the meeting).

Each feature answers one question about a held meeting, in PRINCIPLES.md terms: who brought
the topics (report / manager / neither said anything), did it touch the person (a check-in on
wellbeing, life, growth), how much of it was task status, was a meta question asked.
Cue lists live in coach/extract/signals_lexicon.py (features) and lexicon.py (shared).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from coach.contracts import ItemKind, MeetingStatus, Party
from coach.extract import ExtractedItem
from coach.extract import lexicon as lx
from coach.extract import signals_lexicon as sx
from coach.extract.items import is_injection, is_status
from coach.notes.parse import ParsedNote

_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")
_NO_TIME = re.compile(r"\b(?:ran out of time|no time|didn(?:'|’)t get to|skipped)\b", re.I)
# A plain-text section header: "My list:", "Grace's agenda:", "I went through:".
_HEADER = re.compile(r"^[^.!?]{1,40}:\s*$")


# Speed only: inside ``line_memo()`` the two line tests below remember their answers (pure
# functions of the text), and a memo can be seeded with answers kept in the store
# (coach/store/health_inputs.py), so a new day's warning signs re-run no regex over old lines.
LineMemo = dict[tuple[str, str], bool]
_MEMO: ContextVar[LineMemo | None] = ContextVar("coach_line_memo", default=None)


@contextmanager
def line_memo(seed: LineMemo | None = None) -> Iterator[LineMemo]:
    """Remember ``is_person_line`` / ``is_status_line`` answers while the block runs (keys
    ``("p", text)`` / ``("s", text)``; ``memoized`` adds others: ``("i", text)`` injection,
    ``("m", text)`` a measurement line), starting from ``seed``; yields the memo."""
    memo: LineMemo = dict(seed) if seed else {}
    token = _MEMO.set(memo)
    try:
        yield memo
    finally:
        _MEMO.reset(token)


def _memoized(kind: str, text: str, compute: Any) -> bool:
    memo = _MEMO.get()
    if memo is None:
        return bool(compute(text))
    key = (kind, text)
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = bool(compute(text))
    return hit


def memoized(kind: str, text: str, compute: Any) -> bool:
    """``bool(compute(text))``, remembered under ``(kind, text)`` inside ``line_memo()``
    (``compute`` must be a pure function of the text; ``kind`` names it, one letter)."""
    return _memoized(kind, text, compute)


def is_injection_line(text: str) -> bool:
    """``is_injection``, remembered inside ``line_memo()`` (key ``("i", text)``)."""
    return _memoized("i", text, is_injection)


def is_person_line(text: str) -> bool:
    """Does this line show a check-in on the person (how they are, life, worries)?"""
    return _memoized("p", text, _is_person_line)


def is_status_line(text: str) -> bool:
    """A task/project status update ("ENG-12 at 80%", "cutover moved to the 10th")."""
    return _memoized("s", text, _is_status_line)


# Both tests are pure functions of the text (the rules are fixed for a process): each line's
# answer is also kept for the process, so the items, the features, the check-in verdicts and
# the warning signs, which all ask about the same lines, run the regexes once (speed only).
_LINE_CACHE = 1 << 15


@lru_cache(maxsize=_LINE_CACHE)
def _is_person_line(text: str) -> bool:
    if _NO_TIME.search(text):
        return False
    text = sx.WORK_SENSES.sub(" ", text)
    return bool(lx.PERSON.search(text) or lx.CONCERN.search(text) or lx.LIFE.search(text)
                or sx.PERSON_EXTRA.search(text))


@lru_cache(maxsize=_LINE_CACHE)
def _is_status_line(text: str) -> bool:
    if is_person_line(text) or sx.NOT_STATUS.search(text) or lx.META.search(text):
        return False
    if is_status(text):
        return True
    hits = len(lx.STATUS.findall(text)) + len(sx.STATUS_EXTRA.findall(text))
    return hits >= 2 or (hits == 1 and len(text.split()) <= 9)


def _first(person: str) -> str:
    return person.split()[0] if person.split() else person


def report_voice(text: str, first: str) -> bool:
    """Did the report bring this line ("she asked...", "(Sam) the flaky env", "Sam wants...")?"""
    if sx.ACKNOWLEDGEMENT.search(text) and not sx.REPORT_VOICE.search(
            sx.ACKNOWLEDGEMENT.sub(" ", text)):
        return False
    if sx.REPORT_VOICE.search(text) or lx.REPORT_RAISED.search(
            sx.ACKNOWLEDGEMENT.sub(" ", text)):
        return True
    name = re.escape(first)
    return bool(re.match(rf"^\s*\((?:{name}|she|he|they|them)\)", text, re.I) or re.search(
        rf"\b{name}(?:'s)? (?:asked|wants|wanted|brought(?: up)?|raised|would like|suggested|"
        r"proposed|is worried|was worried|thinks|mentioned|flagged|pitched|opened with|"
        r"(?:topics?|agenda|list|questions?|idea)\b)", text, re.I))


def manager_voice(text: str) -> bool:
    """Did the manager bring or do the talking on this line ("told her about X")?"""
    return bool(sx.MANAGER_VOICE.search(text) or re.match(r"^\s*\((?:me|i)\)", text, re.I))


def _section_owner(title: str, first: str) -> str | None:
    """Whose topics a section header announces: "report", "manager" or None."""
    title = title.strip().rstrip(":").strip()
    if sx.MANAGER_SECTION.match(title + ":") or sx.MANAGER_SECTION.match(title):
        return "manager"
    name = re.escape(first)
    if re.match(rf"^(?:{name}(?:'s)?|her|his|their|from (?:her|him|them|{name}))\b.*"
                rf"\b{sx.REPORT_SECTION_WORDS}\b", title, re.I):
        return "report"
    return None


def meeting_features(note: ParsedNote, items: Sequence[ExtractedItem]) -> dict[str, Any]:
    """JSON-serialisable features of one meeting (see coach/engine/health.py for their use)."""
    first = _first(note.person)
    held = note.status is MeetingStatus.held
    lines = [ln for ln in note.lines if not is_injection(ln.text)]
    content = [ln for ln in lines if not _HEADING_LINE.match(ln.raw)]
    shared = [ln for ln in content if not ln.private]
    report_lines: set[int] = set()
    manager_lines: set[int] = set()
    silent = False
    owner: str | None = None  # whose section we are in
    for ln in lines:
        if ln.private:
            continue
        if _HEADING_LINE.match(ln.raw) or (_HEADER.match(ln.text) and ln.checkbox is None):
            owner = _section_owner(ln.text, first)
            if owner == "manager":
                manager_lines.add(ln.number)
            continue
        if sx.SILENCE.search(ln.text):
            silent = True
        if report_voice(ln.text, first) or owner == "report":
            report_lines.add(ln.number)
        elif manager_voice(ln.text) or owner == "manager":
            manager_lines.add(ln.number)
    for it in items:
        if it.private or is_injection(it.quote) or it.party is not Party.report:
            continue
        if it.kind in (ItemKind.request, ItemKind.growth, ItemKind.topic, ItemKind.concern):
            report_lines.add(it.line_no)  # the report asked for, wanted or shared this
    # Status is judged per sentence (items), so one prose line that mixes a status update with
    # a question about the person counts for both.
    sentences = [it for it in items if not it.private and not is_injection(it.quote)
                 and not _HEADER.match(it.quote) and not _HEADING_LINE.match(it.quote)]
    status_sentences = [it for it in sentences if is_status_line(it.quote)]
    status = [ln for ln in shared if is_status_line(ln.text)]
    text = "\n".join(ln.text for ln in content)
    return {
        "lines": len(content),
        "status_lines": len(status),
        "status_line_ratio": round(len(status) / len(shared), 3) if shared else 0.0,
        "status_share": (round(len(status_sentences) / len(sentences), 3) if sentences
                         else 0.0),
        "person_checkin": held and any(is_person_line(ln.text) for ln in shared),
        "report_raised": len(report_lines),
        "manager_raised": len(manager_lines - report_lines),
        "report_silent": held and silent and not report_lines,
        "meta_asked": held and any(lx.META.search(ln.text) for ln in shared),
        "feedback": held and any(lx.FEEDBACK.search(ln.text) for ln in shared),
        "short_notice": (not held) and bool(lx.SHORT_NOTICE.search(text)),
        "cancelled_by": (None if held else
                         "manager" if lx.MANAGER_CANCELLED.search(text) else "report"),
    }
