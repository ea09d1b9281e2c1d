"""Cut a line of a note into sentences (and a run-on sentence into clauses), each a span of
the line, so every item quotes a contiguous part of the note."""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.rules import rx

# Sentences shorter than this are glued to the previous one ("looks rested. good.").
MIN_SENTENCE_CHARS = 24
# A sentence this long is run-on prose: it is also cut at clause.new_statement.
LONG_SENTENCE_CHARS = 200
_NEW_STATEMENT = rx("clause.new_statement")
_NEW_OWNER = rx("clause.new_owner")
_MANAGER = rx("commitment.manager")
_THEIRS = (rx("commitment.report_pronoun"), rx("commitment.name"))
_ABBREV = re.compile(
    r"(?:(?:^|\s)(?:e\.g|i\.e|etc|vs|approx|mr|mrs|ms|dr|st|inc|no)|(?:^|\s)[A-Za-z])\.$", re.I)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”')]*\s+(?!(?:->|→|=>)\s)")


@dataclass(frozen=True)
class _Span:
    start: int  # offset within NoteLine.text
    end: int


def split_sentences(text: str) -> list[_Span]:
    """Split a line into sentence spans; tiny fragments are merged into their neighbour."""
    spans: list[_Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start()].rstrip("\"”')")
        if not _ABBREV.search(head):
            spans.append(_Span(start, m.start()))
            start = m.end()
    spans.append(_Span(start, len(text)))
    merged: list[_Span] = []
    for sp in spans:
        piece = text[sp.start:sp.end].strip()
        if not piece:
            continue
        if merged and (len(piece) < MIN_SENTENCE_CHARS
                       or len(text[merged[-1].start:merged[-1].end].strip()) < MIN_SENTENCE_CHARS):
            merged[-1] = _Span(merged[-1].start, sp.end)
        else:
            merged.append(sp)
    out = [c for sp in merged for c in _clauses(text, sp)]
    return out or [_Span(0, len(text))]


def _clauses(text: str, sp: _Span) -> list[_Span]:
    """A long run-on sentence cut where a new reported statement starts ("..., she also
    mentioned she'd like..."), and any sentence cut where a second person's promise follows
    a first one ("I said I would look at the targets and he said he would write up the
    aisles"); pieces shorter than a sentence stay with the one before."""
    cuts = _owner_cuts(text, sp)
    if sp.end - sp.start >= LONG_SENTENCE_CHARS:
        cuts = sorted(set(cuts) | {m.end() for m in _NEW_STATEMENT.finditer(text, 0, sp.end)
                                   if m.start() >= sp.start})
    if not cuts:
        return [sp]
    out: list[_Span] = []
    start = sp.start
    for cut in cuts:
        if cut - start >= MIN_SENTENCE_CHARS and sp.end - cut >= MIN_SENTENCE_CHARS:
            out.append(_Span(start, cut))
            start = cut
    out.append(_Span(start, sp.end))
    return out


def _owner_cuts(text: str, sp: _Span) -> list[int]:
    """Where a promise by someone else follows a promise in the sentence (clause.new_owner):
    the manager's after the report's, or the report's after the manager's."""
    piece = text[sp.start:sp.end]
    cuts = []
    for m in _NEW_OWNER.finditer(piece):
        before, after = piece[:m.start()], piece[m.end():]
        mine_after = re.match(r"(?:(?:and|but|while|then)\s+)?i\b", after, re.I) is not None
        if (any(r.search(before) for r in _THEIRS) if mine_after
                else _MANAGER.search(before) is not None):
            cuts.append(sp.start + m.end())
    return cuts
