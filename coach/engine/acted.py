"""The very action a thread proposed, reported done: "I suggested she sits in on my next call
with the Enzoani rep" ... "she sat in on the Enzoani call"; "she wants to sit the level 4
exam" ... "she sat the level 4 exam in May".

Any verb the thread uses in the present or base form counts, not only the one after a
commitment marker (``closure.thread_verb``), when a later line says it in the past tense and
the words after the verb in both lines share a word (what the action was done to). Light verbs
("did", "got", "went") say nothing about which thing happened and never count; a past tense in a
clause that is still undone ("sat in on one call, not the other yet") or after a plan ("will")
does not either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coach.engine.closure import _PAST_IRREGULAR, LIGHT_VERBS, clauses
from coach.extract import lexicon as lx
from coach.rules import table

# base -> its past forms, and each past form -> its bases
_IRREGULAR_BASE = {form: base for base, forms in _PAST_IRREGULAR.items() for form in forms
                   if form != base}
# A proposed verb reported done with another verb: introduce -> meet (words.done_as).
_DONE_AS = {base: frozenset(verbs) for base, verbs in table("words.done_as").items()}
_REGULAR_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_WORD = re.compile(r"[a-z]+")
# A verb's object ends at a clause boundary ("sat in on the call, then ...").
_OBJECT_END = re.compile(r"\s(?:->|→|=>|-|–|—)\s|[,;:.!?()]|\s(?:so|because|but|and|once|when|"
                         r"if|before|after|until|since|which|who)\s", re.I)
# Past forms that report feelings, talk or plans rather than a thing done.
_NOT_ACTIONS = frozenset({
    "asked", "wanted", "needed", "liked", "loved", "hoped", "wished", "worried", "suggested",
    "offered", "promised", "planned", "proposed", "mentioned", "raised", "talked", "discussed",
    "agreed", "thought", "felt", "told", "started", "used", "seemed", "looked", "tried",
    "decided", "expected", "reminded", "noted", "reported", "showed", "heard", "understood",
    "lost", "fell", "forgot", "left", "kept", "let", "set", "put", "cut", "read", "hit",
})


def _bases(past: str) -> set[str]:
    """The base forms a past-tense word may come from ("sat" -> sit, "moved" -> move, mov)."""
    if past in _IRREGULAR_BASE:
        return {_IRREGULAR_BASE[past]}
    if not past.endswith("ed"):
        return set()
    stem = past[:-2]
    out = {stem, stem + "e", past[:-1]}
    if past.endswith("ied"):
        out.add(past[:-3] + "y")
    if len(stem) > 2 and stem[-1] == stem[-2]:
        out.add(stem[:-1])  # planned -> plan
    return out


def _present(base: str) -> set[str]:
    """The forms of a verb that propose rather than report it: sit, sits."""
    return {base, base + "s", base + "es"}


def _object(text: str, end: int) -> str:
    rest = text[end:]
    stop = _OBJECT_END.search(rest)
    return " ".join((rest[:stop.start()] if stop else rest).split()[:8])


@lru_cache(maxsize=4096)
def _past_actions(text: str) -> tuple[tuple[frozenset[str], str], ...]:
    """(possible bases, object) of each past-tense verb of ``text`` said as done: in a clause
    with no hedge, before any plan."""
    out = []
    for clause in clauses(text):
        if lx.NOT_DONE.search(clause) or lx.REOPEN.search(clause):
            continue
        fut = lx.FUTURE.search(clause)
        low = clause.lower()
        for m in _WORD.finditer(low):
            word = m.group(0)
            if fut is not None and m.start() > fut.start():
                break
            if word in _NOT_ACTIONS or not (word in _IRREGULAR_BASE
                                             or _REGULAR_PAST.fullmatch(word)):
                continue
            bases = frozenset(b for b in _bases(word) if b not in LIGHT_VERBS)
            if bases:
                out.append((bases, _object(low, m.end())))
    return tuple(out)


def acted_on(thread: str, later: str, tok: Callable[[str], set[str]]) -> set[str]:
    """The words of what was acted on, when ``later`` reports in the past tense a verb
    ``thread`` proposes ("sits in on my next call with the rep" ... "sat in on the call":
    {call}); empty when it does not."""
    actions = _past_actions(later)
    if not actions:
        return set()
    low = thread.lower()
    words = [(m.group(0), m.end()) for m in _WORD.finditer(low)]
    out: set[str] = set()
    for bases, obj in actions:
        forms = set().union(*(_present(b) for b in bases)) | {
            form for said, done in _DONE_AS.items() if done & bases for form in _present(said)}
        for word, end in words:
            if word in forms:
                out |= tok(_object(low, end)) & tok(obj)
    return out
