"""The ONE place that decides what the report may see of a summary.

The manager's version is everything. The report's version keeps only what provably comes
from shared lines of the notes, and never the manager's warning signs or coaching tip:

* every kept element (point, decision, action, thread) must cite a quote that lies inside a
  *shared* line of the cited meeting. Lines are re-derived here from the stored body with the
  parser's own rules (``private:`` prefix, ``## Private`` section), and an item flagged private
  by the extractor also makes its line private, so neither a wrong flag nor a quote that only
  appears in a private line gets through;
* a closed thread whose closing note is private is left out (it would reveal the private line);
* every kept text is checked against the private-only vocabulary (words that occur in private
  lines and in no shared line of this relationship). Text copied from a shared line passes even
  when a private line repeats its words; text that carries a private-only word is dropped. This
  is what protects the report when a writer (an LLM) rewords the summary;
* ``health`` is emptied and ``suggestion`` is ``None``.

Anything that fails a check is dropped whole, never partially redacted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from coach.contracts import Source, Summary, Thread
from coach.history import History, MeetingRecord
from coach.notes.parse import split_lines

MANAGER = "manager"
REPORT = "report"
AUDIENCES = (MANAGER, REPORT)

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_PRIVATE_HEADING = re.compile(
    r"^\W*(private|confidential|manager[- ]only|my eyes only|just for me|not (?:for )?shar)",
    re.I,
)
_PRIVATE_MARK = re.compile(
    r"(\bprivate\s*[:\])-]|[\[(]\s*private\b|\bconfidential\b|\bmanager[- ]only\b|"
    r"\bmy eyes only\b|\bdo(?:n[’']?t| not) share\b|\bnot for sharing\b|\boff the record\b)",
    re.I,
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if len(w) >= 3}


@dataclass
class _Lines:
    shared: dict[int, list[str]] = field(default_factory=dict)  # meeting id -> shared lines
    private: dict[int, list[str]] = field(default_factory=dict)
    private_only_words: set[str] = field(default_factory=set)


def private_line_numbers(meeting: MeetingRecord) -> set[int]:
    """Body line numbers the report must never see.

    The parser's rule (``private:`` prefix, ``## Private`` section) and the extractor's flags,
    plus, for the report only, what a manager plausibly means as private without following the
    format exactly: a marker anywhere in the line ("... (private: ...)", "[private]",
    "confidential", "don't share") or a section headed "Private notes", "Confidential", etc.
    Over-hiding a line from the report costs little; leaking one costs trust.
    """
    numbers = {i.line_no for i in meeting.items if i.private}
    section_level: int | None = None
    for number, raw in enumerate(meeting.body.splitlines(), start=1):
        heading = _HEADING.match(raw)
        if heading:
            level = len(heading.group(1))
            if section_level is not None and level <= section_level:
                section_level = None
            if section_level is None and _PRIVATE_HEADING.match(heading.group(2)):
                section_level = level
        if section_level is not None or _PRIVATE_MARK.search(raw):
            numbers.add(number)
    numbers |= {line.number for line in split_lines(meeting.body) if line.private}
    return numbers


def _meeting_lines(meeting: MeetingRecord) -> tuple[list[str], list[str]]:
    hidden = private_line_numbers(meeting)
    shared: list[str] = []
    private: list[str] = []
    for line in split_lines(meeting.body):
        (private if line.number in hidden else shared).append(line.raw)
    return shared, private


def _index(history: History) -> _Lines:
    out = _Lines()
    shared_words: set[str] = set()
    private_words: set[str] = set()
    for meeting in history.meetings:
        shared, private = _meeting_lines(meeting)
        out.shared[meeting.id] = shared
        out.private[meeting.id] = private
        for line in shared:
            shared_words |= _words(line)
        for line in private:
            private_words |= _words(line)
    out.private_only_words = private_words - shared_words
    return out


class _Guard:
    def __init__(self, history: History):
        self.lines = _index(history)

    def source_ok(self, source: Source | None) -> bool:
        if source is None:
            return True
        quote = source.quote.strip()
        if not quote:
            return False
        return any(quote in line for line in self.lines.shared.get(source.note_id, []))

    def text_ok(self, *texts: str | None) -> bool:
        banned = self.lines.private_only_words
        return not any(text and _words(text) & banned for text in texts)

    def thread_ok(self, thread: Thread) -> bool:
        return (
            not thread.private
            and self.source_ok(thread.source)
            and self.source_ok(thread.closed_by)
            and self.text_ok(thread.text, thread.due)
        )


def for_audience(summary: Summary, audience: str, history: History) -> Summary:
    """The summary as ``audience`` (manager or report) may see it."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {', '.join(AUDIENCES)}, not {audience!r}")
    if audience == MANAGER:
        return summary.model_copy(update={"audience": MANAGER})  # summaries are not mutated
    guard = _Guard(history)
    return Summary(
        person=summary.person,
        date=summary.date,
        meeting_id=summary.meeting_id,
        audience=REPORT,
        focus=summary.focus,
        title=summary.title if guard.text_ok(summary.title) else None,
        key_points=[
            p for p in summary.key_points
            if not p.private and guard.source_ok(p.source) and guard.text_ok(p.text)
        ],
        decisions=[
            p for p in summary.decisions
            if not p.private and guard.source_ok(p.source) and guard.text_ok(p.text)
        ],
        action_items=[
            a for a in summary.action_items
            if not a.private and guard.source_ok(a.source) and guard.text_ok(a.text, a.due)
        ],
        carried_forward=[t for t in summary.carried_forward if guard.thread_ok(t)],
        closed=[t for t in summary.closed if guard.thread_ok(t)],
        suggestion=None,
        health=[],
        backend=summary.backend,
    )


def shared_history(history: History) -> History:
    """The history with every private line and private item removed: what a writer that
    words the report's version may be shown. Private lines become blank lines, so line numbers
    still match the items'."""
    meetings = []
    for meeting in history.meetings:
        private_numbers = private_line_numbers(meeting)
        body = "\n".join(
            "" if number in private_numbers else text
            for number, text in enumerate(meeting.body.splitlines(), start=1)
        )
        items = [i for i in meeting.items if not i.private and i.line_no not in private_numbers]
        meetings.append(replace(meeting, body=body, items=items))
    return History(history.person_id, history.person, meetings)
