"""Closure in other words, by category, from the fresh dev notes by other hands (d7/d8): the very
action the thread proposed reported in the past tense, a dated worry settled by how its day
went (named by the word beside its date), sessions had with the person the manager was to ask,
an answer only "in principle", a line whose undone clause names
the thing by a pronoun, a verb's past that is also a stopword ("bit"), and a closing line that
promises only to remember. Snippets are our own, in other workplaces; each has a near miss."""

from __future__ import annotations

from enginekit import history, note, thread_state
from enginekit import pair_state as _state

# --- the very action proposed, reported done -----------------------------------------------------


def test_the_proposed_action_in_the_past_tense_closes_the_thread():
    opening = ("- he wants to learn the estimating side, so I suggested he rides along with the "
               "Hartmann surveyor next week and just watches")
    assert _state(opening, "- he rode along with the Hartmann surveyor on Thursday, good notes",
                  "rides along") == "closed"
    # only mentioned, or still planned: open
    assert _state(opening, "- he asked about the Hartmann surveyor again",
                  "rides along") == "open"
    assert _state(opening, "- he'll ride along with the Hartmann surveyor in December",
                  "rides along") == "open"


def test_a_closing_line_that_only_promises_to_remember_is_no_new_thread():
    h = history(note("2026-08-03", "- she wants to start learning the buying side, so I "
                     "suggested she sits in on my call with the Moretti rep", "Ana Ruiz"),
                note("2026-08-24", "- She sat in on the Moretti call and spotted a pricing "
                     "error, which I'll remember.", "Ana Ruiz"))
    assert thread_state(h, "sits in on my call")[0] == "closed"
    assert not [it for m in h.meetings for it in m.items
                if it.is_thread and "spotted a pricing" in it.quote and it.state == "open"]


# --- a dated worry, settled by how its day went --------------------------------------------------


def test_a_dated_worry_named_beside_its_date_is_settled_by_how_the_day_went():
    opening = "- kayak rescue day 12 Oct, she's leading the capsize drill, nervous re: turnout"
    h = history(note("2026-09-28", opening, "Ana Ruiz"),
                note("2026-10-19", "- kayak day went fine, 9 came, no capsize issues", "Ana Ruiz"))
    assert thread_state(h, "kayak rescue day")[0] == "closed"
    # said before the day, or with nothing done: open
    h = history(note("2026-09-28", opening, "Ana Ruiz"),
                note("2026-10-05", "- kayak day: numbers still low, she's worried", "Ana Ruiz"))
    assert thread_state(h, "kayak rescue day")[0] == "open"


# --- the person the manager was to ask, now giving what was asked --------------------------------


def test_sessions_had_with_the_person_asked_settle_the_ask():
    opening = ("- she'd like some proper coaching on managing upwards. I said I would ask "
               "Priya, our L&D lead, whether she has any time this term")
    assert _state(opening, "- she has now had three sessions with Priya and finds them useful",
                  "ask Priya") == "closed"
    # one meeting with the same person about something else is no answer
    assert _state(opening, "- had a meeting with Priya about the rota gaps",
                  "ask Priya") == "open"


# --- only in principle ---------------------------------------------------------------------------


def test_an_answer_only_in_principle_leaves_it_open():
    opening = "- wants the NEBOSH certificate next year → me, check the training budget w/ finance"
    assert _state(opening, "- NEBOSH → spoke to finance, money's there in principle, needs "
                  "board sign-off", "NEBOSH") == "open"
    assert _state(opening, "- NEBOSH → finance say the money's there, she can book it",
                  "NEBOSH") == "closed"


# --- an undone clause that names the thing by a pronoun ------------------------------------------


def test_an_undone_clause_naming_the_thing_by_a_pronoun_keeps_it_open():
    opening = "- I said I would call the recruiter about a second sous chef for December"
    assert _state(opening, "- the recruiter sent three CVs for the sous chef job but I haven't "
                  "read them yet, so that one is still with me", "sous chef") == "open"
    assert _state(opening, "- the recruiter sent three CVs for the sous chef job, I've "
                  "shortlisted two", "sous chef") == "closed"


