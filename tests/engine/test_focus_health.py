"""Focus priority, warning-sign detectors and the meta rule, on small hand-written histories.

Each test names the rule it checks; the snippets are deliberately varied (prose, bullets,
section headers, shorthand) so a rule is not tied to one phrasing.
"""

import datetime as dt

from enginekit import TODAY, history, note, weekly

from coach.contracts import FocusArea, Signal
from coach.engine.continuity import continuity
from coach.engine.focus import suggest_focus
from coach.engine.health import health_signals
from coach.engine.meta import meta_due
from coach.engine.plan import open_threads
from coach.extract.features import is_person_line, is_status_line, meeting_features, report_voice
from coach.extract.items import extract_items


def _focus(h, today=TODAY):
    return suggest_focus(h, today, open_threads(h, today))


def _signals(h, today=TODAY):
    return {s.signal: s for s in health_signals(h, today)}


def _evidence_is_real(h, sig):
    assert sig.evidence
    for ev in sig.evidence:
        m = h.meeting(ev.note_id)
        assert ev.date == m.date and ev.quote and ev.quote in m.body


BALANCED = [
    ("development", "- talked about her goals for next year\n- she's keen on a conference talk"),
    ("feedback", "- feedback both ways on the planning doc"),
    ("context", "- explained the reorg and why the teams merge"),
    ("wellbeing", "- how she's doing: good, back from a hiking trip"),
    ("delivery", "- billing export at 80%, deploy Tue"),
]


def _balanced(extra: str, extra_focus: str | None = None, person: str = "Ana Silva"):
    notes = [note((dt.date(2026, 10, 6) + dt.timedelta(weeks=i)).isoformat(), body, person,
                  focus=area) for i, (area, body) in enumerate(BALANCED)]
    meta = {"focus": extra_focus} if extra_focus else {}
    notes.append(note("2026-11-17", extra, person, **meta))
    return history(*notes)


# --- focus: 1. what the report asked for ---------------------------------------------------
def test_focus_follows_an_ask_for_next_time_even_inside_a_meeting_with_that_focus():
    h = _balanced("- she'd like to talk about her career path next time, ran long today",
                  extra_focus="development")
    plan = _focus(h)
    assert plan.area is FocusArea.development and plan.report_ask is not None
    assert "career" in plan.reason


def test_an_ask_settled_in_a_meeting_with_that_focus_does_not_steer_again():
    h = _balanced("- she wants to grow toward staff; we mapped the gaps together",
                  extra_focus="development")
    assert _focus(h).report_ask is None


def test_asking_to_move_team_is_a_development_conversation():
    h = _balanced("- he asked whether he could move to the tooling team in Q1",
                  extra_focus="context")
    assert _focus(h).area is FocusArea.development


# --- focus: 2. the person --------------------------------------------------------------------
def test_fresh_worry_makes_wellbeing_the_focus_and_a_passing_state_does_not():
    worried = _balanced("- she's overwhelmed: covering two roles since the reorg, sleeping badly")
    plan = _focus(worried)
    assert plan.area is FocusArea.wellbeing and "overwhelmed" in plan.reason
    tired = _balanced("- fine, a bit tired after the offsite\n- billing export shipped")
    assert _focus(tired).area is not FocusArea.wellbeing


def test_weeks_without_a_check_in_make_wellbeing_the_focus():
    bodies = ["- (Ben) sharding design, wants a second opinion", "- (Ben) alerting thresholds",
              "- cluster cost 30% over, went thru options", "- (Ben) benchmark: 2.3x faster",
              "- rollout order of tenants agreed"]
    h = weekly("2026-10-13", bodies, person="Ben Okafor")
    assert Signal.no_person in _signals(h)
    assert _focus(h).area is FocusArea.wellbeing


# --- focus: 3. getting to know each other ----------------------------------------------------
def test_first_one_on_ones_get_to_know_the_person_not_feedback():
    assert _focus(history(note("2026-11-30", "- prep", "Nadia Haddad")), TODAY).area is (
        FocusArea.context)  # no held 1:1 before today
    one = history(note("2026-11-17", "First 1:1. She wants to get better at stats and "
                                     "experimentation; likes feedback in writing first.",
                       "Nadia Haddad"))
    area = _focus(one).area
    assert area in (FocusArea.context, FocusArea.wellbeing, FocusArea.development)
    assert area is not FocusArea.feedback


