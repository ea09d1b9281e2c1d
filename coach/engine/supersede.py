"""Threads that later notes make moot without naming them.

Two rules, both citing the later line:

- A mood the manager *observed* ("looked tired", "seemed flat") describes one day. Once a later
  held 1:1 records how the person is (a check-in line, a new worry, "doing great"), the old
  observation is superseded by it.
- A wellbeing concern (stretched, stressed, isolated, unwell) is settled when a later note says
  the person is fine again ("rested", "much better", "in a good place") with no hedge.

And one about the closing lines themselves: a line that reports progress on an earlier thread
("she's enrolled, starts in March") is that thread's update, not a new open thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from coach.contracts import ItemKind, MeetingStatus
from coach.engine.textmemo import tokens
from coach.extract import lexicon as lx
from coach.history import History, ItemRecord, MeetingRecord
from coach.rules import rx

State = tuple[int, str, int | None, str | None]

_OBSERVED = lx.OBSERVED
# The report said it themselves: not just an observation.
_SAID = lx.SAID
_WELL = rx("personal.fine_again")
_NEGATED = re.compile(r"\b(?:not|isn(?:'|’)?t|wasn(?:'|’)?t|no longer|never|hardly)\b", re.I)
WELLBEING = frozenset({"LOAD", "CONNECT", "HEALTH"})
# "...which I'll remember": a promise that owes nothing (coach/rules/en/closure.yaml).
_NO_ACTION = rx("closure.no_action_promise")


def _person_line(it: ItemRecord) -> bool:
    """Does this line record how the person is (so an older observation is out of date)?"""
    text = it.quote
    return (it.kind is ItemKind.concern or bool(_WELL.search(text)) or bool(
        _OBSERVED.search(text)) or bool(lx.PERSON.search(text))) and not lx.INJECTION.search(text)


# Words that can stand before a "fine again" cue in a clause about the person themselves.
_ABOUT_PERSON = frozenset([
    "she", "he", "they", "her", "his", "their", "them", "i", "me", "my", "we", "our",
    "you", "your", "feels", "feel", "feeling", "felt", "says", "said", "seems", "seemed",
    "looks", "looked", "is", "was", "are", "were", "has", "had", "now", "much", "really",
    "all", "and", "but", "so", "finally", "also", "both", "already", "again", "generally",
    "overall", "mum", "mom", "dad", "mother", "father", "parents", "partner", "wife",
    "husband", "kids", "son", "daughter", "baby", "family", "sister", "brother",
])
_CLAUSE_START = re.compile(r".*(?:[,;:.!?()]|\s[-–—]\s)", re.S)


def _about_someone_else(prefix: str, names: frozenset[str]) -> bool:
    """The clause before the cue has a subject and it is not the person ("trainee doing well",
    "the team is in a good place"): the line says nothing about how the person is."""
    clause = _CLAUSE_START.sub("", prefix)
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", clause)]
    return bool(words) and not any(w in _ABOUT_PERSON or w in names for w in words)


_FAMILY = frozenset([
    "mum", "mom", "dad", "mother", "father", "parents", "partner", "wife", "husband", "kids",
    "son", "daughter", "baby", "family", "sister", "brother",
])


def _family_words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z]+", text)} & _FAMILY


def _fine_again(text: str, names: frozenset[str] = frozenset(),
                thread: str | None = None) -> bool:
    """``text`` says the person (or, for a worry about their family, that family) is fine
    again: "her mum was good" settles "mum in hospital", never "she's tired"."""
    m = _WELL.search(text)
    if m is None:
        return False
    if _about_someone_else(text[:m.start()], names):
        return False
    if thread is not None and _family_words(_CLAUSE_START.sub("", text[:m.start()])) and not (
            _family_words(thread)):
        return False
    return not _NEGATED.search(text[:m.start()][-25:]) and not (
        lx.NOT_DONE.search(text) and not re.search(r"\bstill\b", text, re.I))


def _later_held(history: History, m: MeetingRecord) -> Iterable[MeetingRecord]:
    return (x for x in history.meetings
            if x.status is MeetingStatus.held and (x.date, x.id) > (m.date, m.id))


def supersede_moods(history: History, states: list[State]) -> list[State]:
    """Close observed moods a later 1:1 superseded and wellbeing worries later notes settle."""
    by_id = {s[0]: s for s in states}
    names = frozenset(n.lower() for n in history.person.split())
    for m in history.meetings:
        for it in m.items:
            if it.kind is not ItemKind.concern or by_id.get(it.id, (0, ""))[1] != "open":
                continue
            observed = bool(_OBSERVED.search(it.quote)) and not _SAID.search(it.quote)
            wellbeing = observed or bool(tokens(it.quote) & WELLBEING)
            if not wellbeing:
                continue  # a worry about something specific needs its own closing line
            hit = None
            for later in _later_held(history, m):
                for x in later.items:
                    if x.private and not it.private:
                        continue  # never cite a private line for a shareable thread
                    if (observed and _person_line(x)) or _fine_again(x.quote, names, it.quote):
                        hit = (later.id, x.quote)
                        break
                if hit:
                    break
            if hit:
                by_id[it.id] = (it.id, "closed", hit[0], hit[1])
    return [by_id[s[0]] for s in states]


def progress_lines(history: History, states: list[State], closer_ids: set[int],
                   done: Callable[[ItemRecord], bool]) -> list[State]:
    """A thread line that itself closed an earlier thread and reports progress is closed by
    its own note: it is an update on that thread, not a new one (a commitment only when what
    it promises owes no action: "...which I'll remember")."""
    by_id = {s[0]: s for s in states}
    for m in history.meetings:
        for it in m.items:
            if (it.id in closer_ids and it.id in by_id and by_id[it.id][1] == "open"
                    and (it.kind is not ItemKind.commitment or _NO_ACTION.search(it.quote))
                    and done(it)):
                by_id[it.id] = (it.id, "closed", m.id, it.quote)
    return [by_id[s[0]] for s in states]
