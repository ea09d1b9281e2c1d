"""Closure rules that must generalise: a later line reports completion (a cue or the past tense
of the thread's own verb) about the same object (shared distinctive words), unless a still-later
line re-opens it. Snippets are our own, varied on purpose."""

from enginekit import history, note, thread_state
from enginekit import pair_history as _pair

from coach.engine.threads import closes_text, thread_verb

CLOSING_PAIRS = [
    # (opening, later, part of the opening quote)
    ("- Ana to chase the vendor for a price on the new racks",
     "- vendor price came in, 12k for the racks", "vendor"),
    ("- Ana to get the estimate from the printer",
     "- got the printer estimate back, cheaper than last year", "printer"),
    ("- I'll sign her up for the negotiation workshop",
     "- she's enrolled in the negotiation workshop, first session in May", "negotiation"),
    ("- I'll put her name down for the data course",
     "- she's enrolled, the course starts in March", "data course"),
    ("- I'll put his name down for the leadership programme",
     "- he's enrolled, starts in March", "leadership programme"),
    ("- she wants to do the design course this spring",
     "- she's loving module 2 of the course", "design course"),
    ("- I'll take the overtime budget to the directors' meeting",
     "- took it to the directors, budget approved", "overtime"),
    ("- I'll raise the weekend rota at the ops review",
     "- raised the rota at ops review, they agreed to split it", "rota"),
    ("- she asked if I could send her the customer interviews",
     "- sent the customer interviews over on Monday", "customer interviews"),
    ("- she wants a second monitor for home",
     "- her monitor arrived, desk setup is sorted", "monitor"),
    ("- Ana to book the venue for the team offsite",
     "- offsite venue booked at the boathouse", "venue"),
    ("- I'll find out whether the certification is covered by the L&D fund",
     "- L&D fund covers the certification, she's registered", "certification"),
    ("- I'll open a req for a contractor on the migration",
     "- hired a contractor for the migration, starts Monday", "contractor"),
    ("- Ana to write the onboarding guide for new analysts",
     "- onboarding guide finished and shared with the analysts", "onboarding guide"),
]


def test_differently_worded_completion_closes_and_cites_the_closing_line():
    for opening, later, part in CLOSING_PAIRS:
        h = _pair(opening, later)
        state, quote = thread_state(h, part)
        assert state == "closed", (opening, later)
        assert quote is not None and quote in h.meetings[1].body, (opening, quote)


def test_a_later_reopening_line_keeps_it_open():
    for reopen in ("- still waiting on the vendor price for the racks",
                   "- racks price: not yet, vendor pushed to next month"):
        h = history(note("2026-08-03", "- Ana to chase the vendor for a price on the racks"),
                    note("2026-08-17", "- vendor price came in for the racks"),
                    note("2026-08-31", reopen))
        assert thread_state(h, "chase the vendor")[0] == "open", reopen


def test_object_mentioned_without_completion_does_not_close():
    for later in ("- the vendor price for the racks is the next thing to sort",
                  "- talked about the course again, she's keen",
                  "- I'll send the customer interviews next week"):
        h = history(
            note("2026-08-03", "- Ana to chase the vendor for a price on the racks\n"
                               "- she wants to do the design course this spring\n"
                               "- she asked if I could send her the customer interviews"),
            note("2026-09-21", later))
        for part in ("chase the vendor", "design course", "customer interviews"):
            if any(w in later for w in part.split()[-1:]):
                assert thread_state(h, part)[0] == "open", (part, later)


def test_completion_about_another_object_does_not_close():
    cases = [
        ("- Ana to chase the vendor for a price on the racks", "- sent the Q3 report to finance"),
        ("- I'll put her name down for the data course", "- she's enrolled her son in swim club"),
        ("- she asked if I could send her the customer interviews", "- sent the offer letter"),
        ("- I'll raise the weekend rota at the ops review",
         "- raised the laptop refresh, approved"),
    ]
    for opening, later in cases:
        h = _pair(opening, later)
        part = opening.strip("- ")[:18]
        assert thread_state(h, part)[0] == "open", (opening, later)


