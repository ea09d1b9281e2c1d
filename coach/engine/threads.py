"""Which threads are still open: a thread stays open until a LATER note says it happened.

Decided from words alone (stems, synonyms, IDF-weighted overlap, closure cues), never from the
embedder, so thread state is the same whichever embedder ingest used. Precision matters both
ways: a wrong closure hides a real thread, a missed one shows a done thing as open.
"""

from __future__ import annotations

from coach.contracts import ItemKind
from coach.engine import pairclose
from coach.engine.closure import DID_IT
from coach.engine.matcher import ThreadMatcher, _Line
from coach.engine.supersede import progress_lines, supersede_moods
from coach.engine.textmemo import closes_text, thread_verb
from coach.engine.threadwords import GENERIC, units
from coach.extract import lexicon as lx
from coach.extract.owner import taken_up_ask
from coach.history import History, ItemRecord

# names other modules import from here
__all__ = ["GENERIC", "ThreadMatcher", "closes_text", "resolve_threads", "thread_verb"]


def resolve_threads(history: History, fitted: bool = True
                    ) -> list[tuple[int, str, int | None, str | None]]:
    """(item_id, "open"|"closed", closed_by_meeting_id, closed_quote) for every thread item.

    A ``[x]`` thread is closed by its own note; otherwise the first later line that says it
    happened (and is about the same thing) closes it, and that line is the cited quote. When
    the rules find none, the fitted pair model may read a later line about the thread as its
    closure in other words (coach/engine/pairclose.py, when ``WIRED``); ``fitted=False`` is the
    rules alone
    (the rules-only pair decision, which the pair model itself reads as a feature).
    """
    from coach.engine.memo import matcher_for

    matcher = matcher_for(history)  # kept on the history: the facts read it next
    out: list[tuple[int, str, int | None, str | None]] = []
    closer_ids: set[int] = set()
    spot_ids: set[int] = set()
    for m in history.meetings:
        for it in m.items:
            if not it.is_thread:
                continue
            if it.checkbox == "done":
                out.append((it.id, "closed", m.id, it.quote))
                continue
            spot = _done_on_the_spot(m.items, it)
            if spot is not None:  # "...I hadn't sent the form. did it during the meeting"
                out.append((it.id, "closed", m.id, spot.quote))
                spot_ids.add(it.id)
                continue
            closing: _Line | pairclose.ModelClosure | None = matcher.closer(it.id)
            if closing is None and fitted and pairclose.WIRED:
                closing = pairclose.model_closer(matcher, it.id)
            if closing is None:
                out.append((it.id, "open", None, None))
            else:
                closer_ids.add(closing.item.id)
                out.append((it.id, "closed", closing.meeting.id, closing.item.quote))
    out = progress_lines(history, out, closer_ids, lambda it: closes_text(
        it.quote, it.checkbox, None, wellbeing=it.kind is ItemKind.concern))
    out = supersede_moods(history, out)
    out = _close_raised_again(matcher, out, spot_ids)
    return _close_linked(history, matcher, out)


def _done_on_the_spot(items: list[ItemRecord], thread: ItemRecord) -> ItemRecord | None:
    """The next sentence of the same line says it was done, naming it only by a pronoun:
    "she asked about the course again, I hadn't sent the form. did it during the meeting"."""
    later = [it for it in items if it.line_no == thread.line_no and it.id > thread.id]
    if later and DID_IT.search(later[0].quote) and not lx.NOT_DONE.search(later[0].quote):
        return later[0]
    return None


def _close_raised_again(matcher: ThreadMatcher,
                        states: list[tuple[int, str, int | None, str | None]],
                        spot_ids: set[int]) -> list[tuple[int, str, int | None, str | None]]:
    """A thread raised again in a later note is the same thread: when the later one is
    closed, so is the first ("I'll put her name down for the course" ... "she asked about the
    course again" ... "did it during the meeting"). Only when the closing line is about the
    first thread too, or closed the re-raise on the spot: a wrong closure must not spread."""
    by_id = {s[0]: s for s in states}
    for s in states:
        if s[1] != "open":
            continue
        mentions = matcher.mentions(s[0])
        quotes = {line.item.quote for line in mentions}
        for line in mentions:
            again = by_id.get(line.item.id)
            if again is not None and again[1] == "closed" and (
                    line.item.id in spot_ids or again[3] in quotes):
                by_id[s[0]] = (s[0], "closed", again[2], again[3])
                break
    return [by_id[s[0]] for s in states]


# What the report raised (an ask, a worry) is settled when the commitment made about it in
# the same 1:1 is done: "wants an external coach, is there budget?" + "I'll ask Dee whether the
# budget covers a coach" ... "Dee said yes" closes both.
_LINKED_KINDS = (ItemKind.request, ItemKind.growth, ItemKind.concern, ItemKind.topic)


def _close_linked(history: History, matcher: ThreadMatcher,
                  states: list[tuple[int, str, int | None, str | None]]
                  ) -> list[tuple[int, str, int | None, str | None]]:
    by_id = {s[0]: s for s in states}
    for m in history.meetings:
        asks = [it for it in m.items if (it.kind in _LINKED_KINDS or taken_up_ask(
                    it.kind, it.party, it.quote)) and it.id in by_id
                and by_id[it.id][1] == "open" and it.id in matcher._by_item]
        done = [it for it in m.items if it.kind is ItemKind.commitment and it.id in by_id
                and by_id[it.id][1] == "closed" and it.id in matcher._by_item]
        for ask in asks:
            ask_toks = matcher.core(matcher._by_item[ask.id])
            for c in done:
                shared = {t for t in ask_toks & matcher.core(matcher._by_item[c.id])
                          if t not in GENERIC and t not in matcher.names
                          and matcher.idf.df.get(t, 0) <= matcher.rare_df * 2}
                if units(shared) >= 1 and (c.private == ask.private):
                    by_id[ask.id] = (ask.id, "closed", by_id[c.id][2], by_id[c.id][3])
                    break
    return [by_id[s[0]] for s in states]
