"""Who a sentence of a 1:1 note is about or owed by: the manager (the notes are theirs, so
"I" is the manager), the report (she/he, their name, initials or short form) or someone else.

``commitment_party`` and ``request_party`` read one sentence for the extractor
(coach/extract/items.py); ``thread_owner`` is who the brief, the summary and the check-in show
as owing a thread.
"""

from __future__ import annotations

import re

from coach.contracts import ItemKind, Party
from coach.engine.names import is_report_name
from coach.extract import lexicon as lx
from coach.rules import rx, words

_OWN_PLAN = rx("growth.own_plan")
_ARROW_OWNER = rx("commitment.arrow_owner")
_TEAM_SUBJECT = rx("commitment.team_subject")
_ACTION_VERBS = words("summary.action_verbs")
# "agreed: new starter training -> Yasmin": a decision, not an owner's to-do
_DECIDED = re.compile(r"^\s*(?:agreed|decided|decision|settled)\b", re.I)
_NOT_AN_ACTION = frozenset(("is", "are", "was", "were", "has", "have", "had", "said", "says",
                            "got", "been", "seems", "looks"))


def thread_owner(kind: ItemKind, party: Party | None, text: str) -> Party | None:
    """Who owes a thread: a commitment's party; the report for a growth wish whose next step
    is their own ("wants to mentor Femi before her leave"); otherwise nobody in particular
    (a request waits on an answer, a concern on events)."""
    if kind is ItemKind.commitment:
        return party
    if kind is ItemKind.growth and party is Party.report and _OWN_PLAN.search(text):
        return Party.report
    return None


def own_plan_party(text: str, first_name: str, person: str | None = None) -> Party | None:
    """Whose plan ``text`` states ("wants to mentor Femi", "Kofi keen to run the induction"):
    the report when the wisher is them, a pronoun or implied; someone else when another
    name leads; None when there is no such plan or the writer's own ("I want to run...")."""
    m = _OWN_PLAN.search(text)
    if m is None:
        return None
    before = text[:m.start()]
    if re.search(r"\b(?:i|we)\s+(?:\w+\s+)?$", before, re.I):
        return None
    subj = [s for s in re.findall(r"\b([Ss]he|[Hh]e|[Tt]hey|[A-Z][a-z]+)\b", before)
            if s.lower() in ("she", "he", "they") or s not in lx.NAME_WORD_BLACKLIST]
    if not subj or subj[-1].lower() in ("she", "he", "they") or names_report(
            subj[-1], first_name, person):
        return Party.report
    return Party.other


def names_report(name: str, first_name: str, person: str | None) -> bool:
    """``name`` is the report: their first name, or (knowing the full ``person``) an initial,
    initials ("PN to write...") or a short form ("Beth: price up..." for Bethany)."""
    return name == first_name or (person is not None and is_report_name(name, person))


_TEAM_WORDS = words("summary.team_words")
_THEY = re.compile(r"they\b", re.I)


def _they_is_a_team(text: str, at: int) -> bool:
    """ "Agency finally called back - they'll send 2 regulars": a "they" after a team or an
    outside party named earlier in the sentence is that party, not the report."""
    if not _THEY.match(text, at):
        return False
    before = [w for w in re.findall(r"[a-z&]+", text[:at].lower())
              if w in _TEAM_WORDS or w in ("she", "he")]
    return bool(before) and before[-1] in _TEAM_WORDS  # the nearest one is a party


