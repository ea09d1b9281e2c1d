"""The meeting shape the warning signs read (coach/engine/shape.py)."""

from __future__ import annotations

import pytest

from coach.contracts import FocusArea, Signal
from coach.engine.health import health_signals
from coach.engine.shape import metric_line, person_line, shape
from tests.engine.enginekit import TODAY, weekly


@pytest.mark.parametrize("text", [
    "pick rate 112/hr, target 120", "forklift cert renewals 4/6 done",
    "dock 3 backlog: 4 trailers -> 1", "agency down to 11", "peak volumes +30% wk on wk",
    "cycle count aisle 12-18 done, variance 0.4%", "AHT 6:12", "snagging list has 22 items",
    "conference block picked up 55 of 60 rooms",
    "waste 11kg/day", "stock take: £140 over on dairy", "EHO visit 3 Oct: 5 stars",
    "diesel 40 l/shift",
])
def test_measurement_lines(text: str) -> None:
    assert metric_line(text), text


@pytest.mark.parametrize("text", [
    "demo for the product leads on the 20th", "off nov 27-28", "year end close dates: 5-12 jan",
    "she wants to lead the offline sync project", "interview in 2 weeks",
    "asked for £140 for the course", "5 star hotel for the conference",
])
def test_dates_and_plain_lines_are_not_measurements(text: str) -> None:
    assert not metric_line(text), text


@pytest.mark.parametrize(("text", "is_person"), [
    ("weekend cover for the black friday queue: 4 agents sorted", False),
    ("home broadband fault calls doubled - she's built a triage script", False),
    ("weekend overtime sheet out", False),
    ("holiday rota: 2 clashes on 24th, she's sorting", False),
    ("how was her weekend? good, went hiking", True),
    ("back from Crete, rested", True),
])
def test_a_check_in_is_about_the_reports_own_life(text: str, is_person: bool) -> None:
    assert person_line(text, "Sofia") is is_person


def test_no_person_is_not_hidden_by_work_lines_with_weekend_home_or_holiday() -> None:
    h = weekly("2026-10-12", [
        "- how's she doing: good, back from Crete, rested",
        "- weekend cover for the black friday queue: 4 agents sorted\n- CSAT 4.3",
        "- home broadband fault calls doubled - she's built a triage script\n- QA done",
        "- holiday rota: 2 clashes on 24th, she's sorting\n- script v2 live",
        "- weekend overtime sheet out\n- triage script adopted by the other team",
        "- black friday plan signed off\n- QA calibration w/ the other TLs",
    ], person="Sofia Lindqvist")
    signals = {s.signal for s in health_signals(h, TODAY)}
    assert Signal.no_person in signals


def test_a_weekly_check_in_on_the_person_still_clears_no_person() -> None:
    h = weekly("2026-10-12", [
        "- how was her weekend: good, went hiking\n- CSAT 4.3",
        "- she's tired, kid not sleeping\n- QA done",
        "- her mum is visiting, she's happy\n- script v2 live",
        "- asked how she's doing: fine\n- triage script adopted",
    ], person="Sofia Lindqvist")
    assert Signal.no_person not in {s.signal for s in health_signals(h, TODAY)}


def test_measurement_only_1on1s_are_status_drift() -> None:
    h = weekly("2026-10-19", [
        "- he asked about the shift lead vacancy\n- I'll send him the JD",
        "- pick rate 112/hr, target 120\n- agency headcount 14, down from 16\n"
        "- forklift cert renewals 4/6 done",
        "- pick rate 117/hr\n- dock 3 clear\n- cert renewals 5/6",
        "- pick 119/hr, mispicks 0.2%\n- peak volumes +30% wk on wk\n- returns cage cleared fri",
        "- pick 121/hr, over target 1st time\n- agency down to 11",
    ], person="Kwame Asante")
    drift = [s for s in health_signals(h, TODAY) if s.signal is Signal.status_drift]
    assert drift and all(e.quote for e in drift[0].evidence)


def test_a_task_only_meeting_without_a_focus_cue_has_the_delivery_shape() -> None:
    h = weekly("2026-11-02", ["- mocks marked 120/180\n- moderation sample picked",
                              "- she wants to mentor the new starters"], person="Owen Price")
    first, second = h.held
    assert first.effective_focus is None and shape(first, "Owen") is FocusArea.delivery
    assert shape(second, "Owen") is not FocusArea.delivery


def test_two_short_notice_cancellations_phrased_plainly_are_a_sign() -> None:
    held = ("- she raised the agency staffing on nights\n"
            "- how's she doing: good, her allotment is her happy place")
    h = weekly("2026-10-05", [held, held, "pulled it 5 mins before, CQC walked in", held,
                              "binned on the morning, two carers off sick", held],
               person="Ruth Adeyemi", statuses={2: "cancelled", 4: "cancelled"})
    assert Signal.cancelled in {s.signal for s in health_signals(h, TODAY)}
