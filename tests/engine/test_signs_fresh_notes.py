"""Warning signs, focus and the meta question on fresh notes (the d5 dev scenarios' failures,
in other words and workplaces): a count under its label ("callouts: 31") is a measurement; a
talk the report kept asking for in lines that never became threads is still the focus when the
meetings that squeezed it out look like its area; "we talked about these 1:1s" is a meta
question asked. Each with a near miss."""

from __future__ import annotations

import datetime as dt

import pytest
from enginekit import history, note, weekly

from coach.contracts import FocusArea, Signal
from coach.engine.focus import suggest_focus
from coach.engine.health import health_signals
from coach.engine.meta import meta_due
from coach.engine.plan import open_threads
from coach.engine.shape import metric_line


@pytest.mark.parametrize("text", [
    "callouts: 31", "callouts: 24 (half term)", "sickness: 2 days", "overtime 14 hrs",
    "- complaints: 3",
])
def test_a_count_under_its_label_is_a_measurement(text: str) -> None:
    assert metric_line(text)


@pytest.mark.parametrize("text", [
    "deadline: 20 Nov", "go-live: 3rd", "interview: 3pm", "callouts: Priya is covering",
])
def test_near_miss_a_date_or_a_name_under_a_label_is_not(text: str) -> None:
    assert not metric_line(text)


def test_fortnights_of_counts_under_labels_are_status_drift() -> None:
    bodies = ["- Jonas asked about the team leader course\n- his dad is unwell, he's worried"]
    bodies += [f"- callouts: {30 - i}\n- overtime {10 + i} hrs\n- first-time fix: 8{i}%\n"
               "- van 4 back from service" for i in range(5)]
    h = weekly("2026-08-03", bodies, person="Jonas Berg")
    signs = {s.signal for s in health_signals(h, dt.date(2026, 9, 14))}
    assert Signal.status_drift in signs


def test_a_talk_asked_for_again_and_again_outside_threads_is_the_focus() -> None:
    h = weekly("2026-09-01", [
        "- she asked if we could talk about moving towards the events side - she'd love it\n"
        "- she'd like to do the events management course. I'll find out the cost",
        "- events chat: ran out of time, she raised it again at the end. next time\n"
        "- course: not looked yet",
        "- she asked again about the events side - we got pulled onto the till rota and "
        "didn't get to it\n- course: still haven't found the cost",
        "- till rota done\n- my feedback on her window display: bold, customers noticed",
    ], person="Lena Ortiz")
    today = dt.date(2026, 9, 29)
    plan = suggest_focus(h, today, open_threads(h, today))
    assert plan.area is FocusArea.development


def test_near_miss_a_talk_that_was_had_is_not_suggested_again() -> None:
    h = weekly("2026-09-01", [
        "- she asked if we could talk about moving towards the events side - she'd love it",
        "- events chat: ran out of time, she raised it again at the end. next time",
        "- we talked through the events side properly: her goals, a path, a course",
        "- till rota done\n- window display looks great",
    ], person="Lena Ortiz")
    today = dt.date(2026, 9, 29)
    plan = suggest_focus(h, today, open_threads(h, today))
    assert plan.report_ask is None or "events" not in plan.report_ask.text


def test_talking_about_these_1_1s_is_a_meta_question_asked() -> None:
    notes = [note(f"2026-0{m}-{d:02d}", "- rota fine\n- stock count done", person="Ola Berg")
             for m, d in ((8, 3), (8, 17), (8, 31), (9, 14), (9, 28))]
    notes.append(note("2026-10-12", "- we also talked about these 1:1s: he likes the "
                                    "monthly rhythm and wants the agenda the day before",
                      person="Ola Berg"))
    notes.append(note("2026-10-26", "- rota fine", person="Ola Berg"))
    h = history(*notes)
    assert not meta_due(h, dt.date(2026, 11, 2), []).due
    # near miss: the same history without that line has it due
    h2 = history(*notes[:5], note("2026-10-12", "- we also talked about the rota",
                                  person="Ola Berg"), notes[6])
    assert meta_due(h2, dt.date(2026, 11, 2), []).due
