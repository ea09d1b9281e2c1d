"""Suggest the focus for the next 1:1, as a priority (PRINCIPLES.md practices 2 and 3):

0. wellbeing, when grave news the check-in opens with (a death, a hospital stay, an assault,
   a miscarriage) is still open and at most GRAVE_FOCUS_DAYS old: the 1:1 after hard news
   is not the one for the career talk, however often wellbeing came up lately;
1. what the report asked to talk about and has not had the conversation for yet (an explicit
   "wants to talk career next time" beats a stated interest; newer beats older);
2. wellbeing, when they shared a real worry in the last couple of 1:1s that is still open, or
   the notes show no check-in on the person for weeks (the no_person warning sign);
3. in a first 1:1 or a very short history: get to know them - their goals (development), the
   why of the work (context), how they are - rather than feedback, which needs trust first;
4. otherwise the most neglected area over recent held 1:1s, feedback included, so the rotation
   covers all five areas over time.

The area the last several meetings were stuck on (over-used) is never suggested, except for
grave news (0) or a worry from the very last 1:1 (2).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from pydantic import BaseModel

from coach.contracts import FocusArea, HealthSignal, ItemKind, Party, Signal, Thread
from coach.engine.checkin import topic_words
from coach.engine.memo import attached_facts, continuity_for, matcher_for
from coach.extract import lexicon as lx
from coach.extract.features import report_voice
from coach.history import History, MeetingRecord
from coach.rules import rx

# How many recent held meetings the rotation looks at.
FOCUS_WINDOW = 6
# An area is over-used when it was the focus of at least this many of those meetings and at
# least this share of them: it is then never suggested.
OVERUSED_MIN = 2
OVERUSED_SHARE = 0.5
# Task status gets airtime in standups and chat anyway, so delivery counts as already covered
# once when picking the neglected area.
DELIVERY_HANDICAP = 1
# Preference among equally neglected areas: growth and the person first (they build the trust
# that feedback needs), then feedback, then context; delivery happens anyway.
PREFERENCE = (FocusArea.development, FocusArea.wellbeing, FocusArea.feedback, FocusArea.context,
              FocusArea.delivery)
# A worry counts for the focus when it was shared in one of the last N held 1:1s.
RECENT_CONCERN_HELD = 2
# ...or earlier, up to this long ago, when no later 1:1 came back to it.
WORRY_MAX_DAYS = 90
# An ask the report raised themselves in this many 1:1s ("wants to talk about the registrar
# path", later "she raised the registrar conversation again") and never had its conversation
# for is suggested even when its area looks over-used: the notes were talking around it.
ASKED_AGAIN = 2
# Grave news still open (a death, a hospital stay, an assault, a diagnosis) shared up to this
# long ago makes wellbeing the focus before any ask or rotation: the 1:1 after a miscarriage is
# not the one for the career talk.
GRAVE_FOCUS_DAYS = 56
# Up to this many held 1:1s is "getting to know each other".
SHORT_HISTORY = 2
GET_TO_KNOW = (FocusArea.development, FocusArea.context, FocusArea.wellbeing)

_CONTEXT_ASK = re.compile(r"\b(?:strateg\w*|roadmap|priorit\w*|bigger picture|why|reorg\w*|"
                          r"vision|direction|plan(?:ning)?|org|merg\w*|announce\w*)\b", re.I)
# A question about why the organisation is changing: the context behind the work.
_WHY_ASK = re.compile(r"\bwhy\b|\bwhat happens to\b|\b(?:reorg\w*|restructur\w*|merg\w+|"
                      r"strateg\w*)\b", re.I)
# Moving team or role is a career conversation.
_MOVE_ASK = re.compile(r"\b(?:move|moving|switch\w*|transfer\w*|join)\b[^.;]{0,30}\b(?:team|"
                       r"squad|role|org|track|rotation)\b|\b(?:internal|new) role\b|"
                       # "moving towards buying", "move into management"; not "into a flat"
                       r"\bmov(?:e|ing) (?:towards?|into) "
                       r"(?!(?:(?:a|an|the|her|his|their|my|our) )?(?:new |bigger |smaller )?"
                       r"(?:town|house|flat|home|place|apartment|area|"
                       r"city|country|village|room|halls)\b)(?:(?:a|an|the) )?[a-z]{4,}", re.I)
# The report asking for something, in so many words.
_ASKED = re.compile(r"\b(?:asked|asks|raised|brought (?:it |this )?up|wants to talk|keeps? "
                    r"asking)\b", re.I)
# The ask points at a later conversation: it is still waiting for its meeting even if it was
# raised in one with the same focus.
_LATER = re.compile(r"\b(?:next (?:time|week|1:1|one)|later|come back to|keep talking|revisit|"
                    r"follow[ -]?up|circle back|didn(?:'|’)?t get to|ran out of time|"
                    r"another time|park(?:ed)?|pick (?:it|this) up|=)\b", re.I)
# The conversation the ask wanted was squeezed out where it last came up ("only 5 min at the
# end", "ran out of time again", "not good enough"): it is still waiting.
_SQUEEZED = re.compile(r"\b(?:ran out of time|no time|didn(?:'|’)?t get to|only \d+ ?min\w*|"
                       r"\d+ ?min\w* at the end|not (?:good )?enough|squeezed|cut short|"
                       r"rushed|pushed (?:out|back))\b", re.I)
# A real worry (not "a bit tired"): the kind a manager should make room for.
_WORRY = re.compile(
    r"\b(?:stress\w*|worr\w+|anxi\w+|frustrat\w*|burn(?:ed|t|ing)?[ -]?out|burnout|"
    r"overwhelm\w*|stretched|struggl\w*|unhappy|upset|undervalued|demotivat\w*|"
    r"hard to work with|friction|isolated|lonely|disconnected|exhausted|drained|"
    r"hospital\w*|surgery|funeral|grie\w+|divorce|sick|thinking (?:about|of) leaving|"
    r"sleeping badly|not sleeping|running on (?:empty|fumes)|wearing thin|uncertain|unsettled|"
    r"rattled|killing (?:her|his|their|my) sleep)\b", re.I)

# An agreement about what the NEXT 1:1 is for ("we agreed to make next week's 1:1 about feedback
# both ways"): the cue words after it name the area.
_NEXT_ABOUT = re.compile(
    r"\bnext (?:week(?:'|’)?s |time(?:'|’)?s |month(?:'|’)?s )?(?:1:1|one-on-one|one|meeting|"
    r"session|catch[- ]?up)\b[^.;]{0,20}?\b(?:is |be |will be )?(?:about|on|for|focus(?:ed)? on)\b"
    r"([^.;]*)", re.I)


# A line of the last 1:1 about something to be ready BY the next one ("I'll give her written
# feedback before we meet"): the next 1:1 talks it through.
_FOR_NEXT = rx("focus.for_next_meeting")


class FocusPlan(BaseModel):
    area: FocusArea
    reason: str
    window: int
    recent_counts: dict[str, int]
    overused: FocusArea | None = None
    last_seen: dict[str, dt.date | None]
    report_ask: Thread | None = None


def ask_area(thread: Thread) -> FocusArea | None:
    """The focus area a report's open ask is about."""
    text = thread.text
    if thread.kind is ItemKind.growth and _WHY_ASK.search(text) and not (
            lx.GROWTH.search(text) or _MOVE_ASK.search(text)):
        return FocusArea.context  # "asked straight out: why, and what happens to his job?"
    if thread.kind is ItemKind.growth:
        return FocusArea.development  # "wants to get better at X; likes feedback in writing"
    if lx.FEEDBACK.search(text) or lx.META.search(text):
        return FocusArea.feedback
    if (lx.PAY.search(text) or lx.GROWTH.search(text) or _MOVE_ASK.search(text)
            or thread.kind is ItemKind.growth):
        return FocusArea.development
    if _CONTEXT_ASK.search(text):
        return FocusArea.context
    if thread.kind is ItemKind.concern:
        return FocusArea.wellbeing
    return None


