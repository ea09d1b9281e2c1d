"""Check-in, focus and continuity sign on notes coach has never seen (the checkin branch).

Each test pins one general mechanism with new wordings (not the dev scenarios' lines):
a strain a later 1:1 came back to is live again, harm to sleep/health said as "killing her
sleep" is strain, the report's ask raised again and again is not vetoed by the rotation,
heavy drops are a continuity sign, and a possessive makes an ambiguous life noun the
person's own.
"""

from __future__ import annotations

import datetime as dt

from enginekit import checkin_for, history, note, weekly

from coach.contracts import FocusArea, Signal
from coach.engine.checkin import personal_phrase, strong
from coach.engine.focus import suggest_focus
from coach.engine.health import health_signals
from coach.engine.personal_view import personal_view
from coach.engine.plan import open_threads
from coach.rules.baseline import rules_personal


def test_harm_to_sleep_or_health_is_a_lasting_strain_said_back_by_what_it_harms() -> None:
    assert strong("the early starts are wrecking his sleep")
    assert personal_phrase("the early starts are wrecking his sleep", "Ana") == ("your sleep", 2)
    assert not strong("the late deliveries are killing our margins")


def test_a_strain_a_later_1_1_came_back_to_beats_a_passing_state_in_between() -> None:
    h = weekly("2026-09-07", [
        "- the 6am starts are wrecking her sleep, fourth week of earlies",
        "- stocktake done",
        "- quick one by the tills, she seems tired",
        "- new starter shadowing her\n- she's on earlies again from next week",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 10, 5))
    assert plan.thread is not None and "earlies" in plan.thread.source.quote
    assert plan.live_since == dt.date(2026, 9, 28) and plan.strain


def test_without_a_renewal_the_later_passing_state_wins() -> None:
    h = weekly("2026-09-07", [
        "- the 6am starts are wrecking her sleep, fourth week of earlies",
        "- stocktake done",
        "- quick one by the tills, she seems tired",
        "- new starter shadowing her",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 10, 5))
    assert plan.thread is not None and "tired" in plan.thread.source.quote


def test_a_renewal_does_not_displace_fresh_news_from_the_same_1_1() -> None:
    h = weekly("2026-09-07", [
        "- Ana is frustrated: 5 of the last 7 Sundays on the tills",
        "- Sundays still lopsided, she's wearing thin",
        "- her sister had a baby girl on Friday!\n- still doing more Sundays than the others",
        "- planogram reset done",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 10, 5))
    assert plan.thread is not None and "baby" in plan.thread.source.quote


def test_a_renewed_strain_makes_room_for_wellbeing() -> None:
    h = weekly("2026-09-07", [
        "- the 6am starts are wrecking her sleep, fourth week of earlies",
        "- wants to do the supervisor course",
        "- supervisor course booked, she's pleased",
        "- she's on earlies again this month",
    ], person="Ana Costa")
    plan = suggest_focus(h, dt.date(2026, 10, 5), open_threads(h, dt.date(2026, 10, 5)))
    assert plan.area is FocusArea.wellbeing


def test_an_ask_the_report_keeps_raising_is_not_vetoed_by_the_rotation() -> None:
    h = history(
        note("2026-09-07", "- she'd like to talk about her career, the buyer track maybe",
             "Ana Costa", focus="development"),
        note("2026-09-21", "- she raised the buyer track again, we ran out of time",
             "Ana Costa", focus="development"),
        note("2026-10-05", "- buyer track: 5 min at the end, not good enough",
             "Ana Costa", focus="development"),
    )
    plan = suggest_focus(h, dt.date(2026, 10, 19), open_threads(h, dt.date(2026, 10, 19)))
    assert plan.area is FocusArea.development


def test_a_manager_side_reminder_does_not_count_as_asking_again() -> None:
    h = history(
        note("2026-09-07", "- he'd like his forklift ticket, I'll book the course", "Tom Hale",
             focus="development"),
        note("2026-09-21", "- forklift course: next one is Jan, not booked", "Tom Hale",
             focus="development"),
        note("2026-10-05", "- forklift: still to book\n- he asked for feedback on the "
                           "stocktake; we agreed next week's 1:1 is about feedback both ways",
             "Tom Hale", focus="feedback"),
    )
    plan = suggest_focus(h, dt.date(2026, 10, 12), open_threads(h, dt.date(2026, 10, 12)))
    assert plan.area is FocusArea.feedback


def test_heavy_drops_are_a_continuity_sign() -> None:
    h = weekly("2025-06-02", [
        "- he asked if a pay rise is possible after his first year. said I'd think about it\n"
        "- asked for Fridays off for his evening class, I'll look at the rota",
        "- oven 3 serviced\n- he's training the new commis on pastry",
        "- GP 67%, aim 70",
        "- new commis doing well",
        "- winter menu costing",
        "- staff party date",
        "- deep clean booked",
        "- hygiene visit went fine",
        "- menu tasting thurs",
    ], person="Luis Ortega")
    sig = {s.signal for s in health_signals(h, dt.date(2025, 8, 4))}
    assert Signal.no_continuity in sig