def commitment_party(text: str, first_name: str,
                     person: str | None = None) -> tuple[Party | None, int]:
    """Who owes the commitment in ``text`` and where that subject appears (-1 if nowhere)."""
    found: list[tuple[int, Party]] = []
    m = lx.MANAGER_COMMIT.search(text)
    if m:
        found.append((m.start(), Party.manager))
    m = lx.REPORT_PRONOUN_COMMIT.search(text)
    if m:
        found.append((m.start(), Party.other if _they_is_a_team(text, m.start())
                      else Party.report))
    for m in lx.NAME_COMMIT.finditer(text):
        name = m.group(1)
        mine = names_report(name, first_name, person)
        if name in lx.NAME_WORD_BLACKLIST or re.search(r"(?:ing|ed|ly|s)$", name) and not mine:
            continue
        is_team = "team" in m.group(0)
        party = Party.report if mine and not is_team else Party.other
        found.append((m.start(), party))
        break
    m = re.search(rf"\b{re.escape(first_name)}(?:'|’)s going to\b", text)
    if m:
        found.append((m.start(), Party.report))
    at = _lower_name_commit(text, first_name)
    if at is not None:
        found.append((at, Party.report))
    for m in ([] if _DECIDED.match(text) else _ARROW_OWNER.finditer(text)):
        # "boiler service due Nov → K": the name after the arrow owes the line
        name = m.group("who")
        mine = names_report(name, first_name, person)
        if name in lx.NAME_WORD_BLACKLIST or re.search(r"(?:ing|ed|ly)$", name) and not mine:
            continue
        if m.group("act") and not _acts(m.group("act")):
            continue  # "→ Jo says no" is an answer, not Jo's to-do
        found.append((m.start("who"), Party.report if mine else Party.other))
        break
    at = team_subject(text)
    if at is not None:
        found.append((at, Party.other))
    if not found:
        return None, -1
    pos, party = min(found, key=lambda f: f[0])
    return party, pos


_LEAD_WORD = re.compile(r"^\s*@?([^\W\d_][\w'’]*)\s*(?:(?::|->|→|=>|\s[-–—])\s*|\s+(?=[a-z]))"
                        r"(?:to\s+)?([a-z]+)?")


def lead_party(text: str, first_name: str, person: str | None = None,
               verbs: frozenset[str] = frozenset()) -> Party | None:
    """Who a listed to-do names at its start in any case ("bryn → milking demo", "kyle do the
    training", "me chase the supplier", "Lee: rota"): the manager for "me"/"I", the report for
    their name. After a plain space, not a mark, the next word must be an action (``verbs``),
    so "kyle's back" or "lee happy with it" names no owner. None otherwise."""
    m = _LEAD_WORD.match(text)
    if m is None:
        return None
    word, after = m.group(1), m.group(0)[len(m.group(1)):]
    marked = bool(re.match(r"\s*(?::|->|→|=>|[-–—])", after))
    if not marked and (m.group(2) or "") not in verbs and not _acts(m.group(2) or ""):
        return None
    if word.lower() in ("me", "i", "myself"):
        return Party.manager
    if word.lower() not in ("she", "he", "they") and (
            word[:1].isupper() or len(word) > 1) and names_report(
            word[:1].upper() + word[1:], first_name, person):
        return Party.report
    return None


_LOWER_COMMIT = (r"(?:to|will|(?:'|’)ll|is going to|needs? to|has to|must)\s+"
                 r"(?!be\b|have\b|need\b|find\b|take\b|go\b)[a-z]")


def _lower_name_commit(text: str, first_name: str) -> int | None:
    """Where the report's own first name, written all lower case as in hurried notes, takes on
    an action ("tyre cage is a tip kyle to sort it", "bryn will ring the vet"); None if not.
    Only their name: an unknown lower-case word before "to" is no one ("handover to nights")."""
    low = first_name.lower()
    if len(low) < 3 or low == first_name or low in lx.NAME_WORD_BLACKLIST:
        return None
    m = re.search(rf"(?<![\w'’-]){re.escape(low)}\s+{_LOWER_COMMIT}", text)
    return m.start() if m else None


def obliged_party(text: str, first_name: str, person: str | None = None) -> Party | None:
    """The report when ``text`` says by name that they need to / have to / must do something
    ("Kyle needs to do his annual MOT test"), not "needs to be" or "has to have"; None
    otherwise. With a deadline the line is something they owe (coach/extract/items.py). A
    pronoun is not enough: "she has to find a new flat by Jan" is her life, not a to-do."""
    for m in re.finditer(r"\b([A-Za-z][a-z]+)\s+(?:needs? to|has to|must|got to)\s+"
                         r"(?!be\b|have\b|get (?:some|a) rest\b|take\b|go\b|find\b)[a-z]", text):
        who = m.group(1)
        if len(who) >= 3 and who.lower() not in lx.NAME_WORD_BLACKLIST and names_report(
                who[:1].upper() + who[1:], first_name, person):
            return Party.report
    return None