def test_past_tense_of_the_threads_own_verb_with_a_pronoun_closes():
    h = history(note("2026-08-03", "- I'll escalate the pager noise with the SRE lead"),
                note("2026-09-07", "- escalated it, they're muting the flappy alerts"))
    assert thread_state(h, "escalate")[0] == "closed"


def test_thread_verb_is_the_verb_after_the_commitment_marker():
    assert thread_verb("I'll put her name down for the course") == "put"
    assert thread_verb("Ana to get the quote from the supplier") == "get"
    assert thread_verb("could I send her the reviews") == "send"
    assert thread_verb("she's doing well") is None


def test_completion_cues_read_progress_past_the_plan():
    for done in ("she's enrolled", "starts in March", "now has a mentor", "loving module 3",
                 "went through it together", "raised it, approved", "the quote is in",
                 "signed up last week", "hired a designer", "started on the new team"):
        assert closes_text(done, None), done
    for open_ in ("I'll enrol her next week", "still waiting on the quote", "not yet booked",
                  "pushed to January", "she wants to sign up"):
        assert not closes_text(open_, None), open_


def test_old_threads_close_on_a_late_short_mention():
    h = history(note("2026-06-01", "- Ana to get the insurance quote for the new van"),
                note("2026-06-15", "- talked about hiring plans"),
                note("2026-07-27", "- van insurance sorted"))
    assert thread_state(h, "insurance quote")[0] == "closed"


# --- what becomes a thread, and what later notes supersede -------------------------------

def _kinds(body: str, person: str = "Ana Ruiz") -> dict[str, str]:
    from coach.extract.items import extract_items
    return {it.quote: it.kind.value for it in extract_items(note("2026-10-01", body, person))}


def test_feedback_for_the_manager_is_not_a_thread_unless_the_manager_promises_to_act():
    kinds = _kinds("- feedback for me: she'd like more notice before priorities change\n"
                   "- he gave me some feedback: I should push back on scope creep more\n"
                   "- Ana -> me: reviews land too late. I'll block Thursday mornings for them")
    assert kinds["feedback for me: she'd like more notice before priorities change"] == "note"
    assert kinds["he gave me some feedback: I should push back on scope creep more"] == "note"
    assert kinds["Ana -> me: reviews land too late."] == "note"
    assert kinds["I'll block Thursday mornings for them"] == "commitment"


def test_logistics_and_progress_lines_are_not_threads():
    kinds = _kinds("- she'll be in Lisbon next week for the partner visit\n"
                   "- she's on site Tuesday\n"
                   "- she's enrolled in the SQL course, starts in March\n"
                   "- she's loving module 2 of the course\n"
                   "- she'll be in charge of the release rota")
    assert kinds["she'll be in Lisbon next week for the partner visit"] == "note"
    assert kinds["she's on site Tuesday"] == "note"
    assert kinds["she's enrolled in the SQL course, starts in March"] == "closure"
    assert kinds["she's loving module 2 of the course"] == "closure"
    assert kinds["she'll be in charge of the release rota"] == "commitment"


def test_a_reported_ask_to_the_manager_is_the_reports_request():
    kinds = _kinds("- could I share the interview rubric with her before Friday")
    assert kinds["could I share the interview rubric with her before Friday"] == "request"


def test_an_observed_mood_is_superseded_by_a_later_check_in():
    h = history(note("2026-09-07", "- Looked exhausted, quiet all meeting"),
                note("2026-09-21", "- weekend away with friends, she's in a good place"))
    assert thread_state(h, "exhausted")[0] == "closed"
    h = history(note("2026-09-07", "- Looked exhausted, quiet all meeting"),
                note("2026-09-21", "- budget numbers for Q1"))
    assert thread_state(h, "exhausted")[0] == "open"


def test_a_wellbeing_worry_settles_when_later_notes_say_they_are_fine_but_not_on_a_hedge():
    opening = "- she's stressed about the house move and the on-call weeks"
    h = history(note("2026-09-07", opening),
                note("2026-10-05", "- move is behind her, doing great, sleeping better"))
    state, quote = thread_state(h, "house move")
    assert state == "closed" and quote and "doing great" in quote
    h = history(note("2026-09-07", opening),
                note("2026-10-05", "- not doing great, still boxes everywhere"))
    assert thread_state(h, "house move")[0] == "open"


