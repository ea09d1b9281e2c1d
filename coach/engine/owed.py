"""Who owes what in a person's lines, for answers: a thread's owner as filed or as written,
and lines that say something is owed or held up, however the extractor filed them."""

from __future__ import annotations

from collections.abc import Iterable

from coach.contracts import Party
from coach.engine.retrieve import Hit
from coach.rules import load_rules
from coach.summary.owners import written_owner


def _newest_first(hits: Iterable[Hit]) -> list[Hit]:
    return sorted(hits, key=lambda h: (h.date, h.item.line_no), reverse=True)


def party(hit: Hit) -> Party | None:
    """Who owes a thread: as filed, else as the line writes it ("me: approve the overtime",
    "Fatima: finish the write-up", "Treasury (Mark) to send")."""
    if hit.item.party is not None:
        return hit.item.party
    return written_owner(hit.item.text, hit.person)


def manager_owes(hits: Iterable[Hit], waiting: bool = False) -> list[Hit]:
    """Lines, newest first, where the manager says they still owe something, whatever kind
    the extractor gave them (``ask.manager_owes``: "I promised to tell her..." filed as a
    closure is still owed; an owner written as the manager's, "me: approve the cover"), and
    with ``waiting`` ("what's Joe waiting on from me?") lines where the report wants something
    done (``ask.report_wants``); never a closed thread."""
    rules = load_rules()
    return _newest_first(h for h in hits if h.quotable and h.item.state != "closed"
                         and (rules.matches("ask.manager_owes", h.item.text)
                              or written_owner(h.item.text, h.person) is Party.manager
                              or (waiting and rules.matches("ask.report_wants", h.item.text))))


def held_up(hits: Iterable[Hit]) -> list[Hit]:
    """Lines, newest first, that say something is held up by someone else ("DBS not back yet",
    "still no word from payroll", ``ask.waiting_on_others``); never a closed thread."""
    rules = load_rules()
    return _newest_first(h for h in hits if h.quotable and h.item.state != "closed"
                         and rules.matches("ask.waiting_on_others", h.item.text))


def report_owes(hits: Iterable[Hit]) -> list[Hit]:
    """Lines, newest first, whose written owner is the report ("Ines: finish the write-up",
    "she'll redo the sheet"), whatever kind the extractor gave them; never a closed thread."""
    return _newest_first(h for h in hits if h.quotable and h.item.state != "closed"
                         and written_owner(h.item.text, h.person) is Party.report)
