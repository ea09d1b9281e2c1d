"""Tone: never status-first, never performance management in disguise."""

from __future__ import annotations

from coach.eval.graders.base import FAIL, PASS, Grade, advice_text, grader, no_brief, result
from coach.eval.graders.wording import PERFORMANCE_RE, STATUS_RE, first_sentence, hits
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


@grader("tone", "what good advice never does")
def tone(scenario: Scenario, observed: Observed) -> Grade:
    """The brief does not open with status or a deadline (check-in and the first sentence of
    the agenda invite), and no advice - brief, answers, summary suggestion - uses
    performance-management wording."""
    b = observed.brief
    if b is None:
        return no_brief(observed)
    problems: list[str] = []
    opening = {
        "check_in.question": b.check_in.question,
        "agenda_invite (first sentence)": first_sentence(b.agenda_invite),
    }
    for fld, text in opening.items():
        found = hits(STATUS_RE, text)
        if found:
            problems.append(f"status-first in {fld}: {found}")
    texts = dict(advice_text(b))
    quoted: dict[str, str] = {}
    for run in observed.answers:
        if run.answer is not None:
            texts[f"answer to {run.question!r}"] = run.answer.answer
            quoted[f"answer to {run.question!r}"] = " ".join(
                c.quote for c in run.answer.citations)
    for s in (observed.summary_manager, observed.summary_report):
        if s is not None and s.suggestion:
            texts[f"summary({s.audience}).suggestion"] = s.suggestion
    for fld, text in texts.items():
        # An answer that reports what a note says ("she asked for feedback on her first
        # disciplinary investigation") is not advice: a word that is in the answer's own cited
        # quotes is the notes' word, not the coach's.
        in_quotes = {w.lower() for w in hits(PERFORMANCE_RE, quoted.get(fld, ""))}
        found = [w for w in hits(PERFORMANCE_RE, text) if w.lower() not in in_quotes]
        if found:
            problems.append(f"performance-management wording in {fld}: {found}")
    saw = {"opening": opening, "fields_checked": sorted(texts)}
    if problems:
        return result(FAIL, "; ".join(problems), **saw)
    return result(PASS, "opens with the person; no performance-management wording", **saw)
