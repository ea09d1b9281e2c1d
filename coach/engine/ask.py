"""Answer a question from retrieved lines of notes: offline, deterministic, every claim cited.

The service resolves the people named, loads their history, runs retrieval and hands this
module plain records (``Hit``). Nothing here touches SQL or a model. Quotes are the stored
item quotes, checked to be literally in the cited note; text in notes is only ever quoted, so a
note that reads like an instruction cannot change what the answer does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from coach.contracts import Answer, ItemKind, Party
from coach.engine.ask_kind import kind_signals as _kind_signals
from coach.engine.ask_kind import of_asked_kind as _of_asked_kind
from coach.engine.ask_kind import says_kind as _says_kind
from coach.engine.ask_kind import settled_on_topic as _settled_on_topic
from coach.engine.ask_last import last_meeting
from coach.engine.ask_lines import cite as _cite
from coach.engine.ask_lines import say_line as _line
from coach.engine.ask_lines import thread_label as _thread_label
from coach.engine.ask_lines import thread_sort as _thread_sort
from coach.engine.ask_role import RoleMatch, matter_owner, person_by_role  # noqa: F401
from coach.engine.owed import held_up, manager_owes, one_per_matter, party, report_owes
from coach.engine.query import Question, lexical_match
from coach.engine.retrieve import (  # noqa: F401 - re-exported: ask's public names
    Hit,
    carried_forward,
    hits_from_history,
    later_on_matter,
    open_threads,
    present_concepts,
    reason_chain,
    relevant,
    with_neighbours,
)
from coach.history import History

# Dense similarity at which a line counts as relevant with no lexical match to the question.
# Measured on the sample notes: MiniLM puts unrelated headings and small talk at 0.3-0.45.
DENSE_FLOOR = {"hashing": 0.5, "minilm": 0.5}
DEFAULT_FLOOR = 0.5
MAX_PER_PERSON = 4  # lines per person in an answer across people
MAX_LINES = 6  # lines cited for one named person
MAX_PEOPLE = 8
NEIGHBOUR_ANCHORS = 3  # the best topical lines whose adjacent open threads join the answer
NOTHING = "I found nothing in your notes about that."
_WHY = re.compile(r"\s*(?:why|how come|what(?:'s|’s| is| was) the reason)\b", re.I)


def dense_floor(model_id: str) -> float:
    lowered = model_id.lower()
    for family, floor in DENSE_FLOOR.items():
        if family in lowered:
            return floor
    return DEFAULT_FLOOR


# wording and citing a line: coach/engine/ask_lines.py
def _topic_phrase(question: Question) -> str:
    terms = [c.term for c in question.concepts]
    if not terms:
        return "that"
    return terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " or " + terms[-1]


# --- answers --------------------------------------------------------------------------------
def answer_question(
    question: Question,
    *,
    named: list[History],
    hits: list[Hit],
    open_items: list[Hit],
    searched: list[str],
    floor: float = DEFAULT_FLOOR,
    today: dt.date | None = None,
    readings: Sequence[str] = (),
    unknown: Sequence[str] = (),
) -> Answer:
    """Compose the answer.

    ``named``: histories of the people the question names (empty: a question across people).
    ``hits``: retrieval candidates (already limited to ``named`` people when there are any).
    ``open_items``: open threads in scope (the named people's, or everyone's for a follow-up
    question across people). ``searched``: names whose notes were searched.
    ``readings``: how names were read ("'Siobahn' read as Siobhan Kelly"), said first so a
    wrong reading is visible. ``unknown``: names in the question that are nobody in the notes;
    with nobody else named, the answer says so and searches no one else's notes.
    """
    cited: list[Hit] = []
    asked = len(question.concepts)
    if named or question.about_outcome:  # topic words no note has do not name the matter
        question = present_concepts(question, hits)  # (across people they keep lines apart)
    unsaid = len(question.concepts) < asked
    if named:
        parts = [_about_person(question, h, hits, floor, today, unsaid) for h in named]
        text = "\n\n".join(p[0] for p in parts)
        cited = [hit for p in parts for hit in p[1]]
    elif not unknown:
        text, cited = _across_people(question, hits, open_items, floor)
    else:
        text = ""
    head = [f"({'; '.join(readings)}.)"] if readings else []
    head += [f"I have no notes with anyone called {name}, and no note mentions that name."
             for name in unknown]
    text = "\n\n".join([*head, text]) if text else "\n\n".join(head)
    return Answer(question=question.text, answer=text, citations=_cite(cited), people=searched)


def _about_person(
    question: Question, history: History, hits: list[Hit], floor: float,
    today: dt.date | None = None, unsaid: bool = False,
) -> tuple[str, list[Hit]]:
    name = history.person
    if question.last_meeting and not question.has_topic:  # "what did we agree last time?"
        signals = _kind_signals(question)
        last = last_meeting(question, history, today, lambda h: (
            h.item.kind.value in question.kinds or _says_kind(question, h.item.text, signals)))
        if last is not None:
            return last
    mine = [h for h in hits if h.person_id == history.person_id]
    found = relevant(question, mine, floor) if question.has_topic else []
    anchors = found[:NEIGHBOUR_ANCHORS]
    # "where are we with the grant?": what was done beside the matter counts too
    # (not for how a matter turned out: its later lines say that, the lines beside it are
    # other matters as often as not)
    # (nor for life outside work: the work lines beside "her mum fell" are other matters)
    beside = anchors if (question.about_outcome and not question.status) or question.personal \
        else with_neighbours(anchors, mine, done=question.status)
    if question.manager_side and question.has_topic:  # "I said I'd get them from Gareth"
        beside += carried_forward(anchors, mine)[len(anchors):]
    if question.about_outcome:  # "did we ever sort X", "when does she start it", "how did
        # the inspection go": what later notes said on the matter (for "why", the lines that
        # give the reason) come first; lines merely written beside it come last
        core = later_on_matter(anchors, mine, name, question=question, unsaid=unsaid)
        if _WHY.match(question.text):
            core = reason_chain(found, mine, name) + core
        found = core + found[NEIGHBOUR_ANCHORS:] + beside
    else:
        found = beside + found[NEIGHBOUR_ANCHORS:]
    found = list({h.item.id: h for h in found}.values())  # once each, first place kept
    if question.follow_up and not (question.status and question.has_topic):
        return _follow_up(question, name, open_threads(history, today), found, mine, floor)
    if question.kinds and not question.has_topic:
        return _of_kind(question, history, today)
    if question.has_topic:
        if not found and len(question.concepts) > 1:
            # no line has enough of the topic: the lines with some of it, said as such
            some = [h for h in relevant(question, mine, 1.0, needed=1e-9)][:MAX_PER_PERSON]
            if some:
                lines = [f"Nothing in your notes with {name} is about all of "
                         f"{_topic_phrase(question).replace(' or ', ' and ')}; the closest lines:"]
                lines += [_line(h) for h in some]
                return "\n".join(lines), some
        if not found:
            return (f"I found nothing in your notes with {name} about "
                    f"{_topic_phrase(question)}.", [])
        shown = sorted(found[:MAX_LINES], key=lambda h: (h.date, h.item.line_no), reverse=True)
        lines = [f"From your notes with {name} about {_topic_phrase(question)}:"]
        lines += [_line(h, f"[{h.item.state}] " if question.status and h.item.is_thread
                        else "") for h in shown]
        return "\n".join(lines), shown
    return _overview(name, history, today)


def _of_kind(question: Question, history: History, today: dt.date | None = None
             ) -> tuple[str, list[Hit]]:
    """"What has Leo been worried about?": the person's lines of those kinds, newest first."""
    name = history.person
    kinds = {ItemKind(k) for k in question.kinds}
    signals = _kind_signals(question)
    items = [i for m in history.meetings for i in m.items
             if i.kind in kinds or (i.kind is not ItemKind.closure
                                    and _says_kind(question, i.text, signals))]
    hits = sorted((h for h in hits_from_history(history, items) if h.quotable),
                  key=lambda h: (h.date, h.item.line_no), reverse=True)[:MAX_LINES]
    label = " / ".join(sorted(question.kinds))
    if not hits:
        text = f"I found no {label} lines in your notes with {name}."
        if question.overview:
            over, cited = _overview(name, history, today)
            return text + "\n\n" + over, cited
        return text, []
    lines = [f"{name}, {label} lines in your notes (newest first):"]
    lines += [_line(h, f"[{h.item.state}] " if h.item.is_thread else "") for h in hits]
    text, cited = "\n".join(lines), list(hits)
    if question.overview:
        over, more = _overview(name, history, today)
        text += "\n\n" + over
        cited += more
    return text, cited


