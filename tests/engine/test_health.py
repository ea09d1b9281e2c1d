from enginekit import TODAY, history, note, weekly

from coach.contracts import Signal
from coach.engine.health import health_signals

HEALTHY = [
    "How's he doing: good, rested after the weekend. He brought up the on-call rotation.\n"
    "- he wants to talk about the path to staff\n- I'll send him the Q4 roadmap by Friday",
    "- sent him the Q4 roadmap, he'd read it\n- gave him feedback on the design review, he "
    "gave me feedback too\n- he's enjoying the pairing, family trip coming up",
    "- reorg context: explained the platform split and why\n- he asked whether this changes "
    "the API proposal, I said no\n- how is he feeling: a bit tired, newborn nephew visiting",
    "- he raised the idea of a guild for API design\n- talked about his growth: went through "
    "the staff path rubric together\n- the nephew visit went well, he's rested",
    "- asked how these 1:1s are working for him: good, wants more thinking-out-loud time\n"
    "- on-call rotation: he's happy with the new schedule\n- how's he doing: good, garden is "
    "thriving",
    "- he suggested we rotate the retro format\n- feedback both ways on planning meetings\n"
    "- he's excited about the summit talk, feeling good",
]


def _signals(h):
    return {s.signal: s for s in health_signals(h, TODAY)}


def _assert_evidence(h, sig):
    assert sig.evidence, sig
    for ev in sig.evidence:
        m = h.meeting(ev.note_id)
        assert ev.date == m.date and ev.quote and ev.quote in m.body


def test_healthy_relationship_has_no_signals():
    assert _signals(weekly("2026-10-13", HEALTHY)) == {}


def test_first_meeting_has_no_signals():
    h = history(note("2026-11-20", "- PR merged\n- deploy Tue\n- ENG-12 at 80%"))
    assert health_signals(h, TODAY) == []


def test_cancelled_rate_with_short_notice():
    bodies = ["- how is he: fine\n- he brought up the roadmap"] * 7
    h = weekly("2026-09-22", bodies + ["cancelled morning of, he was slammed",
                                       "cancelled 10 min before, I got pulled in"],
               statuses={2: "cancelled", 4: "rescheduled", 7: "cancelled", 8: "cancelled"})
    sig = _signals(h)[Signal.cancelled]
    assert "short notice" in sig.detail
    _assert_evidence(h, sig)
    assert any("morning of" in ev.quote for ev in sig.evidence)


STATUS_WEEKS = [
    "- ENG-1402 at 40%\n- PR up for review\n- deploy on Tue\n- asked her to take ENG-1419",
    "- ENG-1402 at 55%, blocked on creds\n- I asked for an ETA on 1402\n- flag at 10%",
    "- ENG-1419 fixed, PR merged\n- told her to prioritise ENG-1402\n- deploy Wed",
    "- ENG-1402 at 85%, deploy next Tue\n- ENG-1433 PR up\n- reminded her about Q1 input",
    "- ENG-1440 at 45%\n- ENG-1451 escalation, I asked her to take it\n- flaky test parked",
]


def test_status_drift_manager_led_sameness_no_person():
    h = weekly("2026-10-20", STATUS_WEEKS, person="Priya Patel")
    sig = _signals(h)
    for s in (Signal.status_drift, Signal.manager_led, Signal.sameness, Signal.no_person):
        assert s in sig, s
        _assert_evidence(h, sig[s])
    assert "delivery" in sig[Signal.sameness].detail


def test_no_continuity_when_raised_things_are_dropped():
    early = ["- Priya asked if we could talk about the promotion path\n- I'll pull together "
             "the senior rubric for her\n- she's curious about terraform and infra work",
             "- she wants to lead the retro redesign\n- I'll ask Lena about conference budget"
             "\n- she mentioned her mom is sick, worried about travel"]
    h = weekly("2026-08-04", early + STATUS_WEEKS * 2, person="Priya Patel")
    sig = _signals(h)[Signal.no_continuity]
    _assert_evidence(h, sig)
    assert any("promotion" in ev.quote for ev in sig.evidence)


def test_followed_up_threads_do_not_trigger_no_continuity():
    bodies = ["- I'll send Sam the Q4 roadmap\n- Sam to write the API proposal\n- he asked "
              "about KubeCon budget",
              "- sent Sam the roadmap\n- API draft is done\n- KubeCon budget approved",
              "- how is he: good\n- he brought up the summit"] * 2
    assert Signal.no_continuity not in _signals(weekly("2026-08-04", bodies))
