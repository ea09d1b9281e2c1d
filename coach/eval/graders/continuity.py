"""Create continuity: open threads carried forward (recall), closed ones not shown open
(precision). A gold entry matches a thread when all its words occur in the thread's text or
its source quote."""

from __future__ import annotations

from coach.contracts import Thread
from coach.eval.graders.base import FAIL, NA, PASS, Grade, grader, has_all, no_brief, result
from coach.eval.observed import Observed
from coach.eval.scenario import Scenario, ThreadGold


def thread_text(t: Thread) -> str:
    return f"{t.text} {t.source.quote}"


def open_threads(observed: Observed) -> list[Thread]:
    assert observed.brief is not None
    return [t for t in observed.brief.threads if t.status == "open"]


def carried_threads(observed: Observed) -> list[Thread]:
    """The threads the brief carries forward: open ones, and dated events that have passed
    shown as a follow-up ("Ask how the surgery went"; issue 8: a passed event is no longer an
    open worry, but it is not dropped either)."""
    assert observed.brief is not None
    return [t for t in observed.brief.threads if t.status in ("open", "follow_up")]


def matching(gold: ThreadGold, threads: list[Thread]) -> list[Thread]:
    return [t for t in threads if has_all(thread_text(t), gold.match)]


def _brief_view(threads: list[Thread]) -> list[str]:
    return [f"[{t.kind.value}/{t.owner.value if t.owner else '-'}] {t.text}" for t in threads]


@grader("continuity_recall", "create continuity")
def continuity_recall(scenario: Scenario, observed: Observed) -> Grade:
    """Every ``open_threads`` entry matches a thread the brief carries forward, open or as a
    follow-up of a passed event (with the right owner when the gold gives one)."""
    if not scenario.open_threads:
        return result(NA, "no open_threads label")
    if observed.brief is None:
        return no_brief(observed)
    threads = carried_threads(observed)
    missing, wrong_owner = [], []
    for g in scenario.open_threads:
        hits = matching(g, threads)
        if not hits:
            missing.append(list(g.match))
        elif g.owner is not None and not any(t.owner == g.owner for t in hits):
            wrong_owner.append(f"{list(g.match)}: owner {[str(t.owner) for t in hits]}, "
                               f"expected {g.owner.value}")
    found = len(scenario.open_threads) - len(missing) - len(wrong_owner)
    saw = {"open_threads_in_brief": _brief_view(threads), "missing": missing,
           "wrong_owner": wrong_owner, "found": found, "expected": len(scenario.open_threads)}
    if missing or wrong_owner:
        parts = [f"not found open: {missing}"] if missing else []
        parts += [f"wrong owner: {wrong_owner}"] if wrong_owner else []
        return result(FAIL, "; ".join(parts), **saw)
    return result(PASS, f"all {found} open threads found", **saw)


@grader("continuity_precision", "create continuity")
def continuity_precision(scenario: Scenario, observed: Observed) -> Grade:
    """No ``closed_threads`` entry matches a thread the brief shows as open."""
    if not scenario.closed_threads:
        return result(NA, "no closed_threads label")
    if observed.brief is None:
        return no_brief(observed)
    threads = open_threads(observed)
    shown_open = []
    for g in scenario.closed_threads:
        hits = matching(g, threads)
        if hits:
            shown_open.append({"gold": list(g.match), "threads": [t.text for t in hits]})
    saw = {"open_threads_in_brief": _brief_view(threads), "closed_but_shown_open": shown_open,
           "closed_labels": [list(g.match) for g in scenario.closed_threads]}
    if shown_open:
        return result(FAIL, f"closed thread(s) shown as open: {shown_open}", **saw)
    return result(PASS, f"none of {len(scenario.closed_threads)} closed threads shown open", **saw)
