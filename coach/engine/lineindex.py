"""LineIndex: a person's note lines indexed once for the thread matcher, with the context of
each line: its tokens (agent nouns and acronyms folded in), word weights, the sentence before and
after it on the same note line, the heading it is written under, its clauses, and the thing a
commitment acts on. ``ThreadMatcher`` (coach/engine/matcher.py) builds on it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from coach.engine.closure import LIGHT_VERBS
from coach.engine.parties import asked_parties, heading
from coach.engine.personal_view import personal_view
from coach.engine.textmatch import SYNONYMS, Idf
from coach.engine.textmemo import (
    clauses,
    is_injection,
    object_phrase,
    thread_verb,
    without_cues,
)
from coach.engine.threadwords import (
    CONCEPT_WEIGHT,
    GENERIC,
    MIDNAME,
    NAME_WEIGHT,
    WELLBEING_CONCEPTS,
    WHEN_TOKENS,
    abbreviations,
    acronyms,
    agent_nouns,
    schedule,
    thing_words,
)
from coach.engine.threadwords import (
    thread_tokens as tokens,
)
from coach.history import History, ItemRecord, MeetingRecord

# A word is "rare" for a person when it occurs in at most this many (or this share) of their
# lines: long histories mention a project more often without it becoming generic.
RARE_DF = 3
RARE_SHARE = 0.08
# Tokens shared by more than this share of a person's lines are not used to FIND candidates
# (they cannot carry a match alone): keeps resolution near-linear on long histories.
CANDIDATE_MAX_SHARE = 0.05
CANDIDATE_MAX_MIN = 40
# Parentheticals and due phrases are detail: they do not dilute what the thread is about.
_DETAIL = re.compile(r"\([^)]*\)")
# A sentence this short may name its thing only in the sentence before ("he'll get the boiler
# guy in" after "cold showers in the changing rooms").
_SHORT_SENTENCE = 8
_PRONOUN_HEAD = re.compile(r"\s*(?:a |the )?(?:new )?(?:one|ones|it|them|him|her|this|that)\b",
                           re.I)
_RELAY_VERBS = LIGHT_VERBS | {"chase", "ping", "email", "check", "remind", "call", "contact"}
_PREP = re.compile(r"\s(?:for|to|with|on|at|from|in|of|about|by|so|that|into|onto)\s", re.I)


_SUBJECT_NAME = re.compile(r"^\W*([A-Z][a-z]+)\b")


# Weekdays a line names, as tokens of their own: the ordinary tokens drop them (a date is not
# a topic), but a weekday heading names a thread ("saturdays: sorted" after "she'd like to
# finish at 2 on saturdays").
_DAY_TOKENS = frozenset(f"@{d}" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))


def _days(text: str) -> set[str]:
    return {f"@{d}" for d in schedule(text)[0]}


@dataclass
class _Line:
    meeting: MeetingRecord
    item: ItemRecord
    order: tuple  # (date, meeting id, line, item id): strictly later = greater
    toks: set[str]


def others_wellbeing(quote: str, toks: set[str], first: str | None,
                     drop: set[str]) -> set[str]:
    """Wellbeing concepts of a line that come only from someone else's clause ("tired because
    the night porter is sick": HEALTH is the porter's) or a work sense ("health and safety"):
    they must not tie the report's own wellbeing thread to an unrelated later line."""
    view = personal_view(quote, first)
    if view == quote:
        return set()
    return (toks & WELLBEING_CONCEPTS) - tokens(view, drop)


def _order(m: MeetingRecord, it: ItemRecord) -> tuple:
    return (m.date, m.id, it.line_no, it.id)


