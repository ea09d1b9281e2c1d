"""Warning signs that a 1:1 is losing its value (PRINCIPLES.md "Why 1:1s fail"), with evidence.

Each signal is deliberately conservative: none is dramatic on its own, and a healthy
relationship must show none, so every threshold below asks for a pattern over several
meetings, never a single bad week. Evidence always cites real notes with quotes from them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from coach.contracts import FocusArea, HealthSignal, MeetingStatus, Signal, Source
from coach.engine.continuity import CONTINUITY_WINDOW_DAYS
from coach.engine.gap import gap_signal
from coach.engine.memo import continuity_for
from coach.engine.shape import (
    TASK_ONLY_KINDS,
    metric_line,
    person_checkin,
    person_line,
    shape,
    status_share,
)
from coach.extract import lexicon as lx
from coach.extract import signals_lexicon as sx
from coach.extract.features import is_status_line, manager_voice
from coach.extract.items import is_injection
from coach.history import History, ItemRecord, MeetingRecord, days_before

# --- cancelled / rescheduled: a rate over recent weeks -------------------------------------
# Eight weeks is two months of weekly or four of fortnightly 1:1s: long enough that one sick
# day is noise, short enough to catch a recent slide.
CANCEL_WINDOW_DAYS = 56
# Need at least this many scheduled meetings in the window before a rate means anything.
CANCEL_MIN_SCHEDULED = 4
# Share of scheduled meetings lost; a rescheduled one still happened, so it counts half.
CANCEL_RATE = 0.4
RESCHEDULED_WEIGHT = 0.5
# Two short-notice cancellations ("morning of", "10 min before") in the window are a sign
# even when the overall rate is lower.
SHORT_NOTICE_MIN = 2

# --- shape of recent held meetings ---------------------------------------------------------
# The last N held meetings are "recent"; fewer than MIN_HELD and we say nothing.
RECENT_HELD = 4
MIN_HELD = 3
# Manager-led: in at least this share of recent meetings the report raised nothing.
MANAGER_LED_SHARE = 0.75
# ...and the manager visibly drove at least this many of them (a topic, "told her...").
MANAGER_LED_MIN_DRIVEN = 2
# Status drift: the average share of status-update lines, and how many meetings must be
# mostly status (a single release week is not drift).
STATUS_MEAN = 0.5
STATUS_MEETING = 0.5
STATUS_MEETINGS_MIN = 3
# Sameness: this many consecutive held meetings with the same focus.
SAMENESS_RUN = 4
# All task, no person: this many consecutive held meetings without a check-in on the person,
# spanning at least this many days.
NO_PERSON_RUN = 4
NO_PERSON_MIN_DAYS = 21

# --- continuity (see coach/engine/continuity.py for what counts as dropped) ----------------
# Signal when the dropped things weigh at least this much (about two things ignored for a
# month, or one ignored for two months) and are MORE than this share of all things judged
# (most of what was raised went nowhere): a relationship that follows up on most things can
# leave an idea or two behind.
DROPPED_WEIGHT_MIN = 2.0
DROPPED_SHARE = 0.5
# Or: continuity has stalled - at least this many things were dropped and none of the last
# STALLED_HELD held 1:1s came back to anything raised before (weeks of pure status).
STALLED_HELD = 4
STALLED_DROPPED = 2
# Or: at least half of what was judged was dropped and the drops are heavy (about two things
# ignored for two months each): the follow-ups there were went to lesser things.
HEAVY_WEIGHT = 2 * DROPPED_WEIGHT_MIN

MAX_EVIDENCE = 4


def _source(m: MeetingRecord, quote: str | None = None) -> Source:
    if quote is None:
        quote = next((it.quote for it in _shared_items(m)), next(
            (it.quote for it in m.items if not it.private), ""))
    return m.source(quote)


def _shared_items(m: MeetingRecord) -> list[ItemRecord]:
    """Quotable, non-private lines of a meeting (a bare "status:" makes poor evidence)."""
    return [it for it in m.items if not it.private and not is_injection(it.quote)
            and len(it.quote.split()) >= 3]


def _cancelled(history: History, today: dt.date) -> HealthSignal | None:
    start = days_before(today, CANCEL_WINDOW_DAYS)
    window = [m for m in history.meetings if start <= m.date <= today]
    if len(window) < CANCEL_MIN_SCHEDULED:
        return None
    lost = [m for m in window if not m.held]
    weight = sum(1.0 if m.status is MeetingStatus.cancelled else RESCHEDULED_WEIGHT for m in lost)
    short = [m for m in lost if m.features.get("short_notice")]
    rate = weight / len(window)
    if rate < CANCEL_RATE and len(short) < SHORT_NOTICE_MIN:
        return None
    n_c = sum(1 for m in lost if m.status is MeetingStatus.cancelled)
    n_r = len(lost) - n_c
    by_mgr = sum(1 for m in lost if m.features.get("cancelled_by") == "manager")
    detail = (f"{n_c} cancelled and {n_r} rescheduled of {len(window)} scheduled 1:1s in the last "
              f"{CANCEL_WINDOW_DAYS // 7} weeks")
    if short:
        detail += f"; {len(short)} at short notice"
        detail += f" ({', '.join(m.date.isoformat() for m in short[:MAX_EVIDENCE])})"
    if by_mgr:
        detail += f"; {by_mgr} cancelled from your side"
    evidence = [_source(m) for m in (short + [m for m in lost if m not in short])][:MAX_EVIDENCE]
    return HealthSignal(signal=Signal.cancelled, detail=detail + ".", evidence=evidence)


def _recent_held(history: History, today: dt.date, n: int = RECENT_HELD) -> list[MeetingRecord]:
    return [m for m in history.held if m.date <= today][-n:]


def _led_by_manager(m: MeetingRecord) -> bool:
    """Nothing in the notes came from the report, and the manager visibly drove the meeting
    (topics, "told her...", "walked him through...") or the notes say the report had nothing."""
    f = m.features
    return not f.get("report_raised") and bool(f.get("manager_raised") or f.get("report_silent"))


def _manager_led(recent: list[MeetingRecord], first: str) -> HealthSignal | None:
    if len(recent) < MIN_HELD:
        return None
    led = [m for m in recent if _led_by_manager(m)]
    if len(led) < MANAGER_LED_SHARE * len(recent):
        return None
    driven = sum(1 for m in led if m.features.get("manager_raised"))
    if driven + sum(1 for m in led if m.features.get("report_silent")) < MANAGER_LED_MIN_DRIVEN:
        return None
    evidence = []
    for m in led:
        q = next((it.quote for it in _shared_items(m) if manager_voice(it.quote)
                  or sx.SILENCE.search(it.quote)), None)
        evidence.append(_source(m, q))
    return HealthSignal(
        signal=Signal.manager_led,
        detail=(f"In {len(led)} of the last {len(recent)} 1:1s every topic came from you; "
                f"the notes show nothing {first} brought."),
        evidence=evidence[:MAX_EVIDENCE])


def _rundown_share(m: MeetingRecord, first: str) -> float:
    """A delivery 1:1 the manager ran alone ("My items: enrichment audit results, weekend rota,
    PPE stock"; "Rhys: nothing to add"): its task items are a status rundown even without a
    status word in them. Lead-ins ("My items:") and the report's silence are not counted."""
    if not _led_by_manager(m) or shape(m, first) is not FocusArea.delivery:
        return 0.0
    items = [it for it in _shared_items(m) if not it.quote.rstrip().endswith(":")
             and not sx.SILENCE.search(it.quote)]
    if not items:
        return 0.0
    task = [it for it in items if it.kind in TASK_ONLY_KINDS and not person_line(it.quote, first)]
    return len(task) / len(items)


def _status_drift(recent: list[MeetingRecord], first: str) -> HealthSignal | None:
    if len(recent) < MIN_HELD:
        return None
    ratios = [max(status_share(m, first), _rundown_share(m, first)) for m in recent]
    mostly = [m for m, r in zip(recent, ratios, strict=True) if r >= STATUS_MEETING]
    mean = sum(ratios) / len(ratios)
    if mean < STATUS_MEAN or len(mostly) < min(STATUS_MEETINGS_MIN, len(recent)):
        return None
    evidence = []
    for m in mostly:
        q = next((it.quote for it in _shared_items(m) if is_status_line(it.quote)
                  or metric_line(it.quote)), None)
        evidence.append(_source(m, q))
    return HealthSignal(
        signal=Signal.status_drift,
        detail=(f"{len(mostly)} of the last {len(recent)} 1:1s were mostly status updates "
                f"({round(mean * 100)}% of lines on average) - that could have been an email."),
        evidence=evidence[:MAX_EVIDENCE])


def _sameness(history: History, today: dt.date, first: str) -> HealthSignal | None:
    run = _recent_held(history, today, SAMENESS_RUN)
    if len(run) < SAMENESS_RUN:
        return None
    areas = {shape(m, first) for m in run}
    if len(areas) != 1 or None in areas:
        return None
    (area,) = areas
    assert area is not None
    cue = lx.FOCUS_CUES[area]
    evidence = [_source(m, next((it.quote for it in _shared_items(m) if cue.search(it.quote)),
                                None)) for m in run]
    return HealthSignal(
        signal=Signal.sameness,
        detail=f"The last {len(run)} 1:1s all had the same focus: {area.value}.",
        evidence=evidence[:MAX_EVIDENCE])


def no_person_signal(history: History, today: dt.date) -> HealthSignal | None:
    """The "all task, no person" sign alone (the focus suggestion asks for it)."""
    past = History(history.person_id, history.person,
                   [m for m in history.meetings if m.date <= today])
    names = history.person.split()
    return _no_person(past, today, names[0] if names else history.person)


def _no_person(history: History, today: dt.date, first: str) -> HealthSignal | None:
    run = _recent_held(history, today, NO_PERSON_RUN)
    if len(run) < NO_PERSON_RUN or (run[-1].date - run[0].date).days < NO_PERSON_MIN_DAYS:
        return None
    if any(person_checkin(m, first) for m in run):
        return None
    return HealthSignal(
        signal=Signal.no_person,
        detail=(f"None of the last {len(run)} 1:1s (since {run[0].date.isoformat()}) has a "
                f"check-in on how {first} is doing - only the work."),
        evidence=[_source(m) for m in run][:MAX_EVIDENCE])


def _no_continuity(history: History, today: dt.date, first: str) -> HealthSignal | None:
    c = continuity_for(history, today)
    dropped, judged = c.dropped, c.judged
    weight = sum(d.weight for d in dropped)
    if weight < DROPPED_WEIGHT_MIN:
        return None
    recent = _recent_held(history, today, STALLED_HELD)
    stalled = (len(recent) == STALLED_HELD and len(dropped) >= STALLED_DROPPED
               and not any(d >= recent[0].date for d in c.followups))
    heavy = weight >= HEAVY_WEIGHT and len(dropped) >= DROPPED_SHARE * judged
    if len(dropped) <= DROPPED_SHARE * judged and not stalled and not heavy:
        return None
    dropped.sort(key=lambda d: (not d.by_report, -d.weight))
    asks = sum(1 for d in dropped if d.by_report)
    detail = (f"{len(dropped)} of {judged} things raised over the last "
              f"{CONTINUITY_WINDOW_DAYS // 30} months never came up again")
    if asks:
        detail += f", including {asks} that {first} raised"
    return HealthSignal(signal=Signal.no_continuity, detail=detail + ".",
                        evidence=[d.meeting.source(d.item.quote) for d in dropped][:MAX_EVIDENCE])


def health_signals(history: History, today: dt.date) -> list[HealthSignal]:
    """Warning signs for one relationship as of ``today`` (none for a healthy one)."""
    past = [m for m in history.meetings if m.date <= today]
    if len([m for m in past if m.held]) < 2 and len(past) < CANCEL_MIN_SCHEDULED:
        return []
    h = history if len(past) == len(history.meetings) else History(
        history.person_id, history.person, past)
    # Calendar-only meetings (no notes) count for the schedule signs, not the notes' shape.
    full = h
    if any(m.features.get("calendar") for m in past):
        h = History(history.person_id, history.person,
                    [m for m in past if not m.features.get("calendar")])
    first = history.person.split()[0] if history.person.split() else history.person
    recent = _recent_held(h, today)
    found = [
        _cancelled(full, today), _manager_led(recent, first), _status_drift(recent, first),
        _sameness(h, today, first), _no_continuity(h, today, first), _no_person(h, today, first),
        gap_signal(full, today),
    ]
    return [s for s in found if s is not None]


def focus_counts(meetings: list[MeetingRecord]) -> Counter:
    return Counter(m.effective_focus for m in meetings if m.effective_focus is not None)
