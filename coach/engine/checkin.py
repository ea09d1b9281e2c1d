"""Pick what the check-in should be tailored to: the most recent personal thing they shared.

PRINCIPLES.md practice 1: open with the person, not the work, and tailor it to what they
shared before ("you mentioned feeling stretched last time"). What counts is the person's life
and state - a worry, the family, a move, a hobby, their energy - and the most RECENT such line
wins: an open worry from months ago is not what to open with when they told you about their
new puppy last week. A serious open concern still beats a lighter line from a meeting or so
later. Private notes are never used: the question is asked out loud.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from pydantic import BaseModel

from coach.contracts import ItemKind, Party, Source, Thread
from coach.engine import checkin_phrase as cp
from coach.engine.checkin_phrase import personal_phrase, strong
from coach.engine.personal_view import personal_view
from coach.engine.timebound import event_date
from coach.extract import lexicon as lx
from coach.extract import signals_lexicon as sx
from coach.extract.items import is_injection
from coach.extract.owner import thread_owner
from coach.history import History, ItemRecord, MeetingRecord
from coach.rules import rx

# Weights of a personal line; each held meeting further back costs RECENCY_COST.
OPEN_CONCERN_WEIGHT = 3.0  # an open worry/strain they shared
LIFE_WEIGHT = 2.0  # family, home, health, hobbies, a move
LIGHT_WEIGHT = 1.0  # a passing state ("tired by 3pm", "energy is good")
# A passing mood the manager only observed ("she seems tired") describes one day: it does not
# displace what they told you about their life one meeting earlier (2.0 - RECENCY_COST).
OBSERVED_LIGHT_WEIGHT = 0.4
RECENCY_COST = 1.5
# Grave news still open (a parent's chemo, a hospital stay, a death) outranks lighter news for
# two more held 1:1s: the puppies last week do not displace the dad's chemo the week before.
GRAVE_WEIGHT = LIFE_WEIGHT + 2 * RECENCY_COST + 0.5
# Big happy news (a baby born, a wedding, a first home) is as much to open with as a lasting
# strain from the same 1:1, but not more than one from a later 1:1.
BIG_NEWS_WEIGHT = OPEN_CONCERN_WEIGHT + 0.5
# A lasting strain a later 1:1 came back to ("doing nights again") counts from that 1:1; it is
# looked for this many held 1:1s back.
RENEW_HELD = 8
# A renewal is a side mention, not the person sharing it again: it counts as this many held
# 1:1s older than the 1:1 it is in (fresh news from that same 1:1 still comes first).
RENEWAL_LAG = 1

# The phrase module's cues, under the names this module has always used.
_ABOUT_FEELING = cp.ABOUT_FEELING
_GRAVE = cp.GRAVE
_HARDSHIP = cp.HARDSHIP
_I_AM = cp.I_AM
_IDIOM = cp.IDIOM
_REPORT_REF = cp.REPORT_REF
_STRONG = cp.STRONG
_VAGUE_TOPICS = cp.VAGUE_TOPICS
_WEAK = cp.WEAK
_life_topic = cp.life_topic
_OBSERVED = lx.OBSERVED  # one rule: personal.observed
_SAID = lx.SAID
# Lines about the manager, not the report ("feedback for me: ...").
_ABOUT_ME = re.compile(r"^\s*(?:feedback (?:for|to) me|(?:\w+ )?(?:->|→) ?me\b)",
                       re.I)
_WORK = rx("status.work_context")
_BIG_NEWS = rx("personal.big_news")
_FINE_AGAIN = rx("personal.fine_again")
_LOSS = rx("personal.loss")  # a death or loss: "I was so sorry to hear about ..."
_RESOLVED = rx("personal.resolved")
_PREGNANCY_LOSS = re.compile(r"\b(?:miscarriage|stillb\w+|lost the baby)\b", re.I)
_EVENT = rx("event.noun")  # an inspection, a talk, an interview: a day something happens
_TIME_OFF = rx("event.time_off")  # "mum's home from hospital now, big relief"


class CheckinPlan(BaseModel):
    thread: Thread | None = None
    phrase: str | None = None  # "feeling stretched", "the puppy", "your mum"
    observed: bool = False  # the manager noticed it rather than the report saying it
    last_meeting: bool = False  # raised at the most recent held 1:1
    life: bool = False  # a life event/topic rather than a strain
    # The held 1:1 from which the line counts as live: its own, or a later one that came back
    # to the same strain ("doing nights again").
    live_since: dt.date | None = None
    strain: bool = False  # a lasting strain or grave news, still open
    grave: bool = False  # grave news (a death, a hospital stay, an assault), still open
    loss: bool = False  # a death or loss: said as sorry to hear about it
    resolved: bool = False  # a matter a later note said is over: acknowledged as good news
    since_then: str | None = None  # the later line that said it is over
    reason: str


# Passing states nobody "mentions" about themselves: said back as what the manager saw.
_SEEN_STATES = frozenset({"quiet", "withdrawn"})


@lru_cache(maxsize=1 << 14)  # pure in (text, first); asked once per line and state (speed)
def work_line(text: str, first: str | None = None) -> bool:
    """A line about the work that merely holds a date, a family or a holiday word ("release
    freeze before the holiday", "vendor contract for the family plan", "parents evening on
    the 3rd", "Tomas's wife is expecting, need cover"): never a check-in."""
    blanked = personal_view(text, first)
    if not (lx.LIFE.search(blanked) or lx.CONCERN.search(blanked) or _WEAK.search(blanked)
            or strong(blanked)):
        return True  # the personal-looking word was a work sense
    if strong(blanked) or lx.CONCERN.search(blanked) or _WEAK.search(blanked) or (
            _life_topic(blanked) not in (None, "your time away", "your family")):
        return False  # a clear personal topic ("daycare: only one bug this week")
    return bool(lx.STATUS.search(text) or sx.STATUS_EXTRA.search(text) or lx.TICKET.search(text)
                or _WORK.search(text))


def _is_personal(it: ItemRecord, first: str | None = None) -> bool:
    about_report = bool(_REPORT_REF.search(it.quote) or (
        first and re.search(rf"\b{re.escape(first)}\b", it.quote, re.I)))
    if it.private or is_injection(it.quote) or _ABOUT_ME.search(it.quote) or (
            _I_AM.search(it.quote) and not about_report):
        return False
    if work_line(it.quote, first):
        return False
    if it.kind is ItemKind.commitment and not lx.CONCERN.search(it.quote):
        return False  # "Lucia to book the visa appointment" is logistics, not sharing
    view = personal_view(it.quote, first)
    if it.kind is ItemKind.concern and it.party not in (None, Party.report) and not (
            about_report and (it.party is Party.manager or _IDIOM.search(view))):
        # someone else's worry; the manager's worry ABOUT the report counts, and so does a
        # lasting strain of theirs in a line read as a work problem ("the cardiac arrest call
        # is still with her, she's not sleeping")
        return False
    # grave news in a line read as a plain note ("she's been referred for a mammogram") is
    # still news; a grave word in a work line gets no phrase and is skipped by the picker
    return bool(lx.LIFE.search(view) or it.kind is ItemKind.concern
                or _WEAK.search(view) or strong(view) or _GRAVE.search(view))


def settled(it: ItemRecord) -> bool:
    """A personal thread a later note closed ("her mum is in hospital" after "mum's home from
    hospital now, big relief"): the check-in should not dwell on it. The closing line itself
    is good news and may still be asked about."""
    return it.is_thread and it.state == "closed"


def _weight(it: ItemRecord, first: str | None = None) -> float:
    view = personal_view(it.quote, first)
    if it.state != "closed" and _GRAVE.search(view) and not _FINE_AGAIN.search(view):
        return GRAVE_WEIGHT
    if _BIG_NEWS.search(view):
        return BIG_NEWS_WEIGHT
    if it.state != "closed" and (strong(view) or _HARDSHIP.search(view)):
        return OPEN_CONCERN_WEIGHT
    if _life_topic(view) in ("your energy", "your sleep") and not strong(view):
        return LIGHT_WEIGHT  # a passing state, not news
    if (_OBSERVED.search(it.quote) and not _SAID.search(it.quote) and _WEAK.search(view)
            and not lx.LIFE.search(view) and not strong(view)):
        return OBSERVED_LIGHT_WEIGHT
    if lx.LIFE.search(view) or strong(view) or it.kind is ItemKind.concern:
        return LIFE_WEIGHT
    return LIGHT_WEIGHT


def past_work_nerves(it: ItemRecord, written: dt.date, today: dt.date,
                     first: str | None = None) -> bool:
    """Nerves about a dated WORK event that has now happened ("inspection next week, still
    nervous" once the inspection is over): a follow-up about the event, not the person's news.
    Lasting strain, grave news and life events stay check-in material."""
    view = personal_view(it.quote, first)
    if not _WEAK.search(view) or strong(view) or _GRAVE.search(view) or lx.LIFE.search(view):
        return False
    if not _EVENT.search(view) or _TIME_OFF.search(view):
        return False  # a state with a weekday in it ("exhausted by Thursday") is no event
    when = event_date(it.quote, written)
    return when is not None and when < today


# A later line that says the same situation is back or still going ("she's doing nights
# again this month", "still on earlies") renews an earlier strain about it.
_AGAIN = re.compile(r"\b(?:again|still|another|more)\b", re.I)
_WORD = re.compile(r"[a-z]{4,}")
# Words too common to tie two lines to one situation.
_COMMON_WORDS = """
    this that with from have been being they them their there what when where which while
    about after before over under into onto than then also just really very much more most
    still again another week weeks month months year years today time times days mostly
    third first second last next every some other doing done going said says told feel
    feels feeling felt think thinks thought back work working things thing says seems seemed
    talk talked talking chat chatting conversation discuss discussed want wants wanted asked
    raised brought like would could should maybe soon later ready whether
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def topic_words(text: str) -> set[str]:
    """The words that name what a line is about (plural -s dropped, common words left out):
    two lines sharing one talk about the same thing."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w[:-1] if w.endswith("s") and not w.endswith("ss") else w
        if w not in _COMMON and len(w) >= 4:
            out.add(w)
    return out


def _renewed(history_held: list[MeetingRecord], m: MeetingRecord, it: ItemRecord,
             first: str | None) -> MeetingRecord:
    """The latest held 1:1 that came back to a lasting strain ("the rota for nights is killing
    her sleep", then weeks later "she's doing nights again"): the strain is live from then on,
    so its recency counts from the renewal. Only an open strain is renewed, and only by a line
    that shares one of its own words AND says the situation is back or still going."""
    view = personal_view(it.quote, first)
    if settled(it) or not (strong(view) or _GRAVE.search(view)):
        return m
    own = topic_words(_STRONG.sub(" ", _IDIOM.sub(" ", view)))
    if first:
        own.discard(first.lower())
    latest = m
    for later in history_held:
        if later.date <= m.date:
            continue
        for line in later.body.splitlines():
            if _AGAIN.search(line) and not _FINE_AGAIN.search(line) and own & topic_words(line):
                latest = later
                break
    return latest


_KIN = re.compile(r"\b(?:mum|mom|dad|mother|father|parents?|son|daughter|kids?|baby|wife|husband|"
                  r"partner|sister|brother|nan|gran|grandma|grandmother|grandpa|grandfather)\b",
                  re.I)


def _resolved(held: list[MeetingRecord], m: MeetingRecord, it: ItemRecord,
              first: str | None) -> bool:
    return _resolving_line(held, m, it, first) is not None


def _resolving_line(held: list[MeetingRecord], m: MeetingRecord, it: ItemRecord,
                    first: str | None) -> str | None:
    """A worry a later held 1:1 said is over ("her dad is in hospital", then "back at work,
    dad's fine now", "partner's job is ending, may have to move", then "Partner found something
    local, so no move."): not asked about as if still live. The later line (returned) must share
    a word with it (a relative counts) and say things are fine again or that it is over."""
    view = personal_view(it.quote, first)
    worry = bool(strong(view) or _GRAVE.search(view) or it.kind is ItemKind.concern)
    own = topic_words(view) | {k.lower() for k in _KIN.findall(view)}
    if first:
        own.discard(first.lower())
    for later in held:
        if later.date <= m.date:
            continue
        for line in later.body.splitlines():
            # "fine again" settles a worry; a matter of any kind is settled by news that it
            # is over ("Partner found something local, so no move.")
            over = (worry and _FINE_AGAIN.search(line)) or _RESOLVED.search(line)
            if over and own & (topic_words(line) | {k.lower() for k in _KIN.findall(line)}):
                return line.strip().lstrip("-* ").strip()
    return None


# What a feeling is about, said after it ("worried about the audit", "upset over the rota").
_OWN_OBJECT = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:about|abt|re|over|regarding|with|by)\b", re.I)


