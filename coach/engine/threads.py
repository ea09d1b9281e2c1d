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
from coach.engine.textmemo import closes_text, outcome_clauses, thread_verb
from coach.engine.threadwords import GENERIC, qualifier_conflict, units
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
    # (an outcome in the past tense is progress too, "comp was sat 9th, she came 2nd", when
    # nothing in the line is still undone: "sent the details; I have not looked yet")
    out = progress_lines(history, out, closer_ids, lambda it: closes_text(
        it.quote, it.checkbox, None, wellbeing=it.kind is ItemKind.concern) or bool(
        outcome_clauses(it.quote, it.checkbox) and not lx.NOT_DONE.search(it.quote)))
    out = supersede_moods(history, out)
    out = _close_raised_again(matcher, out, spot_ids)
    out = _close_same_line(history, matcher, out)
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
    # Only two kinds of mention can decide it: a closed thread, and a line whose words are a
    # closing quote; the others are not scored (the same answer, a fraction of the work).
    closed = {s[0] for s in states if s[1] == "closed"}
    said = {s[3] for s in states if s[1] == "closed"}

    def relevant(line: _Line) -> bool:
        return line.item.id in closed or line.item.quote in said

    for s in states:
        if s[1] != "open":
            continue
        mentions = matcher.mentions(s[0], keep=relevant)
        quotes = {line.item.quote for line in mentions}
        first = matcher._by_item[s[0]].item.quote if s[0] in matcher._by_item else ""
        for line in mentions:
            again = by_id.get(line.item.id)
            if again is not None and again[3] == line.item.quote and (
                    line.item.checkbox != "done"):
                continue  # an update on some thread, closed as that: it closes no other
            if again is not None and again[3] and qualifier_conflict(first, again[3],
                                                                      matcher.drop):
                continue  # "NVQ lvl 2 certificates handed out" closes no "NVQ lvl 3"
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
                c_line = matcher._by_item[c.id]
                # (a word that only qualifies the commitment's thing does not join them: "she
                # wants to sit the exam" is not settled by "exam study pack → I'll get her one")
                shared = {t for t in ask_toks & matcher.core(c_line) - matcher.modifiers(c_line)
                          if t not in GENERIC and t not in matcher.names
                          and matcher.idf.df.get(t, 0) <= matcher.rare_df * 2}
                if units(shared) >= 1 and (c.private == ask.private):
                    by_id[ask.id] = (ask.id, "closed", by_id[c.id][2], by_id[c.id][3])
                    break
    return [by_id[s[0]] for s in states]


def _close_same_line(history: History, matcher: ThreadMatcher,
                     states: list[tuple[int, str, int | None, str | None]]
                     ) -> list[tuple[int, str, int | None, str | None]]:
    """A worry or ask and the commitment that answers it on the same note line are one matter
    ("table keeps dropping, dangerous. i'll get the engineer out"; "survey readings worry him.
    I'll raise with the vent engineer"): when one is closed by a line that also names the other
    by a distinctive word of its own ("engineer came, new ram fitted on the table"), the other is
    closed by that line too. Two commitments on one line are two matters, never joined."""
    by_id = {s[0]: s for s in states}
    for m in history.meetings:
        by_line: dict[int, list[ItemRecord]] = {}
        for it in m.items:
            if it.is_thread and it.id in by_id and it.id in matcher._by_item:
                by_line.setdefault(it.line_no, []).append(it)
        for items in by_line.values():
            for i, ask in enumerate(items):
                if ask.kind not in _LINKED_KINDS:
                    continue
                for answer in items[i + 1:]:
                    if answer.kind is not ItemKind.commitment or answer.private != ask.private:
                        continue
                    _join(matcher, by_id, ask, answer)
    return [by_id[s[0]] for s in states]


def _join(matcher: ThreadMatcher, by_id: dict[int, tuple[int, str, int | None, str | None]],
          a: ItemRecord, b: ItemRecord) -> None:
    for one, other in ((a, b), (b, a)):
        done, still = by_id[one.id], by_id[other.id]
        if done[1] != "closed" or still[1] != "open" or done[3] is None or done[2] is None:
            continue
        if done[3] == one.quote:
            continue  # closed by its own note ([x]): says nothing about the other
        own = matcher.core(matcher._by_item[other.id]) - matcher.core(matcher._by_item[one.id])
        if any(matcher.distinctive(t) for t in own & matcher.tok(done[3]) if not t.isupper()):
            by_id[other.id] = (other.id, "closed", done[2], done[3])
