"""What of a note line is about the report's own life: the rest is blanked before any personal cue.

A line only counts as personal (for the check-in and the "all task, no person" sign) when its
life words are the REPORT's. Three general reasons a life word is not (issue 8 §7):

- it has a work sense ("holiday coverage", "before the holidays", "health and safety"):
  rule ``personal.work_senses``;
- it belongs to someone else ("Tomas's wife is expecting", "Steve whose wife had the baby",
  "nobody on holiday that week"): rule ``personal.someone_else`` blanks that clause;
- an ambiguous noun (family, parents, kids, holiday, weekend, home...: rule
  ``personal.ambiguous_noun``) names a work thing it modifies ("family liaison room",
  "parents evening", "kids corner", "weekend cover", "home broadband"): it is the report's own
  only when what follows it is a verb, a preposition, a possessive or the end of the clause
  ("kid's been sick", "mum in hospital", "how was her weekend"): rule ``personal.own_use``,
  or when a possessive comes right before it ("Jade's mum poorly", "her mother arrive").

A hurried misspelling of a word that decides it ("hosptial", "stresed": rule
``personal.typo_vocab``) is read as the word first. The view is for deciding only: the check-in's
``why`` still quotes the line as written.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from coach.extract import signals_lexicon as sx
from coach.rules import load_rules, rx

_SOMEONE_ELSE = rx("personal.someone_else")
_AMBIGUOUS = rx("personal.ambiguous_noun")
_OWN_USE = rx("personal.own_use")
# Clauses: a someone-else mention is blanked up to the next clause boundary only.
_CLAUSE = re.compile(r"[^,;.!?()\n]+")
# Family words are never a name ("Mum's home now" is the report's mum).
_NOT_A_NAME = re.compile(
    r"^(?:she|he|they|her|his|their|my|our|your|the|this|that|mum|mom|dad|mother|father|"
    r"nan|gran|grandma|grandpa|baby|kid|son|daughter|partner|wife|husband|family)$", re.I)


# A possessive right before an ambiguous noun makes it someone's own ("Jade's mum poorly",
# "her mother arrive in Poland", "Fin's wedding 14 feb"): a work modifier is not owned.
_OWNED = re.compile(r"(?:\b(?:her|his|their|my|your)|\b[A-Za-z]+(?:'s|’s))\s+$")

_TOKEN = re.compile(r"[A-Za-z]{5,}")
# Shortest misspelled token considered (shorter words have too many real neighbours).
TYPO_MIN_LEN = 6


@cache
def _vocab() -> frozenset[str]:
    return frozenset(w.lower() for w in load_rules()["personal.typo_vocab"].words)


def _one_edit(a: str, b: str) -> bool:
    """One substitution, insertion, deletion or swap of neighbours apart (a != b)."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1:]


@cache
def _correct(token: str) -> str | None:
    low = token.lower()
    vocab = _vocab()
    if len(low) < TYPO_MIN_LEN or low in vocab:
        return None
    # An edit at the end is another form of a real word ("stresses", "hospitals"), not a typo.
    return next((w for w in sorted(vocab) if w[0] == low[0] and _one_edit(low, w)
                 and not (low[:-1] == w[:-1] or low.startswith(w) or w.startswith(low))), None)


def fix_typos(text: str) -> str:
    """``text`` with hurried misspellings of the deciding words corrected ("hosptial")."""
    return _TOKEN.sub(lambda m: _correct(m.group(0)) or m.group(0), text)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _someone_elses(clause: str, first: str | None) -> bool:
    for m in _SOMEONE_ELSE.finditer(clause):
        owner = re.split(r"['’\s]", m.group(0).strip(), maxsplit=1)[0]
        if owner[:1].isupper() and (_NOT_A_NAME.match(owner)
                                    or (first and owner.casefold() == first.casefold())):
            continue  # the report's own ("Dana's kid") or a pronoun/family word
        return True
    return False


@lru_cache(maxsize=8192)
def personal_view(text: str, first: str | None = None) -> str:
    """``text`` with every word that is not about the report's own life blanked out (typos of
    the deciding words corrected first)."""
    view = sx.WORK_SENSES.sub(lambda m: " " * len(m.group(0)), fix_typos(text))
    for c in list(_CLAUSE.finditer(view)):
        if _someone_elses(c.group(0), first):
            view = _blank(view, c.start(), c.end())
    for m in list(_AMBIGUOUS.finditer(view)):
        if not (_OWN_USE.match(view[m.end():]) or _OWNED.search(view[:m.start()])):
            view = _blank(view, m.start(), m.end())
    return view
