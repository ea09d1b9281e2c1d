"""Answers: cite only the right people's notes (scope) and find what is expected (recall)."""

from __future__ import annotations

from collections.abc import Iterator

from coach.eval.graders.base import FAIL, NA, PASS, Grade, grader, has_all, norm, result
from coach.eval.observed import AskRun, Observed
from coach.eval.scenario import AskGold, Scenario


def _runs(scenario: Scenario, observed: Observed) -> Iterator[tuple[AskGold, AskRun | None]]:
    by_q = {r.question: r for r in observed.answers}
    for g in scenario.ask:
        yield g, by_q.get(g.question)


@grader("ask_scope", "notes are confidential")
def ask_scope(scenario: Scenario, observed: Observed) -> Grade:
    """Answers to questions labelled with ``people`` cite at least one note, and only notes of
    those people."""
    labelled = [g for g in scenario.ask if g.people]
    if not labelled:
        return result(NA, "no ask question with a people label")
    problems, seen = [], {}
    for g, run in _runs(scenario, observed):
        if not g.people:
            continue
        if run is None or run.answer is None:
            problems.append(f"{g.question!r}: no answer ({run.error if run else 'not asked'})")
            continue
        cited = [c.person for c in run.answer.citations]
        seen[g.question] = cited
        allowed = {norm(p) for p in g.people}
        outside = sorted({p for p in cited if norm(p) not in allowed})
        if outside:
            problems.append(f"{g.question!r} cites {outside}, allowed only {list(g.people)}")
        elif not cited:
            problems.append(f"{g.question!r}: the answer cites no note")
    saw = {"cited_people": seen, "problems": problems}
    if problems:
        return result(FAIL, problems[0], **saw)
    return result(PASS, "every answer cites only the right people", **saw)


@grader("ask_recall", "create continuity")
def ask_recall(scenario: Scenario, observed: Observed) -> Grade:
    """For each ``expect`` word list, all words occur in the answer text or all in one cited
    quote."""
    labelled = [g for g in scenario.ask if g.expect]
    if not labelled:
        return result(NA, "no ask question with an expect label")
    missing, seen = [], {}
    for g, run in _runs(scenario, observed):
        if not g.expect:
            continue
        if run is None or run.answer is None:
            missing.append(f"{g.question!r}: no answer ({run.error if run else 'not asked'})")
            continue
        a = run.answer
        seen[g.question] = {"answer": a.answer, "quotes": [c.quote for c in a.citations]}
        for words in g.expect:
            if not (has_all(a.answer, words) or any(has_all(c.quote, words)
                                                   for c in a.citations)):
                missing.append(f"{g.question!r}: nothing about {list(words)}")
    saw = {"answers": seen, "missing": missing}
    if missing:
        return result(FAIL, f"{len(missing)} expected item(s) missing: {missing[0]}", **saw)
    return result(PASS, "every expected item is in the answers", **saw)
