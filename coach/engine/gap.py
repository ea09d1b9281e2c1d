"""The `gap` warning sign: no held 1:1 for much longer than the usual rhythm (issue 12).

The rhythm is the median interval between recent held 1:1s (from notes or the calendar).
Only the current gap counts (last held 1:1 to today): a past gap that has closed is history.
"""

from __future__ import annotations

import datetime as dt
from statistics import median

from coach.contracts import HealthSignal, Signal, Source
from coach.history import History

# Enough held 1:1s to know a rhythm (three intervals).
GAP_MIN_HELD = 4
# Intervals used for the rhythm: the latest ones.
GAP_RHYTHM_INTERVALS = 8
# A gap is "much longer" than the rhythm: this many times it, and at least two weeks more
# (3 weeks on a weekly series, 5 on a fortnightly one).
GAP_FACTOR = 2.5
GAP_MIN_EXTRA_DAYS = 14
MAX_EVIDENCE = 4


def gap_threshold(rhythm_days: float) -> float:
    return max(GAP_FACTOR * rhythm_days, rhythm_days + GAP_MIN_EXTRA_DAYS)


def gap_signal(history: History, today: dt.date) -> HealthSignal | None:
    held = [m for m in history.meetings if m.held and m.date <= today]
    dates = sorted({m.date for m in held})
    if len(dates) < GAP_MIN_HELD:
        return None
    intervals = [(b - a).days for a, b in zip(dates, dates[1:], strict=False)]
    rhythm = float(median(intervals[-GAP_RHYTHM_INTERVALS:]))
    if rhythm <= 0:
        return None
    last = held[-1]
    days = (today - last.date).days
    if days <= gap_threshold(rhythm):
        return None
    lost = [m for m in history.meetings if last.date < m.date <= today and not m.held]
    detail = (f"No held 1:1 since {last.date.isoformat()} ({days} days); you usually meet "
              f"every {rhythm:g} days")
    if lost:
        detail += "; since then " + ", ".join(
            f"{m.status.value} {m.date.isoformat()}" for m in lost[:MAX_EVIDENCE])
    quote = next((it.quote for it in last.items if not it.private), None)
    evidence: list[Source] = [last.source(quote if quote is not None else _first_line(last.body))]
    evidence += [m.source(_first_line(m.body)) for m in lost][: MAX_EVIDENCE - 1]
    return HealthSignal(signal=Signal.gap, detail=detail + ".", evidence=evidence)


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.splitlines() if line.strip()), "")
