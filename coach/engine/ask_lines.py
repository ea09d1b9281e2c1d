"""How an answer words and cites a line of notes: what to quote (a clause with the rest of its
line when it leans on it), a thread's label ("you committed, due Friday: "), the order threads
are listed in, and the citations. Always text literally in the cited note."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coach.contracts import Citation, ItemKind, Party
from coach.engine.owed import party
from coach.engine.retrieve import Hit


# --- wording --------------------------------------------------------------------------------
def short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


LINE_MARK_RX = re.compile(r"^\s*(?:[-*•+]\s+)?(?:\[[ xX]\]\s+)?")
SHORT_QUOTE = 6  # words: a clause this short is quoted with the rest of its line
# ...and so is a clause that leans on the one before it for what it is about ("I'll escalate
# to the estates manager this week" after "AHU theatre 4: not fixed, parts on order")
_LEANS = re.compile(r"^(?:→\s*|->\s*|so |and |then )?(?:i|we|she|he|they)(?:'ll|’ll| will|"
                    r"'d|’d| would)\b|^(?:→|->)", re.I)


def quoted(hit: Hit) -> str:
    """What to quote for ``hit``: its own quote, or, when that is a short clause of a longer
    line ("I'll check w/ accountant", "said I'd deal with it") or a clause that leans on the
    one before it ("I'll escalate to the estates manager this week"), the whole line, so the answer
    says what the clause is about ("G asked re paternity leave in Feb. I'll check w/
    accountant"). Always literally in the note."""
    quote = hit.item.quote
    if len(quote.split()) > SHORT_QUOTE and not _LEANS.match(quote):
        return quote
    for raw in hit.body.splitlines():
        if quote in raw:
            line = LINE_MARK_RX.sub("", raw).strip()
            if line != quote and len(line) <= 240 and line in hit.body:
                return line
            break
    return quote


def say_line(hit: Hit, label: str = "") -> str:
    private = " (private)" if hit.item.private else ""
    return f"- {label}\"{short(quoted(hit))}\" ({hit.date.isoformat()}){private}"


def thread_label(hit: Hit) -> str:
    item, first = hit.item, hit.person.split()[0]
    if item.kind is ItemKind.commitment:
        owner = "you" if party(hit) is Party.manager else first if party(hit) is Party.report \
            else "someone"
        due = f", due {item.due}" if item.due else ""
        return f"{owner} committed{due}: "
    return {
        ItemKind.request: f"{first} asked: ",
        ItemKind.concern: "concern: ",
        ItemKind.growth: "growth: ",
        ItemKind.topic: "open topic: ",
    }.get(item.kind, "")


_THREAD_ORDER = {ItemKind.commitment: 0, ItemKind.request: 1, ItemKind.concern: 2,
                 ItemKind.growth: 3, ItemKind.topic: 4}


def thread_sort(hit: Hit) -> tuple[int, int, int]:
    mine = 0 if party(hit) is Party.manager else 1
    return (_THREAD_ORDER.get(hit.item.kind, 9), mine, -hit.date.toordinal())


def cite(hits: Iterable[Hit]) -> list[Citation]:
    out: list[Citation] = []
    seen: set[tuple[int, str]] = set()
    for hit in hits:
        quote = quoted(hit)
        key = (hit.item.meeting_id, quote)
        if key in seen:
            continue
        seen.add(key)
        out.append(Citation(person=hit.person, date=hit.date, note_id=hit.item.meeting_id,
                            quote=quote, private=hit.item.private))
    return out


