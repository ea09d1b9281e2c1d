"""Check-in on personal news the engine had not been tuned on (the held-out check-in failures,
in other words and workplaces): a health scare said medically (a referral, scan results), a
baby on the way said in shorthand ("baby due any day"), a partner's job loss and money worries,
a distressing call or incident that stays with the person, and a bare feeling that goes on from
the life news before it in the same bullet. Traps: work lines with family or date words
("maternity cover", "baby change unit", "family fun day", "Christmas rota") are never the
check-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from enginekit import checkin_for, history, note, weekly

from coach.contracts import ItemKind, Party
from coach.engine.checkin import _is_personal, personal_phrase, pick_checkin
from coach.engine.checkin_kept import judge_checkin
from coach.history import History, ItemRecord


def _pick(bodies: list[str], person: str = "Maya Osei", weeks_on: int = 0) -> tuple[str, str]:
    """(quote, phrase) of the check-in a week after the last of weekly notes from 7 Sep."""
    h = weekly("2026-09-07", bodies, person=person)
    today = dt.date(2026, 9, 7) + dt.timedelta(weeks=len(bodies) - 1 + weeks_on, days=1)
    plan = checkin_for(h, today)
    assert plan.thread is not None, plan.reason
    return plan.thread.source.quote, plan.phrase or ""


@pytest.mark.parametrize("line", [
    "she's been referred for a mammogram, two-week wait, trying not to think about it",
    "waiting on his scan results after the hospital found something on his kidney",
])
def test_a_health_scare_said_medically_is_the_check_in(line: str) -> None:
    quote, phrase = _pick([
        "- her nephew's christening went well, lovely day",
        f"- {line}\n- shelf gaps report done",
    ])
    assert quote.startswith(line[:20])
    assert phrase in ("the tests", "the hospital news")


def test_a_biopsy_is_said_back_as_the_biopsy() -> None:
    found = personal_phrase("told me she's had a biopsy and gets the result on the 3rd", "Maya")
    assert found is not None and found[0] == "the biopsy"


def test_a_baby_due_any_day_beats_a_holiday_from_the_same_1_1() -> None:
    quote, phrase = _pick([
        "- his girlfriend is pregnant, first baby, due early Nov",
        "- stock count fine",
        "- back from Crete, brown as a berry\n"
        "- baby due any day now, pat leave 2 weeks booked w/ HR",
    ], person="Dev Patel")
    assert "baby due" in quote and phrase == "the baby"


@pytest.mark.parametrize("line", [
    "maternity cover for 6 months: advert goes out Monday",
    "baby change unit in the customer toilets broken again",
    "the client's family fun day on the 6th, she's handing it over",
    "Christmas rota: she's on the 24th and 27th",
    "laid off 3 agency staff after peak",
    "replaying the CCTV for the incident report",
    "the scan results backlog in radiology is 5 days",
])
def test_work_lines_with_family_or_date_words_never_win(line: str) -> None:
    quote, _ = _pick([
        "- his partner lost her job at the call centre, money is tight, he's picking up extras",
        "- gift wrap station set up",
        f"- {line}",
    ], person="Dev Patel")
    assert "lost her job" in quote


def test_a_partners_job_loss_is_said_back_by_whose_it_is() -> None:
    found = personal_phrase(
        "her wife was made redundant from the council, they're worried about the mortgage",
        "Maya")
    assert found is not None and found[0] == "your wife"


def test_money_worries_outrank_a_later_passing_state() -> None:
    quote, _ = _pick([
        "- his dad lost his job at the plant, he's helping with money",
        "- looked a bit tired today, late night",
    ], person="Dev Patel")
    assert "lost his job" in quote


def test_a_bare_feeling_takes_the_topic_of_the_news_before_it() -> None:
    quote, phrase = _pick([
        "- her mum is moving in with them in January, the spare room is a building site. "
        "Anxious, hasn't told anyone else yet",
    ])
    assert phrase == "your mum"
    assert quote.startswith("her mum is moving in")  # the news is what is asked about


def _kept_choice(h: History, today: dt.date) -> str | None:
    """The check-in over only the lines that can be chosen on their own (checkin_kept)."""
    _, chosen = judge_checkin(h, {}, set())
    kept = History(h.person_id, h.person, [
        replace(m, items=[it for it in m.items if it.id in chosen]) for m in h.meetings])
    plan = pick_checkin(kept, today, h.held[-1].date)
    return plan.thread.source.quote if plan.thread else None


@pytest.mark.parametrize("body", [
    "- her dad moved into a care home on Friday. Upset, didn't say much more",
    "- her dad moved into a care home on Friday. Rota for Dec is out. Upset, didn't say much",
])
def test_the_kept_lines_choose_as_the_whole_history_does(body: str) -> None:
    h = weekly("2026-09-07", [body], person="Maya Osei")
    today = dt.date(2026, 9, 8)
    plan = checkin_for(h, today)
    assert plan.thread is not None
    assert _kept_choice(h, today) == plan.thread.source.quote


def test_a_feeling_with_its_own_object_keeps_it() -> None:
    _, phrase = _pick([
        "- her son started nursery. Worried about the stock audit next week though",
    ])
    assert phrase == "feeling worried"


def _item(quote: str, party: Party) -> ItemRecord:
    return ItemRecord(id=1, meeting_id=1, line_no=1, kind=ItemKind.concern, text=quote,
                      quote=quote, party=party, state="open")


@pytest.mark.parametrize("quote", [
    "the RTC on the bypass is still with him, he keeps replaying the extraction",
    "the restraint on Friday: she can't get it out of her head, not sleeping",
])
def test_a_call_that_stays_with_them_is_theirs_even_read_as_a_work_problem(quote: str) -> None:
    assert _is_personal(_item(quote, Party.other), "Sian")


@pytest.mark.parametrize("quote", [
    "the incident log is still with him for sign-off",
    "replaying the call recordings for the QA sample, 10 of hers",
    "the Patel case is still with her, review due Friday",
])
def test_work_lines_about_calls_are_not_trauma(quote: str) -> None:
    assert not _is_personal(_item(quote, Party.other), "Sian")


def test_a_call_that_stays_with_them_is_the_check_in_weeks_later() -> None:
    h = history(
        note("2026-09-01", "- the stabbing shout on Saturday is still with her, she's having "
                           "nightmares. I'll set up the trauma support referral",
             person="Kim Rhys"),
        *(note(f"2026-{m:02d}-{d:02d}", "- calls 410, answered in 10s 92%\n- Christmas rota "
                                        "out", person="Kim Rhys")
          for m, d in ((9, 15), (9, 29), (10, 13), (10, 27))),
    )
    plan = checkin_for(h, dt.date(2026, 11, 2))
    assert plan.thread is not None and "stabbing" in plan.thread.source.quote
    assert plan.phrase == "how that shout has stayed with you"
