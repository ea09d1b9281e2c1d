"""The words of a thread: which qualifiers tell two things apart, which words are generic,
how shared words count as ideas, and acronyms a person writes for adjacent words.

Pure text helpers used by the thread matcher (coach.engine.matcher); no state.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from coach.engine.textmatch import STOPWORDS, SYNONYMS
from coach.engine.textmemo import tokens
from coach.extract import lexicon as lx

# Synonym concepts (DOC for draft/proposal/write-up) count this much more than a plain word.
CONCEPT_WEIGHT = 1.5
# Concepts a wellbeing concern is about; "feeling better"/"rested" closes a concern about them.
WELLBEING_CONCEPTS = frozenset({"LOAD", "CONNECT", "HEALTH", "HOME", "STAYGO"})
# A closing line that shares only a synonym concept must be mostly about it.
CONCEPT_ONLY_SHARE = 0.4
# When something happens is detail, not what the line is about ("starts in March").
WHEN_TOKENS = frozenset({
    "start", "begin", "finish", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "spring", "summer", "autumn", "fall",
    "winter", "quarter", "q1", "q2", "q3", "q4", "weekend", "soon", "later", "earlier"})
# Other people's names ("Lena", "Tomasz") recur across unrelated threads: half weight.
NAME_WEIGHT = 0.5
MIDNAME = re.compile(r"(?<=[a-z,;:] )([A-Z][a-z]{2,})\b")
# ...but a capitalised word between an article or demonstrative and a noun names a kind of thing
# (a brand, a product, a site: "the Safilo rep", "a Makita drill"), not a person: it counts in
# full. (Not "the Camino, walking...": a proper noun on its own may be a place or an event.)
_THING_WORD = re.compile(r"\b(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]heir|[Tt]his|[Tt]hat|[Tt]hese|"
                         r"[Tt]hose)\s+([A-Z][a-z]{2,})\s+([a-z]{3,})\b")


def thing_words(text: str) -> set[str]:
    """Capitalised words ``text`` uses as the modifier of a noun ("the Safilo rep")."""
    return {m.group(1).lower() for m in _THING_WORD.finditer(text)
            if m.group(2) not in STOPWORDS}
# Words too generic to identify a thread on their own ("doc" in "3.1M docs").
GENERIC = frozenset({
    "DOC", "doc", "note", "plan", "list", "work", "project", "review", "FEEDBACK", "feedback",
    "update", "call", "chat", "question", "idea", "issue", "stuff", "item", "topic", "SEND",
    "send", "shar", "report", "peopl", "TALK", "talk", "help", "point", "part", "half",
    "yr",  # "for next yr", "last yr": a time, not a topic
})
# Tokens shared by more than this share of a person's lines are not used to FIND candidates


def is_mood(tok: str) -> bool:
    return tok in WELLBEING_CONCEPTS or SYNONYMS.get(tok) in WELLBEING_CONCEPTS


# Qualifiers that tell two things of the same kind apart: "Year 9" / "Year 10", "bay 3" /
# "bay 1", "Hendricks grant" / "Lawson grant".
_NUM_QUAL = re.compile(r"\b([A-Za-z]{2,})\s+(\d{1,3}[a-z]?)\b(\s+[a-z]+s\b)?")
# A number before a plural noun is a count ("need 3 chairs"), unless the word before it is one
# things are numbered by ("lvl 2 certificates", "bay 3 pallets").
_NUMBERED_BY = frozenset({
    "level", "lvl", "year", "yr", "bay", "room", "van", "stage", "grade", "phase", "band",
    "floor", "unit", "line", "ward", "zone", "tier", "module", "step", "block", "wing", "dock",
    "gate", "platform", "pump", "tank", "kiln", "oven", "till", "lane", "court", "pitch",
    "section", "area", "class", "cohort", "group", "shift", "route", "truck", "site",
})
_NAME_QUAL = re.compile(r"\b([A-Z][a-z]+|[A-Z][A-Z0-9]{1,5})(?:\s+[A-Z][a-z]+)?\s+([a-z]{3,})\b")
# Periods qualify too ("the January rota", "rota for December", "Q3 budget").
_PERIOD = re.compile(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|q[1-4]",
                     re.I)
_PERIOD_AFTER = re.compile(r"\b([a-z]{3,})\s+(?:for|in|of)\s+(?:the\s+)?([A-Z][a-z]+|Q[1-4])\b")


def _quals(text: str, drop: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for m in _NUM_QUAL.finditer(text):
        if m.group(3) is None or m.group(1).lower() in _NUMBERED_BY:
            out[m.group(1).lower()].add(m.group(2).lower())
    for m in _NAME_QUAL.finditer(text):
        qual, noun = m.group(1).lower(), m.group(2).lower()
        period = bool(_PERIOD.fullmatch(qual))
        if noun in STOPWORDS or not period and (
                qual in STOPWORDS or qual in drop or m.group(1) in lx.NAME_WORD_BLACKLIST):
            continue
        out[noun].add(qual)
    for m in _PERIOD_AFTER.finditer(text):
        if _PERIOD.fullmatch(m.group(2)) and m.group(1) not in STOPWORDS:
            out[m.group(1)].add(m.group(2).lower())
    return out


@lru_cache(maxsize=1 << 16)
def _quals_of(text: str, drop: frozenset[str]) -> dict[str, frozenset[str]]:
    """``_quals``, memoized (speed only; read, never changed)."""
    return {k: frozenset(v) for k, v in _quals(text, set(drop)).items()}


def qualifier_conflict(thread: str, later: str, drop: set[str]) -> bool:
    """Both lines name the same kind of thing with different qualifiers: another object."""
    a, b = _quals_of(thread, frozenset(drop)), _quals_of(later, frozenset(drop))
    # a qualifier the other line also names is the same thing said another way ("Land
    # Registry requisitions on Hartley St" ... "Hartley St requisitions")
    a_words, b_words = _words_of(thread), _words_of(later)
    # only qualifiers of one sort compete: "training in June" and "UCAS training" are one thing
    return any(x and y and not (x & y) and not (y <= a_words or x <= b_words)
               for t in set(a) & set(b)
               for x, y in zip(_by_sort(a[t]), _by_sort(b[t]), strict=True))


def _words_of(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[\w-]+", text))


def _by_sort(quals: frozenset[str]) -> tuple[set[str], set[str], set[str]]:
    """Qualifiers split into numbers, periods and names."""
    nums = {q for q in quals if q[:1].isdigit()}
    periods = {q for q in quals if _PERIOD.fullmatch(q)} - nums
    return nums, periods, set(quals) - nums - periods


def units(shared: set[str]) -> int:
    """Distinct shared ideas: a word and its synonym concept ("staff", PROMO) count once."""
    words = {t for t in shared if not t.isupper()}
    concepts = {t for t in shared if t.isupper()} - {SYNONYMS.get(w) for w in words}
    return len(words) + len(concepts)


_WORD = re.compile(r"[A-Za-z][A-Za-z]+")


def acronyms(text: str, vocab: set[str]) -> set[str]:
    """Initials of adjacent words that the person also writes as an acronym elsewhere:
    "incident commander" -> "ic" when "IC" occurs in their notes."""
    return set(_initials(text) & vocab)


@lru_cache(maxsize=1 << 16)
def _initials(text: str) -> frozenset[str]:
    """Initials of every 2 and 3 adjacent words of ``text`` (not stopwords); speed only."""
    words = [w.lower() for w in _WORD.findall(text)]
    out = set()
    for n in (2, 3):
        for i in range(len(words) - n + 1):
            window = words[i:i + n]
            if any(w in STOPWORDS for w in window):
                continue  # "look at the rota" is no "LAT"
            ac = "".join(w[0] for w in window)
            if ac not in STOPWORDS:
                out.add(ac)
    return frozenset(out)



# What is left of a longer word after a short one is a suffix, not an abbreviation: "leader" is
# not short for anything in "lead", "stands" is "stand".
_SUFFIX_REST = frozenset({
    "er", "or", "ed", "es", "ly", "al", "en", "ry", "ty", "ic", "ish", "ers", "ors", "ist", "ism",
    "ant", "ent", "ful", "ness", "less", "ie", "ies", "y", "s", "ing", "able", "ible", "ard",
    # ...nor the second half of a compound: "check" + "list", "lead" + "ership"
    "list", "hand", "shop", "ship", "ership", "man", "men", "work", "tim", "line", "board",
    "book", "room", "side", "way", "top", "back", "up", "out", "over", "down", "day", "hous",
    "yard", "light", "rig", "mat", "shar", "through", "point", "sel", "writer", "ward", "load",
})


def abbreviations(vocab: set[str]) -> dict[str, str]:
    """Short forms a person writes for a longer word they also write: "vent" -> "ventil"
    (ventilation), "maint" -> "maintenance", "cert" -> "certificat". A word of 4-5 letters
    that begins exactly one longer word of theirs, the rest being no mere suffix; never a
    short form that could be two words ("temp": temperature or temporary)."""
    words = sorted(t for t in vocab if t.isalpha() and not t.isupper())
    out = {}
    for t in words:
        if not 4 <= len(t) <= 5 or t in STOPWORDS:
            continue
        i = bisect.bisect_right(words, t)
        longer = []
        while i < len(words) and words[i].startswith(t):
            rest = words[i][len(t):]
            # (a compound is no short form: "check" + "list", "deck" + "hand")
            if len(rest) >= 2 and rest not in _SUFFIX_REST and rest not in vocab and (
                    rest not in STOPWORDS):
                longer.append(words[i])
            i += 1
        if len(longer) == 1:
            out[t] = longer[0]
    return out


@lru_cache(maxsize=1 << 16)
def base_form(tok: str) -> str:
    """A noun made from a verb, as the verb's stem: "observation" -> "observ" (as "observed"),
    "inspection" -> "inspect", "assessment" -> "asses" (as "assessed"). People
    promise the noun ("do the observation") and report the verb ("observed Y9")."""
    if tok.isupper() or not tok.isalpha():
        return tok
    base = None
    if tok.endswith("ation") and len(tok) >= 9:
        base = tok[:-5]
    elif tok.endswith(("tion", "ssion")) and len(tok) >= 8:
        base = tok[:-3]
    elif tok.endswith("ment") and len(tok) >= 9:
        base = tok[:-4]
    if base is None:
        return tok
    # the stem its past tense gets, so both meet: "assessment" -> "assessed" -> "asses"
    past = tokens(base + ("d" if base.endswith("e") else "ed"))
    return next((t for t in past if not t.isupper()), tok)


def thread_tokens(text: str, drop: Iterable[str] = ()) -> set[str]:
    """``tokens`` with verbal nouns as their verb's stem (see ``base_form``)."""
    return {base_form(t) for t in tokens(text, drop)}