# --- focus: 4. the neglected area -------------------------------------------------------------
def test_neglected_area_never_the_overused_one_and_growth_before_feedback():
    bodies = ["- ENG-12 at 40%, PR up", "- ENG-12 merged, deploy Tue", "- ENG-19 blocked on review",
              "- how is he: good, rested\n- ENG-19 deployed"]
    h = weekly("2026-10-27", bodies, person="Tom Reyes")
    plan = _focus(h)
    assert plan.overused is FocusArea.delivery and plan.area is not FocusArea.delivery
    assert plan.area is FocusArea.development  # never-held areas: growth before feedback


# --- features --------------------------------------------------------------------------------
def test_report_voice_and_acknowledgements():
    assert report_voice("(Lena) wants to drop the nightly reindex", "Lena")
    assert report_voice("she flagged that the on-call load is uneven", "Lena")
    assert report_voice("Lena asked what the bar for senior is", "Lena")
    assert not report_voice("she said ok", "Lena")
    assert not report_voice("asked if she had topics, she said not really", "Lena")


def test_person_lines_ignore_work_senses():
    assert not is_person_line("my item: holiday on-call sheet")
    assert not is_person_line("moving the deadline to Friday")
    assert is_person_line("marathon training: knee is acting up, seeing a physio")
    assert is_person_line("how's he doing: fine, new flat is great")


def test_status_lines_are_task_updates_not_feedback_or_growth():
    assert is_status_line("cutover moved to Nov 10, migration on track")
    assert is_status_line("INFRA-240 60%")
    assert not is_status_line("feedback: his release notes are very clear")
    assert not is_status_line("growth: he wants to own the release tooling roadmap")


def test_sections_say_who_brought_the_topics():
    mine = note("2026-11-03", "My list:\n- Q4 dates\n- the new review guidelines\n"
                              "nothing from her today", "Grace Liu")
    f = meeting_features(mine, extract_items(mine))
    assert f["report_raised"] == 0 and f["manager_raised"] >= 2 and f["report_silent"]
    hers = note("2026-11-03", "## Grace's agenda\n- flaky integration env\n- training budget",
                "Grace Liu")
    assert meeting_features(hers, extract_items(hers))["report_raised"] >= 2


# --- warning signs ----------------------------------------------------------------------------
MANAGER_WEEKS = [
    "My agenda:\n- code review guidelines\n- Q4 priorities\nAnything from her? no, all good",
    "- told her about the on-call shadowing plan\n- walked her thru the incident",
    "I went through:\n- reorg announcement\n- offsite dates\nShe didn't have anything to add.",
    "- I covered the perf cycle timeline\n- she nodded, no questions",
    "- gave update on the invoices squad move\n- no topics from her again",
]


def test_manager_led_when_the_manager_brings_everything():
    h = weekly("2026-10-20", MANAGER_WEEKS, person="Grace Liu")
    sig = _signals(h)
    assert Signal.manager_led in sig
    _evidence_is_real(h, sig[Signal.manager_led])


def test_not_manager_led_when_the_report_shares_and_raises_things():
    bodies = ["- he's a bit worried the partner team will sit on the proposal",
              "- fb for me: he'd like an earlier heads-up on roadmap changes",
              "- (Ravi) wants to present at the arch forum",
              "- told him the dry run is booked\n- he raised the mentoring cadence"]
    assert Signal.manager_led not in _signals(weekly("2026-10-27", bodies, person="Ravi Rao"))


def test_status_drift_needs_most_recent_meetings_to_be_status():
    drift = ["- migration: cutover planned Nov 10\n- ticket backlog down to 14",
             "- load test passed, two flaky tests left\n- deploy checklist reviewed",
             "- INFRA-240 at 60%\n- uptime 99.9%", "- cutover went fine, a couple of alerts"]
    h = weekly("2026-10-27", drift, person="Kim Park")
    sig = _signals(h)
    assert Signal.status_drift in sig
    _evidence_is_real(h, sig[Signal.status_drift])
    mixed = ["- feedback: his release notes are very clear\n- found 3 judges for the hackathon",
             "- growth: wants to own the release tooling roadmap",
             "- short, release tooling roadmap draft", "- how he's doing: tired, new baby"]
    assert Signal.status_drift not in _signals(weekly("2026-10-27", mixed, person="Kim Park"))


