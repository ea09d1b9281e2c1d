"""Retrieval for ``ask``: the candidate lines (``Hit``), ranking by topic, the open threads
that sit next to a topical line, and a person named by role. Plain records, no SQL, no model.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from coach.contracts import ItemKind, Party
from coach.engine.query import Question, lexical_match, shared_concepts, words
from coach.history import History, ItemRecord
from coach.rules import load_rules
from coach.rules import words as rule_words


@dataclass
class Hit:
    """A line of notes that may answer the question, with where it comes from."""

    item: ItemRecord
    person: str
    person_id: int
    date: dt.date
    body: str  # the whole note, to check the quote is really in it
    score: float = 0.0  # dense similarity; 0 when found only by words

    @property
    def quotable(self) -> bool:
        return bool(self.item.quote) and self.item.quote in self.body


def hits_from_history(history: History, items: Iterable[ItemRecord] | None = None,
                      scores: dict[int, float] | None = None) -> list[Hit]:
    """Hits for a person's items (all of them, or ``items``), with their meeting's date."""
    scores = scores or {}
    meetings = {m.id: m for m in history.meetings}
    pool = items if items is not None else (i for m in history.meetings for i in m.items)
    out = []
    for item in pool:
        meeting = meetings.get(item.meeting_id)
        if meeting is not None:
            out.append(Hit(item, history.person, history.person_id, meeting.date, meeting.body,
                           scores.get(item.id, 0.0)))
    return out


def open_threads(history: History, today: dt.date | None = None) -> list[Hit]:
    """The person's open threads: the same set ``coach people`` counts and the brief lists
    (coach.engine.plan.all_open_threads), as hits."""
    from coach.engine.plan import all_open_threads

    ids = {t.id for t in all_open_threads(history, today or dt.date.max).all}
    items = [i for m in history.meetings for i in m.items if i.id in ids]
    return hits_from_history(history, items)


def _recency(hit: Hit, newest: dt.date) -> float:
    """0..1, halving every ~4 months before the newest line in the pool."""
    return 0.5 ** (max(0, (newest - hit.date).days) / 120)


def relevant(question: Question, hits: Iterable[Hit], floor: float,
             needed: float | None = None) -> list[Hit]:
    """Hits that match the question's topic by words or by a strong embedding score, best first.

    ``needed``: the share of topic words a line must have (default: half, or any one for
    "promotion or pay").
    Rank = lexical topic match + dense score + a little recency and a little for a thread
    still open, so a topical line beats a merely recent one and ties go to what is current.
    One line per (note, quote): a quote repeated in one note is cited once.
    """
    pool = [h for h in hits if h.quotable]
    if not pool:
        return []
    newest = max(h.date for h in pool)
    scored: list[tuple[float, Hit]] = []
    seen: set[tuple[int, str]] = set()
    # "promotion or pay": either topic will do; "zebra migration in kenya": most of them.
    if needed is None:
        either = re.search(r"\b(or|either|any of)\b", question.text, re.I) is not None
        needed = 1e-9 if either else 0.5
    headings = _Headings()
    for hit in pool:
        if (hit.item.meeting_id, hit.item.quote) in seen:
            continue
        lexical = lexical_match(question, hit.item.text)
        heading = headings.of(hit) if lexical < 1.0 else None
        if heading:  # "## feedback (he asked for it)" / "- him → me: I redline his work..."
            lexical = max(lexical, lexical_match(question, f"{hit.item.text} {heading}"))
        if lexical < needed and hit.score < floor:
            continue
        seen.add((hit.item.meeting_id, hit.item.quote))
        score = hit.score + lexical + 0.15 * _recency(hit, newest)
        if hit.item.is_thread and hit.item.state == "open":
            score += 0.1
        scored.append((score, hit))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].date.toordinal(), pair[1].item.id))
    return [hit for _, hit in scored]


class _Headings:
    """The heading each line of a note sits under (a line under "## feedback" is about
    feedback even when it never says so), read once per note."""

    def __init__(self) -> None:
        self._by_note: dict[int, dict[int, str]] = {}

    def of(self, hit: Hit) -> str | None:
        note = self._by_note.get(hit.item.meeting_id)
        if note is None:
            from coach.notes.parse import split_lines

            note = {line.number: line.heading for line in split_lines(hit.body)
                    if line.heading and line.text.lower() != line.heading}
            self._by_note[hit.item.meeting_id] = note
        return note.get(hit.item.line_no)


def with_neighbours(found: list[Hit], pool: Iterable[Hit], done: bool = False) -> list[Hit]:
    """``found`` plus the open (with ``done``, also closed) commitments written right next to
    a found line in the same note: the line or sentence just before or after it, in reading
    order (a prose paragraph is one line of many sentences; only the adjacent ones count).

    Notes split one matter over adjacent lines ("asked about promotion to senior" / "I'll
    write up the gaps"; a "## Lisbon move" list under one relocation line), so what is owed
    on a topic often sits beside the line that names it. Neighbours rank after their anchor.
    """
    by_note: dict[int, list[Hit]] = {}
    for hit in pool:
        if hit.quotable:
            by_note.setdefault(hit.item.meeting_id, []).append(hit)
    for hits in by_note.values():
        hits.sort(key=lambda h: (h.item.line_no, h.body.find(h.item.quote), h.item.id))

    def owed(hit: Hit) -> bool:
        return hit.item.kind is ItemKind.commitment and (
            hit.item.state == "open" or (done and hit.item.state == "closed"))

    out: list[Hit] = []
    taken = {h.item.id for h in found}
    for anchor in found:
        out.append(anchor)
        note = by_note.get(anchor.item.meeting_id, [])
        at = next((i for i, h in enumerate(note) if h.item.id == anchor.item.id), None)
        if at is None:
            continue
        for hit in (note[i] for i in (at + 1, at - 1) if 0 <= i < len(note)):
            if hit.item.id not in taken and owed(hit) \
                    and abs(hit.item.line_no - anchor.item.line_no) <= 1 \
                    and not _own_matters(anchor, hit):
                taken.add(hit.item.id)
                out.append(hit)
    return out


# A line that opens by naming its matter ("CPD session: she'll run it", "police: no word")
_LABEL = re.compile(r"^\s*(?:[-*•+]\s*)?[A-Za-z][\w &/()'’.-]{0,40}?\s*:\s+\S")
_ROW = re.compile(r"^\s*\|.*\|\s*$")  # a row of a Markdown table


def _table_row(hit: Hit) -> bool:
    """``hit`` is read from a row of a table in its note."""
    return any(hit.item.quote in raw and _ROW.match(raw) for raw in hit.body.splitlines())


def _own_matters(anchor: Hit, hit: Hit) -> bool:
    """Two adjacent lines about two matters: one of them opens by naming its own matter
    ("laptop trolley: IT still haven't come back" / "CPD session: she'll run it in Jan") and
    they share no content word. A line that goes on from the one before ("I'll write down the
    evidence") names no matter of its own, so it stays a neighbour. Two rows of a table are
    two matters."""
    if _table_row(anchor) and _table_row(hit):
        return True  # two rows of a table: one matter each ("| jelly SOP | K | not started |")
    if not (_LABEL.match(anchor.item.text) or _LABEL.match(hit.item.text)):
        return False
    from coach.engine.textmatch import tokens

    drop = words(anchor.person)
    return not tokens(anchor.item.text, drop) & tokens(hit.item.text, drop)


def present_concepts(question: Question, hits: Iterable[Hit]) -> Question:
    """``question`` without the topic words no line of ``hits`` mentions, when at least two
    remain: "when is the BPEC course decision?" is about the BPEC course when no note says
    "decision" ("BPEC: budget meeting moved to November"). A question with one topic word
    left keeps all of them, so "zebra migration in kenya" never becomes "migration"."""
    if len(question.concepts) < 3:
        return question
    texts = [h.item.text for h in hits if h.quotable]
    kept = [c for c in question.concepts
            if any(lexical_match(replace(question, concepts=[c]), t) > 0 for t in texts)]
    if len(kept) < 2 or len(kept) == len(question.concepts):
        return question
    return replace(question, concepts=kept)


def later_on_matter(found: list[Hit], pool: Iterable[Hit], name: str, per_anchor: int = 3,
                    question: Question | None = None, unsaid: bool = False) -> list[Hit]:
    """``found`` with, after each anchor, the person's later lines on the same matter: lines
    from a later note sharing with the anchor two words the person's notes rarely use (in at
    most 3 of their lines), or one word no other line of theirs has ("consolidation").

    "Did we ever sort Ana's training?" finds "she'd like to learn more about consolidation";
    what became of it ("consolidation: Peter ok, she joins from December") says no word of the
    question, only the matter's own word.

    ``unsaid``: the question named its matter in words no line has ("how did Mo's *beer* do
    at the SIBA comp?"), so the anchor's own words stand for them: a later line sharing a word
    only it and the anchor have, and another word besides ("SIBA comp: Mo entering his Citra
    pale" / "silver for the Citra pale!!"), is on the matter too; one common word alone ("her
    *main* worry is the backlog" / "she is her mum's *main* carer") is not. An anchor saying
    every topic word of the question already names the matter; a word it shares with one
    later line is then as likely another matter ("second monitor for the returns desk" /
    "returns desk short this week"), unlike two rare words ("check if the DWP offers an
    e-learning" / "the DWP has an e-learning module; she has completed it").
    """
    from coach.engine.textmatch import tokens

    drop = words(name)
    lines = [h for h in pool if h.quotable]
    dates = tokens(" ".join(rule_words("ask.calendar_words")))  # "7 Nov" is no matter
    toks = {h.item.id: tokens(h.item.text, drop) - dates for h in lines}
    df: dict[str, int] = {}
    for hit in lines:
        for t in toks[hit.item.id]:
            df[t] = df.get(t, 0) + 1
    def later(anchor: Hit) -> tuple[list[Hit], bool]:
        """The anchor's later lines, and whether any names the question's matter."""
        rare = {t for t in toks.get(anchor.item.id, set()) if df.get(t, 0) <= 3 and len(t) > 2
                and not t.isupper()}  # a word, not the family it is in ("desk" and KIT)

        def same(hit: Hit) -> bool:  # 2 rare words, or 1 only they have
            shared = rare & toks[hit.item.id]
            return len(shared) >= 2 or unique(hit)

        def unique(hit: Hit) -> bool:  # a word only the anchor and this line have
            return any(df[t] == 2 for t in rare & toks[hit.item.id])

        def topical(hit: Hit) -> float:  # topic words of the question both lines say
            return shared_concepts(question, anchor.item.text, hit.item.text) if question else 0

        pool = [h for h in lines if h.date > anchor.date]
        if question is None:
            return sorted((h for h in pool if same(h)),
                          key=lambda h: (h.date, h.item.line_no)), False
        # "how did the inspection go?": the newest line naming the matter first; a line
        # sharing a word only it and the anchor have ("SIBA comp 7 Nov: Mo entering his Citra
        # pale" / "silver for the Citra pale!!") names it as well as the question's own word
        # does; lines naming the matter, when there are any, and not lines merely sharing
        # other words with the anchor ("the Christmas sessions at the centre")
        def weight(hit: Hit) -> float:
            return topical(hit) + (0.5 if same(hit) else 0.0)

        named = [h for h in pool if topical(h)]
        if not named:
            shared = [h for h in pool if same(h)]
            event = after_event(anchor, pool) if question.outcome else []
            return (event + [h for h in shared if h not in event], True) if event \
                else (shared, False)
        other_words = unsaid or lexical_match(question, anchor.item.text) < 1.0
        named += [h for h in pool if h not in named
                  and (len(rare & toks[h.item.id]) >= 2 or (other_words and unique(h) and len(
                      {t for t in toks[anchor.item.id] & toks[h.item.id] if not t.isupper()})
                      >= 2))]
        if any(topical(h) >= 1 or same(h) for h in named):  # said in its own words: not only
            named = [h for h in named if topical(h) >= 1 or same(h)]  # in its family's
        elif question.outcome:  # only in its family's words: the event's outcome comes first
            event = after_event(anchor, pool)
            return event + [h for h in named if h not in event], True
        return sorted(named, key=lambda h: (-weight(h), -h.date.toordinal(),
                                            h.item.line_no)), True

    def after_event(anchor: Hit, pool: list[Hit]) -> list[Hit]:
        """"How did the emissions test go?" when the anchor dates the event ("the emissions
        test is booked for 21 October") and no later line names it: the closing lines of the
        first note on or after that date that close no other matter of the person's ("We
        passed comfortably: the EHO said the readings were well inside limits")."""
        from coach.engine.timebound import event_date

        when = event_date(anchor.item.text, anchor.date)
        after = [h for h in pool if when is not None and h.date >= when > anchor.date]
        if not after:
            return []
        first = min(h.date for h in after)
        before = [toks[h.item.id] for h in lines if h.date < first and h is not anchor]
        return [h for h in after if h.date == first and h.item.kind is ItemKind.closure
                and not any({t for t in toks[h.item.id] & other if len(t) > 2
                             and not t.isupper()} for other in before)]

    found_later = [(anchor, *later(anchor)) for anchor in found]
    any_named = any(named for _, _, named in found_later)
    out: list[Hit] = []
    taken = {h.item.id for h in found}
    for anchor, after, named in found_later:
        out.append(anchor)
        if any_named and not named:
            continue  # another anchor's later lines name the matter: these only share words
        for hit in [h for h in after if h.item.id not in taken][:per_anchor]:
            taken.add(hit.item.id)
            out.append(hit)
    return out


def reason_chain(found: Iterable[Hit], pool: Iterable[Hit], name: str, limit: int = 3
                 ) -> list[Hit]:
    """For a "why ...?" question: the later lines that give or chase the reason
    (``ask.reason_line``) for a matter a found line asked the why of, newest first.

    The reason often arrives in lines that never name the matter again, only what the asking
    line named ("he asked why the merge - I'll get the why from the regional manager", then
    "still don't have the why, regional manager says...", then "the regional manager's
    rationale came through: one harvesting programme"): each later reason line that shares a
    word with a line already in the chain joins it."""
    from coach.engine.textmatch import tokens
    from coach.rules import load_rules

    rules = load_rules()
    drop = words(name)
    lines = sorted((h for h in pool if h.quotable and rules.matches("ask.reason_line",
                                                                    h.item.text)),
                   key=lambda h: (h.date, h.item.line_no))
    found = [h for h in found if h.quotable]
    # a note line split into sentences ("he asked why the merge. I said I'd find out the why
    # from the regional manager"): the whole line seeds the chain
    lines_of = {(h.item.meeting_id, h.item.line_no) for h in found}
    chain = [h for h in [*found, *(h for h in lines if h not in found)]
             if (h.item.meeting_id, h.item.line_no) in lines_of
             and rules.matches("ask.reason_line", h.item.text)]
    if not chain:
        return []
    start = min(h.date for h in chain)
    toks = set().union(*(tokens(h.item.text, drop) for h in chain))
    taken = {h.item.id for h in chain}
    out: list[Hit] = []
    for hit in lines:
        if hit.date <= start or hit.item.id in taken:
            continue
        own = tokens(hit.item.text, drop)
        if own & toks:
            taken.add(hit.item.id)
            toks |= own
            out.append(hit)
    return sorted(out, key=lambda h: (h.date, h.item.line_no), reverse=True)[:limit]


def carried_forward(anchors: list[Hit], pool: Iterable[Hit]) -> list[Hit]:
    """What the manager owes on the anchors' matter, said without naming it: a commitment
    later in the anchor's paragraph that names its thing only by a pronoun ("Port announced
    the automated gates ... I said I'd get *them* from Gareth"), and, when a later line carried
    it forward (closed it by restating it: "Gareth: not an answer. I'll push him"), that
    line while it is still open. Anchors first; the lines found after them."""
    rules = load_rules()
    lines = [h for h in pool if h.quotable]
    open_by_quote = {h.item.quote: h for h in lines if h.item.is_thread
                     and h.item.state == "open"}
    out = list(anchors)
    taken = {h.item.id for h in anchors}
    for anchor in anchors:
        for hit in lines:
            if hit.item.id in taken or hit.item.meeting_id != anchor.item.meeting_id \
                    or hit.item.kind is not ItemKind.commitment \
                    or hit.item.party is not Party.manager \
                    or not _same_paragraph_after(anchor, hit) \
                    or not rules.matches("closure.back_reference", hit.item.text):
                continue
            taken.add(hit.item.id)
            out.append(hit)
            later = open_by_quote.get(hit.item.closed_quote or "") \
                if hit.item.state == "closed" else None
            if later is not None and later.item.id not in taken:
                taken.add(later.item.id)
                out.append(later)
    return out


def _same_paragraph_after(anchor: Hit, hit: Hit) -> bool:
    """``hit`` is written after ``anchor`` in the same paragraph of prose (no blank line and
    no list bullet between them: a list's next line is another matter as often as not)."""
    body = anchor.body
    start = body.find(anchor.item.quote)
    end = body.find(hit.item.quote, start + 1)
    if start < 0 or end <= start:
        return False
    between = body[start:end]
    return "\n\n" not in between.replace("\r", "") and not _BULLET.search(between + hit.item.quote)


_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)])\s", re.M)