class LineIndex:
    """A person's lines, indexed once, and the context of each."""

    def __init__(self, history: History):
        self.history = history
        names = history.person.split()
        first = names[0] if names else None
        self.drop = {n.lower() for n in names} | {"she", "he", "they", "her", "him", "his"}
        self.lines: list[_Line] = []
        self.siblings: dict[tuple[int, int], set[str]] = defaultdict(set)
        self.names: set[str] = set()
        things: set[str] = set()
        for m in history.meetings:
            for it in m.items:
                if is_injection(it.quote):
                    continue  # notes that try to instruct the tool are ignored entirely
                toks = tokens(it.quote, self.drop)
                if not toks.isdisjoint(WELLBEING_CONCEPTS):
                    toks = toks - others_wellbeing(it.quote, toks, first, self.drop)
                self.lines.append(_Line(m, it, _order(m, it), toks))
                self.siblings[(m.id, it.line_no)] |= toks
                self.names.update(w.lower() for w in MIDNAME.findall(it.quote))
                things |= thing_words(it.quote)
        self.names -= things
        vocab = set().union(*(line.toks for line in self.lines)) if self.lines else set()
        self.alias = agent_nouns(vocab)
        if self.alias:
            self.siblings = defaultdict(set, {k: self._aliased(v)
                                              for k, v in self.siblings.items()})
        self.abbrev = abbreviations(vocab)
        for line in self.lines:
            line.toks = self._aliased(line.toks) | acronyms(line.item.quote, vocab)
        self.idf = Idf(line.toks for line in self.lines)
        self.rare_df = max(RARE_DF, RARE_SHARE * len(self.lines))
        self.cand_df = max(CANDIDATE_MAX_MIN, CANDIDATE_MAX_SHARE * len(self.lines))
        self.lines.sort(key=lambda ln: ln.order)  # postings below are then in note order
        self.by_token: dict[str, list[int]] = defaultdict(list)
        for i, line in enumerate(self.lines):
            for t in line.toks | self.days_of(line):  # (weekdays find headings only)
                self.by_token[t].append(i)
        self._by_item = {line.item.id: line for line in self.lines}
        self._pos = {line.item.id: i for i, line in enumerate(self.lines)}
        self._core: dict[int, set[str]] = {}
        self._bare: dict[int, set[str]] = {}
        self._done: dict[tuple, bool] = {}
        self._reopen: dict[int, bool] = {}
        self._outcome: dict[int, list[str]] = {}
        self._heads: dict[int, set[str]] = {}
        self._clauses: dict[int, list[tuple[str, set[str]]]] = {}
        self._heading: dict[int, set[str]] = {}
        self._w: dict[str, float] = {}
        self._totals: dict[int, float] = {}

    def _aliased(self, toks: set[str]) -> set[str]:
        """Agent nouns as the thing they do, when the person also writes that ("reviewer"
        -> review, "illustrator" -> illustration), with the word's synonym concept."""
        if not self.alias or not toks & self.alias.keys():
            return toks
        out = set()
        for t in toks:
            base = self.alias.get(t)
            if base is None:
                out.add(t)
            else:
                out.add(base)
                if SYNONYMS.get(base):
                    out.add(SYNONYMS[base])
        return out

    def short_forms(self, thread: set[str], later: set[str]) -> set[str]:
        """The thread's words a later line writes in short ("vent" for "ventilation") or in
        full: read only between two lines that already share a word."""
        if not self.abbrev:
            return set()
        out = {self.abbrev[t] for t in later if t in self.abbrev and self.abbrev[t] in thread}
        return out | {t for t in thread if t in self.abbrev and self.abbrev[t] in later}

    def tok(self, text: str, drop: set[str] | None = None) -> set[str]:
        """The matcher's tokens of ``text`` (see ``thread_tokens`` and ``_aliased``)."""
        return self._aliased(tokens(text, self.drop if drop is None else drop))

    def heading_toks(self, line: _Line) -> set[str]:
        """The distinctive words of the heading a line is written under ("NACE: ...")."""
        got = self._heading.get(line.item.id)
        if got is None:
            head = heading(line.item.quote)
            got = {t for t in self.tok(head) if t not in WHEN_TOKENS} | _days(head) if head else (
                set())
            self._heading[line.item.id] = got
        return got

    def days_of(self, line: _Line) -> set[str]:
        """The weekdays a line names ("@sat"), kept apart from its tokens."""
        return _days(line.item.quote)

    def _day_df(self, day: str) -> int:
        """How many of the person's lines name this weekday."""
        return len(self.by_token.get(day, ()))

    def _under_heading(self, thread: _Line, cand: _Line) -> bool:
        """``cand`` is written under this thread's heading: every word of the heading is one of
        the thread's (or of the sentence just before it on its line), and one identifies it."""
        head = self.heading_toks(cand)
        if not head:
            return False
        words = thread.toks | self._previous_sentence(thread) | self.days_of(thread)
        # a name or place ("Kyle:", "Elm Road:") identifies a thread only when it is rare
        return head <= words and any(
            self._day_df(t) <= 2 * self.rare_df if t in _DAY_TOKENS else
            t not in GENERIC and not t.isupper() and self.idf.df.get(t, 0) <= (
                self.rare_df if t in self.names else 2 * self.rare_df) for t in head)

    def _previous_sentence(self, line: _Line) -> set[str]:
        """The words of the sentence before ``line`` on its note line, when that sentence is
        not a thread itself ("cold showers in the changing rooms. he'll get the boiler guy in")."""
        pos = self._pos[line.item.id]
        if len(line.item.quote.split()) > _SHORT_SENTENCE:
            return set()  # a sentence that says what it is about needs no context
        if pos and self.lines[pos - 1].meeting.id == line.meeting.id and (
                self.lines[pos - 1].item.line_no == line.item.line_no
                and not self.lines[pos - 1].item.is_thread):
            return self.lines[pos - 1].toks
        return set()

    def next_sentence(self, line: _Line) -> _Line | None:
        """The next sentence on the same note line, if any."""
        pos = self._pos[line.item.id] + 1
        if pos < len(self.lines) and self.lines[pos].meeting.id == line.meeting.id and (
                self.lines[pos].item.line_no == line.item.line_no):
            return self.lines[pos]
        return None

    def _clause_toks(self, line: _Line) -> list[tuple[str, set[str]]]:
        got = self._clauses.get(line.item.id)
        if got is None:
            got = self._clauses[line.item.id] = [
                (c, self.tok(c)) for c in clauses(line.item.quote)]
        return got

    def _head(self, thread: _Line) -> set[str]:
        """The thing a commitment acts on, without its prepositional detail ("replacement
        harnesses" of "order replacement harnesses for the roofing crew")."""
        got = self._heads.get(thread.item.id)
        if got is None:
            phrase = object_phrase(thread.item.quote) or ""
            verb = thread_verb(thread.item.quote)
            # "ask facilities to fix the AC": after a go-between verb the whole phrase counts
            head = phrase if verb in _RELAY_VERBS else _PREP.split(phrase, maxsplit=1)[0]
            if _PRONOUN_HEAD.match(head):
                head = ""  # "order a new one", "show him again": the thing is named before
            got = self.tok(head)
            if got and verb in _RELAY_VERBS and got <= self.tok(" ".join(
                    asked_parties(thread.item.quote, self.drop))):
                got = set()  # "kiln 2 is down, I'll chase the engineer": the party is no thing
            self._heads[thread.item.id] = got
        return got

    def bare_toks(self, line: _Line) -> set[str]:
        """The line's words outside its completion cues ("console" of "console 3 fixed")."""
        got = self._bare.get(line.item.id)
        if got is None:
            got = self._bare[line.item.id] = self.tok(without_cues(line.item.quote))
        return got

    def same_subject(self, a: _Line, b: _Line) -> set[str]:
        """The name both lines open with ("Rosa to send ..." / "Rosa sent ..."): who does it,
        not what is done."""
        def subject(text: str) -> set[str]:
            m = _SUBJECT_NAME.match(text)
            return self.tok(m.group(1)) if m else set()
        return subject(a.item.quote) & subject(b.item.quote)

    def modifiers(self, line: _Line) -> set[str]:
        """Words of the heading a line is written under that only qualify its last word, as
        "exam" in "SO exam study pack → I'll get her one": they say what the thing is for, not
        what the thing is. (A heading is a noun phrase; a sentence is not read this way.)"""
        head = heading(line.item.quote)
        # (a number is part of the name: "level 4 exam")
        words = [t for w in (head or "").split() if not w.isdigit() and (t := self.tok(w))]
        if len(words) < 2:
            return set()
        return set().union(*words[:-1]) - words[-1]

    def core(self, line: _Line) -> set[str]:
        """The thread's own words without parentheticals and due phrases."""
        got = self._core.get(line.item.id)
        if got is None:
            text = _DETAIL.sub(" ", line.item.quote)
            if line.item.due:
                text = text.replace(line.item.due, " ")
            got = (self.tok(text) | acronyms(text, line.toks)) & line.toks
            got = got or line.toks
            self._core[line.item.id] = got
        return got

    def w(self, token: str) -> float:
        got = self._w.get(token)
        if got is None:
            got = self._w[token] = self._weight(token)
        return got

    def _line_total(self, line: _Line) -> float:
        got = self._totals.get(line.item.id)
        if got is None:
            got = self._totals[line.item.id] = sum(self.w(t) for t in line.toks) or 1.0
        return got

    def _weight(self, token: str) -> float:
        if token.isupper():  # a synonym concept: bridging different words is strong evidence
            return self.idf.weight(token) * CONCEPT_WEIGHT
        return self.idf.weight(token) * (NAME_WEIGHT if token in self.names else 1.0)

    def distinctive(self, tok: str) -> bool:
        """A word that identifies one thing in this person's notes ("quote", COURSE)."""
        return (self.idf.df.get(tok, 0) <= self.rare_df and tok not in self.names
                and tok not in GENERIC and tok not in WELLBEING_CONCEPTS)