def test_no_person_ignores_work_senses_of_personal_words():
    bodies = ["- INFRA-220 40%\n- cost report due Friday", "- my item: holiday on-call sheet",
              "- INFRA-231 done\n- reminded her of the change freeze", "- budget sheet review"]
    assert Signal.no_person in _signals(weekly("2026-10-27", bodies, person="Olga Ivanova"))
    bodies[2] = "- knee is acting up from marathon training, seeing a physio"
    assert Signal.no_person not in _signals(weekly("2026-10-27", bodies, person="Olga Ivanova"))


DROPPED = [
    "- Yuki asked if the team can pay for a Rust course. I'll check with Dana\n"
    "- she's finding it hard to work with Dario, he rewrites her code without telling her",
    "- ingestion perf numbers look good\n- demo on Friday",
    "- adoption by the data team: 2 pipelines moved",
    "- schema registry integration plan", "- design review for the registry went fine",
    "- self-assessment submitted\n- ingestion v2 plan",
]


def test_no_continuity_when_the_reports_asks_never_come_back():
    h = weekly("2026-10-06", DROPPED, person="Yuki Tanaka")
    sig = _signals(h)
    assert Signal.no_continuity in sig
    _evidence_is_real(h, sig[Signal.no_continuity])
    quotes = [ev.quote for ev in sig[Signal.no_continuity].evidence]
    assert any("Rust" in q or "Dario" in q for q in quotes)


def test_followed_up_in_other_words_is_continuity():
    bodies = list(DROPPED)
    bodies[2] = "- Dana approved the Rust course budget\n- pairing with Dario is going better"
    h = weekly("2026-10-06", bodies, person="Yuki Tanaka")
    assert Signal.no_continuity not in _signals(h)
    assert continuity(h, TODAY).followups


def test_a_worry_answered_on_the_spot_is_not_dropped():
    bodies = ["- he's worried about the FK constraints on invoices, we talked it thru",
              "- wave 1 dry run", "- wave 1 done", "- wave 2 planning", "- wave 2 done"]
    h = weekly("2026-10-13", bodies, person="Pablo Ruiz")
    assert not [d for d in continuity(h, TODAY).dropped if "FK" in d.item.quote]


def test_a_thread_mentioned_once_then_left_for_months_is_dropped():
    bodies = ["- Priya asked if we could talk about the promotion path\n- I'll pull together "
              "the senior rubric for her",
              "- we didn't get to the promotion stuff, ran out of time - next time"]
    bodies += ["- ENG-1402 at 40%", "- ENG-1402 at 60%, PR up", "- ENG-1419 fixed",
               "- ENG-1433 merged", "- ENG-1440 at 45%", "- ENG-1451 escalation"]
    h = weekly("2026-09-01", bodies, person="Priya Patel")
    dropped = [d.item.quote for d in continuity(h, TODAY).dropped]
    assert any("promotion" in q for q in dropped)
    assert Signal.no_continuity in _signals(h)


# --- meta ---------------------------------------------------------------------------------------
def test_meta_question_timing():
    def due(h, today=TODAY):
        return meta_due(h, today, health_signals(h, today)).due

    assert not due(history(note("2026-11-17", "- first 1:1, getting to know each other")))
    quiet = ["- how she's doing: good\n- (Ana) wants to lead the retro"] * 7
    assert due(weekly("2026-10-06", quiet, person="Ana Silva"))
    just_asked = quiet[:6] + ["- asked how these 1:1s are working for her: good, more whiteboard"]
    assert not due(weekly("2026-10-06", just_asked, person="Ana Silva"))
    h = weekly("2026-10-20", MANAGER_WEEKS, person="Grace Liu")
    assert _signals(h) and due(h)
