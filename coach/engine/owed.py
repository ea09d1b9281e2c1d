"""Who owes what in a person's lines, for answers: a thread's owner as filed or as written,
and lines that say something is owed or held up, however the extractor filed them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coach.contracts import ItemKind, Party
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


def held_up(hits: Iterable[Hit], stuck: bool = False) -> list[Hit]:
    """Lines, newest first, that say something is held up by someone else ("DBS not back yet",
    "still no word from payroll", ``ask.waiting_on_others``), with ``stuck`` also lines that
    say a matter is not moving (``ask.no_progress``: "stalled", "still not booked"); never a
    closed thread, nor a line whose matter a later line shows closed ("CD hasn't answered",
    then "still nothing from the CD, I'll take it to the users' meeting", done since)."""
    rules = load_rules()
    pool = [h for h in hits if h.quotable]
    held = [h for h in pool if h.item.state != "closed"
            and (rules.matches("ask.waiting_on_others", h.item.text)
                 or (stuck and rules.matches("ask.no_progress", h.item.text)))]
    return _newest_first(h for h in held if not _closed_later(h, pool))


def _closed_later(hit: Hit, pool: list[Hit]) -> bool:
    """A later note moved ``hit``'s matter on: a line sharing two content words with it (the
    person's name aside) that is a closed thread, a closing line, or a line saying it came
    through (``ask.settled``: "agency invoice: finance paid it on the 20th"). A later line that
    still waits, chases, merely mentions the matter or is an open thread ("police: chased
    twice, nothing", "district says details in the new year") leaves it held."""
    from coach.engine.query import words
    from coach.engine.textmatch import tokens

    rules = load_rules()
    drop = words(hit.person)
    own = tokens(hit.item.text, drop)

    def moved_on(h: Hit) -> bool:
        if h.item.state == "closed" or h.item.kind is ItemKind.closure:
            return True
        text = h.item.text
        return h.item.state != "open" and rules.matches("ask.settled", text) and not any(
            rules.matches(r, text) for r in ("ask.waiting_on_others", "ask.no_progress",
                                              "ask.still_pending", "negation.not_done"))

    return any(h.date > hit.date and len(own & tokens(h.item.text, drop)) >= 2 and moved_on(h)
               for h in pool)


def report_owes(hits: Iterable[Hit]) -> list[Hit]:
    """Lines, newest first, whose written owner is the report ("Ines: finish the write-up",
    "she'll redo the sheet", "kyle do the mot training" in notes typed in lower case),
    whatever kind the extractor gave them; never a closed thread."""
    return _newest_first(h for h in hits if h.quotable and h.item.state != "closed"
                         and (written_owner(h.item.text, h.person) is Party.report
                              or names_report_action(h.item.text, h.person)))


def names_report_action(text: str, person: str) -> bool:
    """``text`` has the report's name, in any case, before something to do
    (``ask.name_then_action``: "kyle do the mot training", "mot bay kyle needs to do his
    tester training"); a name with no action after it ("kyle off 13 oct", "kyle quiet today")
    is not."""
    from coach.engine.names import is_report_name
    from coach.rules import words as rule_words

    verbs = rule_words("summary.action_verbs")
    for pattern, _ in load_rules().entries("ask.name_then_action"):
        for m in pattern.finditer(text):
            who, verb = m.group("who"), m.group("verb")
            if verb in verbs and len(who) > 1 and is_report_name(who.capitalize(), person):
                return True
    return False


def one_per_matter(hits: Sequence[Hit], name: str) -> list[Hit]:
    """``hits`` in order, without a line that restates a matter an earlier kept line already
    stands for: one that shares two or more content words (stems, synonyms; the person's name
    aside) with it. Held-up matters are written again every week ("still no word from payroll
    about the mileage", "mileage: payroll says not paid yet"); the newest line says where it
    is, and the list leaves room for the other matters."""
    from coach.engine.query import words
    from coach.engine.textmatch import tokens as match_tokens

    drop = [w for w in words(name)]
    kept: list[tuple[Hit, set[str]]] = []
    for hit in hits:
        toks = match_tokens(hit.item.text, drop)
        if any(len(toks & other) >= 2 for _, other in kept):
            continue
        kept.append((hit, toks))
    return [hit for hit, _ in kept]
