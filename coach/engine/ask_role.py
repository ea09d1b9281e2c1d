"""A question that names its person by role or by matter, not by name ("what's open with the
Leeds team lead?", "how did the MHRA inspection go?"): the one person whose notes say so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from coach.engine.query import Question, lexical_match, words
from coach.engine.retrieve import Hit, present_concepts
from coach.rules import words as rule_words


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class RoleMatch:
    """A question that names a person by role: who, how it was read, and the question left."""

    person_id: int
    reading: str
    question: Question


def person_by_role(question: Question, hits: Iterable[Hit]) -> RoleMatch | None:
    """"What's open with the Leeds team lead": the one person whose notes have every topic
    word of a question that names a role (coach/rules/en/ask.yaml ``ask.role_words``).

    Only when exactly one person's notes have a line with all of them, so a role two people
    share, or a role nobody's notes mention, is never guessed; the question is then about that
    person, with the role words no longer a topic.
    """
    roles = rule_words("ask.role_words")
    if not any(set(words(c.term)) & roles for c in question.concepts):
        return matter_owner(question, hits)
    full = [h for h in hits if h.quotable and lexical_match(question, h.item.text) >= 1.0]
    if len({h.person_id for h in full}) != 1:
        return None
    first = min(full, key=lambda h: (h.date, h.item.line_no))
    folded = question.text.lower()
    said = " ".join(sorted((c.term for c in question.concepts),
                           key=lambda t: (folded.find(t) if t in folded else len(folded))))
    reading = (f"'{said}' read as {first.person}, from your note of {first.date.isoformat()}: "
               f"\"{_short(first.item.quote, 80)}\"")
    return RoleMatch(first.person_id, reading, replace(
        question, concepts=[], overview=not (question.follow_up or question.kinds)))


def matter_owner(question: Question, hits: Iterable[Hit]) -> RoleMatch | None:
    """"How did the MHRA inspection go?", "why is the rink going to the trust?": a question
    about what became of a matter, naming nobody, when exactly one person's notes have a line
    with every topic word. The answer is then about that person, so what their later notes
    said on the matter (where the outcome is) is found too."""
    if not question.about_outcome or not question.concepts:
        return None
    pool = [h for h in hits if h.quotable]
    asked = present_concepts(question, pool)
    full = [h for h in pool if lexical_match(asked, h.item.text) >= 1.0]
    if len({h.person_id for h in full}) != 1:
        return None
    first = min(full, key=lambda h: (h.date, h.item.line_no))
    reading = f"only your notes with {first.person} are about {asked.topic}"
    return RoleMatch(first.person_id, reading, question)
