"""Check-in, focus and warning signs on notes nobody tuned for (issue 8 §7, the dev failures).

Each test names the general cause it pins down; the snippets are new wordings, not the dev
scenarios' lines, so a fix keyed on one scenario would not pass them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from enginekit import history, note, weekly

from coach.contracts import FocusArea, Signal
from coach.engine.checkin import personal_phrase, pick_checkin, work_line
from coach.engine.focus import suggest_focus
from coach.engine.health import health_signals
from coach.engine.plan import open_threads
from coach.engine.shape import metric_line, status_share
from coach.extract.features import is_status_line

TODAY = dt.date(2026, 11, 24)


def _checkin(h, today=TODAY):
    held = [m for m in h.held if m.date <= today]
    return pick_checkin(h, today, held[-1].date if held else None)


@pytest.mark.parametrize("text", [
    "Marta is off sick this week, rota covered",  # a colleague's state
    "the crew are exhausted after the stock move",  # a work group's state
    "parents upset at the school gate about the new pickup times",  # customers
    "fortnight 2: one near miss, no injuries",  # a safety statistic
    "Y9 trip: risk assessment signed, coach booked",  # a work trip
    "claims recovered £12k this quarter",  # money, not a race
    "holiday season prep: gift stock ordered",  # seasonal trade
    "frustrated with Dev on nights: he leaves the handover blank",  # a work tension
])
def test_work_lines_are_never_the_check_in(text: str) -> None:
    assert work_line(text, "Ana") or personal_phrase(text, "Ana") is None, text


@pytest.mark.parametrize(("text", "word"), [
    ("commuting 90 min from Luton till she finds a flat", "commute"),
    ("still looking for a flat nearer the depot", "flat"),
    ("his allotment did well this year", "allotment"),
    ("showing her dahlias at the flower show on sat", "flower show"),
    ("learning Spanish on her lunch breaks", "spanish"),
    ("sprained her ankle at netball, hobbling", "ankle"),
    ("feels unsettled since the merger news", "unsettled"),
])
def test_life_outside_work_gets_a_phrase(text: str, word: str) -> None:
    found = personal_phrase(text, "Ana")
    assert found is not None and word in found[0].lower(), (text, found)


def test_a_named_pet_at_the_vet_is_said_back_by_name() -> None:
    found = personal_phrase("Biscuit poorly again, vet on Friday", "Ana")
    assert found is not None and found[0] == "Biscuit"


def test_a_colleague_off_sick_does_not_displace_the_reports_own_news() -> None:
    h = weekly("2026-10-27", [
        "- her son started at university in York, she misses him",
        "- rota done\n- Priya is sick this week, covering her desk",
    ], person="Ana Costa")
    plan = _checkin(h)
    assert plan.phrase and "son" in plan.phrase


def test_an_observed_passing_mood_does_not_beat_family_news_one_meeting_earlier() -> None:
    h = weekly("2026-10-27", [
        "- her dad moved in with her after his fall, carers twice a day",
        "- quick chat in the corridor, she looked tired",
    ], person="Ana Costa")
    assert "dad" in (_checkin(h).phrase or "")


def test_nerves_about_a_work_event_that_has_passed_give_way_to_life_news() -> None:
    h = weekly("2026-10-13", [
        "- fire inspection on 21 Oct, she's nervous about the fire log\n"
        "- she's off 8-9 Nov for her sister's wedding in Porto",
        "- inspection next week, still nervous",
        "- quiet week, rota done",
    ], person="Ana Costa")
    plan = _checkin(h, dt.date(2026, 11, 16))
    assert plan.phrase == "the wedding"


def test_a_tiredness_with_a_weekday_is_not_a_passed_event() -> None:
    h = weekly("2026-10-27", [
        "- cough for 3 weeks, GP says it's viral",
        "- still coughing, she's exhausted by Friday every week",
    ], person="Ana Costa")
    plan = _checkin(h, dt.date(2026, 11, 20))
    assert plan.thread is not None and "exhausted" in plan.thread.source.quote


def test_event_weekends_are_demand_not_a_check_in() -> None:
    h = weekly("2026-10-05", [
        "- abandon rate 3%\n- festival weekend coming, 2 extra agents",
        "- festival weekend: 2,100 calls, answer time 14s",
        "- abandon rate 2%\n- CAD upgrade now Jan",
        "- answer times back to 10s\n- RCA received",
    ], person="Ana Costa")
    sig = {s.signal for s in health_signals(h, dt.date(2026, 11, 2))}
    assert Signal.no_person in sig and Signal.status_drift in sig


@pytest.mark.parametrize("text", [
    "radio upgrade now Jan", "patch went in overnight, no issues", "RCA received from vendor",
    "KPI review: on target for Q2", "December rota confirmed",
])
def test_operational_status_lines(text: str) -> None:
    assert is_status_line(text), text


@pytest.mark.parametrize(("text", "metric"), [
    ("answer time 12s", True), ("avg handling 9 mins", True), ("overtime 41h", True),
    ("commuting 1h15 each way", False), ("in her 30s", False),
])
def test_seconds_and_hours_are_measurements(text: str, metric: bool) -> None:
    assert metric_line(text) is metric, text


def test_a_bare_how_are_you_answer_does_not_make_a_wellbeing_1_1() -> None:
    h = weekly("2026-10-05", [f"- fine.\n- OEE {70 + i}%, scrap 3.{i}%\n- mould 9 still leaking"
                              for i in range(3)] + [
        "- ok, tired, the usual.\n- OEE 74%, scrap 2.9%\n- audit went through, no findings"],
        person="Ana Costa")
    assert h.held[-1].effective_focus is not FocusArea.wellbeing
    assert status_share(h.held[-1], "Ana") > 0


def test_questions_the_report_brought_about_the_why_and_not_yet_discussed_set_context() -> None:
    h = history(
        note("2026-10-26", "- rota done, 2 new starters", "Ana Costa", focus="delivery"),
        note("2026-11-02", "- board confirmed the merger with the east region", "Ana Costa",
             focus="context"),
        note("2026-11-09", "Her questions, written before the meeting:\n"
                           "- why is the reorg folding her team into east and not elsewhere?\n"
                           "- what happens to her volunteers?\n"
                           "- rest of the hour on the rota gaps", "Ana Costa", focus="delivery"),
    )
    plan = suggest_focus(h, TODAY, open_threads(h, TODAY))
    assert plan.area is FocusArea.context


def test_an_agreed_next_1_1_topic_sets_the_focus() -> None:
    h = weekly("2026-10-19", [
        "- stock count done, 2% variance",
        "- he wants feedback on his first rota and has some for me too. "
        "we agreed next week's 1:1 is about feedback both ways",
    ], person="Ana Costa")
    plan = suggest_focus(h, dt.date(2026, 11, 2), open_threads(h, dt.date(2026, 11, 2)))
    assert plan.area is FocusArea.feedback


def test_seasonal_holiday_cover_is_not_a_wellbeing_1_1() -> None:
    h = weekly("2026-10-05", ["- my points: easter holidays cover, the awards entry, timesheets"],
               person="Ana Costa")
    assert h.held[-1].effective_focus is not FocusArea.wellbeing
