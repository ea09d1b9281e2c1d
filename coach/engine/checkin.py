"""Pick what the check-in should be tailored to: an open personal thread the report shared.

PRINCIPLES.md practice 1: open with the person, not the work, and tailor it to what they
shared before ("you mentioned feeling stretched last time"). Private notes are never used:
the question is asked out loud.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel

from coach.contracts import ItemKind, Party, Thread
from coach.extract import lexicon as lx

# A personal thread older than this is too stale to open with.
CHECKIN_MAX_AGE_DAYS = 70

# Lasting states outrank passing ones (a tired Tuesday) when picking what to ask about.
_STRONG = re.compile(
    r"\b(stretched|stressed|stress|overwhelmed|burn(?:ed|t)? ?out|burnout|disconnected|isolated|"
    r"lonely|left out|anxious|frustrated|demotivated|undervalued|struggling|unhappy|upset|"
    r"overloaded)\b", re.I)
_WEAK = re.compile(
    r"\b(exhausted|tired|wiped|drained|flat|nervous|scared|down)\b", re.I)
_HEALTH = re.compile(r"\b(sick|ill|flu|hospital\w*|surgery)\b", re.I)
_MOVE = re.compile(r"\bmoving (?:apartments?|house|flats?|homes?)\b|\bthe move\b", re.I)
_LEAVING = re.compile(r"\b(?:leaving|quitting|transferr\w*|switching teams?|moving teams?)\b",
                      re.I)
_OBSERVED = re.compile(r"\b(?:looked|looks|seemed|seems|sounded|came across)\b", re.I)


class CheckinPlan(BaseModel):
    thread: Thread | None = None
    phrase: str | None = None  # "feeling stretched", "things at home"
    observed: bool = False  # the manager noticed it rather than the report saying it
    last_meeting: bool = False  # raised at the most recent held 1:1
    reason: str


def personal_phrase(text: str) -> tuple[str, int] | None:
    """A short, speakable phrase for a personal thread, and how much it matters (2 > 1)."""
    m = _STRONG.search(text)
    if m:
        word = m.group(1).lower()
        if word in ("stress", "burnout"):
            return ("the stress" if word == "stress" else "running on empty"), 2
        return f"feeling {word}", 2
    m = _LEAVING.search(text)
    if m:
        return "thinking about a change", 2
    m = lx.FAMILY.search(text)
    if m:
        word = m.group(1).lower()
        if word == "family":
            return "some family things", 2
        return f"things with your {word}", 2
    if _MOVE.search(text):
        return "the move", 1
    if _HEALTH.search(text):
        return "being unwell", 1
    m = _WEAK.search(text)
    if m:
        return f"feeling {m.group(1).lower()}", 1
    return None


def pick_checkin(open_threads: list[Thread], today: dt.date,
                 last_held: dt.date | None) -> CheckinPlan:
    best: tuple[int, dt.date, int, int, Thread, str] | None = None
    for t in open_threads:
        if t.private or t.kind is not ItemKind.concern or t.owner not in (None, Party.report):
            continue
        if (today - t.since).days > CHECKIN_MAX_AGE_DAYS:
            continue
        found = personal_phrase(t.text)
        if found is None:
            continue
        phrase, weight = found
        said = not _OBSERVED.search(t.text)  # what they told you beats what you noticed
        key = (weight, t.since, int(said), t.id)
        if best is None or key > best[:4]:
            best = (weight, t.since, int(said), t.id, t, phrase)
    if best is None:
        return CheckinPlan(reason="Nothing personal is open in the notes: open with the person "
                                  "anyway, before any work topic.")
    _, _, _, _, thread, phrase = best
    observed = bool(_OBSERVED.search(thread.text)) and not re.search(
        r"\b(?:said|mentioned|told|shared)\b", thread.text, re.I)
    if observed and phrase.startswith("feeling "):
        phrase = phrase.removeprefix("feeling ")
    return CheckinPlan(
        thread=thread, phrase=phrase, observed=observed,
        last_meeting=last_held is not None and thread.since == last_held,
        reason=f"Still open from {thread.since.isoformat()}: \u201c{thread.source.quote}\u201d",
    )