def _next_to(body: str, first: str, then: str) -> bool:
    """``then`` follows ``first`` in ``body`` with only spaces between (the next sentence; the
    body, not the item list, decides, so a history of kept lines judges it the same)."""
    at = body.find(first)
    while at >= 0:
        if body[at + len(first):].lstrip(" \t").startswith(then):
            return True
        at = body.find(first, at + 1)
    return False


def _feeling_about(m: MeetingRecord, it: ItemRecord, found: tuple[str, int] | None,
                   first: str | None) -> tuple[str, ItemRecord] | None:
    """(topic, the line before) when ``it`` is a bare feeling that goes on from the sentence
    before it in the same bullet or paragraph ("her husband lost his job at the quarry, money
    tight. upset, didn't want to talk much"; "found a nursery place for her boy. Worried the
    team will think..."): the feeling is about that life news, which is what to ask after.
    A feeling with an object of its own ("worried about the audit") keeps its own."""
    if found is None or not found[0].startswith("feeling "):
        return None
    view = personal_view(it.quote, first)
    feel = _STRONG.search(view)
    if feel is None or not _ABOUT_FEELING.match(next(g for g in feel.groups() if g)) or (
            _OWN_OBJECT.match(view[feel.end():])) or _life_topic(view):
        return None
    at = next(i for i, x in enumerate(m.items) if x is it)
    before = m.items[at - 1] if at else None
    if before is None or before.line_no != it.line_no or not _next_to(
            m.body, before.quote, it.quote) or not _is_personal(before, first):
        return None
    topic = _life_topic(personal_view(before.quote, first))
    if topic is None or topic in _VAGUE_TOPICS:
        return None
    return topic, before


