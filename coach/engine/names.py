"""Find the people a question names: full name, first name (or a unique last name), any case.

Pure: it gets (id, name) pairs and the question text, and never touches the store. A first
name shared by two people raises ``Ambiguous`` listing them, unless the question also gives
one of their full names. First names that are also everyday words ("Will", "May", "Mark")
only count when capitalised and not the question's first word, so "will Sam..." does not
name Will.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from coach.errors import Ambiguous

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"['’]s?$")


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())

# First names that are also common English words.
_COMMON_WORDS = _word_set("""
    will may june april august mark bill grace hope joy rose art pat sue frank max ray dawn
    faith summer sky rich chase guy amber jack sandy rusty holly ivy lily iris violet jade
    pearl ruby crystal penny bob don gene hunter drew dean lane page reed wade miles
    """)


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str


def _tokens(text: str) -> list[tuple[str, str]]:
    """(folded word, original word) pairs, possessives stripped ("Sam's" -> "sam")."""
    out = []
    for m in _WORD.finditer(text):
        word = _POSSESSIVE.sub("", m.group(0)) or m.group(0)
        out.append((word.casefold(), word))
    return out


def _parts(name: str) -> list[str]:
    return [w for w, _ in _tokens(name)]


def people_named(question: str, people: Sequence[PersonRef]) -> list[PersonRef]:
    """The people ``question`` refers to, in order of first mention."""
    tokens = _tokens(question)
    words = [w for w, _ in tokens]
    covered: set[int] = set()
    found: dict[int, tuple[int, PersonRef]] = {}  # person id -> (position, person)

    # 1. full names (longest first so "Sam Lee Jr" beats "Sam Lee")
    for person in sorted(people, key=lambda p: -len(_parts(p.name))):
        parts = _parts(person.name)
        if len(parts) < 2:
            continue
        for start in range(len(words) - len(parts) + 1):
            span = range(start, start + len(parts))
            if words[start : start + len(parts)] == parts and not covered.intersection(span):
                covered.update(span)
                found.setdefault(person.id, (start, person))

    # 2. first names, then unique last names, among the words not already used
    by_first: dict[str, list[PersonRef]] = {}
    by_last: dict[str, list[PersonRef]] = {}
    for person in people:
        parts = _parts(person.name)
        if parts:
            by_first.setdefault(parts[0], []).append(person)
            if len(parts) > 1:
                by_last.setdefault(parts[-1], []).append(person)
    for pos, (word, original) in enumerate(tokens):
        if pos in covered:
            continue
        if word in _COMMON_WORDS and (pos == 0 or not original[:1].isupper()):
            continue
        candidates = by_first.get(word)
        if not candidates:
            last = by_last.get(word)
            if last and len(last) == 1 and original[:1].isupper():
                candidates = last
        if not candidates:
            continue
        if len(candidates) > 1:
            if any(c.id in found for c in candidates):
                continue  # "Sam Lee ... and Sam" — the full name already chose
            if pos > 0 and words[pos - 1] == "which":  # "which Chris asked...?": all of them
                for c in candidates:
                    found.setdefault(c.id, (pos, c))
                continue
            names = ", ".join(sorted(c.name for c in candidates))
            raise Ambiguous(
                f"'{original}' matches more than one person: {names}. Use the full name.",
                where="question",
            )
        found.setdefault(candidates[0].id, (pos, candidates[0]))
    return [person for _, person in sorted(found.values(), key=lambda pair: pair[0])]


def strip_names(question: str, people: Sequence[PersonRef]) -> str:
    """The question without the named people's names (so retrieval matches the topic)."""
    parts = {p for person in people for p in _parts(person.name)}
    if not parts:
        return question
    return " ".join(
        m.group(0) for m in _WORD.finditer(question)
        if (_POSSESSIVE.sub("", m.group(0)) or m.group(0)).casefold() not in parts
    )