def taken_up_ask(kind: ItemKind, party: Party | None, text: str) -> bool:
    """A report's ask the manager took up on the next line ("- asked whether she could work
    from home" / "- I'll check the policy"): the manager owes it, yet, like an ask, it is settled
    when the commitment made about it is done."""
    return (kind is ItemKind.commitment and party is Party.manager
            and lx.MANAGER_COMMIT.search(text) is None and lx.REQUEST.search(text) is not None)


def _acts(word: str) -> bool:
    """``word`` is an action verb, bare or as "drafts" / "looking" ("→ PS drafts the rota")."""
    stems = (word, word[:-1] if word.endswith("s") else "", word[:-3] if word.endswith("ing")
             else "", word[:-3] + "e" if word.endswith("ing") else "")
    return any(s and s in _ACTION_VERBS for s in stems)


def team_subject(text: str) -> int | None:
    """Where a team that owes ``text`` is named: at its start ("comms team to print the
    posters", "maintenance: check the humidifier") or after an arrow ("leak → estates to fix");
    after a colon or arrow an action must follow. None when no team owes it."""
    m = _TEAM_SUBJECT.search(text)
    if m is None:
        return None
    return m.start() if _team_acts(m, text) else None


def _team_acts(m: re.Match[str], text: str) -> bool:
    verb = m.group("verb")
    if verb is None or verb.lower() in _ACTION_VERBS:
        return True
    # "sales team: cap the bookings", "maintenance: build a second table": a verb and its object
    return (verb.islower() and verb not in _NOT_AN_ACTION and not verb.endswith("ed")
            and re.match(r"\s+(?:the|a|an|all|any|our|their|its|\d)\b", text[m.end("verb"):],
                         re.I) is not None)


def request_party(text: str, first_name: str, person: str | None = None, *,
                  mid_line: bool = False) -> Party | None:
    """The party asking/wanting in a request sentence, or None when it is not a request.
    ``mid_line``: the sentence follows others on its line, where a name that is not the
    report's opening it is someone else ("the event went well. Clare want to come back in
    spring"); at the start of a line the name is taken for the note's subject."""
    m = lx.REQUEST.search(text)
    if not m:
        return None
    before = text[:m.start()]
    after = text[m.start():]
    if mid_line and (named := re.match(
            r"([A-Z][a-z]+|(?!I\b)[A-Z])\s+(?:ask|want|request)\b", after)):
        before += named.group(1)  # the cue holds its asker
    if re.search(r"\b(?:i|we|me)\s+(?:\w+\s+)?$", before, re.I) or re.match(
            r"(?:asked|asks|asking) (?:her|him|them)\b", after, re.I):
        return None  # the manager asked / wants
    # Pronouns in any case ("He asked whether..."), names, and an initial ("Z asks if...",
    # the report's initial in the notes about them).
    subj = re.findall(r"\b([Ss]he|[Hh]e|[Tt]hey|[A-Z][a-z]+|(?!I\b)[A-Z])\b", before)
    subj = [s for s in subj if s.lower() in ("she", "he", "they")
            or s not in lx.NAME_WORD_BLACKLIST]
    if subj:
        last = subj[-1]
        if (last.lower() in ("she", "he", "they") or len(last) == 1
                or names_report(last, first_name, person)):
            return Party.report
        return Party.other if last[0].isupper() and not before.strip().startswith(
            first_name) else Party.report
    # Implied subject ("asked if we could talk about comp"): the manager writes about the
    # report unless the object is the report ("asked how he's doing").
    if re.match(r"(?:asked|asks|asking) (?:how(?! (?:the|a|an|much|many|long|often)\b)|what|"
                r"whether (?:she|he|they)|if (?:she|he|they)"
                r"|about (?:her|his|their) (?:weekend|vacation|summer|family))", after, re.I):
        return None
    return Party.report