def agent_nouns(vocab: set[str]) -> dict[str, str]:
    """Who-does-it nouns mapped to what is done, when the person's own words hold it:
    "reviewer" -> "review", "illustrator" -> "illustr" (as "illustration"). Read from the
    person's vocabulary, so "number" or "manager" never become "numb" or "manag" unless they
    also write those."""
    out = {}
    for t in vocab:
        if len(t) < 7 or not t.isalpha() or t.isupper():
            continue
        if t.endswith("ator"):
            base = base_form(t[:-2] + "ion")
        elif t.endswith(("er", "or")) and len(t) >= 8:
            # short bases are too often another word ("trainer"/"train", "printer"/"print")
            base = t[:-2]
        else:
            continue
        if base != t and base in vocab:
            out[t] = base
    return out


# Days and clock times a working pattern is named by: "start 10am tues/thurs", "leave 2.45
# mondays". The ordinary tokens drop them (they are dates, not topics), but for an ask about
# hours they are what the ask is about: "tues/thurs 10am agreed" answers it.
_WEEKDAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)(?:day|s|sday|nesday|rsday|r|rs|urday)?s?\b",
                      re.I)
_CLOCK = re.compile(r"\b(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[.:](\d{2})\b", re.I)


@lru_cache(maxsize=1 << 16)
def schedule(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(weekdays, clock times) a line names: "10am tues/thurs" -> ({tue, thu}, {10:00}).
    Memoized (a pure function of the text, immutable answer): an ask about hours is compared
    with every later line of the person on every thread decision."""
    days = frozenset(m.group(1).lower() for m in _WEEKDAY.finditer(text))
    times = set()
    for m in _CLOCK.finditer(text):
        hour, mins = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        if int(hour) <= 12:
            times.add(f"{int(hour) % 12}:{mins or '00'}")
    return days, frozenset(times)


def same_schedule(thread: str, later: str) -> bool:
    """Both lines name the same working pattern: a shared day and a shared time, or the same
    two or more days ("leave 2.45 mondays" ... "Mondays 2.45 finish — agreed")."""
    days, times = schedule(thread)
    if not days:
        return False
    ldays, ltimes = schedule(later)
    return bool(days & ldays and times & ltimes) or (len(days) >= 2 and days <= ldays)