def text_area(text: str) -> FocusArea | None:
    """The focus area a line asking for a talk is about, from its words alone."""
    if lx.FEEDBACK.search(text) or lx.META.search(text):
        return FocusArea.feedback
    if lx.PAY.search(text) or lx.GROWTH.search(text) or _MOVE_ASK.search(text):
        return FocusArea.development
    return FocusArea.context if _CONTEXT_ASK.search(text) else None


def _quoted(quote: str) -> str:
    """A quote as the end of a sentence: \u201c...\u201d plus a full stop when it has none."""
    q = quote.strip()
    return f"\u201c{q}\u201d" + ("" if q.endswith((".", "!", "?")) else ".")


def _line_of(history: History, t: Thread) -> str:
    """The whole note line a thread sits on ("...SRE rotation. no rush, we'll keep talking")."""
    try:
        m = history.meeting(t.source.note_id)
    except KeyError:
        return t.source.quote
    line_no = next((it.line_no for it in m.items if it.id == t.id), None)
    return " ".join(it.quote for it in m.items if it.line_no == line_no) or t.source.quote


def _waiting_ask(history: History, held: list[MeetingRecord], asks: list[Thread],
                 overused: FocusArea | None) -> tuple[Thread, FocusArea] | None:
    """The report's newest ask still waiting for its conversation: no held 1:1 after it was
    last raised had that focus, and it was not settled in the 1:1 where it came up (raised in
    a meeting with that focus, unless it points at a later one: "next time", "keep talking")."""
    if not asks:
        return None
    first = history.person.split()[0] if history.person.split() else history.person
    facts = attached_facts(history)  # which meetings came back to a thread: any day
    words = {t.id: topic_words(t.text) for t in asks}
    for t in sorted(asks, key=lambda t: (t.kind is ItemKind.request, t.since), reverse=True):
        # The same ask raised again in other words ("wants to talk about the registrar
        # path", later "raised the registrar conversation again"): one ask, several 1:1s.
        same = [u for u in asks if u.id != t.id and words[t.id] & words[u.id]]
        # the report asking for the same talk in lines that were never threads ("she asked if
        # we could talk about moving towards buying", "she asked a third time about buying"):
        # each 1:1 they asked in counts, before or after this line, and says what it is about
        again_lines = [(m.id, it.quote) for m in held for it in m.items
                       if not it.private and _ASKED.search(it.quote)
                       and report_voice(it.quote, first)
                       and (words[t.id] & topic_words(it.quote)) - {first.lower()}]
        area = ask_area(t) or next((a for a in map(ask_area, same) if a is not None), None) \
            or next((a for a in (text_area(q) for _, q in again_lines) if a is not None), None)
        if area is None:
            continue
        if facts is not None and t.id in facts.mentions:
            came_back = set(facts.mentions[t.id])
        else:
            came_back = {ln.meeting.id for ln in matcher_for(history).mentions(t.id)}
        raised = {t.source.note_id} | came_back | {u.source.note_id for u in same}
        asked = {u.source.note_id for u in (t, *same) if report_voice(u.source.quote, first)}
        asked |= {mid for mid in came_back if any(
            report_voice(it.quote, first) and words[t.id] & topic_words(it.quote)
            for it in history.meeting(mid).items)}
        again = {mid for mid, _ in again_lines}
        asked |= again
        raised |= again
        if area is overused and len(asked) < ASKED_AGAIN:
            continue  # the rotation steers away, unless they keep asking for it
        last = max(history.meeting(mid).date for mid in raised)
        last_ids = {mid for mid in raised if history.meeting(mid).date == last}
        squeezed = any(_SQUEEZED.search(it.quote) and words[t.id] & topic_words(it.quote)
                       for mid in last_ids for it in history.meeting(mid).items)
        later = bool(_LATER.search(_line_of(history, t))) or squeezed
        addressed = any(m.effective_focus is area for m in held if m.date > last or (
            not later and m.id in raised and m.date == last))
        if not addressed:
            return t, area
    return None


