"""Find the people a question names, and say how each name was read.

Pure: it gets (id, name) pairs and the question text, and never touches the store (the
service may pass ``in_notes``, a check whether a word occurs in the owner's notes).

How a word becomes a person, most certain first:

1. a full name ("Sam Lee"), any case;
2. a first name, or a unique last name, with an initial to pick between people who share a
   first name ("Sam O", "Sam W.");
3. a first name, any case; a unique last name (capitalised, or lowercase in a name slot);
4. a short form: a nickname (coach/rules/en/names.yaml: Mike -> Michael, Liz -> Elizabeth)
   or a prefix of one first name (Dev -> Devendra, Kath -> Katherine);
5. a misspelling (one or two letters off: "Siobahn", "shiobhan") of one person's name.

Forms 4 and 5, and first names that are everyday words ("Will", "Grace", "May"), only count
where a name is expected: capitalised inside the question, a possessive ("whitfield's"), or
after a word like "with", "promised", "owe" (the ``names.slot_before`` rule). A misspelling
also must not be a word of the notes (``in_notes``): "rota" is a topic, not Rita.

When a name could be two people the question is ambiguous: ``Ambiguous`` lists them (never a
guess), unless the question also gives one of their full names or says "which Chris".
A capitalised word in a name slot that is nobody and appears in no note ("anything I promised
Dana?") is reported as ``unknown``, so the answer can say there are no notes with Dana instead
of answering from other people's notes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from coach.errors import Ambiguous
from coach.rules import table
from coach.rules import words as rule_words

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())

# First names that are also common English words.
_COMMON_WORDS = _word_set("""
    will may june april august mark bill grace hope joy rose art pat sue frank max ray dawn
    faith summer sky rich chase guy amber jack sandy rusty holly ivy lily iris violet jade
    pearl ruby crystal penny bob don gene hunter drew dean lane page reed wade miles
    cat dot ant kit bel ed hal deb ken nick rob chuck dick bert
    """)
# Words a question is made of: never a short form, a misspelling or an unknown person.
_QUESTION_WORDS = _word_set("""
    a an the and or but if of to in on at by for from with about as what whats what's who whom
    whose which when where why how hows how's is are was were be been do does did done have has
    had will would can could should shall may might must i me my we us our you your he him his
    she her they them their it its this that these those there here any anything anyone some
    something someone all every everyone open owe owed owes promised promise asked ask said say
    follow up following followup outstanding pending still left last next new doing going getting
    lately recently week month today tomorrow yesterday team people thing things stuff else
    not no yes ok okay please thanks re vs w wrt fyi tbd asap eod eow
    """)
_MIN_SHORT = 3  # letters a prefix needs to stand for a name ("Dev", "Kat")
_MIN_FUZZY = 4  # letters a word needs before a misspelling of it is considered


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


@dataclass
class Resolution:
    """Who a question is about, and how the words that named them were read."""

    people: list[PersonRef] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)  # "'Siobahn' read as Siobhan Kelly"
    unknown: list[str] = field(default_factory=list)  # named words that are nobody
    name_words: set[str] = field(default_factory=set)  # folded words used as names


def fold(word: str) -> str:
    """Case and accents folded: "Zoë" and "zoe" are one name, "O’Brien" and "o'brien" too."""
    plain = unicodedata.normalize("NFKD", word.casefold().replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _tokens(text: str) -> list[tuple[str, str, bool]]:
    """(folded word, original word, possessive) triples ("Sam's" -> "sam", possessive)."""
    out = []
    for m in _WORD.finditer(text):
        raw = m.group(0)
        word = _POSSESSIVE.sub("", raw) or raw
        out.append((fold(word), word, word != raw))
    return out


def _parts(name: str) -> list[str]:
    return [w for w, _, _ in _tokens(name)]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a swap of two letters counts 1), capped."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _fuzzy_limit(word: str) -> int:
    return 1 if len(word) < 8 else 2


class _Index:
    """Every way the known people can be named."""

    def __init__(self, people: Sequence[PersonRef]):
        self.people = list(people)
        self.parts = {p.id: _parts(p.name) for p in people}
        self.first: dict[str, list[PersonRef]] = {}
        self.last: dict[str, list[PersonRef]] = {}
        for p in people:
            parts = self.parts[p.id]
            if parts:
                self.first.setdefault(parts[0], []).append(p)
                if len(parts) > 1:
                    self.last.setdefault(parts[-1], []).append(p)
        self.nick: dict[str, list[PersonRef]] = {}
        forms = table("names.nicknames")
        reverse: dict[str, set[str]] = {}
        for formal, shorts in forms.items():
            for short in shorts:
                reverse.setdefault(short, set()).add(formal)
        for p in people:
            first = self.parts[p.id][0] if self.parts[p.id] else ""
            # Michael -> mike; and Mike (as filed) -> michael
            for form in set(forms.get(first, ())) | reverse.get(first, set()):
                if form != first:
                    self.nick.setdefault(form, []).append(p)

    def short(self, word: str) -> list[PersonRef]:
        """People ``word`` is a short form of: a nickname, else a prefix of one first name."""
        if word in self.nick:
            return self.nick[word]
        if len(word) < _MIN_SHORT:
            return []
        return [p for p in self.people if self.parts[p.id]
                and self.parts[p.id][0].startswith(word) and self.parts[p.id][0] != word]

    def misspelt(self, word: str) -> list[PersonRef]:
        """People one of whose names ``word`` misspells (the closest ones)."""
        if len(word) < _MIN_FUZZY:
            return []
        limit = _fuzzy_limit(word)
        best: dict[int, int] = {}
        for p in self.people:
            for part in self.parts[p.id]:
                if len(part) < _MIN_FUZZY or part == word:
                    continue
                d = edit_distance(word, part, limit)
                if d <= limit:
                    best[p.id] = min(best.get(p.id, d), d)
        if not best:
            return []
        closest = min(best.values())
        return [p for p in self.people if best.get(p.id) == closest]


def _ambiguous(original: str, candidates: Sequence[PersonRef]) -> Ambiguous:
    names = ", ".join(sorted(c.name for c in candidates))
    return Ambiguous(
        f"'{original}' matches more than one person: {names}. Use the full name "
        f"(or first name and initial, e.g. '{candidates[0].name.split()[0]} "
        f"{candidates[0].name.split()[-1][:1]}').",
        where="question",
    )


# Breaks a tie between people a word could mean: (word as written, candidates) -> the one
# person the rest of the question points at, with why; or None (then the name is ambiguous).
TieBreak = Callable[[str, list[PersonRef]], tuple[PersonRef, str] | None]


def resolve(question: str, people: Sequence[PersonRef],
            in_notes: Callable[[str], bool] | None = None,
            tie_break: TieBreak | None = None) -> Resolution:
    """Who ``question`` is about (in order of first mention), and how each name was read.

    ``tie_break``: for a name two people share, the service may look at the question's topic
    ("what did Sam say about the till system?": only one Sam's notes mention the till)."""
    tokens = _tokens(question)
    words = [w for w, _, _ in tokens]
    index = _Index(people)
    slot_words = rule_words("names.slot_before")
    titles = rule_words("names.titles")
    covered: set[int] = set()
    found: dict[int, tuple[int, PersonRef]] = {}
    out = Resolution()

    def take(pos: int, person: PersonRef, span: Sequence[int], reading: str = "") -> None:
        covered.update(span)
        out.name_words.update(words[i] for i in span)
        if person.id not in found:
            found[person.id] = (pos, person)
            if reading:
                out.readings.append(reading)

    # 1. full names (longest first so "Sam Lee Jr" beats "Sam Lee")
    for person in sorted(people, key=lambda p: -len(index.parts[p.id])):
        parts = index.parts[person.id]
        if len(parts) < 2:
            continue
        for start in range(len(words) - len(parts) + 1):
            full = range(start, start + len(parts))
            if words[start:start + len(parts)] == parts and not covered.intersection(full):
                take(start, person, full)

    def strong_slot(pos: int) -> bool:
        """A possessive, or right after a word like "with" / "promised"."""
        return tokens[pos][2] or (pos > 0 and words[pos - 1] in slot_words | titles)

    def in_slot(pos: int) -> bool:
        return strong_slot(pos) or (pos > 0 and tokens[pos][1][:1].isupper())

    # 2.-5. one word at a time, among the words not already used
    for pos, (word, original, _) in enumerate(tokens):
        if pos in covered:
            continue
        if word in titles and pos + 1 < len(tokens):  # "Mr Rahman": the name follows
            out.name_words.add(word)  # part of how the person is named, not a topic
            continue
        slot = in_slot(pos)
        family = False  # "the Patels": everyone with that last name
        if word not in index.first and word not in index.last and _bare_possessive(
                word, index, in_notes):  # "priyas rota": Priya's, apostrophe left out
            family = pos > 0 and words[pos - 1] == "the" and word[:-1] in index.last
            word, slot = word[:-1], True
        candidates, how = index.first.get(word, []), ""
        if candidates and word in _COMMON_WORDS and not slot:
            candidates = []
        if not candidates:
            # a last name: one person's, or several people's ("what did Patel say" with Anita
            # and Ravi Patel: the topic may point at one, else it is ambiguous - never a search
            # of everyone else's notes)
            last = index.last.get(word, [])
            if last and (original[:1].isupper() or (slot and word not in _COMMON_WORDS)):
                candidates = last
        if not candidates and word in index.nick and not slot \
                and word not in _COMMON_WORDS | _QUESTION_WORDS:
            candidates, how = index.nick[word], "short"  # "anything liz asked me for"
        if not candidates and slot and word not in _QUESTION_WORDS:
            candidates, how = index.short(word), "short"
            if not candidates and not (in_notes and in_notes(word)):
                candidates, how = index.misspelt(word), "misspelt"
        if not candidates:
            if strong_slot(pos) and original[:1].isupper() and _unknown_name(original) \
                    and not (in_notes and in_notes(word)):
                out.unknown.append(original)
                out.name_words.add(word)
            continue
        span = [pos]
        if len(candidates) > 1 and pos + 1 < len(tokens):  # "Sam O", "Sam W."
            initial = words[pos + 1]
            if len(initial) == 1 and initial != "i":
                narrowed = [c for c in candidates if len(index.parts[c.id]) > 1
                            and index.parts[c.id][-1].startswith(initial)]
                if len(narrowed) == 1:
                    candidates, span = narrowed, [pos, pos + 1]
        if len(candidates) > 1:
            if any(c.id in found for c in candidates):
                continue  # "Sam Lee ... and Sam": the full name already chose
            if family or (pos > 0 and words[pos - 1] == "which"):  # "which Chris asked...?"
                for c in candidates:
                    take(pos, c, [pos])
                continue
            chosen = tie_break(original, list(candidates)) if tie_break else None
            if chosen is None:
                raise _ambiguous(original, candidates)
            take(pos, chosen[0], span, f"'{original}' read as {chosen[0].name}, {chosen[1]}")
            continue
        person = candidates[0]
        reading = f"'{original}' read as {person.name}" if how else ""
        take(pos, person, span, reading)
    out.people = [person for _, person in sorted(found.values(), key=lambda pair: pair[0])]
    return out


def _bare_possessive(word: str, index: _Index, in_notes: Callable[[str], bool] | None) -> bool:
    """``word`` is a name with an s and no apostrophe ("priyas", "toms", "the patels"): the
    name is someone's, and neither it nor the word is an everyday word or a word of the notes."""
    base = word[:-1]
    return (word.endswith("s") and len(base) >= _MIN_SHORT
            and (base in index.first or base in index.last)
            and base not in _COMMON_WORDS and word not in _QUESTION_WORDS
            and not (in_notes is not None and in_notes(word)))


def _unknown_name(original: str) -> bool:
    """A capitalised word that may be a person's name: not an acronym, not a question word."""
    folded = original.casefold()
    return (not original.isupper() and folded not in _QUESTION_WORDS
            and original not in rule_words("words.not_a_name") and len(original) > 1)


def people_named(question: str, people: Sequence[PersonRef],
                 in_notes: Callable[[str], bool] | None = None) -> list[PersonRef]:
    """The people ``question`` refers to, in order of first mention."""
    return resolve(question, people, in_notes).people


def strip_names(question: str, people: Sequence[PersonRef],
                extra: set[str] | frozenset[str] = frozenset()) -> str:
    """The question without the named people's names (so retrieval matches the topic);
    ``extra``: other folded words that named them (short forms, misspellings, initials)."""
    parts = {p for person in people for p in _parts(person.name)} | set(extra)
    if not parts:
        return question
    return " ".join(
        m.group(0) for m in _WORD.finditer(question)
        if fold(_POSSESSIVE.sub("", m.group(0)) or m.group(0)) not in parts
    )


@lru_cache(maxsize=4096)
def is_report_name(who: str, person: str, *, loose: bool = False) -> bool:
    """Whether ``who``, as a note about ``person`` writes it, names that person: their first,
    last or full name, their initial ("G to find dates" for Gareth), their initials ("PN to
    write" for Priyanka Nair, never a team word such as "HR"), or a short form ("Beth" for
    Bethany, "Liz" for Elizabeth). With ``loose`` also a misspelling (for questions and
    summaries); the extractor reads the manager's own notes and never guesses one."""
    parts = person.split()
    who = who.strip()
    if not parts or not who:
        return False
    if len(who) == 1:
        return who.casefold() == parts[0][:1].casefold()
    if 2 <= len(who) <= 3 and who.isupper() and len(parts) >= len(who):
        if who.casefold() in rule_words("summary.team_words"):  # "HR to", even for Hana Rao
            return False
        return who == "".join(p[:1] for p in parts[:len(who) - 1] + parts[-1:]).upper()
    ref = PersonRef(0, person)
    if loose:
        try:
            return bool(resolve(f"with {who}", [ref]).people)
        except Ambiguous:  # one person cannot be ambiguous with themself; be safe anyway
            return False
    word = fold(who)
    index = _Index([ref])
    return word in index.parts[0] or bool(index.short(word))