def _asked_for(hit: Hit, question: Question) -> bool:
    """Kinds filter for follow-up questions. "What did Yuki ask me for that I never did?":
    their open requests and what you said you would do about them (your commitments)."""
    kind = hit.item.kind
    if kind.value in question.kinds:
        return True
    return "request" in question.kinds and kind is ItemKind.commitment \
        and party(hit) is Party.manager


def _follow_up(
    question: Question, name: str, threads: list[Hit], found: list[Hit], mine: list[Hit],
    floor: float,
) -> tuple[str, list[Hit]]:
    threads = [t for t in threads if t.quotable]
    if question.manager_side:  # what you owe; "waiting on me": and what they asked you for
        threads = [t for t in threads if party(t) is Party.manager or (
            question.waiting_on_me and t.item.kind is ItemKind.request)]
    if question.report_side:  # "what did Dana promise?": what they committed to
        threads = [t for t in threads if party(t) is Party.report
                   and t.item.kind is ItemKind.commitment]
    if question.kinds:
        threads = [t for t in threads if _asked_for(t, question)]
    if question.waiting_on_others:  # the line says it is held up, or someone else owes it
        # what someone else owes is a commitment or request of theirs: a concern filed with
        # "other" as its party ("her back is playing up") is owed by nobody
        others = [t for t in threads if party(t) is Party.other
                  and t.item.kind in (ItemKind.commitment, ItemKind.request)]
        held = held_up(mine, stuck=question.stuck)
        held_ids = {h.item.id for h in held}
        threads = one_per_matter(held + [t for t in others if t.item.id not in held_ids],
                                 name)
    if question.waiting_any:  # from you (what you owe, what they asked), and from others
        yours = [t for t in threads if party(t) is Party.manager
                 or t.item.kind is ItemKind.request]
        held = one_per_matter(held_up(mine) + [t for t in threads if party(t) is Party.other
                                               and t.item.kind in (ItemKind.commitment,
                                                                   ItemKind.request)], name)
        threads = list({t.item.id: t for t in held + sorted(yours, key=_thread_sort)}.values())
    side = list(threads)  # before the topic narrows them: the fallback below
    if question.has_topic:
        found_ids = {h.item.id for h in found}
        threads = [t for t in threads if t.item.id in found_ids]
    if not (question.waiting_on_others or question.waiting_any):  # held-up lines keep their
        # newest-matter-first order
        threads.sort(key=_thread_sort)
    topic = f" about {_topic_phrase(question)}" if question.has_topic else ""
    what = f"What you owe {name}{topic}" if question.manager_side else \
        f"Open with {name}{topic}"
    if question.waiting_on_me:
        what = f"What {name} is waiting on from you{topic}"
    if question.waiting_any:
        what = f"What {name} is waiting on, from you or anyone else{topic}"
    if question.report_side:
        what = f"What {name} owes{topic}"
    if question.waiting_on_others:
        what = f"Waiting on someone else, in your notes with {name}{topic}"
    if question.stuck:
        what = f"Stuck or waiting on someone else, in your notes with {name}{topic}"
    cited: list[Hit] = []
    written: set[int] = set()  # lines that say the report owes it, however they were filed
    if question.report_side and not threads:  # "kyle do the mot training" filed as growth
        found_ids = {h.item.id for h in found}
        threads = [h for h in report_owes(mine)
                   if not question.has_topic or h.item.id in found_ids]
        written = {h.item.id for h in threads}
    if threads:
        lines = [f"{what} ({len(threads)}):"]
        lines += [_line(t, f"{name.split()[0]} to do: " if t.item.id in written
                        else _thread_label(t)) for t in threads[:MAX_LINES]]
        if len(threads) > MAX_LINES:
            lines.append(f"- …and {len(threads) - MAX_LINES} more (coach brief {name}).")
        cited += threads[:MAX_LINES]
    else:
        lines = [f"{what}: nothing, according to your notes."]
    # Retrieval adds lines that are relevant but not open threads (never closed ones), and,
    # unless the question is about what the report owes, lines where you said you owe something
    # that the extractor did not file as a commitment ("I still owe Priya a proper answer").
    thread_ids = {t.item.id for t in threads}
    extra_pool = found if question.has_topic else relevant(question, mine, floor)
    owed: list[Hit] = []
    if question.report_side:  # "Ines: finish the write-up", however it was filed
        owed = [h for h in report_owes(mine)
                if not question.has_topic or h.item.id in {f.item.id for f in found}]
    elif not question.waiting_on_others and (not question.kinds or "request" in question.kinds):
        owed = [h for h in manager_owes(mine, question.waiting_on_me)
                if not question.has_topic or h.item.id in {f.item.id for f in found}]
    extra = [h for h in owed if h.item.id not in thread_ids] + [
        h for h in extra_pool
        if h.item.id not in thread_ids and h.item.state != "closed"
        and h.item.kind is not ItemKind.closure and h not in owed
    ]
    extra = extra[:max(2, MAX_LINES - len(cited))]
    settled = _settled_on_topic(question, found) if not threads and not any(
        lexical_match(question, h.item.text) for h in extra) else []
    if settled:  # "what did Tom want from me about his commission?" when that got done:
        # the lines on the matter, closed ones included and said so, not lines merely beside it
        lines = [f"{what}: nothing open. What your notes say about {_topic_phrase(question)}:"]
        lines += [_line(h, f"[{h.item.state}] " if h.item.is_thread else "") for h in settled]
        if side and (question.manager_side or question.report_side):
            # the notes may name the open matter in other words ("regrade" / "JE panel")
            side.sort(key=_thread_sort)
            lines.append(f"Still open, none naming it ({len(side)}):")
            lines += [_line(t, _thread_label(t)) for t in side[:MAX_LINES]]
            settled = settled + side[:MAX_LINES]
        return "\n".join(lines), settled
    if extra:
        lines.append("Related lines in your notes:")
        lines += [_line(h) for h in extra]
        cited += extra
    if not cited and side and question.has_topic and (question.manager_side
                                                      or question.report_side):
        # "what did I promise Bronwyn for her regrade?" when the promise says "JE panel": the
        # notes may name the matter in other words, so show what is owed, saying so
        side.sort(key=_thread_sort)
        lines = [f"{what}: nothing that names it. All of it ({len(side)}):"]
        lines += [_line(t, _thread_label(t)) for t in side[:MAX_LINES]]
        cited = side[:MAX_LINES]
    return "\n".join(lines), cited