def agreed_next(history: History, held: list[MeetingRecord]) -> tuple[FocusArea, str] | None:
    """The area the last held 1:1 agreed the next one would be about, with the line."""
    if not held:
        return None
    for it in held[-1].items:
        m = None if it.private else _NEXT_ABOUT.search(it.quote)
        if m is None:
            continue
        hits = {a: len(cue.findall(m.group(1))) for a, cue in lx.FOCUS_CUES.items()}
        best = max(hits.values())
        if best > 0:
            return next(a for a in PREFERENCE if hits[a] == best), it.quote
    # Something to have ready by the next 1:1 ("written feedback before we meet"): its area,
    # unless it is just a task (delivery: a deadline is not a conversation).
    ready = [it.quote for it in held[-1].items if not it.private and _FOR_NEXT.search(it.quote)]
    hits = {a: sum(len(cue.findall(q)) for q in ready) for a, cue in lx.FOCUS_CUES.items()
            if a is not FocusArea.delivery}
    best = max(hits.values(), default=0)
    if best > 0:
        area = next(a for a in PREFERENCE if hits.get(a) == best)
        return area, next(q for q in ready if lx.FOCUS_CUES[area].search(q))
    return None


def _grave_news(history: History, held: list[MeetingRecord], today: dt.date
                ) -> Thread | None:
    """Grave news the check-in opens with, still open and shared (or back again) within
    GRAVE_FOCUS_DAYS: a parent in hospital, a death, an assault, a miscarriage."""
    from coach.engine.checkin_kept import checkin

    if not held:
        return None
    c = checkin(history, today, held[-1].date)
    if (c.thread is None or c.thread.private or not c.grave or c.live_since is None
            or (today - c.live_since).days > GRAVE_FOCUS_DAYS):
        return None
    return c.thread