def test_a_specific_worry_is_not_settled_by_general_good_mood():
    h = history(note("2026-09-07", "- she's worried the visa renewal won't come through"),
                note("2026-10-05", "- back from holiday, looks rested and happy"))
    assert thread_state(h, "visa renewal")[0] == "open"


def test_the_brief_keeps_at_most_eight_threads_with_room_for_both_sides():
    from enginekit import TODAY, weekly

    from coach.engine.plan import MAX_THREADS, open_threads
    asks = ["parental leave", "conference budget", "desk move", "hackathon", "pairing",
            "offsite agenda", "mentoring", "visa letter"]
    owed = ["churn", "latency", "headcount", "survey", "okr", "pricing", "roadmap", "retro"]
    bodies = [f"- she asked if we could talk about the {a}\n- I'll send her the {o} numbers"
              for a, o in zip(asks, owed, strict=True)]
    h = weekly("2026-08-03", bodies)
    threads = open_threads(h, TODAY)
    assert len(threads) == MAX_THREADS
    kinds = [t.kind.value for t in threads]
    assert kinds[:4] == ["request"] * 4 and "commitment" in kinds
    asks = [t for t in threads if t.kind.value == "request"]
    assert [t.since for t in asks] == sorted((t.since for t in asks), reverse=True)
    owed = [t for t in threads if t.kind.value == "commitment"]
    assert all(t.owner is not None and t.owner.value == "manager" for t in owed)


# --- completion-state rules: outcome, in progress, another object of the same kind ---------

from coach.engine.closure import outcome_clauses, partial  # noqa: E402

OUTCOME_PAIRS = [
    # a past-tense outcome said of the thing, with no completion cue word
    ("- I'll set up the new shift handover checklist",
     "- the handover checklist went live on ward 2 last week", "handover checklist"),
    ("- Ana to get the fire alarm inspection done before the tenants move in",
     "- fire alarm passed inspection on Tuesday", "fire alarm"),
    ("- Ana will renew the liquor licence for the terrace bar",
     "- liquor licence renewed till 2028", "liquor licence"),
    ("- I'll draft a new parking policy for the depot",
     "- parking policy took effect this month, complaints stopped", "parking policy"),
]


def test_a_past_tense_outcome_about_the_object_closes_without_a_cue_word():
    for opening, later, part in OUTCOME_PAIRS:
        h = _pair(opening, later)
        state, quote = thread_state(h, part)
        assert state == "closed", (opening, later)
        assert quote is not None and quote in h.meetings[1].body


def test_an_outcome_about_context_words_only_does_not_close():
    # shares "the lab team", but what happened is about the building, not the gloves
    h = _pair("- I'll order new nitrile gloves for the lab team",
              "- lab team moved into the east wing on Monday")
    assert thread_state(h, "gloves")[0] == "open"


def test_outcome_clauses_ignore_feelings_wishes_plans_and_hedges():
    assert outcome_clauses("the new rota went live Monday")
    assert outcome_clauses("contract renewed, she's pleased")
    for text in ("she's worried about the audit", "he wanted more time on the pitch",
                 "we discussed the budget", "the vendor will have delivered by then",
                 "still haven't booked the course", "the dedicated staging box is slow",
                 "decided to wait until spring"):
        assert not outcome_clauses(text), text


def test_partial_progress_reads_counts_and_part_way_words():
    for text in ("2 of 6 modules done", "1 of 2 trained", "first pass done",
                 "halfway through the audit", "partially migrated"):
        assert partial(text), text
    for text in ("3 of 3 sessions done", "half marathon on Sunday", "all done", "done"):
        assert not partial(text), text


PARTIAL_PAIRS = [
    ("- Ana will translate the safety manual into Polish",
     "- safety manual translation: first pass done, glossary still to check", "safety manual"),
    ("- Ana to onboard the three new couriers",
     "- couriers onboarded: 2 of 3, the last one starts Monday", "couriers"),
    ("- I'll migrate the donor records to the new CRM",
     "- donor records migration started, about half moved", "donor records"),
]


def test_part_way_progress_keeps_the_thread_open():
    for opening, later, part in PARTIAL_PAIRS:
        assert thread_state(_pair(opening, later), part)[0] == "open", (opening, later)


