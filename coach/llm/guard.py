"""Checks every piece of model text must pass before it reaches a user.

A model's output is untrusted: it may be malformed, invent history, echo instructions planted
in notes, or break the principles' hard rules (a status-first check-in). Each check returns a
reason string when the text must be dropped, or None when it may stay. The writers drop the
part and let the offline writer fill it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.history import History
from coach.notes.parse import split_lines

_WS = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9']+")

# A check-in that opens with work: deadlines, status, tickets, delivery.
_STATUS = re.compile(
    r"\b(deadlines?|due date|status|tickets?|jira|sprints?|backlog|eta|estimates?|milestones?|"
    r"deliverables?|deliver(?:y|ed|ing)?|ship(?:ped|ping)?|launch(?:ed|ing)?|release[sd]?|"
    r"roadmap|on track|behind schedule|progress (?:on|with)|update on|updates? (?:for|about)|"
    r"blockers?|blocked|pull requests?|prs?|tasks?|okrs?|kpis?|metrics|velocity|stand-?up|"
    r"finish(?:ed)? the|done with the|get (?:it|this|that) done)\b",
    re.I,
)
# Text that only an echoed instruction or an attack would put in a 1:1 brief.
_INJECTION = re.compile(
    r"(https?://|www\.|\bftp://|<\s*/?\s*(script|iframe|img|a)\b|```|\bignore (all |any |the )?"
    r"(previous|prior|above|earlier|following)|\b(previous|prior|your) instructions?\b|"
    r"system prompt|\bas an ai\b|\bjailbreak|\bprompt injection\b|<<<|>>>|"
    r"[\w.+-]+@[\w-]+\.[a-z]{2,})",
    re.I,
)
# A line of notes that talks to a model rather than about a person.
_INSTRUCTION_LINE = re.compile(
    r"\b(ignore|disregard|instructions?|system prompt|assistant|\bai\b|llm|chatgpt|model|"
    r"you must|respond (with|only)|output|reply (with|only)|say that|write that|tell (him|her|"
    r"them) (that|to)|recommend (firing|that)|from now on)\b",
    re.I,
)
# Phrases that claim something happened before; they need a citation.
_HISTORY_CLAIM = re.compile(
    r"\b(last time|last week|last month|you mentioned|you said|you told|you shared|you raised|"
    r"you brought up|previously|earlier you|they mentioned|(?:he|she|they) said|mentioned that|"
    r"shared that|raised that|in our last|at our last|when we last|following up on)\b",
    re.I,
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]")


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def clean_text(value: object, *, max_len: int, field: str) -> tuple[str | None, str | None]:
    """(text, None) if ``value`` is a usable string, else (None, reason)."""
    if not isinstance(value, str):
        return None, f"{field}: missing or not text"
    text = norm(value)
    if not text:
        return None, f"{field}: empty"
    if len(text) > max_len:
        return None, f"{field}: too long ({len(text)} > {max_len} chars)"
    if any(ord(c) < 32 for c in text):
        return None, f"{field}: control characters"
    if _INJECTION.search(text):
        return None, f"{field}: contains instruction-like or link text"
    return text, None


def is_status_first(question: str) -> bool:
    """True when a check-in question is about work status rather than the person."""
    return bool(_STATUS.search(question))


def claims_history(text: str) -> bool:
    return bool(_HISTORY_CLAIM.search(text))


class DataGuard:
    """What the model was shown, to check its text against: the allowed citation refs, the
    quotable text, and the lines that look like instructions aimed at a model."""

    def __init__(self, refs: Iterable[str], texts: list[str]):
        self.refs = set(refs)
        self.corpus = " \n ".join(norm(t).lower() for t in texts)
        self.instruction_shingles: set[tuple[str, ...]] = set()
        for text in texts_iter(texts):
            if _INSTRUCTION_LINE.search(text):
                self.instruction_shingles |= shingles(text, 4)

    def bad_cites(self, cites: object) -> tuple[list[str], str | None]:
        if cites is None:
            return [], None
        if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
            return [], "cites: not a list of refs"
        unknown = [c for c in cites if c.strip() not in self.refs]
        if unknown:
            return [], f"cites unknown note/thread {', '.join(unknown[:3])}"
        return [c.strip() for c in cites], None

    def check(self, text: str, field: str, cites: list[str]) -> str | None:
        """A reason to drop ``text``, or None."""
        if self.instruction_shingles and shingles(text, 4) & self.instruction_shingles:
            return f"{field}: echoes an instruction found in the notes"
        if claims_history(text) and not cites:
            return f"{field}: refers to past meetings without citing a note"
        for quoted in _QUOTED.findall(text):
            if norm(quoted).lower() not in self.corpus:
                return f"{field}: quotes text that is not in the notes"
        return None


def texts_iter(texts: list[str]) -> list[str]:
    out: list[str] = []
    for t in texts:
        out.extend(part for part in t.splitlines() if part.strip())
    return out


class PrivacyFilter:
    """Recognises text that comes from a private line of this history's notes."""

    def __init__(self, history: History | None, extra: Iterable[str] = ()):
        lines: set[str] = set()
        if history is not None:
            for meeting in history.meetings:
                for note_line in split_lines(meeting.body):
                    if note_line.private and note_line.text.strip():
                        lines.add(norm(note_line.text).lower())
                for item in meeting.items:
                    if item.private:
                        lines.update(norm(t).lower() for t in (item.text, item.quote) if t)
        lines.update(norm(t).lower() for t in extra if t)
        self.lines = {line for line in lines if len(line) >= 4}
        self._shingles: set[tuple[str, ...]] = set()
        for line in self.lines:
            self._shingles |= shingles(line, 4)

    def __bool__(self) -> bool:
        return bool(self.lines)

    def is_private(self, text: str) -> bool:
        t = norm(text).lower()
        if not t:
            return False
        for line in self.lines:
            if line in t or (len(t) >= 12 and t in line):
                return True
        return bool(self._shingles and shingles(t, 4) & self._shingles)