def _open_worry(history: History, held: list[MeetingRecord], threads: list[Thread],
                today: dt.date) -> tuple[Thread, bool] | None:
    """An open worry the report shared: in one of the last couple of held 1:1s, or earlier
    (within WORRY_MAX_DAYS) and dropped - not answered on the spot, never come back to (see
    coach/engine/continuity.py). Returns (thread, recent?)."""
    recent = {m.id for m in held[-RECENT_CONCERN_HELD:]}
    worries = [t for t in threads if t.kind is ItemKind.concern and not t.private
               and t.status in ("open", "follow_up") and _WORRY.search(t.source.quote)
               and (today - t.since).days <= WORRY_MAX_DAYS]
    for t in worries:
        if t.source.note_id in recent:
            return t, True
    if not worries:
        return None
    dropped = {d.item.id for d in continuity_for(history, today).dropped}
    return next(((t, False) for t in worries if t.id in dropped), None)


def _renewed_strain(history: History, held: list[MeetingRecord], today: dt.date
                    ) -> tuple[Thread, bool] | None:
    """A lasting strain the last couple of held 1:1s came back to ("the rota for nights is
    killing her sleep" in April, "she's doing nights again" in June): the same worry as a
    fresh one, found through the check-in's choice (coach/engine/checkin.py)."""
    from coach.engine.checkin_kept import checkin

    recent = held[-RECENT_CONCERN_HELD:]
    if not recent:
        return None
    c = checkin(history, today, held[-1].date)
    if (c.thread is None or c.thread.private or not c.strain or c.live_since is None
            or c.live_since < recent[0].date):
        return None
    return c.thread, True


def _no_person(history: History, today: dt.date,
               signals: list[HealthSignal] | None) -> bool:
    if signals is None:
        from coach.engine.health import no_person_signal

        return no_person_signal(history, today) is not None
    return any(s.signal is Signal.no_person for s in signals)