def test_started_keeps_something_owed_open_but_a_wish_under_way_is_met():
    owed = _pair("- Ana will repaint the reception area", "- reception repaint started Tuesday")
    assert thread_state(owed, "repaint")[0] == "open"
    wish = _pair("- she wants to do the pastry course this spring",
                 "- she's started the pastry course, loves it")
    assert thread_state(wish, "pastry course")[0] == "closed"


def test_the_same_kind_of_thing_with_another_qualifier_does_not_close():
    cases = [
        ("- Ana to write the unit plan for Grade 5 science",
         "- unit plan for Grade 6 science finished by Joe", "Grade 5"),
        ("- I'll chase the Acme contract renewal with legal",
         "- Birch contract renewal signed by legal", "Acme"),
    ]
    for opening, later, part in cases:
        assert thread_state(_pair(opening, later), part)[0] == "open", (opening, later)
    same = _pair("- Ana to write the unit plan for Grade 5 science",
                 "- Grade 5 unit plan finished and shared")
    assert thread_state(same, "Grade 5")[0] == "closed"


def test_a_worry_about_a_deadline_settles_when_the_cause_is_done_and_she_is_relieved():
    h = history(note("2026-08-03", "- long nights on the Marlow tender, she looks exhausted",
                     "Ana Ruiz"),
                note("2026-08-17", "- Marlow tender submitted, big relief all round", "Ana Ruiz"))
    assert thread_state(h, "Marlow")[0] == "closed"
    hedged = history(note("2026-08-03", "- long nights on the Marlow tender, she looks exhausted",
                          "Ana Ruiz"),
                     note("2026-08-17", "- Marlow tender still not in, no relief yet", "Ana Ruiz"))
    assert thread_state(hedged, "Marlow")[0] == "open"


def test_a_changed_plan_or_a_finished_state_settles_the_thread():
    cases = [
        ("- I'll get quotes from a second cleaning contractor",
         "- we're sticking with the current cleaning contractor, prices matched", "cleaning"),
        ("- Ana to plan the staff trip to the coast",
         "- staff trip called off, budget went to the bonus pot", "staff trip"),
        ("- I'll set up the self-checkout kiosks in aisle 4",
         "- self-checkout kiosks up and running since Friday", "kiosks"),
    ]
    for opening, later, part in cases:
        state, quote = thread_state(_pair(opening, later), part)
        assert state == "closed" and quote == later[2:], (opening, later)
    assert not closes_text("if the quote is high we may decide against the vendor", None)
    assert closes_text("the vendor idea is shelved for this year", None)


def test_periods_qualify_which_one_is_meant():
    for opening, later, want in (
            ("- I'll fix the rota for December", "- updated the January rota", "open"),
            ("- I'll fix the rota for December", "- December rota updated and posted", "closed"),
            ("- Ana to review the Q3 budget", "- Q4 budget reviewed and signed off", "open"),
            ("- Ana to review the Q3 budget", "- Q3 budget reviewed and signed off", "closed")):
        assert thread_state(_pair(opening, later), "rota" if "rota" in opening else "Q3")[0] == (
            want), (opening, later)


def test_after_a_go_between_verb_the_outcome_may_name_the_inner_object():
    h = _pair("- I'll ask facilities to fix the broken AC in room 12",
              "- AC in room 12 repaired on Weds")
    assert thread_state(h, "facilities")[0] == "closed"


def test_an_ask_of_someone_is_closed_by_their_reply_in_any_words():
    asks = [
        ("- I'll ask the landlord whether the parking bay is included",
         "- landlord says the bay is included from May", "landlord"),
        ("- i will check with the print shop about the banner sizes",
         "- print shop: banners only come in A0 and A1", "print shop"),
        ("- I'll ring the supplier about a delivery slot for the racking",
         "- supplier told me the racking slot is 8am on Tuesdays", "supplier"),
    ]
    for opening, later, part in asks:
        assert thread_state(_pair(opening, later), part)[0] == "closed", (opening, later)
    for later in ("- landlord hasn't replied about the parking bay",
                  "- the landlord asked us to move the bins off the parking bay"):
        h = _pair("- I'll ask the landlord whether the parking bay is included", later)
        assert thread_state(h, "landlord")[0] == "open", later


