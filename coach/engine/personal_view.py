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
  ("kid's been sick", "mum in hospital", "how was her weekend"): rule ``personal.own_use``.

Blanking keeps offsets (spaces of the same length), so a match in the view is a match in the
quote; the check-in's ``why`` still quotes the line as written.
"""

from __future__ import annotations

import re

from coach.extract import signals_lexicon as sx
from coach.rules import rx

_SOMEONE_ELSE = rx("personal.someone_else")
_AMBIGUOUS = rx("personal.ambiguous_noun")
_OWN_USE = rx("personal.own_use")
# Clauses: a someone-else mention is blanked up to the next clause boundary only.
_CLAUSE = re.compile(r"[^,;.!?()\n]+")
# Family words are never a name ("Mum's home now" is the report's mum).
_NOT_A_NAME = re.compile(
    r"^(?:she|he|they|her|his|their|my|our|your|the|this|that|mum|mom|dad|mother|father|"
    r"nan|gran|grandma|grandpa|baby|kid|son|daughter|partner|wife|husband|family)$", re.I)


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


def personal_view(text: str, first: str | None = None) -> str:
    """``text`` with every word that is not about the report's own life blanked out
    (same length, so offsets still point into the original)."""
    view = sx.WORK_SENSES.sub(lambda m: " " * len(m.group(0)), text)
    for c in list(_CLAUSE.finditer(view)):
        if _someone_elses(c.group(0), first):
            view = _blank(view, c.start(), c.end())
    for m in list(_AMBIGUOUS.finditer(view)):
        if not _OWN_USE.match(view[m.end():]):
            view = _blank(view, m.start(), m.end())
    return view
