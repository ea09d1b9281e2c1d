"""The rules-only answers to the four corpus questions, from the engine's own extractors.

These are what coach decides today without a fitted model: the line kind and owner from
``classify_sentence``, personal-vs-work from the check-in cues, and "does this later line close
that thread" from the thread matcher run on a two-meeting history. They are the baseline the
fitted models are measured against, and named features those models read.
"""

from __future__ import annotations

import datetime as dt
import re

from coach.contracts import THREAD_KINDS, ItemKind, MeetingStatus, Party
from coach.engine.closure import STARTED, partial
from coach.extract import lexicon as lx
from coach.extract.features import is_person_line, is_status_line
from coach.extract.items import classify_sentence
from coach.history import History, ItemRecord, MeetingRecord

_CHECKBOX = re.compile(r"^\s*(?:[-*+]\s*)?\[([ xX])\]\s*")
_BULLET = re.compile(r"^\s*[-*+•]\s+")
_LEADING_NAME = re.compile(r"^\s*([A-Z][a-z]+)\b")
_DECIDED = re.compile(r"^\s*(?:agreed|decided|decision|settled|confirmed|ok(?:'|’)?d|we agreed)\b",
                      re.I)
_MANAGER_START = re.compile(r"^\s*(?:i\b|i(?:'|’)(?:ll|m|ve|d)\b|me\b|my\b|will\b|need to\b)",
                            re.I)
PERSON = "Alex Doe"  # the report's name is unknown in a corpus line; a neutral stand-in


def split_checkbox(text: str) -> tuple[str, str | None]:
    """("send the rota", "open") for "- [ ] send the rota"; bullets are dropped."""
    m = _CHECKBOX.match(text)
    if m:
        return text[m.end():], ("done" if m.group(1).lower() == "x" else "open")
    return _BULLET.sub("", text), None


def report_name(text: str) -> str:
    """The name a line leads with is, in a 1:1 note, usually the report's ("Dana - recs...")."""
    m = _LEADING_NAME.match(text)
    if m and m.group(1) not in lx.NAME_WORD_BLACKLIST:
        return m.group(1)
    return PERSON.split()[0]


def classify(text: str) -> tuple[ItemKind, Party | None, str | None]:
    body, checkbox = split_checkbox(text)
    c = classify_sentence(body, "", report_name(body), checkbox, None)
    return c.kind, c.party, checkbox


def rules_kind(text: str) -> str:
    """The corpus kind the extractor's decision maps to."""
    kind, _, _ = classify(text)
    body, _ = split_checkbox(text)
    life = bool(lx.LIFE.search(body)) or bool(lx.PERSON.search(body))
    if kind is ItemKind.concern:
        return "personal" if life and not lx.STATUS.search(body) else "concern"
    if kind in (ItemKind.commitment, ItemKind.request, ItemKind.growth):
        return kind.value
    if kind is ItemKind.closure:
        return "decision" if _DECIDED.match(body) else "closure"
    if kind is ItemKind.topic:
        return "other"
    if _DECIDED.match(body):
        return "decision"
    if is_status_line(body):
        return "status"
    if life or is_person_line(body):
        return "personal"
    return "other"


def rules_owner(text: str) -> str:
    _, party, _ = classify(text)
    if party is not None:
        return party.value
    body, _ = split_checkbox(text)
    return "manager" if _MANAGER_START.match(body) else "report"


def rules_personal(text: str) -> bool:
    """The engine's own test (coach/engine/shape.py): the person cues on the line's personal
    view, so someone else's news and the work senses of life words do not count."""
    from coach.engine.personal_view import personal_view

    body, _ = split_checkbox(text)
    return is_person_line(personal_view(body, report_name(body)))


def rules_pair(thread: str, later: str) -> str:
    """closed / progress / open / unrelated, as the thread matcher decides on two meetings."""
    from coach.engine.threads import ThreadMatcher, resolve_threads

    t_kind, t_party, t_box = classify(thread)
    l_kind, l_party, l_box = classify(later)
    if t_kind not in THREAD_KINDS:
        t_kind = ItemKind.topic  # the corpus says it is a thread: judge it as one
    t_body, _ = split_checkbox(thread)
    l_body, _ = split_checkbox(later)
    first = ItemRecord(1, 1, 1, t_kind, t_body, t_body, t_party, checkbox=t_box)
    second = ItemRecord(2, 2, 1, l_kind, l_body, l_body, l_party, checkbox=l_box)
    history = History(1, PERSON, [
        MeetingRecord(1, dt.date(2026, 1, 5), MeetingStatus.held, t_body, items=[first]),
        MeetingRecord(2, dt.date(2026, 1, 19), MeetingStatus.held, l_body, items=[second]),
    ])
    # rules only: the fitted pair model reads this decision as one of its features
    states = {s[0]: s[1] for s in resolve_threads(history, fitted=False)}
    if states.get(1) == "closed":
        return "closed"
    if ThreadMatcher(history).mentions(1):
        return "progress" if partial(l_body) or STARTED.search(l_body) or lx.PROGRESS.search(
            l_body) else "open"
    return "unrelated"
