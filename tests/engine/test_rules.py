"""General rules: check-in choice, owners, closures and linked threads (varied snippets)."""

from __future__ import annotations

from coach.contracts import ItemKind, Party
from coach.engine.checkin import personal_phrase, pick_checkin
from coach.engine.threads import closes_text
from coach.extract.items import extract_items
from tests.engine.enginekit import TODAY, history, note, thread_state, weekly


def _items(body: str, person: str = "Kim Ode"):
    return extract_items(note("2026-10-01", body, person))


def test_check_in_picks_the_most_recent_personal_line_over_an_old_open_worry():
    h = weekly("2026-09-07", [
        "- she's frustrated with the on-call load",
        "- roadmap review went fine",
        "- migration status, mostly tickets",
        "- her sister just had twins, she's an aunt now",
    ], person="Ana Ruiz")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.thread is not None and "twins" in plan.thread.source.quote
    assert plan.phrase == "your sister" and plan.last_meeting


def test_a_serious_open_concern_beats_a_lighter_line_one_meeting_later():
    h = weekly("2026-10-05", [
        "- he's overwhelmed by the rewrite and not sleeping",
        "- energy is ok this week",
    ], person="Bo Li")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert "overwhelmed" in plan.thread.source.quote and plan.phrase == "feeling overwhelmed"


def test_check_in_never_turns_work_words_into_family():
    for text in ("worried the partner team will block the launch",
                 "the holiday on-call sheet is still empty",
                 "he thinks the refactor will slow down reviews"):
        found = personal_phrase(text)
        assert found is None or "your" not in found[0], text
    assert personal_phrase("his partner got a job in Oslo")[0] == "your partner"


def test_check_in_falls_back_to_an_old_personal_line_when_nothing_newer():
    h = weekly("2026-07-06", ["- adopting a dog next month, very excited",
                              "- Q3 numbers", "- deploy plan", "- bug triage"], person="Cy Fox")
    plan = pick_checkin(h, TODAY, h.held[-1].date)
    assert plan.phrase == "the dog" and not plan.last_meeting


def test_an_ask_answered_by_the_manager_in_the_same_line_is_a_manager_commitment():
    for body in ("- she asked about a Kotlin workshop -> I'll approve it once budget lands",
                 "- Kim asked if we can fund the AWS exam. I'll check with Ravi about budget",
                 "- wants a seat on the hiring committee, I'll nominate her next week"):
        threads = [i for i in _items(body) if i.kind is not ItemKind.note]
        assert len(threads) == 1, body
        assert threads[0].kind is ItemKind.commitment and threads[0].party is Party.manager


def test_a_named_owner_with_a_parenthetical_is_party_other():
    items = _items("- Finance (Jo) to send the expense forms this week\n"
                   "- Pat (her mentor) to set up a pairing session")
    assert [i.party for i in items] == [Party.other, Party.other]


def test_taking_work_off_someones_plate_is_a_commitment_not_time_off():
    (it,) = _items("- I'll take the release notes off his plate until March")
    assert it.kind is ItemKind.commitment and it.party is Party.manager
    (off,) = _items("- she's taking Friday off for the move")
    assert off.kind is not ItemKind.commitment


def test_a_concern_the_manager_acts_on_in_the_same_sentence_is_a_manager_commitment():
    (it,) = _items("- he feels isolated in the new office, so I'll ask about moving desks")
    assert it.kind is ItemKind.commitment and it.party is Party.manager


def test_closure_is_judged_per_clause_but_hard_negations_win():
    assert closes_text("Jo spent an hour with him on the API, he has redone half the tests", None)
    assert not closes_text("he asked if I'd read the packet yet, I hadn't", None)
    assert closes_text("forwarded him the offsite recording", None)


def test_a_decision_leading_into_a_promise_stays_a_commitment():
    (it,) = _items("- agreed: I'll move our 1:1 to Monday mornings and keep it fixed")
    assert it.kind is ItemKind.commitment and it.party is Party.manager


def test_the_person_asked_answering_closes_the_ask_but_not_an_unrelated_answer():
    h = history(note("2026-10-01", "- I'll ask Mara whether the team can expense a standing desk"),
                note("2026-10-08", "- Mara said yes, order whatever you need"))
    assert thread_state(h, "ask Mara")[0] == "closed"
    h2 = history(note("2026-10-01", "- I'll ask Mara about a budget for the Lisbon summit"),
                 note("2026-10-08", "- Mara approved the new monitors for the office"))
    assert thread_state(h2, "ask Mara")[0] == "open"


def test_an_acronym_matches_its_spelled_out_words():
    h = history(note("2026-10-01", "- I'll get her a seat on the site reliability course"),
                note("2026-10-29", "- she did the SR course last week, loved it"))
    assert thread_state(h, "site reliability")[0] == "closed"


def test_a_report_ask_closes_with_the_commitment_made_about_it():
    h = history(note("2026-10-01", "- wants to try the Rust guild, is there room\n"
                                   "- I'll ask Ola if the Rust guild takes new members"),
                note("2026-10-15", "- Ola said yes, she joins on Monday"))
    assert thread_state(h, "Rust guild, is there")[0] == "closed"
    assert thread_state(h, "ask Ola")[0] == "closed"


def test_a_generic_shared_word_does_not_close_a_thread():
    h = history(note("2026-10-01", "- I'll send him the levelling doc with examples"),
                note("2026-10-20", "- reindex done, 2M docs"))
    assert thread_state(h, "levelling doc")[0] == "open"
