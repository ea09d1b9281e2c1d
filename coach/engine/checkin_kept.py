"""The check-in choice over a short kept list of lines (speed only: the same choice).

``pick_checkin`` (coach/engine/checkin.py) looks at every line of every held 1:1 and keeps
those it can choose at all (personal, not private, ...), then picks by recency - which
depends on the day. Whether a line can be chosen at all does not depend on the day, so it is
judged once per line at ingest (kept in the person's facts, coach/engine/memo.py) and the
first brief of a day runs ``pick_checkin`` over the history with only those lines: the same
meetings (recency counts held 1:1s), the same candidates, so the same choice.

A line's verdict is ``pick_checkin`` itself on a one-line history (it picks the line iff it
can be chosen at all), so this module holds no copy of the check-in rules; verdicts are kept
with the line's thread state and judged again when that changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from coach.contracts import MeetingStatus
from coach.engine.checkin import CheckinPlan, pick_checkin
from coach.history import History, ItemRecord, MeetingRecord


def can_be_chosen(history: History, m: MeetingRecord, it: ItemRecord) -> bool:
    """Would ``pick_checkin`` choose this line if it were the only one (in a held 1:1)?"""
    one = History(history.person_id, history.person,
                  [replace(m, status=MeetingStatus.held, items=[it])])
    plan = pick_checkin(one, m.date, m.date)
    return plan.thread is not None and plan.thread.id == it.id


def judge_checkin(history: History, judged: dict[int, str], chosen: set[int]
                  ) -> tuple[dict[int, str], set[int]]:
    """(state each line was judged in, lines that can be chosen) for every line of
    ``history``, reusing the verdicts ``judged``/``chosen`` of lines judged in the same state."""
    out_judged: dict[int, str] = {}
    out_chosen: set[int] = set()
    for m in history.meetings:
        for it in m.items:
            ok = (it.id in chosen) if judged.get(it.id) == it.state else can_be_chosen(
                history, m, it)
            out_judged[it.id] = it.state
            if ok:
                out_chosen.add(it.id)
    return out_judged, out_chosen


def checkin(history: History, today: dt.date, last_held: dt.date | None) -> CheckinPlan:
    """``pick_checkin(history, today, last_held)``, over the kept candidates when the
    history's facts are attached (they were computed from exactly this content)."""
    from coach.engine.memo import attached_facts

    facts = attached_facts(history)
    if facts is None or len(facts.checkin_judged) != sum(len(m.items) for m in history.meetings):
        return pick_checkin(history, today, last_held)
    kept = History(history.person_id, history.person, [
        replace(m, items=[it for it in m.items if it.id in facts.checkin])
        for m in history.meetings])
    return pick_checkin(kept, today, last_held)
