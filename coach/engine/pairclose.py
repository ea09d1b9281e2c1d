"""Closure in other words: the fitted pair model closes a thread the rules leave open.

"van 3 have problem with the brakes, I must book it in garage" ... "van 3 is back from garage,
new pads and discs" has no closure cue the rules know; the pair model (coach/rules/fitted.py,
``decide_pair``), fitted on the corpus, reads it as closed. It is asked only about the lines
the matcher already finds for the thread (``ThreadMatcher.mentions``: later notes, about the same
thing), never about the thread's own line or a verbatim copy of it carried into a later note,
and it closes only at or above the model's ``close_above`` (chosen by leave-one-workplace-out
cross-validation on the corpus train split for a precise "closed"; coach/rules/pairtrain.py),
and only when ``WIRED``.
A still-later mention that re-opens the thread, or that the model reads as still open, keeps
it open. The closing line is the cited quote; ``ModelClosure.decision.top`` says what decided it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.engine.matcher import ThreadMatcher
from coach.extract import lexicon as lx
from coach.history import ItemRecord, MeetingRecord
from coach.rules.fitted import Decision, decide_pair, load_model

# Whether resolve_threads asks the model at all. OFF (2026-11-29): at the shipped
# close_above (0.94, chosen by cross-validation) `coach eval --split dev` is unchanged (one
# gold-closed d3 thread closed, none gold-open, no scenario gained or lost); the thresholds
# that gain d3 scenarios (<= 0.9) each also lose one (README, "Fitted closure").
WIRED = False
# Off when the shipped model has no run-time threshold (1.01 = never close).
NEVER = 1.01
# The model reads at most this many of the thread's later mentions (the earliest): a closure
# comes soon after the thread, and each reading costs ~15 ms, so long histories stay fast.
MAX_ASKED = 8
_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class ModelClosure:
    meeting: MeetingRecord
    item: ItemRecord
    decision: Decision


def close_threshold() -> float:
    """P(closed) at or above which the pair model closes a thread: the model's
    ``meta.close_above`` (NEVER when no model or no threshold is shipped)."""
    model = load_model("pair")
    if model is None:
        return NEVER
    return float(model.meta.get("close_above", NEVER))


def _norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def _with_box(it: ItemRecord) -> str:
    """The line as the corpus writes it: a ticked checkbox is part of what it says."""
    if it.checkbox == "done":
        return f"[x] {it.quote}"
    if it.checkbox == "open":
        return f"[ ] {it.quote}"
    return it.quote


def model_closer(matcher: ThreadMatcher, item_id: int,
                 threshold: float | None = None) -> ModelClosure | None:
    """The later line the pair model reads as closing the thread (None: leave it open)."""
    at = close_threshold() if threshold is None else threshold
    thread = matcher._by_item.get(item_id)
    if thread is None or at >= NEVER:
        return None
    own = _norm(thread.item.quote)
    text = _with_box(thread.item)
    # the thread carried into a later note unchanged says nothing happened: never asked
    lines = [line for line in matcher.mentions(item_id)
             if line.item.id != item_id and _norm(line.item.quote) != own]
    scored = []
    for line in lines[:MAX_ASKED]:
        decision = decide_pair(text, _with_box(line.item))
        if decision is not None:
            scored.append((line, decision))
    best = None
    for line, d in scored:
        if d.label == "closed" and d.confidence >= at and (
                best is None or d.confidence > best[1].confidence):
            best = (line, d)
    if best is None:
        return None
    line, decision = best
    read_open = {ln.item.id for ln, d in scored if d.label == "open"}
    for later in lines:
        if later.order > line.order and (later.item.id in read_open
                                         or lx.REOPEN.search(later.item.quote)):
            return None  # "still waiting on the quote" after it: not closed after all
    return ModelClosure(line.meeting, line.item, decision)
