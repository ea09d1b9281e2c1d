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
        ("- I'll raise the weekend rota at the ops review", "- raised the laptop refresh, approved"),
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
