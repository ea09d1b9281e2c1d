"""Closure by category, from the dev scenarios moved in from held-out (issue 8): the party's
answer in the present or a bare verb as non-native writers put it, a commitment to find out
whether something can be funded settled by the answer, a thing put out for people ("advert
out"), a request arranged as a trial, an offer the report was to think about and then took up
or turned down, an awaited thing that has not come ("no quote yet"), a line where part is done
and the rest still is not, and a step taken for a wish that does not settle the wish. Snippets
are our own, in other workplaces; each category has a near miss."""

from __future__ import annotations

from enginekit import history, note, thread_state
from enginekit import pair_state as _state

# --- the party's answer, in the present or a bare verb ------------------------------------------


def test_a_party_agreeing_in_a_bare_verb_answers_the_ask():
    opening = "- he ask for max 2 late shifts a week. i will speak with Dora about the lates"
    assert _state(opening, "- Dora agree, lates are max 2 a week from december",
                  "speak with Dora") == "closed"
    assert _state(opening, "- Dora agrees to look at it in january", "speak with Dora") == "open"


# --- a commitment to find out whether it can be funded ------------------------------------------


def test_looking_at_whether_we_can_fund_it_is_settled_by_the_answer():
    opening = ("- he wants to do the forklift instructor course next spring - I'll look at "
               "whether we can pay half")
    assert _state(opening, "- forklift course: depot will pay half, told him",
                  "pay half") == "closed"
    assert _state(opening, "- forklift course: haven't looked at the budget yet",
                  "pay half") == "open"


def test_looking_up_the_price_is_settled_by_the_answer_not_the_price():
    opening = "- she want to do the barista trainer certificate. i look the price"
    h = history(note("2026-08-03", opening, "Ana Ruiz"),
                note("2026-08-17", "- barista trainer cert is £600. i not decide yet", "Ana Ruiz"))
    assert thread_state(h, "barista trainer")[0] == "open"
    assert _state(opening, "- barista trainer cert: ok, cafe pay it. she start in march",
                  "barista trainer") == "closed"


# --- a thing put out for people to see -----------------------------------------------------------


def test_an_advert_that_is_out_settles_approving_it():
    opening = "- Joe wants 2 more Saturday drivers → I'll sign off the job advert"
    assert _state(opening, "- Saturday job advert out, 4 applicants so far",
                  "sign off the job advert") == "closed"
    assert _state(opening, "- job advert goes out next week", "sign off the job advert") == "open"


# --- a request arranged as a trial --------------------------------------------------------------


def test_a_request_tried_out_is_arranged():
    opening = "- he wants a 2nd person on the tills 12-2 instead of the deli counter"
    assert _state(opening, "- tills: trialling 2 on the tills 12-2, deli opens at 2",
                  "2nd person") == "closed"
    assert _state(opening, "- tills: could we trial 2 on the tills at lunch?",
                  "2nd person") == "open"


# --- an offer the report was to think about ------------------------------------------------------


def test_an_offer_to_think_about_is_settled_by_the_decision_either_way():
    opening = "- offered the peer support scheme → he'll think about it"
    assert _state(opening, "- peer support - he went for it in the end, 1st session tues",
                  "peer support") == "closed"
    assert _state(opening, "- peer support: he turned it down, wants to leave it for now",
                  "peer support") == "closed"
    assert _state(opening, "- peer support: still thinking about it", "peer support") == "open"


# --- an awaited thing that has not come ---------------------------------------------------------


def test_no_quote_yet_is_not_an_answer():
    opening = "- Jo to chase the boiler flue quote before winter"
    assert _state(opening, "- boiler flue: no quote yet", "boiler flue") == "open"
    assert _state(opening, "- boiler flue: quote in, £900", "boiler flue") == "closed"


# --- part done, the rest still not --------------------------------------------------------------


def test_part_done_and_the_rest_still_not_keeps_the_thread_open():
    opening = ("- complaints about the flickering lights in bays 1-2, he'll get the electrician "
               "in")
    assert _state(opening, "- lights: electrician came, bay 1 fixed, bay 2 still flickering",
                  "flickering lights") == "open"
    assert _state(opening, "- lights: electrician came, bays 1 and 2 fixed",
                  "flickering lights") == "closed"


# --- a step taken for a wish does not settle the wish -------------------------------------------


def test_a_study_guide_sent_does_not_settle_sitting_the_exam():
    h = history(note("2026-08-03", "- she wants to sit the level 4 supervisor exam\n"
                     "- level 4 exam revision guide → I'll order her one", "Ana Ruiz"),
                note("2026-08-17", "- revision guide sent ✓", "Ana Ruiz"))
    assert thread_state(h, "revision guide →")[0] == "closed"
    assert thread_state(h, "sit the level 4")[0] == "open"


