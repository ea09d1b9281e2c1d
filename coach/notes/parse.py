"""Parse one note (Markdown with YAML front matter) into a validated ``ParsedNote``.

The format is DESIGN.md's notes-file contract. Parsing never touches the store: a file that
fails here raises ``BadInput`` naming the file and the field, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.contracts import FocusArea, MeetingStatus
from coach.errors import BadInput
from coach.notes.limits import DEFAULT_LIMITS, Limits, check_name, check_note_text, check_title

_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?:(.*?)\r?\n)?---[ \t]*(?:\r?\n|\Z)", re.S
)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_CHECKBOX = re.compile(r"^\s*(?:[-*+]\s+)?\[( |x|X)\]\s*")
_PRIVATE_PREFIX = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?private(?:\*\*|__)?\s*:(?:\*\*|__)?\s*", re.I
)
# What managers write for the three statuses: "moved" and "postponed" are rescheduled,
# "canceled" (US spelling) and "skipped" are cancelled.
STATUS_ALIASES = {"moved": "rescheduled", "postponed": "rescheduled", "canceled": "cancelled",
                  "skipped": "cancelled"}
_OPENING = re.compile(r"\A\ufeff?---[ \t]*\r?\n")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
# A Markdown table: "| topic | notes | who |" rows, a "|---|:---:|" rule under the header row.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_EMPTY_CELL = re.compile(r"^[\s\-–—/.]*$")


class _Loader(yaml.SafeLoader):
    """Safe YAML without implicit timestamps: dates stay strings and are validated here, so a
    bad date gets our error message instead of a YAML constructor exception."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class NoteLine:
    """One non-blank line of a note body.

    ``text`` is the line with bullet, checkbox and ``private:`` markers removed; it is always
    a substring of the raw body, so it can be quoted as evidence.
    """

    number: int  # 1-based line number within the body
    raw: str
    text: str
    private: bool = False
    checkbox: str | None = None  # "open", "done" or None
    heading: str | None = None  # the heading this line sits under, lower-cased
    # A table row's column names (its table's header row, as written); None outside a table
    # or in a table without a header row.
    table_header: tuple[str, ...] | None = None


@dataclass
class ParsedNote:
    person: str
    date: dt.date
    status: MeetingStatus
    body: str
    source: str
    focus: FocusArea | None = None
    title: str | None = None
    lines: list[NoteLine] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """Identity of the meeting's content: what re-import compares to detect edits."""
        h = hashlib.sha256()
        person = " ".join(self.person.casefold().split())  # "sam lee" is "Sam Lee"
        for part in (person, self.date.isoformat(), self.status.value,
                     self.focus.value if self.focus else "", self.title or "", self.body):
            h.update(part.encode())
            h.update(b"\0")
        return h.hexdigest()


def _coerce_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return dt.date.fromisoformat(text[:10]) if len(text) == 10 or text[10:11] in (
                " ", "T", "t") else dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise BadInput(f"field 'date': {value!r} is not an ISO date (YYYY-MM-DD)", where=where)


def _coerce_enum(enum: Any, value: Any, name: str, where: str) -> Any:
    text = str(value).strip().lower()
    try:
        return enum(text)
    except ValueError:
        allowed = ", ".join(m.value for m in enum)
        raise BadInput(
            f"field '{name}': {value!r} is not one of {allowed}", where=where
        ) from None


def table_row_text(raw: str) -> str | None:
    """A table row's cells as one line of the note: from the first filled cell to the last,
    inner bars kept ("linen supplier | late 3x this month | me to call procurement"), so the
    text stays a substring of the note and each cell reads as its own clause. None when the
    row has nothing in it ("| - | |")."""
    cells = [(m.start(1), m.end(1)) for m in re.finditer(r"(?<=\|)([^|]*)(?=\|)", raw)]
    filled = [(a, b) for a, b in cells if not _EMPTY_CELL.match(raw[a:b])]
    if not filled:
        return None
    return raw[filled[0][0]:filled[-1][1]].strip()


