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
    mentioned she'd like..."); pieces shorter than a sentence stay with the one before."""
    if sp.end - sp.start < LONG_SENTENCE_CHARS:
        return [sp]
    cuts = [sp.start + m.end() for m in _NEW_STATEMENT.finditer(text, 0, sp.end)
            if m.start() >= sp.start]
    out: list[_Span] = []
    start = sp.start
    for cut in cuts:
        if cut - start >= MIN_SENTENCE_CHARS and sp.end - cut >= MIN_SENTENCE_CHARS:
            out.append(_Span(start, cut))
            start = cut
    out.append(_Span(start, sp.end))
    return out
