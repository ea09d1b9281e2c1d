"""Closure rules that must generalise: a later line reports completion (a cue or the past tense
of the thread's own verb) about the same object (shared distinctive words), unless a still-later
line re-opens it. Snippets are our own, varied on purpose."""

from enginekit import history, note, thread_state

from coach.engine.threads import closes_text, thread_verb


def _pair(opening: str, later: str, person: str = "Ana Ruiz"):
    return history(note("2026-08-03", opening, person), note("2026-09-21", later, person))


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