def split_lines(body: str) -> list[NoteLine]:
    """Split a note body into lines, marking private ones, checkboxes and headings. A
    Markdown table's header row and rule are layout, not content; each other row is a line."""
    lines: list[NoteLine] = []
    heading: str | None = None
    heading_level = 0
    in_private_section = False
    raws = body.splitlines()
    columns: tuple[str, ...] | None = None  # the header of the table being read
    for number, raw in enumerate(raws, start=1):
        if not _TABLE_ROW.match(raw):
            columns = None
        if not raw.strip():
            continue
        if _TABLE_ROW.match(raw):
            if _TABLE_RULE.match(raw):
                continue  # the rule under the header row
            if number < len(raws) and _TABLE_RULE.match(raws[number]):
                columns = tuple(c.strip() for c in raw.strip().strip("|").split("|"))
                continue  # the header row: column names, not content
            row = table_row_text(raw)
            if row is not None:
                lines.append(NoteLine(number, raw, row, in_private_section, None, heading,
                                      columns))
            continue
        m = _HEADING.match(raw)
        if m:
            level, title = len(m.group(1)), m.group(2).strip()
            if in_private_section and level > heading_level:
                pass  # a sub-heading inside the private section stays private
            else:
                heading, heading_level = title.lower(), level
                # "## Private", "## Private notes", "## Private (me only):"
                in_private_section = re.match(r"private\b", heading) is not None
            lines.append(NoteLine(number, raw, title, private=in_private_section, heading=heading))
            continue
        text = raw
        private = in_private_section
        pm = _PRIVATE_PREFIX.match(text)
        if pm:
            private = True
            text = text[pm.end():]
        checkbox = None
        cm = _CHECKBOX.match(text)
        if cm:
            checkbox = "open" if cm.group(1) == " " else "done"
            text = text[cm.end():]
        else:
            text = _BULLET.sub("", text, count=1)
        pm = _PRIVATE_PREFIX.match(text)  # "- [ ] private: ..." or "- private: ..."
        if pm:
            private = True
            text = text[pm.end():]
        text = text.strip()
        if not text:
            continue
        lines.append(NoteLine(number, raw, text, private, checkbox, heading))
    return lines


def parse_note(
    text: str,
    *,
    source: str = "<stdin>",
    defaults: dict[str, Any] | None = None,
    overrides: dict[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ParsedNote:
    """Parse note text. ``defaults`` fill missing front-matter fields; ``overrides`` win.

    Raises ``BadInput`` (naming ``source`` and the field) for anything invalid: every check
    that a store could fail on (size, NUL, surrogates, control characters, name and title
    length) runs here, so SQLite and PostgreSQL accept exactly the same notes.
    """
    check_note_text(text, where=source, limits=limits)
    meta: dict[str, Any] = {}
    body = text
    m = _FRONT_MATTER.match(text)
    if m is None and _OPENING.match(text):
        raise BadInput("front matter is not closed: no '---' line after the opening '---'",
                       where=source)
    if m:
        try:
            loaded = yaml.load(m.group(1) or "", Loader=_Loader) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" (line {mark.line + 2})" if mark is not None else ""
            raise BadInput(f"front matter is not valid YAML{line}", where=source) from None
        if not isinstance(loaded, dict):
            raise BadInput("front matter must be a mapping of fields", where=source)
        meta = {str(k).strip().lower(): v for k, v in loaded.items()}
        body = text[m.end():]
    for key, value in (defaults or {}).items():
        if value is not None and meta.get(key) in (None, ""):
            meta[key] = value
    for key, value in (overrides or {}).items():
        if value is not None:
            meta[key] = value

    person = meta.get("person")
    if person is None or (isinstance(person, str) and not person.strip()):
        raise BadInput("missing required field 'person'", where=source)
    person = check_name(person, where=source, limits=limits)
    if "date" not in meta or meta["date"] in (None, ""):
        raise BadInput("missing required field 'date'", where=source)
    date = _coerce_date(meta["date"], source)
    raw_status = str(meta.get("status") or "held").strip().lower()
    status = _coerce_enum(MeetingStatus, STATUS_ALIASES.get(raw_status, raw_status), "status",
                          source)
    focus = meta.get("focus")
    focus = _coerce_enum(FocusArea, focus, "focus", source) if focus not in (None, "") else None
    title = check_title(meta.get("title"), where=source, limits=limits)

    body = body.replace("\r\n", "\n").strip("\n")
    lines = split_lines(body)
    if not lines and status is MeetingStatus.held:
        raise BadInput("the note is empty: a held meeting needs some text", where=source)
    return ParsedNote(person, date, status, body, source, focus, title, lines)


def read_note_file(path: Path, limits: Limits = DEFAULT_LIMITS, **kwargs: Any) -> ParsedNote:
    """Read and parse a note file, with a clear error for unreadable or non-UTF-8 files.

    The size is checked before reading, so a huge file is refused at once."""
    from coach.notes.limits import check_size

    try:
        check_size(path.stat().st_size, where=str(path), limits=limits)
        data = path.read_bytes()
    except OSError as exc:
        raise BadInput(f"cannot read file: {exc.strerror}", where=str(path)) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            where=str(path),
        ) from None
    if not text.strip():
        raise BadInput("the file is empty", where=str(path))
    return parse_note(text, source=str(path), limits=limits, **kwargs)
