"""Continuity as a relationship property: of the things raised in recent 1:1s, how many were
never heard of again? (PRINCIPLES.md "no continuity": things raised - concerns, commitments,
requests - never reappear or get closed.)

A thread that is still open but was followed up ("still waiting on finance", "he asked again")
is continuity, not its absence. What counts as dropped is an ask, a worry, a growth wish the
REPORT brought, or a commitment by either side, that no later held 1:1 came back to - neither
by the thread matcher nor by a plainer test (a later line sharing a rare word or two words with
it) - for several weeks. Older drops weigh more (a thing ignored for two months is a clearer
sign than one ignored for three weeks); each is capped so one old item cannot decide alone.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from coach.contracts import ItemKind, Party
from coach.engine.textmemo import is_injection, is_status_line, tokens
from coach.engine.threads import GENERIC, ThreadMatcher, closes_text
from coach.extract.features import report_voice
from coach.history import History, ItemRecord, MeetingRecord, days_before

# Things raised in this window are judged (older history says little about today)...
CONTINUITY_WINDOW_DAYS = 120
# ...once this long has passed and at least this many held 1:1s came after them.
STALE_DAYS = 21
MIN_HELD_AFTER = 2
# A thing that did come back once but, still open, has not been heard of since for this long
# and this many held 1:1s was dropped after all ("we didn't get to the promotion stuff - next
# time", then two months of status).
STALE_AFTER_MENTION_DAYS = 42
MIN_HELD_AFTER_MENTION = 3
# A dropped thing weighs (days unmentioned / WEIGHT_DAYS), capped at WEIGHT_CAP. A passing
# state ("a bit tired", "nervous about the race") weighs half: it needs no follow-up.
WEIGHT_DAYS = 28
WEIGHT_CAP = 2.0
LIGHT_FACTOR = 0.5
# Stems too common in any prose to identify a topic on their own ("close" in "he thinks he's
# close" and "SRCH-398 closed").
_WEAK_TOKENS = frozenset({
    "clos", "lat", "early", "start", "open", "use", "run", "fix", "help", "check", "set", "keep",
    "mov", "chang", "big", "small", "high", "low", "full", "hard", "easy", "quick", "fast",
    "slow", "short", "long", "les", "isnt", "dont", "cant", "wont", "didnt", "happy", "glad",
    "giv", "tak", "com", "put", "show", "find", "mak", "doing", "done", "ready", "plan",
})
# A plain note counts as something the report raised only when it says something (not "ok").
MIN_NOTE_WORDS = 4
# The manager answering on the spot: "I walked through the strategy", "said yes", "agreed".
_ANSWERED = re.compile(
    r"\b(?:i (?:walked|explained|told|answered|said|showed|pointed|confirmed)|"
    r"walked (?:her|him|them) (?:through|thru)|explained|answered|told (?:her|him|them)|"
    r"said (?:yes|no)|agreed|we (?:made|agreed|mapped|decided|settled|picked|chose)|"
    r"made a plan|confirmed|talked (?:it |that |this )?(?:through|thru))\b", re.I)
_CLAUSE = re.compile(r"[;,:]\s+|\s[-–—]\s|\s->\s")
# Someone else named as the one who answered ("when Gary raised it Dean told him to stay in his
# lane"): the friction itself, not the manager settling it.
_THIRD_PARTY = re.compile(r"\b(?!I\b)[A-Z][a-z]+\s+(?:just\s+|then\s+|also\s+)?$")


def _manager_answered(text: str) -> bool:
    """The manager answered on the spot somewhere in ``text`` (not a named third party)."""
    return any(not _THIRD_PARTY.search(text[:m.start()]) for m in _ANSWERED.finditer(text))
# A note is an ask or a wish (not a passing remark like "he's been cooking more").
_ASKS = re.compile(
    r"\b(?:asked|asks|wants|wanted|would like|(?:'|’)d like|hopes|hoping|raised|brought up|"
    r"flagged|proposed|suggested|requested|pitched|pushed back)\b", re.I)
_STRONG_WORRY = re.compile(
    r"\b(?:stress\w*|worr\w+|anxi\w+|frustrat\w*|burn\w*|overwhelm\w*|stretched|"
    r"struggl\w*|unhappy|upset|undervalued|demotivat\w*|hard to work|friction|fed up|"
    r"conflict|leav\w+|quit\w*|interview\w*|hospital|sick|ill|surgery)", re.I)


# A new ask and what it asks for, up to the first preposition or clause break ("he asked for a
# second van for training" asks for "a second van"): a line that asks for another thing does
# not come back to an older ask that shares only its context words ("training", "budget").
_NEW_ASK = re.compile(
    r"\b(?:asked|asks|wants|wanted|would like|(?:'|’)d like|requested)\s+(?:for|about|me for|"
    r"me about|if (?:he|she|they) (?:could|can) (?:have|get)|to (?:have|get))\s+"
    r"((?:[\w-]+\s+){0,4}?[\w-]+?)(?=\s+(?:for|about|to|from|on|in|at|with|so|because|but|"
    r"and|as)\b|\s*[,;.:(]|\s+-|$)", re.I)


def asks_for_other(quote: str, own: set[str], drop: frozenset[str] | set[str]) -> bool:
    """``quote`` is a new ask for something none of ``own``'s words name."""
    m = _NEW_ASK.search(quote)
    if m is None:
        return False
    wanted = tokens(m.group(1), drop) - GENERIC - _WEAK_TOKENS
    return bool(wanted) and not (wanted & own)


