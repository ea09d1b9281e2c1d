"""Check-in: only the report's own life, the most recent and most serious thread (issue 8 §7)."""

from __future__ import annotations

import pytest

from coach.engine.checkin import personal_phrase, pick_checkin
from coach.engine.personal_view import personal_view
from tests.engine.enginekit import TODAY, weekly


@pytest.mark.parametrize("text", [
    "family liaison room is booked for the 12th for the Hughes meeting",
    "parents evening on the 3rd, she's running the Y9 session",
    "kids corner for the family shopping night (dec 4th)",
    "Tomas's wife is expecting in feb so he will be off, need cover plan",
    "covering for Steve whose wife had the baby, 2 wks",
    "year end close dates: 5-12 jan, nobody on holiday that week",
    "release freeze before the holidays, last deploy dec 12",
    "weekend cover for the black friday queue: 4 agents sorted",
    "reports to parents 60% written",
])
def test_work_lines_with_family_holiday_or_date_words_have_no_personal_phrase(text: str) -> None:
    assert personal_phrase(text, "Ana") is None, text


@pytest.mark.parametrize(("text", "phrase"), [
    ("kid's been sick, she's been in and out all week", "your kid"),
    ("her sister just had twins", "your sister"),
    ("she told me her grandmother pass away, she fly home for the funeral",
     "the loss in your family"),
    ("running on fumes tbh, 3rd week of doubles", "running on fumes"),
    ("her dad was diagnosed, she's worn down", "feeling worn down"),
    ("things at home are hard at the moment", "things at home"),
    ("she started salsa classes w/ her boyfriend", "the salsa classes"),
])
def test_the_reports_own_life_still_gets_its_phrase(text: str, phrase: str) -> None:
    found = personal_phrase(text, "Ana")
    assert found is not None and found[0] == phrase


def test_the_reports_own_name_is_not_someone_else() -> None:
    assert "kid" in personal_view("Dana's kid is off school again", "Dana")
    assert "kid" not in personal_view("Joe's kid is off school again", "Dana")


def test_the_view_keeps_offsets() -> None:
    text = "parents evening on the 3rd; her dad is unwell"
    view = personal_view(text, "Ana")
    assert len(view) == len(text) and view.endswith("her dad is unwell")


def test_a_later_work_line_with_a_family_word_does_not_beat_an_older_personal_thread() -> None:
    h = weekly("2026-10-12", [
        "- her son left for uni, she misses him, house is v quiet",
        "- audit results due 20th",
        "- family liaison room is booked for the 12th",
        "- annual leave requests for the holidays close on Dec 5th\n"
        "- christmas visiting hours for families: she'll do the poster",
    ], person="Grace Okafor")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "son" in plan.thread.source.quote
    assert plan.phrase == "your son"


def test_the_most_serious_line_of_the_last_meeting_wins_over_a_work_line_above_it() -> None:
    h = weekly("2026-10-26", [
        "- training for the half in April",
        "- parents evening on the 3rd, she's running the Y9 session\n"
        "- her dad was diagnosed with early dementia, she's worn down",
    ], person="Hannah Brooks")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "dementia" in plan.thread.source.quote
    assert plan.last_meeting


def test_a_personal_thread_closed_since_is_not_what_to_open_with() -> None:
    h = weekly("2026-10-26", [
        "- her mum fell and is in hospital, she's worried sick",
        "- mum's home from hospital now, big relief",
        "- she started pottery classes, loving it",
    ], person="Lucia Ferreira")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "pottery" in plan.thread.source.quote


def test_a_closed_personal_thread_is_still_used_when_nothing_else_is_personal() -> None:
    h = weekly("2026-10-26", [
        "- her mum fell and is in hospital, she's worried sick",
        "- mum's home from hospital now, big relief",
        "- Q4 numbers reviewed",
    ], person="Lucia Ferreira")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "mum" in plan.thread.source.quote


@pytest.mark.parametrize("text", [
    "patient's family complained about the visiting times on bay 2",
    "patients' families survey: 88% good",
    "(me) I'm off 2 wks from the 1st for my sister's wedding in Lagos",
    "christmas party bookings: 14 groups, family set menu most popular",
])
def test_someone_elses_or_the_managers_family_is_not_the_reports(text: str) -> None:
    assert personal_phrase(text, "Mercy") is None, text


def test_a_typo_does_not_hide_a_hospital_stay() -> None:
    assert "hospital" in personal_view("his wifes in hosptial since fri, hes stresed", "Gary")
    assert "stressed" in personal_view("hes stresed", "Gary")
    # another form of a real word is not a typo
    assert "stresses" in personal_view("she stresses the deadline", "Gary")


def test_grave_open_news_outranks_lighter_news_two_meetings_later() -> None:
    h = weekly("2026-10-27", [
        "- store standards walk 92%",
        "- her dad started chemo last week, she's scared",
        "- black friday staffing plan done",
        "- her dog had puppies at the weekend lol",
    ], person="Zoe Campbell")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "chemo" in plan.thread.source.quote


def test_lighter_news_wins_once_the_grave_news_is_three_meetings_old() -> None:
    h = weekly("2026-10-20", [
        "- her dad started chemo last week, she's scared",
        "- black friday staffing plan done",
        "- rota for december out",
        "- her dog had puppies at the weekend lol",
    ], person="Zoe Campbell")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "puppies" in plan.thread.source.quote


def test_the_reports_own_name_possessive_is_their_family() -> None:
    assert personal_phrase("Priya's mum moved in w/ them after her fall, it's a lot rn",
                           "Priya") == ("your mum", 2)


def test_first_person_is_the_report_in_their_own_list_and_the_manager_with_a_capital_i() -> None:
    assert personal_phrase("need to leave early on thursdays, my mum's dialysis appointments",
                           "Aisha") == ("your mum", 2)
    assert personal_phrase("I'm taking 2 days for my dad's 70th", "Aisha") is None


def test_a_bereavement_is_grave_news_and_training_for_the_team_is_work() -> None:
    h = weekly("2026-10-20", [
        "- she lost her dad on the 12th, back at work too soon imo",
        "- mental health first aider training for the team on the 20th",
        "- P60 prep 60%",
    ], person="Hayley Price")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "lost her dad" in plan.thread.source.quote
    assert plan.phrase == "the loss in your family"


def test_the_managers_worry_about_the_report_counts_their_own_news_does_not() -> None:
    worried = weekly("2026-11-02", ["- Q4 numbers reviewed",
                                    "- I'm worried she's burning out, 60h weeks since the audit"],
                     person="Beatriz Lima")
    plan = pick_checkin(worried, TODAY, worried.held[-1].date)
    assert plan.thread is not None and plan.phrase == "running on empty"
    own = weekly("2026-11-02", ["- Q4 numbers reviewed", "- I'm stressed about the reorg myself"],
                 person="Beatriz Lima")
    assert pick_checkin(own, TODAY, own.held[-1].date).thread is None