# --- a party willing to do what was asked, and "half term" is a time ----------------------------


def test_a_party_happy_to_do_it_answers_the_ask_even_after_half_term():
    opening = "- wants to lead a project. I'll speak to Reza about him joining the canteen review"
    assert _state(opening, "- Reza is happy to have him on the review, starts after half term",
                  "speak to Reza") == "closed"
    assert _state(opening, "- Reza is happy to talk about it after half term",
                  "speak to Reza") == "open"


# --- the completion cue itself names nothing ----------------------------------------------------


def test_a_cue_word_shared_with_the_thread_does_not_identify_it():
    opening = ("- the rotating shifts are wearing him down since the baby came, he'd like to try "
               "fixed lates")
    assert _state(opening, "- till 4 fixed", "fixed lates") == "open"
    assert _state(opening, "- fixed lates agreed from January", "fixed lates") == "closed"


# --- a request arranged with its dates -----------------------------------------------------------


def test_a_request_given_a_trial_with_dates_or_a_start_today_is_arranged():
    opening = "- she asked for compressed hours after new year, 4x10"
    assert _state(opening, "- compressed hours for her: trial jan-mar", "compressed") == "closed"
    assert _state(opening, "- compressed hours: the trial was a disaster for cover",
                  "compressed") == "open"
    opening = "- Ola ask if she can stop the early deliveries now"
    assert _state(opening, "- we agree Ola not do the early deliveries from today",
                  "early deliveries") == "closed"


# --- a thing taken to someone, with the thing named in between ----------------------------------


def test_a_thing_put_to_a_party_is_settled_by_their_answer():
    opening = "- I'll put the new aprons budget to the area manager at the march meeting"
    assert _state(opening, "- area manager said no to aprons this year", "aprons budget") == (
        "closed")
    assert _state(opening, "- area manager on leave till april", "aprons budget") == "open"


# --- the thread's own words are no outcome ------------------------------------------------------


def test_the_threads_own_past_participle_is_not_an_outcome():
    opening = "- she asked for compressed hours after new year"
    assert _state(opening, "- she mentioned compressed hours again", "compressed") == "open"
    assert _state(opening, "- HR said ok to compressed hours for her from jan",
                  "compressed") == "closed"


def test_caught_up_is_a_finished_state():
    opening = "- Jo to catch up the weighbridge invoicing, 3 wks behind"
    assert _state(opening, "- weighbridge invoicing back up to date, 0 unbilled",
                  "weighbridge") == "closed"
    assert _state(opening, "- weighbridge invoicing still not up to date", "weighbridge") == (
        "open")



# --- what was asked for, had now ----------------------------------------------------------------


def test_a_request_is_settled_when_the_report_has_it_now():
    opening = "- she asked for edit rights on the rota system"
    assert _state(opening, "- she has edit rights on the rota system now", "edit rights") == (
        "closed")
    assert _state(opening, "- she has to ask Jo for edits on the rota system now",
                  "edit rights") == "open"


# --- shorthand negation without its auxiliary ---------------------------------------------------


def test_not_fixed_in_shorthand_is_not_a_closure():
    opening = "- kiln 2 door seal leaking, I'll get the engineer out"
    assert _state(opening, "- kiln 2 door: not fixed, engineer says parts on order",
                  "door seal") == "open"
    assert _state(opening, "- kiln 2 door seal fixed tues", "door seal") == "closed"
    # ...and the line with its own promise is a thread of its own, still open
    h = history(note("2026-08-03", "- kiln 2 door: not fixed, parts on order. I'll escalate to "
                     "the supplier's manager this week", "Ana Ruiz"))
    assert thread_state(h, "escalate")[0] == "open"


# --- the same verb done to another thing --------------------------------------------------------


def test_the_same_verb_on_another_thing_for_another_purpose_does_not_close():
    opening = ("- Ade to get 3 quotes for the canal bridge repair\n"
               "- Rosa to send all 38 first arrears letters by end of jan")
    h = history(note("2026-08-03", opening, "Ana Ruiz"),
                note("2026-08-31", "- Ade got 3 quotes for the new workshop roof\n"
                     "- Rosa sent the parking permit renewals out", "Ana Ruiz"))
    assert thread_state(h, "canal bridge")[0] == "open"
    assert thread_state(h, "arrears letters")[0] == "open"
    h = history(note("2026-08-03", opening, "Ana Ruiz"),
                note("2026-08-31", "- Ade got 3 quotes for the bridge repair, cheapest 4k\n"
                     "- Rosa sent them out", "Ana Ruiz"))
    assert thread_state(h, "canal bridge")[0] == "closed"
    assert thread_state(h, "arrears letters")[0] == "closed"