@dataclass
class Dropped:
    meeting: MeetingRecord
    item: ItemRecord
    days: int  # since it was raised or last came up
    weight: float
    by_report: bool


def _loose_tokens(matcher: ThreadMatcher, item_id: int) -> set[str]:
    line = matcher._by_item.get(item_id)
    if line is None:
        return set()
    return {t for t in matcher.core(line) if t not in matcher.names and t not in GENERIC}


# Why the report wants a thing, not the thing ("level 3 food hygiene so she can cover other
# schools"): one word shared with this part ("agency cover for Weds confirmed") is no echo.
_REASON = re.compile(r"\b(?:so (?:that )?(?:she|he|they|i|we) (?:can|could|would|will|is|are)|"
                     r"because|cos|as (?:she|he|they))\b[^,;.]*", re.I)


def head_tokens(quote: str, drop: frozenset[str] | set[str]) -> set[str]:
    """The words of what a line is about, its reasons left out."""
    return tokens(_REASON.sub(" ", quote), drop)


def _echoes(matcher: ThreadMatcher, toks: set[str], other: set[str],
            head: set[str] | None = None) -> bool:
    """Does a line share a rare topic word, or two words, with the thread? A concept guessed
    from a word ("HOME" for "hub") never echoes alone, and one word alone must be one of what
    the thread is about (``head``), not of why."""
    shared = toks & other
    if len(shared) >= 2 and any(not t.isupper() for t in shared):
        return True
    return any(matcher.idf.df.get(t, 0) <= matcher.rare_df and t not in _WEAK_TOKENS
               and not t.isupper() and (head is None or t in head) for t in shared)


def _light(it: ItemRecord) -> bool:
    return it.kind is ItemKind.concern and not _STRONG_WORRY.search(it.quote)


def _judged(it: ItemRecord, first: str) -> bool:
    """Is this a thing raised that should come back: an ask, worry or growth wish the report
    brought, or a commitment by either side (never private, never an injection)."""
    if (it.private or is_injection(it.quote) or it.quote.rstrip().endswith(":")
            or is_status_line(it.quote)):
        return False  # a lead-in ("copying the bit he wanted to discuss:") or a status update
    if it.kind is ItemKind.commitment:
        return True
    if it.kind in (ItemKind.request, ItemKind.concern, ItemKind.growth):
        return it.party in (None, Party.report)
    # Something the report brought that the extractor kept as a plain note ("Tom asked what
    # the bar is for senior"); status updates are not threads.
    return (it.kind is ItemKind.note and len(it.quote.split()) >= MIN_NOTE_WORDS
            and bool(_ASKS.search(it.quote))
            and report_voice(it.quote, first) and not is_status_line(it.quote))


def _raised_by_report(it: ItemRecord, first: str) -> bool:
    """A commitment the manager took on for the report's own ask ("Yuki asked if the team can
    pay for a Rust course. I'll check with Dana"): coming back to it is coming back to what the
    report raised."""
    head = _CLAUSE.split(it.quote, maxsplit=1)[0]
    return bool(_ASKS.search(head)) and report_voice(head, first)


def _handled_on_the_spot(m: MeetingRecord, it: ItemRecord, matcher: ThreadMatcher,
                         toks: set[str], plain: dict[int, set[str]]) -> bool:
    """The report's ask or worry was answered in the same 1:1: the manager's answer is on the
    same line ("asked why the reorg; I walked through the strategy"), or a later line of that
    note settles it ("Confirmed with her that infra support stays")."""
    if it.kind is ItemKind.commitment:
        return False
    line = " ".join(x.quote for x in m.items if x.line_no == it.line_no)
    rest = line[line.find(it.quote) + len(it.quote):] if it.quote in line else ""
    clauses = _CLAUSE.split(it.quote, maxsplit=1)  # "worried about X, we talked it thru"
    if _manager_answered(rest) or (len(clauses) > 1 and _manager_answered(clauses[1])):
        return True
    for ln in matcher.lines:
        if (ln.meeting.id == m.id and ln.item.line_no > it.line_no and toks
                and _echoes(matcher, toks, plain[ln.item.id])
                and closes_text(ln.item.quote, ln.item.checkbox, ln.item.kind)):
            return True
    return False


@dataclass
class Continuity:
    dropped: list[Dropped]
    judged: int  # things old enough to judge
    # Dates of held 1:1s that came back to something the report raised (an ask, a worry, a
    # wish): commitments are left out, work follow-ups ("creds came thru") are status.
    followups: list[dt.date]


