"""Answer a question about the last 1:1 itself ("what did we agree last time with Bronwen?",
"what did Priya want last time?", "what's still open from our last meeting?"): what that note
says, in its order, narrowed by what else the question asks for (what is still open, what you
or they owe, a kind of line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from coach.contracts import ItemKind, Party
from coach.engine.ask_lines import quoted, say_line, thread_label
from coach.engine.owed import party
from coach.engine.query import Question
from coach.engine.retrieve import Hit, hits_from_history, open_threads
from coach.history import History

MAX_LAST = 8  # lines of the last note in one answer


def last_meeting(question: Question, history: History, today: dt.date | None,
                 says_kind: Callable[[Hit], bool]) -> tuple[str, list[Hit]] | None:
    """The lines of the person's last held 1:1 (the last note of any kind when none was held),
    once each, in the note's order. ``says_kind``: whether a line is of a kind the question
    asks for ("what did she ask for last time?"); None when the last note has no line of it
    (the question then means the last time she asked, and the caller answers that)."""
    name = history.person
    notes = history.held or history.meetings
    if not notes:
        return f"There are no notes with {name} yet.", []
    last = notes[-1]
    seen: set[str] = set()
    hits: list[Hit] = []
    for hit in sorted(hits_from_history(history, last.items),
                      key=lambda h: (h.item.line_no, h.body.find(h.item.quote), h.item.id)):
        if hit.quotable and hit.item.quote not in seen:
            seen.add(hit.item.quote)
            hits.append(hit)
    # a clause quoted with the rest of its line ("...parts on order. I'll escalate") stands
    # for the line's other clause too
    said = [quoted(h) for h in hits]
    hits = [h for h, text in zip(hits, said, strict=True)
            if not any(text != other and text in other for other in said)]
    what = f"Your last 1:1 with {name} ({last.date.isoformat()})"
    if question.follow_up:  # "what's still open from last time?"
        open_ids = {t.item.id for t in open_threads(history, today)}
        hits = [h for h in hits if h.item.id in open_ids]
        what += ", still open"
    if question.manager_side:
        hits = [h for h in hits if h.item.kind is ItemKind.commitment
                and party(h) is Party.manager]
        what += ", what you said you'd do"
    elif question.report_side:
        hits = [h for h in hits if h.item.kind is ItemKind.commitment
                and party(h) is Party.report]
        what += f", what {name.split()[0]} said they'd do"
    if question.kinds:
        hits = [h for h in hits if says_kind(h)]
        what += f", {' / '.join(sorted(question.kinds))} lines"
        if not hits:
            return None
    if not hits:
        return f"{what}: nothing of that in the note.", []
    shown = hits[:MAX_LAST]
    lines = [f"{what}:"]
    lines += [say_line(h, thread_label(h) if h.item.kind is ItemKind.commitment else "")
              for h in shown]
    if len(hits) > MAX_LAST:
        lines.append(f"- …and {len(hits) - MAX_LAST} more lines in that note.")
    return "\n".join(lines), shown