def _overview(name: str, history: History, today: dt.date | None = None
              ) -> tuple[str, list[Hit]]:
    if not history.meetings:
        return f"There are no notes with {name} yet.", []
    last = history.meetings[-1]
    held = len(history.held)
    lines = [f"{name}: {held} meeting{'s' if held != 1 else ''} held, the last note is from "
             f"{last.date.isoformat()} ({last.status.value})."]
    threads = sorted((t for t in open_threads(history, today) if t.quotable), key=_thread_sort)
    cited: list[Hit] = []
    if threads:
        lines.append(f"Open threads ({len(threads)}):")
        lines += [_line(t, _thread_label(t)) for t in threads[:MAX_PER_PERSON]]
        cited += threads[:MAX_PER_PERSON]
    recent = [h for h in hits_from_history(history, last.items) if h.quotable]
    recent = [h for h in recent if h.item.id not in {c.item.id for c in cited}][:MAX_PER_PERSON]
    if recent:
        lines.append(f"From the last note ({last.date.isoformat()}):")
        lines += [_line(h) for h in recent]
        cited += recent
    return "\n".join(lines), cited


def _across_people(
    question: Question, hits: list[Hit], open_items: list[Hit], floor: float
) -> tuple[str, list[Hit]]:
    if (question.follow_up or question.kinds) and not question.has_topic:
        pool = [t for t in open_items if t.quotable]
        if question.manager_side:
            pool = [t for t in pool if party(t) is Party.manager]
        elif question.report_side:
            pool = [t for t in pool if party(t) is Party.report
                    and t.item.kind is ItemKind.commitment]
        if question.kinds:  # "who is worried?": open threads of that kind, by person
            pool = [t for t in pool if _asked_for(t, question)]
        if not pool:
            return "Nothing is open in your notes.", []
        groups = _group(sorted(pool, key=_thread_sort))
        what = "You owe" if question.manager_side else "Owed to you" if question.report_side \
            else "Open"
        if question.kinds and not question.follow_up:
            what = f"Open {' / '.join(sorted(question.kinds))} lines"
        lines = [f"{what} across {len(groups)} {'person' if len(groups) == 1 else 'people'}:"]
        cited: list[Hit] = []
        for person, items in groups:
            lines.append(f"{person}:")
            lines += ["  " + _line(t, _thread_label(t)) for t in items[:MAX_PER_PERSON]]
            if len(items) > MAX_PER_PERSON:
                lines.append(f"  - …and {len(items) - MAX_PER_PERSON} more")
            cited += items[:MAX_PER_PERSON]
        return "\n".join(lines), cited
    found = relevant(question, hits, floor)
    # Across people, a line with every topic word beats lines with some of them: "who was
    # worried about branch closures?" is not answered with another person's "branch audit".
    # ("promotion or pay" asks for either, so there every partial match stays.)
    if len(question.concepts) > 1 and not re.search(r"\b(or|either|any of)\b", question.text,
                                                     re.I):
        full = [h for h in found if lexical_match(question, h.item.text) >= 1.0]
        found = full or found
    if question.follow_up:
        still_open = [h for h in found if h.item.state == "open"]
        found = still_open or found
    if not found:
        return NOTHING, []
    groups = _of_asked_kind(question, _group(found))
    count = len(groups)
    lines = [f"{count} {'person' if count == 1 else 'people'} in your notes about "
             f"{_topic_phrase(question)}:"]
    if count > MAX_PEOPLE:
        lines[0] = lines[0][:-1] + f" (the {MAX_PEOPLE} closest matches):"
    cited = []
    for person, items in groups[:MAX_PEOPLE]:
        shown = items[:MAX_PER_PERSON]
        lines.append(f"{person}:")
        lines += ["  " + _line(h) for h in shown]
        cited += shown
    return "\n".join(lines), cited


def _group(hits: list[Hit]) -> list[tuple[str, list[Hit]]]:
    """Group by person, keeping the order of each person's best hit."""
    groups: dict[int, tuple[str, list[Hit]]] = {}
    for hit in hits:
        groups.setdefault(hit.person_id, (hit.person, []))[1].append(hit)
    return list(groups.values())
