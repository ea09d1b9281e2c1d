"""Lexical matching of note lines: tokens, stems, a small synonym map, and IDF weights.

Thread state (open/closed) must not depend on the embedder, so it is decided here from words
alone: a closing line is usually phrased differently from the opening one ("API draft is done"
closes "Sam to write the API proposal"), which stems and synonyms bridge.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from coach.rules import rx, table


def _word_forms() -> dict[str, str]:
    """Inflected or shorthand form -> canonical word, from the rule tables (words.yaml)."""
    out = {form: base for base, forms in table("words.irregular_verbs").items() for form in forms
           if form != base}
    out.update({form: base for base, forms in table("words.shorthand").items() for form in forms})
    return out


_IRREGULAR = _word_forms()
# Base forms of the irregular verbs: "biting" is "bite", not "bit" ("a bit").
_VERB_BASES = frozenset(table("words.irregular_verbs"))
# "the spaniel that bit Jade": "bit" as the past of "bite", not the stopword "a bit".
_BIT_VERB = rx("words.bit_as_verb")

# Words that mean the same thing for the purpose of "is this the same thread?".
_SYNONYM_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("DOC", ("proposal", "draft", "doc", "document", "writeup", "write-up", "rfc", "memo", "spec",
             "paper", "outline", "brief")),
    ("SEND", ("send", "share", "forward", "email", "circulate", "pass", "post", "publish")),
    ("INTRO", ("intro", "introduce", "introduction", "connect")),
    ("COMP", ("comp", "compensation", "pay", "salary", "raise", "band", "bonus", "equity")),
    ("PROMO", ("promotion", "promo", "promote", "level", "senior", "staff", "career", "path",
               "rubric", "ladder")),
    ("MENTOR", ("mentor", "mentoring", "mentorship", "buddy", "coach")),
    ("STAYGO", ("transfer", "transferring", "leave", "leaving", "quit", "quitting", "stay",
                "staying", "switch", "interview", "interviewing")),
    ("LOAD", ("stress", "stressed", "stretch", "stretched", "overwhelm", "overwhelmed", "tire",
              "tired", "exhaust", "exhausted", "burnout", "burn", "burned", "wipe", "wiped",
              "swamp", "swamped", "overload", "overloaded", "rest", "rested", "drain", "drained",
              "workload", "yawn", "yawning", "recharge", "recharged")),
    ("CONNECT", ("disconnect", "disconnected", "isolate", "isolated", "lonely", "connect",
                 "connected", "include", "included", "belong", "outsider")),
    ("HEALTH", ("sick", "ill", "flu", "health", "recover", "recovered", "doctor", "hospital",
                "surgery")),
    ("HOME", ("move", "moving", "apartment", "house", "flat", "place", "pack", "packing",
              "mover", "relocate", "relocation")),
    ("TIMEOFF", ("vacation", "holiday", "pto", "leave", "break", "timeoff")),
    ("FLEX", ("flex", "flexible", "hour", "schedule")),
    ("BUDGET", ("budget", "funding", "fund", "money", "cost", "incentive")),
    ("CONF", ("conference", "kubecon", "summit", "event")),
    ("TALK", ("talk", "presentation", "slide", "deck", "abstract")),
    ("HIRE", ("contractor", "hire", "hired", "hiring", "headcount", "backfill", "recruit",
              "recruiting")),
    ("FEEDBACK", ("feedback", "review", "input", "critique")),
    ("COURSE", ("course", "training", "class", "workshop", "certification", "bootcamp", "module",
                "cohort", "lesson", "curriculum", "enrol", "enroll", "enrolled", "enrolment",
                "enrollment", "syllabus", "programme", "program")),
    ("PRICE", ("quote", "quotation", "price", "pricing", "invoice")),
    ("KIT", ("laptop", "monitor", "equipment", "hardware", "headset", "keyboard", "chair", "desk",
             "screen")),
]
SYNONYMS: dict[str, str] = {w: c for c, words in _SYNONYM_GROUPS for w in words}

_STOPWORDS_TEXT = """
every everyone always usually often sometimes
a an the and or but if then so to of in on at by for from with without w about into onto over
under up down out off as is are was were be been being am do does did doing have has had having
i me my mine we us our you your he him his she her hers they them their it its this that these
those there here what which who whom whose when where why how all any both each few more most
other some such no nor not only own same too very can could will would shall should may might
must just also still yet already again ever never now then once well really quite rather bit
lot lots much many get got make made go went going say said tell told think thought talk talked
talking want wants wanted need needs needed like likes liked know knew let lets maybe probably
ok okay fine good great nice sure yes yeah thing things stuff something anything everything
nothing one two three week weeks month months day days today tomorrow yesterday tonight next
last time times end eod eow eom monday tuesday wednesday thursday friday saturday sunday mon
tue tues wed thu thur thurs fri sat sun morning afternoon evening year years new first back
team re via vs etc eg ie per around before after since until while because though although
asked ask asking i'll i'd i'm we'll he'll she'll they'll he's she's it's that's let's 1:1 1:1s
meeting meetings mtg sync noted note notes lol tbh imo fyi rn pretty kind sort way try tried
trying able look looks looked seem seems seemed nobody anyone someone people folks worry
worried whether
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


