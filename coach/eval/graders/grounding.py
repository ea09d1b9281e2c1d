"""Grounding: every "last time..." points at a real note of the right person.

Every thread source (and closing source), warning-sign evidence, answer citation and summary
source must name a stored note whose person is the right one, whose date matches, and whose
text contains the quote literally.
"""

from __future__ import annotations

import datetime as dt

from coach.contracts import Source
from coach.eval.graders.base import FAIL, NA, PASS, Grade, grader, norm, result
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


def check_source(
    observed: Observed, where: str, note_id: int, date: dt.date, quote: str, person: str
) -> str | None:
    """Why this source is not grounded, or None when it is."""
    note = observed.notes.get(note_id)
    if note is None:
        return f"{where}: note {note_id} does not exist"
    if norm(note.person) != norm(person):
        return f"{where}: note {note_id} is {note.person}'s, not {person}'s"
    if note.date != date:
        return f"{where}: note {note_id} is dated {note.date}, cited as {date}"
    if not quote.strip():
        return f"{where}: empty quote"
    if quote not in note.body:
        return f"{where}: quote {quote!r} is not in note {note_id} ({note.file})"
    return None


def _src(observed: Observed, where: str, s: Source, person: str) -> str | None:
    return check_source(observed, where, s.note_id, s.date, s.quote, person)


def collect_problems(scenario: Scenario, observed: Observed) -> tuple[list[str], int]:
    problems: list[str] = []
    checked = 0

    def add(p: str | None) -> None:
        nonlocal checked
        checked += 1
        if p:
            problems.append(p)

    b = observed.brief
    if b is not None:
        if norm(b.person) != norm(scenario.person):
            problems.append(f"the brief is for {b.person!r}, not {scenario.person!r}")
        for i, t in enumerate(b.threads):
            add(_src(observed, f"threads[{i}].source", t.source, scenario.person))
            if t.closed_by is not None:
                add(_src(observed, f"threads[{i}].closed_by", t.closed_by, scenario.person))
        for i, h in enumerate(b.health):
            for j, ev in enumerate(h.evidence):
                add(_src(observed, f"health[{i}]({h.signal.value}).evidence[{j}]", ev,
                         scenario.person))
    for run in observed.answers:
        if run.answer is None:
            continue
        for i, c in enumerate(run.answer.citations):
            add(check_source(observed, f"ask {run.question!r} citations[{i}]", c.note_id,
                             c.date, c.quote, c.person))
    for s in (observed.summary_manager, observed.summary_report):
        if s is None:
            continue
        tag = f"summary({s.audience})"
        for fld in ("key_points", "decisions", "action_items", "carried_forward", "closed"):
            for i, item in enumerate(getattr(s, fld)):
                add(_src(observed, f"{tag}.{fld}[{i}]", item.source, s.person))
    return problems, checked


@grader("grounding", "never invent history")
def grounding(scenario: Scenario, observed: Observed) -> Grade:
    """Every source and citation quote is literally in the cited note, and that note is the
    right person's and has the cited date."""
    if observed.brief is None and not any(r.answer for r in observed.answers):
        return result(FAIL, f"nothing to ground: {observed.brief_error or 'no outputs'}")
    problems, checked = collect_problems(scenario, observed)
    saw = {"sources_checked": checked, "problems": problems[:50]}
    if problems:
        return result(FAIL, f"{len(problems)} ungrounded source(s): {problems[0]}", **saw)
    if checked == 0:
        return result(NA, "no sources to check (no threads, evidence or citations)", **saw)
    return result(PASS, f"all {checked} sources are real quotes from the right notes", **saw)
