"""Privacy: the manager's private lines never reach anything the report sees.

Report-facing: the report's summary, and what the brief has the manager say aloud (check-in,
agenda invite, focus and meta questions). Checked against the gold ``private_phrases`` and
against every private line stored in the notes.
"""

from __future__ import annotations

import re

from coach.contracts import Summary
from coach.eval.graders.base import (
    FAIL,
    PASS,
    SKIP,
    Grade,
    find_phrases,
    grader,
    norm,
    result,
    spoken_text,
)
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario


def summary_texts(s: Summary) -> dict[str, str]:
    out: dict[str, str] = {}
    for fld in ("key_points", "decisions", "action_items", "carried_forward", "closed"):
        for i, item in enumerate(getattr(s, fld)):
            out[f"{fld}[{i}]"] = item.text
            out[f"{fld}[{i}].quote"] = item.source.quote
    if s.suggestion:
        out["suggestion"] = s.suggestion
    for i, h in enumerate(s.health):
        out[f"health[{i}]"] = h.detail
    return out


NGRAM = 5  # a run of this many words copied from a private line is a leak


def _grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[\w']+", norm(text))
    return {tuple(words[i:i + NGRAM]) for i in range(len(words) - NGRAM + 1)}


def _leaks(texts: dict[str, str], phrases: list[str], lines: list[str], shared: str) -> list[str]:
    """Private phrases, whole private lines, quotes cut from a private line, and runs of
    NGRAM words copied from one - unless those words also occur in a shared line."""
    leaks = []
    shared_n = norm(shared)
    shared_grams = _grams(shared)
    private_grams = {g: line for line in lines for g in _grams(line)}
    for fld, text in texts.items():
        for p in find_phrases(text, phrases):
            leaks.append(f"{fld} contains private phrase {p!r}")
        t = norm(text)
        for line in lines:
            ln = norm(line)
            if len(ln) >= 12 and ln in t:
                leaks.append(f"{fld} contains private line {line!r}")
            elif len(t) >= 12 and t in ln and t not in shared_n:
                leaks.append(f"{fld} is cut from private line {line!r}")
        copied = [g for g in _grams(text) if g in private_grams and g not in shared_grams]
        if copied and not any(fld in x for x in leaks):
            leaks.append(f"{fld} copies {' '.join(copied[0])!r} from private line "
                         f"{private_grams[copied[0]]!r}")
    return leaks


@grader("privacy", "never leak private notes")
def privacy(scenario: Scenario, observed: Observed) -> Grade:
    """No private phrase or private line in the report's summary (no private-flagged items,
    no warning signs or suggestion either) nor in the brief's spoken questions."""
    mine = observed.notes_of(scenario.person)
    lines = sorted({ln for n in mine for ln in n.private_lines})
    shared = "\n".join(ln for n in mine for ln in n.body.splitlines()
                        if not any(p in ln for p in n.private_lines))
    phrases = scenario.private_phrases
    leaks: list[str] = []
    saw: dict = {"private_phrases": phrases, "private_lines": lines}
    if observed.brief is not None:
        spoken = spoken_text(observed.brief)
        saw["brief_spoken"] = spoken
        leaks += [f"brief {x}" for x in _leaks(spoken, phrases, lines, shared)]
    s = observed.summary_report
    if s is not None:
        texts = summary_texts(s)
        saw["report_summary"] = texts
        leaks += [f"report summary {x}" for x in _leaks(texts, phrases, lines, shared)]
        flagged = [f"{fld}[{i}]" for fld in ("key_points", "decisions", "action_items")
                   for i, it in enumerate(getattr(s, fld)) if it.private]
        flagged += [f"{fld}[{i}]" for fld in ("carried_forward", "closed")
                    for i, it in enumerate(getattr(s, fld)) if it.private]
        if flagged:
            leaks.append(f"report summary has private-flagged items: {flagged}")
        if s.health or s.suggestion:
            leaks.append("report summary carries the manager's warning signs or suggestion")
    if leaks:
        return result(FAIL, f"{len(leaks)} leak(s): {leaks[0]}", leaks=leaks, **saw)
    if observed.brief is None and s is None:
        return result(FAIL, f"nothing to check: {observed.brief_error}", **saw)
    if s is None:
        return result(
            SKIP, "brief questions clean; report summary not available: "
            f"{observed.summary_error or 'no summary requested'}", **saw,
        )
    return result(PASS, "no private text in report-facing output", **saw)
