"""Grader results, the registry, and the small text helpers graders share."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from coach.contracts import Brief
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario

PASS, FAIL, SKIP, NA = "pass", "fail", "skip", "n/a"


@dataclass
class Grade:
    """One grader's verdict on one scenario.

    ``status`` is pass, fail, skip (could not be graded: the reason says why, never counted as
    a pass) or n/a (the scenario has no label this grader needs). ``saw`` is what the grader
    looked at, for the report.
    """

    grader: str
    status: str
    reason: str
    saw: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return self.status == PASS


GraderFn = Callable[[Scenario, Observed], Grade]


@dataclass(frozen=True)
class GraderSpec:
    name: str
    principle: str
    doc: str
    fn: GraderFn


REGISTRY: dict[str, GraderSpec] = {}


def grader(name: str, principle: str) -> Callable[[GraderFn], GraderFn]:
    """Register a grader function under ``name`` (the name used in thresholds and --only)."""

    def wrap(fn: GraderFn) -> GraderFn:
        def run(scenario: Scenario, observed: Observed) -> Grade:
            g = fn(scenario, observed)
            g.grader = name
            return g

        run.__name__ = fn.__name__
        run.__doc__ = fn.__doc__
        REGISTRY[name] = GraderSpec(name, principle, (fn.__doc__ or "").strip(), run)
        return run

    return wrap


def result(status: str, reason: str, **saw: Any) -> Grade:
    return Grade("", status, reason, saw)


def no_brief(observed: Observed) -> Grade:
    return result(FAIL, f"no brief was produced: {observed.brief_error or 'unknown error'}")


def norm(text: str) -> str:
    """Lower-case, typographic quotes straightened, whitespace collapsed."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return " ".join(text.replace("\u201d", '"').casefold().split())


def has_word(text: str, word: str) -> bool:
    """``word`` (or phrase) occurs in ``text`` starting at a word boundary, any case.

    "roadmap" matches "roadmaps" and "Roadmap:", but "API" does not match "rapid".
    """
    return re.search(r"(?<![\w])" + re.escape(norm(word)), norm(text)) is not None


def has_all(text: str, words: Iterable[str]) -> bool:
    return all(has_word(text, w) for w in words)


def find_phrases(text: str, phrases: Iterable[str]) -> list[str]:
    """The phrases that occur in ``text`` as whole words (case- and whitespace-insensitive):
    "PIP" is found in "put on a PIP." but not in "pipeline"."""
    t = norm(text)
    return [p for p in phrases if norm(p)
            and re.search(r"(?<![\w])" + re.escape(norm(p)) + r"(?![\w])", t)]


def spoken_text(brief: Brief) -> dict[str, str]:
    """What the manager would say to the report, by field (check-in, agenda, questions)."""
    out = {"check_in.question": brief.check_in.question, "agenda_invite": brief.agenda_invite}
    for i, q in enumerate(brief.focus.questions):
        out[f"focus.questions[{i}]"] = q
    if brief.meta_question:
        out["meta_question.question"] = brief.meta_question.question
    return out


def advice_text(brief: Brief) -> dict[str, str]:
    """Every piece of advice in a brief by field: the spoken parts, the whys, the warning-sign
    details. Thread texts and quotes are evidence from the notes, not advice."""
    out = spoken_text(brief)
    out["check_in.why"] = brief.check_in.why
    out["focus.why"] = brief.focus.why
    if brief.meta_question:
        out["meta_question.why"] = brief.meta_question.why
    for i, h in enumerate(brief.health):
        out[f"health[{i}].detail"] = h.detail
    return out