# --- a past form that is also a stopword ---------------------------------------------------------


def test_bit_as_a_verb_meets_biting_and_bitten():
    opening = "- the terrier that bit Tom twice - he wants a rule. we'll decide a policy next week"
    assert _state(opening, "- biting: we agreed no booking without a muzzle for any dog that has "
                  "bitten", "terrier") == "closed"
    # "a bit" is not the verb: an unrelated line stays unrelated
    assert _state(opening, "- he's a bit tired, agreed he can swap the late on Friday",
                  "terrier") == "open"


def test_a_result_that_is_bad_news_does_not_settle_the_worry_about_its_day():
    h = history(note("2026-10-05", "- her partner found a lump, MRI next week.", "Ana Ruiz"),
                note("2026-10-26", "- MRI came back: a tumour, op on 4 Dec.", "Ana Ruiz"))
    assert thread_state(h, "MRI next week")[0] == "open"


def test_a_dated_thing_judged_by_someone_there_after_its_day_is_done():
    opening = "- fire evacuation drill 14 Oct → Dana runs it with the wardens"
    h = history(note("2026-10-01", opening, "Ana Ruiz"),
                note("2026-10-22", "- evacuation drill on the 14th → 6 min to clear the "
                     "building, wardens happy.", "Ana Ruiz"))
    assert thread_state(h, "fire evacuation drill")[0] == "closed"
    # before its day, or someone happy to do it, is no verdict
    h = history(note("2026-10-01", opening, "Ana Ruiz"),
                note("2026-10-08", "- evacuation drill: wardens happy to help on the 14th",
                     "Ana Ruiz"))
    assert thread_state(h, "fire evacuation drill")[0] == "open"


# --- a possibility that came to nothing --------------------------------------------------------


def test_a_possibility_that_fell_through_is_settled_but_a_plan_that_fell_through_is_not():
    opening = "- his wife might get posted to Aberdeen with the navy → if so he'd go too. tbd"
    assert _state(opening, "- Aberdeen → posting fell through, they're staying. he's relieved",
                  "Aberdeen") == "closed"
    assert _state(opening, "- Aberdeen: still waiting to hear", "Aberdeen") == "open"
    plan = "- I'll book the Aberdeen site visit for the two of us"
    assert _state(plan, "- Aberdeen site visit fell through, need to rebook",
                  "Aberdeen") == "open"


# --- an answer about another thing; a done word negated; a stopgap ---------------------------


def test_the_partys_yes_under_another_heading_answers_that_thing_not_the_ask():
    opening = "- Lina wants the shift lead title → fair, she does it already → me, talk to Omar"
    h = history(note("2026-08-03", opening, "Ana Ruiz"),
                note("2026-08-24", "- porter → Omar said yes, 4 kegs ordered from the maltings",
                     "Ana Ruiz"))
    assert thread_state(h, "shift lead title")[0] == "open"
    assert _state(opening, "- shift lead → Omar said yes, from December", "shift lead") == "closed"


def test_a_done_word_negated_by_a_contraction_or_a_stopgap_repair_is_not_done():
    opening = "- he will put together a proposal for the volunteer rota"
    assert _state(opening, "- the rota proposal isn't done yet either", "volunteer rota") == "open"
    opening = "- the kiln lining has cracks right across → I'll get the engineer out"
    assert _state(opening, "- engineer came and patched the kiln lining as a stopgap, full "
                  "reline next year", "kiln lining") == "open"


def test_the_particle_of_a_phrasal_verb_names_no_thing():
    opening = "- he will put together a proposal for how we book freelance drivers"
    assert _state(opening, "- we walked through the Christmas rota together line by line",
                  "freelance drivers") == "open"
