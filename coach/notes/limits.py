"""Input limits and text checks, applied before anything reaches the database.

The same checks run for every store (SQLite accepts what PostgreSQL refuses: NUL bytes,
over-long names), so a note is either valid everywhere or refused everywhere with a message
naming the file and the field. Messages never quote the offending text: they give the field,
the line and the character's code point.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from coach.errors import BadInput

# Zero-width joiners are part of some scripts' spelling (Persian, Indic) and of emoji; every
# other invisible "format" character in a name only makes two names look alike.
_ALLOWED_FORMAT = {"\u200c", "\u200d"}


@dataclass(frozen=True)
class Limits:
    """Size limits (see the README's settings table). Names and titles are capped by their
    database columns (200 and 500 characters), so settings may only lower them."""

    note_max_bytes: int = 1_000_000
    name_max_chars: int = 200
    title_max_chars: int = 500
    question_max_chars: int = 2000

    @classmethod
    def from_settings(cls, settings: Any) -> Limits:
        return cls(
            note_max_bytes=settings.note_max_bytes,
            name_max_chars=settings.name_max_chars,
            title_max_chars=settings.title_max_chars,
            question_max_chars=settings.question_max_chars,
        )


DEFAULT_LIMITS = Limits()


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _bad_char(ch: str, *, multiline: bool) -> bool:
    if multiline and ch in "\t\n\r":
        return False
    cat = unicodedata.category(ch)
    return cat in ("Cc", "Cs") or ch == "\x7f"


def check_text(text: str, *, field: str, where: str, multiline: bool = True) -> None:
    """Refuse NUL bytes, lone surrogates and control characters (terminal escapes among
    them). Multi-line text may keep tabs and newlines. The error names the line."""
    for index, ch in enumerate(text):
        if ch.isprintable() or ch == " ":
            continue
        if _bad_char(ch, multiline=multiline):
            line = text.count("\n", 0, index) + 1
            at = f" on line {line}" if multiline else ""
            if ch == "\0":
                what = "a NUL byte"
            elif unicodedata.category(ch) == "Cs":
                what = "a lone surrogate (not valid Unicode)"
            else:
                what = f"a control character ({_describe(ch)})"
            raise BadInput(f"field '{field}': contains {what}{at}", where=where)


def check_name(value: Any, *, where: str, field: str = "person",
               limits: Limits = DEFAULT_LIMITS) -> str:
    """A person's name as stored: one line of visible text, whitespace collapsed."""
    if isinstance(value, list | tuple | set | dict):
        kind = "a mapping" if isinstance(value, dict) else "a list"
        raise BadInput(f"field '{field}': is {kind}; give one name (one 1:1 per note)",
                       where=where)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadInput(f"field '{field}': must be text", where=where)
    text = str(value)
    check_text(text, field=field, where=where, multiline=False)
    for ch in text:
        if unicodedata.category(ch) == "Cf" and ch not in _ALLOWED_FORMAT:
            raise BadInput(f"field '{field}': contains an invisible character ({_describe(ch)})",
                           where=where)
    name = " ".join(text.split())
    if not name or not any(c.isalnum() for c in name):
        raise BadInput(f"field '{field}': has no letters or digits", where=where)
    if len(name) > limits.name_max_chars:
        raise BadInput(
            f"field '{field}': too long ({len(name)} characters; the limit is "
            f"{limits.name_max_chars})", where=where)
    return name


def check_title(value: Any, *, where: str, limits: Limits = DEFAULT_LIMITS) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, list | tuple | set | dict):
        raise BadInput("field 'title': must be text, not a list or mapping", where=where)
    title = str(value).strip()
    check_text(title, field="title", where=where, multiline=False)
    if len(title) > limits.title_max_chars:
        raise BadInput(
            f"field 'title': too long ({len(title)} characters; the limit is "
            f"{limits.title_max_chars})", where=where)
    return title or None


def check_size(size: int, *, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse a note over ``note_max_bytes`` before reading or parsing it."""
    if size > limits.note_max_bytes:
        raise BadInput(
            f"the note is too big ({size:,} bytes; the limit is {limits.note_max_bytes:,}, "
            "COACH_NOTE_MAX_BYTES)", where=where)


def check_note_text(text: str, *, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Size (in UTF-8 bytes) and characters of a whole note, front matter included."""
    if len(text) > limits.note_max_bytes:  # characters <= bytes: too big either way
        check_size(len(text), where=where, limits=limits)
    check_text(text, field="text", where=where)
    check_size(len(text.encode("utf-8")), where=where, limits=limits)


def check_question(text: str, *, limits: Limits = DEFAULT_LIMITS) -> str:
    check_text(text, field="question", where="question", multiline=True)
    question = " ".join(text.split())
    if not question:
        raise BadInput("the question is empty", where="question")
    if len(question) > limits.question_max_chars:
        raise BadInput(
            f"the question is too long (over {limits.question_max_chars} characters)",
            where="question")
    return question
