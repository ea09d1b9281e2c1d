"""Does a later line say a thread happened? Completion cues, the thread's own verb in the past
tense, and what that verb acts on.

Plain functions of text, so the rules can be read and tested one by one:
- ``closes_text``: the line reports something done or under way (a cue such as sent, booked,
  enrolled, approved, "is in", "now has", "loving"), not a plan, a hedge or a deferral;
- ``thread_verb`` / ``object_phrase``: "Ana to get the quote from the supplier" is about *get*
  acting on *the quote from the supplier*;
- ``did_own_verb``: "raised the rota" reports the thread's own verb ("I'll raise the rota") done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from coach.contracts import ItemKind
from coach.extract import lexicon as lx
from coach.rules import rx, table

# Pure per-clause tests run for every (thread, later line) pair on each add: memoized per
# process (their answers depend only on the text and the rules, which are loaded once).
CLAUSE_MEMO = 16384

WELL_AGAIN = rx("personal.well_again")
# ...or reports the ordinary state again: back at work, home from hospital, stable now
WELL_STATE = rx("closure.well_again_state")
# A sentence that reports the previous one done, naming it by a pronoun: "did it there and then"
DID_IT = rx("closure.did_it")


def well_again(text: str) -> bool:
    """A worry about the person is settled: fine again, or back to the ordinary state."""
    return bool(WELL_AGAIN.search(text) or WELL_STATE.search(text))


# An ask arranged: "he'll shadow Raj on the site visits from Oct" (coach/rules/en/closure.yaml).
_ARRANGED = rx("closure.arranged")


@lru_cache(maxsize=CLAUSE_MEMO)
def arranged(clause: str) -> bool:
    """``clause`` arranges what was asked (a plan with a start), not the wish restated."""
    return bool(_ARRANGED.search(clause)) and "?" not in clause and not (
        lx.REQUEST.search(clause) or lx.GROWTH.search(clause) or lx.NOT_DONE.search(clause)
        or lx.REOPEN.search(clause))


# A thread waiting for someone to make up their mind ("offered TRiM → she'll think about it",
# "we'll decide a policy") is settled by the decision, either way ("she went for it in the end",
# "turned it down", "we agreed ..."): coach/rules/en/closure.yaml.
AWAITS_DECISION = rx("closure.pending_decision")
_DECISION_MADE = rx("closure.decision_made")


@lru_cache(maxsize=CLAUSE_MEMO)
def decided(clause: str) -> bool:
    """``clause`` reports a decision made, not one still pending or asked about."""
    return bool(_DECISION_MADE.search(clause)) and "?" not in clause and not (
        lx.NOT_DONE.search(clause) or lx.REOPEN.search(clause) or lx.FUTURE.search(clause))


@lru_cache(maxsize=CLAUSE_MEMO)
def settles_ask(clause: str, wish: bool, pending: bool) -> bool:
    """``clause`` settles an ask: a wish arranged, or a pending decision made."""
    return (wish and arranged(clause)) or (pending and decided(clause))


# A changed plan settles a thread as surely as doing it: "we dropped the vendor idea",
# "decided against the move", "sticking with the current supplier".
DROPPED = rx("closure.dropped")
_SOFT_HEDGE = rx("hedge.soft")
_CLAUSE = re.compile(r"[;,]\s+|\s+(?:and|but)\s+|\s[-–—]\s")


def closes_text(text: str, checkbox: str | None, kind: ItemKind | None = None, *,
                wellbeing: bool = False) -> bool:
    """Does this line say that something happened (rather than restating a plan)?

    Judged clause by clause: "Tom spent an hour with her, she's rewritten half the questions"
    reports a done thing even though a later clause is about work in progress."""
    if checkbox == "done":
        return True
    if checkbox == "open" or lx.REOPEN.search(text):
        return False
    if kind is ItemKind.closure and not lx.NOT_DONE.search(text):
        return True
    hedge = lx.NOT_DONE.search(text)
    if hedge and not _SOFT_HEDGE.fullmatch(hedge.group(0)):
        return False  # "I hadn't", "still waiting": not done, whatever else the line says
    for clause in _CLAUSE.split(text):
        if lx.NOT_DONE.search(clause):
            continue
        cue = lx.CLOSURE_STRONG.search(clause) or DROPPED.search(clause) or (
            (WELL_AGAIN.search(clause) or WELL_STATE.search(clause)) if wellbeing
            else lx.PROGRESS.search(clause))
        if not cue:
            continue
        fut = lx.FUTURE.search(clause)
        if fut is None or cue.start() < fut.start():
            return True
    return False


@lru_cache(maxsize=CLAUSE_MEMO)
def undone(clause: str) -> bool:
    """``clause`` says something is not done: a hard negation or hedge ("platform 5 still too
    quiet", "hasn't come"), not a soft one ("half", "a bit better")."""
    hedge = lx.NOT_DONE.search(clause)
    return hedge is not None and not _SOFT_HEDGE.fullmatch(hedge.group(0))


# What a thing is for: "3 quotes for the Kingswood towpath repair" is not "3 quotes for the new
# workshop roof"; the word before "for" (the thing) and the phrase after it, up to a preposition
# or the end of the clause.
_PURPOSE = re.compile(r"([\w'’-]+)\s+for\s+(?:the\s+|a\s+|an\s+|our\s+|his\s+|her\s+|their\s+|"
                      r"my\s+)?([^,.;:()!?\n]+)", re.I)
_PURPOSE_END = re.compile(r"\s(?:at|on|in|by|from|with|to|before|after|until|till|so|and|but|"
                          r"because|when|once|if|->|→)\s", re.I)


def purposes(text: str, tok: Callable[[str], set[str]]) -> dict[frozenset[str], list[set[str]]]:
    """What ``text`` says each thing is for: the thing's words -> the content words of the
    phrase after "for", in order ("quotes" -> [kingswood, towpath, repair])."""
    out: dict[frozenset[str], list[set[str]]] = {}
    for m in _PURPOSE.finditer(text):
        phrase = _PURPOSE_END.split(" " + m.group(2) + " ", maxsplit=1)[0]
        words = [got for w in phrase.split() if not w.isdigit() and (got := tok(w))]
        thing = frozenset(tok(m.group(1)))
        if thing and words:
            out.setdefault(thing, words)
    return out


def purpose_conflict(thread: str, later: str, tok: Callable[[str], set[str]]) -> bool:
    """Both lines say what the same thing is for, and the two phrases share no word
    ("for the Kingswood towpath repair" / "for the new workshop roof")."""
    theirs = purposes(later, tok)
    for thing, a in purposes(thread, tok).items():
        b = theirs.get(thing)
        if b is not None and not set().union(*a) & set().union(*b):
            return True
    return False


# The verb a thread is about: the first word after a commitment/ask marker ("X to get the
# quote" -> get, "I'll put her name down" -> put, "could I send her the reviews" -> send).
_FILLER = (r"\s+(?:also |just |quickly |then |first |finally |definitely |try to |go and |"
           r"properly |still )?([a-z]+)\b")
# Markers in order of preference: a promise, then an ask, then a bare "to".
_VERB_MARKERS = tuple(re.compile(rx + _FILLER, re.I) for rx in (
    r"(?:(?:'|’)ll|\bwill|\bgoing to|\bneed to|\bshould|\bme to|\bagreed to|\bpromised to)",
    r"(?:\b(?:could|can|would) (?:i|you|we)|(?:'|’)d like (?:me |us )?to|\basked (?:me )?to)",
    r"\bto",
))
_NOT_VERBS = frozenset({
    "be", "the", "a", "an", "her", "his", "him", "them", "me", "us", "it", "this", "that", "my",
    "our", "their", "and", "or", "not", "have", "with", "for", "on", "in", "at", "of", "by",
    "to",  # "I will to order new one"
})
# Verbs that end like adverbs ("she'll reply this wk").
_LY_VERBS = frozenset({"reply", "apply", "supply", "rely", "tally", "rally"})
# Verbs whose past tense says nothing about which thing happened ("did it", "got it").
LIGHT_VERBS = frozenset({"do", "get", "go", "have", "make", "take", "try", "talk", "see",
                          "look", "think", "come", "keep", "let", "say", "tell", "ask", "need"})
# One irregular-verb table (coach/rules/en/words.yaml) for closure and text matching.
_PAST_IRREGULAR = {base: set(forms) for base, forms in table("words.irregular_verbs").items()}
# A prefixed verb takes its stem's past ("rewrite" -> rewrote, rewritten; "resend" -> resent).
_PREFIXES = ("re", "pre", "co", "over", "under", "out", "up")


def thread_verb(text: str) -> str | None:
    """The verb a commitment/ask is about, lower-cased (None when there is none)."""
    m = _verb_match(text)
    if m is None:
        return None
    verb = m.group(1).lower()
    gerund = _LOOK_AT.match(text, m.end()) if verb in _LOOK_VERBS else None
    return _gerund_base(gerund.group(1).lower()) if gerund else verb


# "I'll look at moving the last show": the thread's verb is the move, not the look.
_LOOK_VERBS = frozenset({"look", "think", "see"})
_LOOK_AT = re.compile(r"\s+(?:at|into|about)\s+([a-z]{2,})ing\b", re.I)


def _gerund_base(stem: str) -> str:
    """ "mov" (moving) -> "move", "plann" (planning) -> "plan", "book" -> "book": a form whose
    past tense is spelt right."""
    for base in (stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
        if base and base in _PAST_IRREGULAR:
            return base
    return stem


def _verb_match(text: str) -> re.Match[str] | None:
    for marker in _VERB_MARKERS:
        for m in marker.finditer(text):
            verb = m.group(1).lower()
            if verb not in _NOT_VERBS and (verb in _LY_VERBS or not verb.endswith(("ing", "ly"))):
                return m
    return None


_CLAUSE_END = re.compile(r"\s(?:->|→|=>|-|–|—)\s|[,;:.!?()]|\s(?:so|because|but|and then|once|"
                         r"when|if|before|after|until|since)\s", re.I)


# The particle of a phrasal verb is no part of its object.
_PARTICLE = re.compile(r"^\s*(?:together|forward|across)\b", re.I)


def object_phrase(text: str) -> str | None:
    """What the thread's verb acts on: the words after it up to the end of the clause
    ("get the quote from the supplier" -> "the quote from the supplier")."""
    m = _verb_match(text)
    if m is None:
        return None
    rest = _PARTICLE.sub("", text[m.end():])  # "put together a proposal": the proposal
    end = _CLAUSE_END.search(rest)
    phrase = rest[:end.start()] if end else rest
    return " ".join(phrase.split()[:7]) or None


def past_forms(verb: str) -> set[str]:
    """Past-tense spellings of ``verb`` ("raise" -> raised, "drop" -> dropped)."""
    if verb in _PAST_IRREGULAR:
        return set(_PAST_IRREGULAR[verb])
    for pre in _PREFIXES:
        stem = verb[len(pre):]
        if verb.startswith(pre) and stem in _PAST_IRREGULAR:
            return {pre + f for f in _PAST_IRREGULAR[stem]}
    forms = {verb + "d" if verb.endswith("e") else verb + "ed"}
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        forms.add(verb[:-1] + "ied")
    if len(verb) >= 3 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and (
            verb[-3] not in "aeiou"):
        forms.add(verb + verb[-1] + "ed")  # drop -> dropped, plan -> planned
    return forms


def own_past(verb: str | None, text: str) -> re.Match[str] | None:
    """The past tense of the thread's own verb in a later line ("raised", "put her name")."""
    if not verb:
        return None
    alts = "|".join(sorted(map(re.escape, past_forms(verb))))
    # "planned to", "decided to" is an intention; "moved to 21:15" is where it went
    return re.search(rf"\b(?:{alts})\b(?!\s+to\b(?!\s+\d))", text, re.I)


def did_own_verb(verb: str | None, text: str) -> bool:
    """The later line says the thread's own verb in the past, not as a plan or a hedge."""
    past = own_past(verb, text)
    if past is None or lx.NOT_DONE.search(text) or lx.REOPEN.search(text):
        return False
    fut = lx.FUTURE.search(text)
    return fut is None or past.start() < fut.start()


CUES = re.compile(f"(?:{lx.CLOSURE_STRONG.pattern})|(?:{lx.PROGRESS.pattern})", re.I)
# Cues that say the manager answered something: they settle an ask or a question, not a
# piece of work someone owes or a growth wish.
# Said by someone ("I explained", "explained the pipeline"), not of a thing that was answered
# ("Hartley St requisitions answered": the requisitions were the work).
ANSWER_ONLY = re.compile(
    r"(?:^\W*|\b(?:i|we|she|he|they)\s+(?:\w+\s+)?)(?:explained|answered|covered)\b|"
    r"\b(?:told (?:her|him|them)|walked (?:her|him|them) (?:thru|through))\b", re.I)
PRONOUN_AFTER = re.compile(r"\s+(?:it|them|that|this|those|these)\b", re.I)



# --- completion state: planned -> in progress -> done / dropped ----------------------------
# A line can be about the thread and still say it is only part-way ("1 of 2 trained",
# "first pass done", "halfway"): that is progress, and the thread stays open.
_PARTIAL = re.compile(
    r"\b(?:first (?:pass|cut|round|half)|"
    # "half a day", "half term" are amounts of time, "pays half" a share, not part-way
    r"(?<!pays )(?<!pay )(?<!cover )(?<!covers )"
    r"half(?:way)?\b(?!\s+(?:an?\s+)?(?:day|days|hour|hours|morning|afternoon|week|weeks|"
    r"term|year|marathon|price|the time))|partway|"
    r"part(?:ially| of (?:it|the))|(?:about|around|roughly|nearly|almost) (?:half|there)|"
    r"some of (?:the|it|them)|"
    # one of several done, said in words: "he's trained one of them, the other is off sick"
    r"(?:only |just )?one of (?:them|the (?:two|three|four|2|3|4)|those|the new \w+s))\b|"
    # "2 of 6", "1/2"; a date is not a fraction ("starts 9/11", "on 3/4")
    r"(?<!starts )(?<!start )(?<!on )(?<!from )(?<!by )(?<!due )(?<!til )(?<!until )(?<!to )"
    r"\b(\d+)\s*(?:of|out of|/)\s*(\d+)\b(?!/)", re.I)


def partial(text: str) -> bool:
    """Does ``text`` report the thing as only part-way done ("2 of 6 modules", "halfway")?"""
    for m in _PARTIAL.finditer(text):
        if m.group(1) is None:
            return True
        if int(m.group(1)) < int(m.group(2)):  # "1 of 2" is part-way; "3 of 3" is done
            return True
    return False


# A count done that falls short of the count the thread named: "30 files" ... "12 done".
_COUNT_DONE = re.compile(r"\b(\d+)\s+(?:[a-z]+\s+)?(?:done|finished|completed|cleared|processed|"
                         r"through|sorted|in|back|received|returned)\b", re.I)
_COUNT_NAMED = re.compile(r"\b(\d+)\s+[a-z]+s\b", re.I)


@lru_cache(maxsize=CLAUSE_MEMO)
def short_of(thread: str, later: str) -> bool:
    """``later`` reports fewer done than ``thread`` named ("30 files" ... "12 done")."""
    done = [int(m.group(1)) for m in _COUNT_DONE.finditer(later)]
    named = [int(m.group(1)) for m in _COUNT_NAMED.finditer(thread)]
    return bool(done and named) and max(done) < max(named)


# Under way but not done: for something someone owes, "started" is progress, not completion
# (for a wish, being under way is what was asked: "she's started the course").
STARTED = re.compile(r"\b(?:started|starting|begun|began|under ?way|in the works|kicked off)\b",
                     re.I)


# As _CLAUSE, but "up and running" stays one clause.
_OUTCOME_CLAUSE = re.compile(r"[;,]\s+|(?<!\bup)\s+and\s+|\s+but\s+|\s[-–—]\s")


def clauses(text: str) -> list[str]:
    """The clauses of a line, as ``closes_text`` judges them."""
    return [c for c in _OUTCOME_CLAUSE.split(text) if c and c.strip()]


# An outcome in the past tense with the thing as its subject or object: "the new rota went live",
# "scaffold passed inspection", "Hendricks application submitted". Any verb, not a cue list:
# regular -ed forms and common irregular pasts, minus words that are feelings, wishes or talk
# (which report nothing done: "worried", "wanted", "discussed").
_PAST_RX = re.compile(r"\b(?:[a-z]{2,}ed|went|came|won|built|sold|paid|bought|found|held|made|"
                      r"gave|sent|wrote|ran|got|began|took|put|set|cut|shut|hung|chose|"
                      r"sat(?= (?:in|on|the|through|with|down|her|his|an?)\b))\b", re.I)
_NOT_OUTCOME = frozenset((
    "advanced", "agreed", "annoyed", "argued", "asked", "automated", "based", "bed", "blocked",
    "bored", "checked", "complained", "concerned", "confused", "considered", "dedicated",
    "deferred", "delayed", "detailed", "disconnected", "discussed", "distributed", "drained",
    "embed", "exceed", "excited", "exhausted", "expected", "experienced", "explained", "feed",
    "felt", "flagged", "frustrated", "hoped", "hundred", "indeed", "interested", "isolated",
    "joked", "kicked", "liked", "limited", "looked", "loved", "mentioned", "mixed", "need",
    "needed", "noted", "offered", "overwhelmed", "paused", "planned", "pleased", "postponed",
    "preferred", "proceed", "promised", "proposed", "raised", "recommended", "red", "related",
    "reminded", "reported", "requested", "restarted", "scared", "seed", "seemed", "shared", "shed",
    "sounded", "speed", "stalled", "started", "stressed", "stretched", "struggled", "succeed",
    "suggested", "supposed", "surprised", "talked", "teased", "thought", "tired", "told", "united",
    "upset", "used", "waited", "wanted", "wiped", "wished", "wondered", "worried",
))
_ADJ_BEFORE = re.compile(r"\b(?:a|an|the|this|that|my|his|her|their|our|your|its|very|so|too|"
                         r"more|most|less|be|being|feel|feels|feeling|get|gets|getting)\s+$", re.I)


# A finished state said of the thing rather than a verb: "is live", "up and running", "back
# from the garage", "quiet now", "3 new volunteers" (coach/rules/en/closure.yaml).
DONE_STATE = rx("closure.done_state")


def outcome_clauses(text: str, checkbox: str | None = None) -> list[str]:
    """Clauses that report an outcome in the past tense, not a plan, hedge or deferral."""
    if checkbox == "open" or lx.REOPEN.search(text):
        return []
    return [c for c in clauses(text) if not lx.NOT_DONE.search(c) and outcome_words(c)]


@lru_cache(maxsize=4096)
def outcome_words(clause: str) -> tuple[str, ...]:
    """The words that make ``clause`` an outcome: its past-tense verbs ("went", "passed"), or
    "" for a finished state ("up and running"). Empty: no outcome."""
    fut = lx.FUTURE.search(clause)
    state = DONE_STATE.search(clause)
    if state and (fut is None or state.start() < fut.start()):
        return ("",)  # "the new tills are up and running"
    out = []
    for m in _PAST_RX.finditer(clause):
        word = m.group(0).lower()
        if word in _NOT_OUTCOME or _ADJ_BEFORE.search(clause[:m.start()]):
            continue
        if re.match(r"\s+to\b", clause[m.end():]):
            continue  # "decided to", "managed to" describe a plan or effort
        if fut is None or m.start() < fut.start():
            out.append(word)
    return tuple(out)
