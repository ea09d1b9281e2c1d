"""The deterministic writer: word a ``BriefPlan`` from question banks, no model needed.

Wording varies with a seed derived from the person and the date, so consecutive briefs do
not read as the same script, while the same inputs always give the same brief.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from coach.contracts import Brief, Focus, Prompted
from coach.engine.plan import BriefPlan
from coach.writer import questions as q

# Agenda topics are quoted from the notes, shortened to this many characters.
TOPIC_CHARS = 90
MAX_AGENDA_TOPICS = 3
FOCUS_QUESTION_COUNT = 3


def _short(text: str, limit: int = TOPIC_CHARS) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "..."


# Where a note line's first clause ends: the agenda quotes only the topic a line opens with
# ("registrar chat - only 5 min at the end, I talked about the deadline instead" -> "registrar
# chat..."), not the manager's comment after it.
_CLAUSE_END = re.compile(r"\s+[-\u2013\u2014]\s+|[.;]\s+|\s+\u2192\s*")


def _topic(text: str) -> str:
    """The line's opening clause when it has at least two words, else the shortened line."""
    text = " ".join(text.split())
    head = _CLAUSE_END.split(text, maxsplit=1)[0].rstrip(",;:")
    if head != text and len(head.split()) >= 2:
        return _short(head) + ("" if len(head) > TOPIC_CHARS else "...")
    return _short(text)


def _pick(rng: random.Random, options: Sequence[str]) -> str:
    return options[rng.randrange(len(options))]


# A relative said back ("your mother", "your kids"): asked about as a person ("How is your
# mother doing?"), not as a topic ("how are things with your mother now").
_KIN_PHRASE = re.compile(
    r"^your (?:mum|mom|dad|mother|father|parents|kids?|son|daughter|wife|husband|partner|"
    r"boyfriend|girlfriend|fianc\w*|sister|brother|grandma|grandmother|grandpa|grandfather|"
    r"nan|gran|granny|family|(?:mother|father|sister|brother|son|daughter)-in-law|new \w+)$")


def _check_in(plan: BriefPlan, rng: random.Random) -> Prompted:
    c = plan.checkin
    bank: Sequence[str]
    if c.thread is not None and c.phrase:
        kin = _KIN_PHRASE.match(c.phrase)
        if c.loss:
            bank = q.CHECKIN_LOSS
        elif c.resolved:
            bank = q.CHECKIN_RESOLVED
        elif kin:
            bank = q.CHECKIN_KIN
        elif c.observed:
            bank = q.CHECKIN_OBSERVED
        elif c.life:
            bank = q.CHECKIN_LIFE if c.last_meeting else q.CHECKIN_LIFE_EARLIER
        elif c.last_meeting:
            bank = q.CHECKIN_MENTIONED
        else:
            bank = q.CHECKIN_MENTIONED_EARLIER
        plural = bool(kin) and c.phrase.endswith(("s", "parents"))
        question = _pick(rng, bank).format(p=c.phrase, be="are" if plural else "is")
    else:
        question = _pick(rng, q.CHECKIN_GENERIC)
    if c.thread is not None:
        why = (f"Open with {plan.first_name}, not the work. From your notes of "
               f"{c.thread.since.isoformat()}: \u201c{_short(c.thread.source.quote, 160)}\u201d")
        if c.since_then:
            why += f" Since then: \u201c{_short(c.since_then, 160)}\u201d"
    else:
        why = f"Open with {plan.first_name}, not the work. {c.reason}"
    no_person = next((s for s in plan.health if s.signal.value == "no_person"), None)
    if no_person is not None:
        why += f" {no_person.detail}"
    return Prompted(question=question, why=why)


def _agenda(plan: BriefPlan, rng: random.Random) -> str:
    ask = _pick(rng, q.AGENDA_OPEN)
    if plan.first_meeting:
        return (f"Ask {plan.first_name}: \u201c{ask}\u201d Let them set the agenda before you "
                "add yours.")
    topics = plan.report_topics[:MAX_AGENDA_TOPICS]
    if not topics:
        return (f"Ask {plan.first_name} first: \u201c{ask}\u201d Their topics go before yours; "
                "add your own only after.")
    listed = "; ".join(f"\u201c{_topic(t.text)}\u201d ({t.since.isoformat()})" for t in topics)
    return (f"Ask {plan.first_name} first: \u201c{ask}\u201d Then start with what they raised "
            f"that is still open: {listed}. Your own topics come after.")


def _focus(plan: BriefPlan, rng: random.Random) -> Focus:
    bank = list(q.FOCUS_QUESTIONS[plan.focus.area])
    rng.shuffle(bank)
    why = plan.focus.reason
    ask = plan.focus.report_ask
    if ask is not None:
        why += f" Their words in your notes: \u201c{_short(ask.source.quote, 160)}\u201d"
    return Focus(area=plan.focus.area, why=why, questions=bank[:FOCUS_QUESTION_COUNT])


def write_brief(plan: BriefPlan) -> Brief:
    """Word the plan. Everything factual (threads, health, why) comes from the plan as is."""
    rng = random.Random(plan.seed)
    check_in = _check_in(plan, rng)
    agenda = _agenda(plan, rng)
    focus = _focus(plan, rng)
    meta = (Prompted(question=_pick(rng, q.META_QUESTIONS), why=plan.meta.why)
            if plan.meta.due else None)
    parts = ("check_in", "agenda_invite", "threads", "focus", "meta_question", "health")
    return Brief(
        person=plan.person, check_in=check_in, agenda_invite=agenda, threads=plan.threads,
        focus=focus, meta_question=meta, health=plan.health, backend="offline",
        older_threads=plan.older_threads,
        generated_by={p: "offline" for p in parts},
    )