def _stem(word: str) -> str:
    stem = _strip_suffix(word)
    # "raise"/"raised"/"raising" -> "rais": a trailing e is dropped so all forms meet
    # (unless that leaves a stopword: "bite" is not "a bit").
    if len(stem) > 3 and stem.endswith("e") and stem[:-1] not in STOPWORDS:
        return stem[:-1]
    return stem


def _strip_suffix(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, min_len in (("ies", 5), ("ing", 6), ("ed", 5), ("es", 5), ("s", 4)):
        if word.endswith(suffix) and len(word) >= min_len:
            base = word[: -len(suffix)]
            if suffix == "ies":
                return base + "y"
            if suffix in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]:
                base = base[:-1]  # planned -> plan, stopping -> stop
            elif suffix == "ing" and base + "e" in _VERB_BASES:
                return base + "e"  # biting -> bite, writing -> write
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]
            return base
    return word


_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def tokens(text: str, drop: Iterable[str] = ()) -> set[str]:
    """Canonical content tokens of ``text``; ``drop`` removes words (the report's name)."""
    if "bit" in text or "Bit" in text:
        text = _BIT_VERB.sub("bitten", text)
    low = text.lower().replace("w/", " ").replace("’", "'")
    low = re.sub(r"\b([a-z]+)-(\d+)\b", r"\1 \2", low)  # ENG-1402 -> eng 1402
    low = re.sub(r"(?<=[a-z])-(?=[a-z])", "", low)  # on-call -> oncall, write-up -> writeup
    dropped = {d.lower() for d in drop}
    out: set[str] = set()
    for raw in _TOKEN.findall(low):
        word = raw
        if word in STOPWORDS or word in dropped:
            continue
        word = re.sub(r"'(?:s|d|ll|re|ve|m)$", "", word)
        if word in ("intro'd",):
            word = "intro"
        word = word.replace("'", "")
        if not word or word in STOPWORDS or word in dropped:
            continue
        if word.isdigit() and len(word) < 3:
            continue  # small numbers ("3 of 5") are not identities; ticket numbers are
        stem = _stem(word)
        concept = SYNONYMS.get(word) or SYNONYMS.get(stem)
        if concept:
            out.add(concept)  # "draft" and "proposal" share DOC; "slides"/"slides" share both
        if stem and stem not in STOPWORDS and len(stem) > 1:
            out.add(stem)
    return out


class Idf:
    """Inverse document frequency over a person's lines: rare words identify a thread."""

    def __init__(self, docs: Iterable[set[str]]):
        self.df: Counter[str] = Counter()
        self.n = 0
        for doc in docs:
            self.n += 1
            self.df.update(doc)

    def weight(self, token: str) -> float:
        return math.log(1.0 + (self.n + 1) / (self.df.get(token, 0) + 1))

    def total(self, toks: Iterable[str]) -> float:
        return sum(self.weight(t) for t in toks)


_WORD_RUN = re.compile(r"[A-Za-z][\w'’]*")


def _modified(text: str, shared: set[str]) -> dict[str, set[str]]:
    """Shared token -> the tokens of the word right before it ("dispatcher course" ->
    {course: {dispatcher}}), when that word is a content word."""
    words = _WORD_RUN.findall(text)
    out: dict[str, set[str]] = {}
    for prev, word in zip(words, words[1:], strict=False):
        for t in tokens(word) & shared:
            if (got := tokens(prev)) and not prev.lower().endswith(("ed", "ing")):
                out.setdefault(t, set()).update(got)
    return out


def modifier_conflict(thread: str, later: str, shared: set[str]) -> bool:
    """The one shared noun has another content word before it in each line, and neither line
    names the other's ("radio dispatcher course" / "family liaison officer course"): the same
    kind of thing, but another one."""
    a, b = _modified(thread, shared), _modified(later, shared)
    a_all, b_all = tokens(thread), tokens(later)
    return any(a[t] and b[t] and not (a[t] & b_all) and not (b[t] & a_all)
               for t in a.keys() & b.keys())
