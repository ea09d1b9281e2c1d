"""Which lines of an answer are of the kind asked ("who has asked me about a pay rise?": the
people with a topical ask, not everyone whose line shares a word of the topic), and the lines
of a matter that got settled ("what did Tom want from me about his commission?" when it was
done). Pure functions over ``Hit``s."""

from __future__ import annotations

from coach.contracts import ItemKind
from coach.engine.query import GROWTH_TEXT, Question, kind_stems, lexical_match, stem, words
from coach.engine.retrieve import Hit
from coach.rules import load_rules, rx

MAX_LINES = 6  # lines of a settled matter shown


def kind_signals(question: Question) -> frozenset[str]:
    """The topic stems that signal the asked kinds ("worried": stressed, frustrated...)."""
    return frozenset().union(*(kind_stems(k) for k in question.kinds))


def says_kind(question: Question, text: str, signals: frozenset[str]) -> bool:
    """A line that reads as one of the asked kinds, whatever the extractor filed it under."""
    if signals & {stem(w) for w in words(text)}:
        return True
    if "request" in question.kinds and (rx("request.cue").search(text)
                                        or load_rules().matches("ask.report_asks", text)):
        return True  # "asked if she can swap to earlies", "she'd like to step up as lead IQA"
    return "growth" in question.kinds and GROWTH_TEXT.search(text) is not None


def of_asked_kind(question: Question, groups: list[tuple[str, list[Hit]]]
                  ) -> list[tuple[str, list[Hit]]]:
    """"Who has asked me about a pay rise?", "who is worried about the merger?": the people
    with a topical line of that kind (an ask, a worry), not everyone whose line merely shares
    a word with the topic ("check with finance"). Nobody with one: every person stays."""
    if not question.kinds or question.follow_up:
        return groups
    signals = kind_signals(question)
    kept = [(person, items) for person, items in groups if any(
        h.item.kind.value in question.kinds or says_kind(question, h.item.text, signals)
        for h in items)]
    return kept or groups


def settled_on_topic(question: Question, found: list[Hit]) -> list[Hit]:
    """The lines that name the asked matter, oldest first, when one of them is closed or
    closes it (the matter was raised and settled); empty otherwise."""
    if not question.has_topic:
        return []
    said = [h for h in found if lexical_match(question, h.item.text) > 0]
    if not any(h.item.state == "closed" or h.item.kind is ItemKind.closure for h in said):
        return []
    return sorted(said, key=lambda h: (h.date, h.item.line_no))[:MAX_LINES]