def continuity_gaps(history: History, today: dt.date, matcher: ThreadMatcher | None = None
                    ) -> tuple[list[Dropped], int]:
    """Things raised in the window that never came up again, and how many were judged."""
    c = continuity(history, today, matcher)
    return c.dropped, c.judged


@dataclass
class ItemFacts:
    """What continuity needs to know of one judged line, whatever the day: whether it
    follows up an earlier line, the held 1:1s that came back to it, whether it was settled
    on the spot. Computed once per history (``continuity_facts``), applied per day."""

    echo_earlier: bool
    seen: list[dt.date]
    handled: bool


def continuity_facts(history: History, since: dt.date, matcher: ThreadMatcher
                     ) -> dict[int, ItemFacts]:
    """``ItemFacts`` of every judged line of the held 1:1s from ``since`` on."""
    first = history.person.split()[0] if history.person.split() else history.person
    # Each line's own words: the matcher's tokens also hold guessed acronyms ("Tue if review"
    # -> "tir"), which would make "tired" echo a status line.
    plain = {ln.item.id: tokens(ln.item.quote, matcher.drop) for ln in matcher.lines}
    out: dict[int, ItemFacts] = {}
    for m in history.held:
        if m.date < since:
            continue
        earlier = [ln for ln in matcher.lines if ln.meeting.held and ln.meeting.date < m.date]
        for it in m.items:
            if not _judged(it, first):
                continue
            toks = _loose_tokens(matcher, it.id)
            if toks and any(_echoes(matcher, toks, plain[ln.item.id])
                            and not asks_for_other(it.quote, plain[ln.item.id], matcher.drop)
                            for ln in earlier):
                out[it.id] = ItemFacts(True, [], False)
                continue
            own = matcher.core(matcher._by_item[it.id]) if it.id in matcher._by_item else set()
            mine = plain.get(it.id, set())
            head = head_tokens(it.quote, matcher.drop)
            seen = [ln.meeting.date for ln in matcher.mentions(it.id)
                    if ln.meeting.held and (own & ln.toks) - _WEAK_TOKENS  # "he's close"
                    and not asks_for_other(ln.item.quote, mine, matcher.drop)]
            seen += [ln.meeting.date for ln in matcher.lines  # is not "398 closed"
                     if ln.meeting.held and m.date < ln.meeting.date
                     and toks and _echoes(matcher, toks, plain[ln.item.id], head)
                     and not asks_for_other(ln.item.quote, mine, matcher.drop)]
            out[it.id] = ItemFacts(False, seen, _handled_on_the_spot(m, it, matcher, toks,
                                                                     plain))
    return out


def continuity_from_facts(history: History, today: dt.date, facts: dict[int, ItemFacts]
                          ) -> Continuity:
    """``continuity(history, today)`` from facts computed for every held 1:1 in the window
    (see coach/engine/memo.py for when they are valid): no matcher, no tokenizing."""
    held = [m for m in history.held if m.date <= today]
    start = days_before(today, CONTINUITY_WINDOW_DAYS)
    order = {m.id: i for i, m in enumerate(held)}
    first = history.person.split()[0] if history.person.split() else history.person
    dropped: list[Dropped] = []
    followups: list[dt.date] = []
    judged = 0
    for m in held:
        if m.date < start:
            continue
        after = held[order[m.id] + 1:]
        old_enough = (today - m.date).days >= STALE_DAYS and len(after) >= MIN_HELD_AFTER
        for it in m.items:
            f = facts.get(it.id)
            if f is None:
                continue  # not a judged line
            judged += old_enough
            reported = it.kind is not ItemKind.commitment or _raised_by_report(it, first)
            if f.echo_earlier:
                if reported:
                    followups.append(m.date)
                continue
            seen = [d for d in f.seen if d <= today]
            if reported:
                followups += seen
            if not old_enough or it.state == "closed" or f.handled:
                continue
            last = max([m.date, *seen])
            after_last = sum(1 for x in after if x.date > last)
            if seen and (it.kind is ItemKind.note or (today - last).days < STALE_AFTER_MENTION_DAYS
                         or after_last < MIN_HELD_AFTER_MENTION):
                continue
            days = (today - last).days
            weight = min(days / WEIGHT_DAYS, WEIGHT_CAP) * (LIGHT_FACTOR if _light(it) else 1.0)
            by_report = it.kind is not ItemKind.commitment or it.party is Party.report
            dropped.append(Dropped(m, it, days, round(weight, 2), by_report))
    return Continuity(dropped, judged, sorted(followups))


def continuity(history: History, today: dt.date, matcher: ThreadMatcher | None = None
               ) -> Continuity:
    """What was dropped, what was judged, and when the notes last came back to something.

    The per-line facts do not depend on the day, so this is the kept-facts path
    (``continuity_from_facts``) applied to facts computed now for the window."""
    matcher = matcher or ThreadMatcher(history)
    since = days_before(today, CONTINUITY_WINDOW_DAYS)
    return continuity_from_facts(history, today, continuity_facts(history, since, matcher))