def _as_thread(m: MeetingRecord, it: ItemRecord) -> Thread:
    return Thread(
        id=it.id, text=it.text, kind=it.kind,
        owner=thread_owner(it.kind, it.party, it.text),
        status="open" if it.state == "open" else "closed", since=m.date, due=it.due,
        private=it.private, source=Source(note_id=m.id, date=m.date, quote=it.quote),
    )


def pick_checkin(history: History, today: dt.date, last_held: dt.date | None) -> CheckinPlan:
    """The personal line to open with: recent beats old, a serious open concern beats a
    lighter line from about one meeting later, and anything still live beats a thread that
    has been settled since (a settled one is used only when nothing else is personal)."""
    held = [m for m in history.held if m.date <= today]
    first = history.person.split()[0] if history.person.split() else None
    best: tuple[int, float, dt.date, int, int, int] | None = None
    # (1:1, line, phrase, 1:1 it is live from, the bare feeling that went on from the line)
    chosen: tuple[MeetingRecord, ItemRecord, str, MeetingRecord, ItemRecord | None] | None = None
    position = {id(m): i for i, m in enumerate(held)}
    for ago, m in enumerate(reversed(held)):
        beyond = best is not None and bool(best[0]) and (
            GRAVE_WEIGHT - RECENCY_COST * ago < best[1])
        if beyond and ago > RENEW_HELD:
            break  # nothing this far back can outweigh a live pick any more
        for it in m.items:
            if beyond and not strong(personal_view(it.quote, first)):
                continue  # only a strain renewed since can still win from here
            if not _is_personal(it, first) or past_work_nerves(it, m.date, today, first):
                continue
            found = personal_phrase(it.quote, first)
            if found is None and not lx.LIFE.search(personal_view(it.quote, first)):
                continue
            about = _feeling_about(m, it, found, first)
            if about is not None:
                found = (about[0], 2)
            said = not _OBSERVED.search(it.quote) or bool(_SAID.search(it.quote))
            live = _renewed(held, m, it, first)
            since = len(held) - 1 - position[id(live)]
            if live is not m:
                since += RENEWAL_LAG
            over = settled(it) or _resolved(held, m, it, first)
            # at equal weight and date, a line whose topic can be said back ("her back is
            # bad from lifting") beats one that can't ("loves the kids", the pupils), and a
            # life topic ("your mother-in-law") beats a passing state ("feeling tired")
            key = (int(not over), _weight(it, first) - RECENCY_COST * since, live.date,
                   found[1] if found else 0, int(said), -it.line_no)
            if best is None or key > best:
                best = key
                # a bare feeling about the news before it: the news is what is asked about
                # and quoted, with the feeling's weight
                chosen = (m, about[1], about[0], live, it) if about else (
                    m, it, found[0] if found else "", live, None)
    if chosen is None:
        return CheckinPlan(reason="Nothing personal in the notes yet: open with the person "
                                  "anyway, before any work topic.")
    m, it, phrase, live, feeling = chosen
    since_then = _resolving_line(held, m, it, first)
    quote = f"{it.quote} {feeling.quote}" if feeling else it.quote
    view = personal_view(quote, first)
    observed = (bool(_OBSERVED.search(it.quote)) and not _SAID.search(it.quote)) or (
        phrase.removeprefix("feeling ") in _SEEN_STATES)
    # Only a state can be seen ("you seemed tired"); a life topic on a line with a look in it
    # ("dad back in hospital, he looked grey") is still news they told you about.
    observed = observed and (phrase.startswith("feeling ")
                             or phrase.removeprefix("feeling ") in _SEEN_STATES)
    if observed and phrase.startswith("feeling "):
        phrase = phrase.removeprefix("feeling ")
    grave = bool(_GRAVE.search(view) and not _FINE_AGAIN.search(view))
    if _LOSS.search(view) and _PREGNANCY_LOSS.search(view):
        phrase = "your loss"  # "his partner had a miscarriage": not "sorry about your partner"
    life = bool(phrase) and not phrase.startswith(("feeling ", "the stress", "running on",
                                                   "thinking about", "struggling", "how "))
    state = "still open, " if it.state == "open" and it.is_thread else ""
    return CheckinPlan(
        thread=_as_thread(m, it), phrase=phrase or None, observed=observed and bool(phrase),
        last_meeting=last_held is not None and m.date == last_held, life=life,
        live_since=live.date, strain=not settled(it) and (strong(view) or grave),
        grave=not settled(it) and grave,
        loss=bool(phrase) and bool(_LOSS.search(view)),
        # only news that it is over is good news: a thread closed because its day passed
        # ("scan on 9 Dec") is not
        resolved=life and not observed and not _LOSS.search(view) and bool(
            since_then or _RESOLVED.search(view)),
        since_then=since_then,
        reason=f"The latest personal note ({state}{m.date.isoformat()}"
               + (f", back again on {live.date.isoformat()}" if live is not m else "")
               + f"): \u201c{quote}\u201d"
               + (f" Since then: \u201c{since_then}\u201d" if since_then else ""),
    )