def test_a_worry_about_a_relative_settles_when_life_is_back_to_normal():
    opening = "- Ana's dad in hospital, she may need to leave early some days"
    for later in ("- dad home from hospital, Ana back full time", "- her dad is stable now"):
        assert thread_state(_pair(opening, later), "dad in hospital")[0] == "closed", later
    for later in ("- dad still in hospital, she left early twice",
                  "- dad in hospital again, she is back on the late shifts"):
        assert thread_state(_pair(opening, later), "dad in hospital")[0] == "open", later


def test_a_dated_event_closes_when_a_note_after_the_day_says_how_it_went():
    opening = "- I told him the licensing panel is on the 14th, he'll present 2 cases"
    prep = note("2026-09-08", "- panel prep: I ran through his slides with him")
    h = history(note("2026-09-01", opening), prep,
                note("2026-09-21", "- panel went fine, both granted as recommended"))
    assert thread_state(h, "licensing panel")[0] == "closed"
    # before the day, the event's name in a done line is preparation, not the event
    h = history(note("2026-09-01", opening), note("2026-09-08", "- panel papers done, all sent"))
    assert thread_state(h, "licensing panel")[0] == "open"


def test_a_promised_noun_is_closed_by_its_verb_in_the_past():
    # "do the observation" ... "observed": the verbal noun meets its verb
    for opening, later, part in [
        ("- I'll do the observation of her Year 10 class before half term",
         "- observed Y10 on Friday. feedback for her: good pace, questions too closed",
         "observation"),
        ("- Ana to do the inspection of the loading bay ladders",
         "- ladders inspected, two tagged out. forklift rota argued about again", "inspection"),
    ]:
        h = history(note("2026-08-03", opening), note("2026-08-10", "- half term plans, rota"),
                    note("2026-09-21", later))
        assert thread_state(h, part)[0] == "closed", (opening, later)


def test_the_person_who_does_it_names_the_thing_done():
    # "reviewer comments" are the reviews; an "animator" is who the "animation" needed
    for opening, later, part in [
        ("- she asked if I could send her the reviews on the journal submission; "
         "I'll send them once I've read them",
         "- forwarded the reviewer comments on Monday, reviewer 2 wants more controls",
         "reviews"),
        ("- we need a freelancer for the animation part of the launch video, Ana to find one",
         "- booked Ravi (animator) for the launch, starts Monday", "freelancer"),
    ]:
        h = history(note("2026-08-03", opening),
                    note("2026-08-10", "- launch plan and journal club slots, she reviews"),
                    note("2026-09-21", later))
        assert thread_state(h, part)[0] == "closed", (opening, later)


def test_a_hyphenated_word_is_not_a_go_between():
    from coach.engine.parties import asked_parties
    assert asked_parties("Ana to arrange the on-call swap with Theo", set()) == ["Theo"]
    assert asked_parties("i will call the supplier about the plates", set()) == ["supplier"]
    h = _pair("- she wants to swap her on-call week in Nov, Ana to arrange the on-call swap "
              "with Theo", "- swap sorted, Theo has her week")
    assert thread_state(h, "on-call swap")[0] == "closed"


def test_a_built_thing_reported_working_closes_and_half_a_day_is_not_part_way():
    opening = "- Ana wants to move the rota spreadsheets to a web form, Ana to build a prototype"
    later = "- prototype runs, the rota now takes an hour instead of half a day"
    state, quote = thread_state(_pair(opening, later), "prototype")
    assert state == "closed" and quote == later[2:]
    assert thread_state(_pair(opening, "- prototype half built, runs slowly"), "prototype")[0] \
        == "open"


def test_done_on_the_spot_closes_the_thread_and_the_one_it_raised_again():
    opening = "- I'll put his name down for the first-aid course with the training team"
    again = "- he asked about the first-aid course again, I hadn't sent the form."
    h = history(note("2026-08-03", opening), note("2026-08-17", "- rota for the summer, fine"),
                note("2026-09-21", again + " did it during the meeting"))
    assert thread_state(h, "put his name down") == ("closed", "did it during the meeting")
    h = history(note("2026-08-03", opening), note("2026-08-17", "- rota for the summer, fine"),
                note("2026-09-21", again))
    assert thread_state(h, "put his name down")[0] == "open"
