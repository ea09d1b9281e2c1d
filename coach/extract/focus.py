"""Classify what a held meeting was mostly about: delivery, development, wellbeing, context or
feedback. An explicit ``focus:`` in the front matter is stored separately and wins
(``MeetingRecord.effective_focus``); this is the inferred one.
"""

from __future__ import annotations

import re

from coach.contracts import FocusArea, MeetingStatus
from coach.extract import lexicon as lx
from coach.extract import signals_lexicon as sx
from coach.extract.items import is_injection, is_status
from coach.notes.parse import ParsedNote

# A line votes for at most this many cue hits per area, so one wordy line cannot decide alone.
MAX_HITS_PER_LINE = 2
# A bare answer to "how are you?" ("ok, tired, the usual.", "fine.") is a quick check-in, not
# what the meeting was about: a line this short gives half a vote.
SHORT_LINE_WORDS = 4
SHORT_LINE_VOTE = 0.5
# On a tie the rarer conversation wins: status talk is the default a meeting drifts into.
TIE_ORDER = (FocusArea.feedback, FocusArea.development, FocusArea.wellbeing, FocusArea.context,
             FocusArea.delivery)
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")


def focus_scores(note: ParsedNote) -> dict[FocusArea, float]:
    """Votes per area: each line gives one vote, split between its best-matching areas."""
    scores = {area: 0.0 for area in FocusArea}
    for line in note.lines:
        if _HEADING_LINE.match(line.raw) or line.private or is_injection(line.text):
            continue
        text = sx.WORK_SENSES.sub(" ", line.text)  # "holiday coverage" is not about the person
        hits = {area: min(len(rx.findall(text)), MAX_HITS_PER_LINE)
                for area, rx in lx.FOCUS_CUES.items()}
        if is_status(line.text):
            hits[FocusArea.delivery] += 1
        best = max(hits.values())
        if best <= 0:
            continue
        winners = [a for a, h in hits.items() if h == best]
        short = len(line.text.split()) <= SHORT_LINE_WORDS and not is_status(line.text)
        vote = SHORT_LINE_VOTE if short else 1.0
        for a in winners:
            scores[a] += vote / len(winners)
    return scores


def classify_focus(note: ParsedNote) -> FocusArea | None:
    """The dominant focus of a held meeting, or None (cancelled, or nothing recognisable)."""
    if note.status is not MeetingStatus.held:
        return None
    scores = focus_scores(note)
    top = max(scores.values())
    if top <= 0:
        return None
    return next(a for a in TIE_ORDER if scores[a] == top)
