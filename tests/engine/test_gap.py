"""The `gap` warning sign: no held 1:1 for much longer than the usual rhythm."""

import datetime as dt

from enginekit import weekly

from coach.contracts import Signal
from coach.engine.gap import gap_signal, gap_threshold
from coach.engine.health import health_signals

BODY = "- Sam: how are you doing? fine, busy with the launch"


def test_threshold_is_three_weeks_on_a_weekly_rhythm() -> None:
    assert gap_threshold(7) == 21
    assert gap_threshold(14) == 35


def test_weekly_rhythm_then_silence() -> None:
    h = weekly("2026-09-01", [BODY] * 6)  # last held 2026-10-06
    assert gap_signal(h, dt.date(2026, 10, 27)) is None  # 21 days: not yet
    sig = gap_signal(h, dt.date(2026, 10, 28))
    assert sig is not None and sig.signal is Signal.gap
    assert "since 2026-10-06 (22 days)" in sig.detail and "every 7 days" in sig.detail
    assert sig.evidence[0].date == dt.date(2026, 10, 6)
    assert sig.evidence[0].quote in h.meetings[-1].body


def test_cancelled_meetings_since_are_evidence() -> None:
    h = weekly("2026-09-01", [BODY] * 5 + ["- cancelled, offsite"] * 3,
               statuses={5: "cancelled", 6: "cancelled", 7: "rescheduled"})
    sig = gap_signal(h, dt.date(2026, 11, 3))
    assert sig is not None
    assert "cancelled 2026-10-06, cancelled 2026-10-13, rescheduled 2026-10-20" in sig.detail
    assert [e.date for e in sig.evidence] == [dt.date(2026, 9, 29), dt.date(2026, 10, 6),
                                              dt.date(2026, 10, 13), dt.date(2026, 10, 20)]
    assert Signal.gap in {s.signal for s in health_signals(h, dt.date(2026, 11, 3))}


def test_too_few_meetings_for_a_rhythm() -> None:
    assert gap_signal(weekly("2026-09-01", [BODY] * 3), dt.date(2026, 12, 1)) is None


def test_on_rhythm_is_no_gap() -> None:
    h = weekly("2026-09-01", [BODY] * 8)
    assert gap_signal(h, h.meetings[-1].date + dt.timedelta(days=7)) is None
