from enginekit import history, note, thread_state

from coach.engine.threads import resolve_threads


def _pair(opening: str, later: str, person: str = "Sam Lee"):
    return history(note("2026-09-01", opening, person), note("2026-09-15", later, person))


def test_paraphrased_closures_close_and_cite_the_closing_note():
    cases = [
        ("- Sam to write the API proposal by end of month",
         "API draft is done, circulating it to the arch group", "API proposal"),
        ("- I'll send him the Q4 roadmap once Lena signs off",
         "- sent Sam the roadmap on Friday, he'd read it already", "Q4 roadmap"),
        ("- he's thinking about transferring to the platform team",
         "- he decided to stay on the team after all", "transferring"),
        ("- I'll intro Sam to Tomasz on mobile",
         "- intro'd him to Tomasz, they're meeting thurs", "intro Sam"),
        ("- Sam to submit the summit abstract before the 20th",
         "- summit abstract submitted!", "summit abstract"),
        ("- I'll find her a mentor outside the team",
         "- [x] found her a mentor: Priya", "mentor"),
    ]
    for opening, later, part in cases:
        h = _pair(opening, later)
        state, quote = thread_state(h, part)
        assert state == "closed", (opening, later)
        assert quote is not None and quote in h.meetings[1].body


def test_unrelated_later_lines_do_not_close():
    cases = [
        ("- Sam to write the API proposal by end of month", "- sent Sam the Q4 roadmap"),
        ("- I'll ask Lena about conference budget for KubeCon", "- Lena approved the new laptop"),
        ("- he's worried about the on-call load", "- the deploy is done"),
        ("- I'll pull together the senior eng rubric for her",
         "- rate limiter PR merged, deploy done"),
    ]
    for opening, later in cases:
        h = _pair(opening, later)
        part = opening.strip("- ")[:20]
        assert thread_state(h, part)[0] == "open", (opening, later)


def test_restating_or_hedging_does_not_close():
    for later in ("- still haven't sent the roadmap, Lena hasn't signed off",
                  "- I'll send the roadmap next week", "- roadmap: waiting on Lena"):
        h = _pair("- I'll send him the Q4 roadmap", later)
        assert thread_state(h, "Q4 roadmap")[0] == "open", later


def test_closure_before_the_opening_does_not_count():
    h = history(note("2026-09-01", "- sent Sam the roadmap"),
                note("2026-09-15", "- I'll send him the Q4 roadmap"))
    assert thread_state(h, "Q4 roadmap")[0] == "open"


def test_done_checkbox_is_closed_by_its_own_note():
    h = history(note("2026-09-01", "- [ ] I'll book the offsite venue"),
                note("2026-09-15", "- [x] offsite venue booked"))
    assert thread_state(h, "offsite venue")[0] == "closed"
    states = {s[0]: s for s in resolve_threads(h)}
    assert all(state in ("open", "closed") for _, state, _, _ in states.values())


def test_feeling_better_closes_a_concern_but_a_bit_better_does_not():
    h = _pair("- he's been stressed and exhausted, on-call every week",
              "- he's feeling much better after the break, well rested")
    assert thread_state(h, "stressed")[0] == "closed"
    h = _pair("- she's feeling disconnected from the team", "- team stuff a bit better but not "
              "great, still feels disconnected", "Jordan Kim")
    assert thread_state(h, "feeling disconnected")[0] == "open"