def suggest_focus(history: History, today: dt.date, open_threads: list[Thread],
                  signals: list[HealthSignal] | None = None) -> FocusPlan:
    """The focus for the next 1:1 (see the module docstring for the order of the rules).
    ``signals`` are the relationship's warning signs when the caller has them already."""
    held = [m for m in history.held if m.date <= today]
    window = held[-FOCUS_WINDOW:]
    counts = Counter(m.effective_focus for m in window if m.effective_focus is not None)
    last_seen: dict[str, dt.date | None] = {a.value: None for a in FocusArea}
    for m in held:
        if m.effective_focus is not None:
            last_seen[m.effective_focus.value] = m.date
    overused = None
    if counts:
        top, n = counts.most_common(1)[0]
        if n >= OVERUSED_MIN and n >= OVERUSED_SHARE * len(window):
            overused = top
    shape = ", ".join(f"{a.value} {counts[a]}" for a in PREFERENCE if counts.get(a))
    base = (f"The last {len(window)} held 1:1s were about: {shape}." if shape
            else "No earlier 1:1 to rotate from yet.")
    first = history.person.split()[0] if history.person.split() else history.person

    def plan(area: FocusArea, reason: str, ask: Thread | None = None) -> FocusPlan:
        if overused is not None and window and area is not overused:
            reason += f" Steer away from {overused.value} for once."
        return FocusPlan(area=area, reason=reason, window=len(window),
                         recent_counts={a.value: k for a, k in counts.items()},
                         overused=overused, last_seen=last_seen, report_ask=ask)

    # 0. Grave news: make room for the person before any ask or rotation, even when
    # wellbeing was the focus a lot lately.
    grave = _grave_news(history, held, today)
    if grave is not None:
        return plan(FocusArea.wellbeing,
                    f"{first} shared hard news on {grave.since.isoformat()} that is still "
                    f"open: {_quoted(grave.source.quote)} Make room for how they are before "
                    f"any other topic. {base}")

    # 1. What the report asked to talk about.
    asks = [t for t in open_threads if not t.private and t.kind in (
        ItemKind.request, ItemKind.growth, ItemKind.topic) and t.owner in (None, Party.report)]
    waiting = _waiting_ask(history, held, asks, overused)
    if waiting is not None:
        t, area = waiting
        return plan(area, f"{first} asked for this on {t.since.isoformat()} and it is still "
                          f"open: {_quoted(t.source.quote)} {base}", t)

    agreed = agreed_next(history, held)
    if agreed is not None and agreed[0] is not overused:
        said = ("what this 1:1 would be about" if _NEXT_ABOUT.search(agreed[1])
                else "to have this ready for this 1:1")
        return plan(agreed[0], f"You agreed last time {said}: {_quoted(agreed[1])} {base}")

    # 2. The person: a fresh worry, or weeks without a check-in. A worry from the LAST 1:1
    # ("exhausted, moving house this weekend") wins even when wellbeing was the focus a lot:
    # steering away from it then would embarrass the manager.
    found = _open_worry(history, held, open_threads, today)
    if found is None:
        found = _renewed_strain(history, held, today)
    fresh = found is not None and bool(held) and found[0].source.note_id == held[-1].id
    if overused is not FocusArea.wellbeing or fresh:
        if found is not None:
            worry, recent = found
            since = "" if recent else " and nobody has come back to it since"
            return plan(FocusArea.wellbeing,
                        f"{first} shared a worry on {worry.since.isoformat()} that is still "
                        f"open{since}: {_quoted(worry.source.quote)} Make room for how "
                        f"they are before the work. {base}")
        if len(held) > SHORT_HISTORY and _no_person(history, today, signals):
            return plan(FocusArea.wellbeing,
                        f"None of the recent 1:1s checked in on how {first} is doing - only "
                        f"the work. {base}")

    # 3. Getting to know each other: goals, the why, the person - feedback needs trust first.
    if len(held) <= SHORT_HISTORY:
        area = min(GET_TO_KNOW, key=lambda a: (counts.get(a, 0), GET_TO_KNOW.index(a)))
        if not held:
            return plan(FocusArea.context, "First 1:1: start with the person and with context "
                                           "(how the team works, what matters and why).")
        return plan(area, f"Only {len(held)} 1:1{'s' if len(held) > 1 else ''} so far: keep "
                          f"getting to know {first} - their goals, the why of the work, how "
                          f"they are - before feedback. {base}")

    # 4. The most neglected area over recent held 1:1s.
    def key(a: FocusArea) -> tuple:
        k = counts.get(a, 0) + (DELIVERY_HANDICAP if a is FocusArea.delivery else 0)
        return (k, last_seen[a.value] or dt.date.min, PREFERENCE.index(a))

    choices = [a for a in FocusArea if a is not overused] or list(FocusArea)
    area = min(choices, key=key)
    seen = last_seen[area.value]
    if seen is None:
        reason = f"{area.value.capitalize()} has not been the focus of any 1:1 so far. {base}"
    else:
        reason = f"{area.value.capitalize()} was last the focus on {seen.isoformat()}. {base}"
    return plan(area, reason)
