"""Thread extraction and closure that must generalise beyond the notes they were tuned on
(issue 8, the dev scenarios written by other hands). Snippets are our own wording of each
failure's general cause, varied on purpose; each fix has a case that must NOT change."""

from __future__ import annotations

import datetime as dt

from enginekit import history, note, thread_state
from enginekit import pair_history as _pair

from coach.contracts import ItemKind, Party, Thread
from coach.engine.closure import closes_text, past_forms
from coach.engine.timebound import as_follow_up, follow_up_text
from coach.extract.items import classify_sentence


def _kind(text: str) -> tuple[ItemKind, Party | None]:
    c = classify_sentence(text, "", "Ana", None, None)
    return c.kind, c.party


# --- a negation never closes -------------------------------------------------------------

def test_a_negated_done_verb_is_not_a_closure():
    for later in ("- mentor list: not sent yet, I'll do it",
                  "- mentor list - I have not sent it, next week",
                  "- no word from HR on the mentor list"):
        h = _pair("- I'll send her the mentor list for the chartership", later)
        assert thread_state(h, "mentor list")[0] == "open", later
    h = _pair("- I'll send her the mentor list for the chartership", "- sent her the mentor list")
    assert thread_state(h, "mentor list")[0] == "closed"


def test_while_it_gets_sorted_is_not_a_completion():
    text = "she asked whether she could go onto early shifts for a while until it gets sorted"
    assert not closes_text(text, None)
    assert closes_text("the early shifts got sorted last week", None)


# --- who owes it --------------------------------------------------------------------------

def test_manager_commitment_cues_in_other_words():
    for text in ("me: sign off the overtime for the stocktake weekend by Thursday",
                 "I'm chasing IT for her till login, she can't process refunds yet",
                 "need to ask payroll abt her holiday carry-over",
                 "says she'd like to do the first aid course, ill look into it"):
        assert _kind(text) == (ItemKind.commitment, Party.manager), text
    assert _kind("she was ill last week, back now")[0] is not ItemKind.commitment


def test_an_ask_answered_by_i_said_i_would_in_the_next_sentence_is_one_manager_thread():
    body = ("He asked whether there is a chance of moving to early shifts this year. "
            "I said I would look at the rota with Carla and come back to him.")
    h = history(note("2026-03-02", body, "Ben Ode"))
    threads = [it for it in h.meetings[0].items if it.is_thread]
    assert len(threads) == 1
    assert threads[0].kind is ItemKind.commitment and threads[0].party is Party.manager
    assert "early shifts" in threads[0].quote


def test_wanting_to_shadow_is_growth():
    assert _kind("he wants to shadow the shift supervisor for a week")[0] is ItemKind.growth
    assert _kind("we sat in the shadow of the new warehouse")[0] is not ItemKind.growth


# --- a work fault is a thread, but never personal ------------------------------------------

def test_a_work_fault_is_a_concern_owned_by_someone_else():
    for text in ("the blast chiller keeps tripping out overnight, engineer called",
                 "the label printer on line 3 is still broken",
                 "new starter can't start until his right-to-work check comes back"):
        assert _kind(text) == (ItemKind.concern, Party.other), text
    assert _kind("label printer replaced, all good")[0] is not ItemKind.concern


def test_a_work_fault_stays_open_until_fixed():
    h = history(note("2026-08-03", "- the blast chiller keeps tripping out overnight"),
                note("2026-08-17", "- blast chiller still tripping, engineer booked"))
    assert thread_state(h, "blast chiller")[0] == "open"


# --- dated events: the outcome closes, a passed date is a follow-up ------------------------

def test_an_event_outcome_closes_the_worry_about_it():
    for opening, later in (
            ("- nervous about the fire inspection on tuesday, first one as duty manager",
             "- the fire inspection went really well, no actions"),
            ("- worried about the stocktake audit next week",
             "- stocktake audit was ok, 2 findings")):
        assert thread_state(_pair(opening, later), opening[2:20])[0] == "closed", later
    h = _pair("- worried about the stocktake audit next week", "- stocktake audit moved to May")
    assert thread_state(h, "stocktake audit")[0] == "open"


def _thread(quote: str) -> Thread:
    return Thread.model_validate({
        "id": 1, "text": quote, "kind": "concern", "owner": None, "status": "open",
        "since": "2026-09-29",
        "source": {"note_id": 1, "date": "2026-09-29", "quote": quote}})


def test_more_dated_events_become_follow_ups_once_past():
    written, today = dt.date(2026, 9, 29), dt.date(2026, 11, 3)
    for quote in ("he is nervous because of the safety audit on friday",
                  "her observed lesson is thurs (Y9), she's nervous",
                  "trade show 24-26 oct, he's doing the demo on stage, nervous"):
        assert as_follow_up(_thread(quote), written, today).status == "follow_up", quote
    assert as_follow_up(_thread("he is nervous about the safety audit"), written,
                        today).status == "open"


def test_the_follow_up_names_the_event_not_its_verb():
    assert follow_up_text("his mother has surgery on the 12th") == "Ask how the surgery went"


# --- closure by the thread's own verb -------------------------------------------------------

def test_prefixed_irregular_verbs_have_their_stems_past():
    assert {"rewrote", "rewritten"} <= past_forms("rewrite")
    assert "written" in past_forms("write")
    h = _pair("- she'll rewrite the pricing SOP with the area manager",
              "- pricing SOP rewritten, signed off by the area manager")
    assert thread_state(h, "pricing SOP")[0] == "closed"


def test_non_native_completion():
    h = _pair("- the cold room door seal is broken, I will call the contractor",
              "- cold room door seal is fix now, they change it")
    assert thread_state(h, "cold room")[0] == "closed"
    assert not closes_text("the plan is fix the rota first", None)


# --- someone else being fine settles nothing -------------------------------------------------

def test_someone_else_doing_well_does_not_settle_a_worry():
    h = history(note("2026-05-05", "- his dad has surgery on the 12th, he may fly out for a week",
                     "Ben Ode"),
                note("2026-05-19", "- new starter doing well on the tills", "Ben Ode"))
    assert thread_state(h, "surgery")[0] == "open"
    h = history(note("2026-05-05", "- he's stressed, the surgery is worrying him", "Ben Ode"),
                note("2026-05-19", "- doing well, much better since the surgery", "Ben Ode"))
    assert thread_state(h, "stressed")[0] == "closed"


def test_qualifiers_of_different_sorts_do_not_make_another_thing():
    h = _pair("- she wants to go on the UCAS admissions training in June, I'll book her a place",
              "- booked on the UCAS training 24 June, she went and loved it")
    assert thread_state(h, "UCAS")[0] == "closed"
    h = _pair("- I'll book her on the Year 9 moderation training",
              "- booked the Year 10 moderation training for Sam")
    assert thread_state(h, "Year 9")[0] == "open"


def test_shared_as_an_adjective_is_not_a_closure():
    assert not closes_text("asked how the commission split works on shared lets", None)
    assert not closes_text("the shared drive is a mess again", None)
    assert closes_text("shared the deck with the team", None)


def test_the_go_between_alone_does_not_identify_the_thread():
    h = _pair("- asked for a footrest, I'll chase facilities",
              "- facilities finally fixed the lift on the 2nd floor")
    assert thread_state(h, "footrest")[0] == "open"
    h = _pair("- asked for a footrest, I'll chase facilities",
              "- facilities delivered the footrest")
    assert thread_state(h, "footrest")[0] == "closed"