def test_a_possessive_makes_an_ambiguous_life_noun_the_persons_own() -> None:
    assert "mum" in personal_view("Jade's mum poorly, might need an odd afternoon", "Jade")
    assert "mother" in personal_view("Oksana calmer now, her mother arrive safe", "Oksana")
    assert "family" not in personal_view("family liaison room is booked", "Jade")


def test_rules_personal_reads_the_personal_view() -> None:
    assert rules_personal("Fin's wedding 14 feb!! off the wk after")
    assert rules_personal("Leah shattered, lates then earlies x3")
    assert rules_personal("Dan's back playing up, wants to stop the heavy lifting")
    assert not rules_personal("holiday for Sam approved, 20 and 21")
    assert not rules_personal("Oskar worried the webhooks have no QA support")
    assert not rules_personal("the family of SKUs for the new client has new codes")


def test_big_happy_news_beats_a_frustration_from_the_same_1_1() -> None:
    h = weekly("2026-09-07", [
        "- rota done",
        "- she's frustrated the 1:1s keep moving, said so\n"
        "- her partner had the baby on sunday! little boy, all well",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 9, 28))
    assert plan.thread is not None and "baby" in plan.thread.source.quote


def test_a_hospital_that_is_a_client_site_is_not_grave_news() -> None:
    h = weekly("2026-09-07", [
        "- her brother is visiting from Lagos next month, she's excited",
        "- hospital contract: 2 porters short\n- the polisher at the hospital broke again",
        "- stock order in",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 9, 28))
    assert plan.thread is not None and "brother" in plan.thread.source.quote


def test_a_hyphenated_compound_is_a_work_modifier_not_the_persons_family() -> None:
    assert "parent" not in personal_view("penguin parent-rearing chick, keepers on checks", "Ana")
    assert "mum" in personal_view("her mum - home from hospital now", "Ana")


def test_a_mood_the_manager_only_observed_is_not_a_check_in() -> None:
    h = weekly("2026-09-07", [
        "My items:\n1. stock count\n2. rota for Oct\nSam: nothing to add.",
        "My items:\n1. audit prep\n2. PPE order\nSam: \"all fine\".",
        "My items:\n1. audit feedback\n2. new starter\nSam: nothing.",
        "My items:\n1. Christmas cover\n2. deep clean\nSam: nothing to add. Seemed flat.",
    ], person="Sam Lee")
    assert Signal.no_person in {s.signal for s in health_signals(h, dt.date(2026, 10, 5))}


def test_hard_times_said_in_plain_words_make_room_for_wellbeing() -> None:
    h = weekly("2026-09-07", [
        "- course booked for January, she's pleased",
        "- guide nearly done",
        "- asked how she's doing: honestly not great, not sleeping well, finding the angry "
        "callers harder than she used to",
    ], person="Ana Costa")
    plan = suggest_focus(h, dt.date(2026, 9, 28), open_threads(h, dt.date(2026, 9, 28)))
    assert plan.area is FocusArea.wellbeing


def test_strain_words_are_said_back_in_plain_english() -> None:
    assert personal_phrase("Ola struggling with the new caseload", "Ola") == ("struggling", 2)
    assert personal_phrase("Ola drowning, 40 cases over", "Ola") == ("feeling swamped", 2)
    assert personal_phrase("not sleeping well since the move", "Ola") == ("your sleep", 2)
    assert personal_phrase("she's learning Portuguese for the trip", "Ola") == (
        "your Portuguese lessons", 2)


def test_being_quiet_is_said_back_as_what_the_manager_saw() -> None:
    h = weekly("2026-09-07", ["- rota done\n- she's been really quiet in huddles"],
               person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 9, 14))
    assert plan.observed and plan.phrase == "quiet"
    h = weekly("2026-09-07", ["- she's struggling with the new caseload"], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 9, 14))
    assert plan.phrase == "struggling" and not plan.life


def test_a_worry_a_later_1_1_said_is_over_is_not_asked_about_as_live() -> None:
    h = weekly("2026-09-07", [
        "- her dad started chemo last week, she may need the odd afternoon",
        "- stock count done\n- she was pleased with the audit",
        "- rota done\n- says dad is doing great now, huge relief",
    ], person="Ana Costa")
    plan = checkin_for(h, dt.date(2026, 9, 28))
    assert plan.thread is not None and "relief" in plan.thread.source.quote


def test_a_why_question_about_the_organisation_is_context_even_as_a_growth_line() -> None:
    from coach.contracts import ItemKind, Source, Thread
    from coach.engine.focus import ask_area

    def t(text: str) -> Thread:
        return Thread(id=1, text=text, kind=ItemKind.growth, owner=None, status="open",
                      since=dt.date(2026, 11, 2),
                      source=Source(note_id=1, date=dt.date(2026, 11, 2), quote=text))

    assert ask_area(t("asked straight out: why, and what happens to his team?")) is (
        FocusArea.context)
    assert ask_area(t("wants a path to senior, asked why she was passed over")) is (
        FocusArea.development)
