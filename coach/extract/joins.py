"""Sentences of one line that make one thread: an ask and the promise that takes it on; a to-do
box written after a line's text ("radiators: facilities STILL haven't fixed the last
two. kids' area cold, parents complaining. [ ] me: escalate to the facilities manager"): the
to-do is the action on what the line describes, so it quotes the line it acts on, and the
description is not a second thread beside it."""

from __future__ import annotations

import re

from coach.contracts import ItemKind, Party
from coach.extract import ExtractedItem
from coach.extract import lexicon as lx
from coach.extract.cues import ANSWER_LABEL
from coach.notes.parse import NoteLine

_INLINE_TODO = re.compile(r"^\[\s?\]\s*\S")
# what such a to-do acts on: the line's description, a problem in the work, a topic (not the
# report's own news, which stays its own thread for the check-in)
_WHAT_A_TODO_ACTS_ON = frozenset((ItemKind.note, ItemKind.concern, ItemKind.topic))


def fold_inline_todo(out: list[ExtractedItem], starts: list[int], line: NoteLine,
                     party: Party | None, due: str | None, quote: str, end: int,
                     decided_by: str) -> bool:
    """Fold the items before an inline to-do ``quote`` (ending at ``end`` in ``line.text``)
    into it, in place in ``out``/``starts``; False (nothing changed) when it is no inline
    to-do or nothing before it on the line is what it acts on."""
    if not _INLINE_TODO.match(quote):
        return False
    k = len(out)
    while k > 0 and out[k - 1].kind in _WHAT_A_TODO_ACTS_ON and (
            out[k - 1].party is not Party.report):
        k -= 1
    if k == len(out):
        return False
    both = line.text[starts[k]:end].strip()
    begin = starts[k]
    del out[k:], starts[k:]
    starts.append(begin)
    out.append(ExtractedItem(
        line_no=line.number, kind=ItemKind.commitment, text=both, quote=both, party=party,
        due=due, private=line.private, checkbox=line.checkbox, decided_by=decided_by))
    return True


def takes_on_ask(prev: ExtractedItem, kind: ItemKind, party: Party | None, quote: str) -> bool:
    """A commitment right after the report's ask on the same line takes the ask on: the
    manager's promise ("Asked if we cover the course. I'll check with Dana."), or anyone's
    promise in the answer half of a "Q: ... A: ..." line."""
    return (prev.kind in (ItemKind.request, ItemKind.growth) and kind is ItemKind.commitment
            and ((prev.party is Party.report and party is Party.manager)
                 or ANSWER_LABEL.match(quote) is not None
                 or (prev.kind is ItemKind.request and prev.party is Party.report
                     and party is Party.report and a_wish(prev.quote))))


def a_wish(quote: str) -> bool:
    """The report wanting something ("wants a second person trained on the bake plan"), not
    asking the manager for it: when their own promise follows on the same line ("she'll pick
    someone by end of month") the next step is theirs, so the wish and the step are one thread
    they owe. An ask ("asked if she could...", "can we...?") still waits on the manager."""
    req = lx.REQUEST.search(quote)
    return req is not None and "?" not in quote and re.match(
        r"(?:wants?|wanted|would|'d|’d|hop)", req.group(0), re.I) is not None
