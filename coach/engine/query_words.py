"""The words of questions (coach/engine/query.py): the words that shape a question but name no
topic, multi-word phrases and their abbreviations, the lexicon of 1:1 topics and the light
stemmer that matches them, and how a line says life outside work. Data and pure functions."""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from coach.rules import entries as rule_entries
from coach.rules import rx as rule_rx


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())

_WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")

# Words that shape a question but say nothing about its topic.
_STOP = _word_set("""
    a an the and or but if of to in on at by for from with without into onto over under up down
    out off about around regarding re as than then so too very just also still yet ever again
    i me my mine myself we us our you your he him his she her hers they them their it its this
    that these those there here who whom whose what which when where why how whats who's what's
    is are was were be been being am do does did doing done have has had having will would shall
    should can could may might must need needs any anything anyone anybody some something someone
    somebody every everything everyone all each either neither no nothing not none
    ask asks asked asking say says said saying mention mentions mentioned mentioning raise raises
    raised raising bring brings brought talk talks talked talking discuss discussed discussing
    tell told let know knows think thought remember recall note notes wrote write written
    lately recently recent last time times week weeks month months ago far
    people person team report reports direct directs one ones thing things stuff
    get got gets getting go going doing lot lots much many more most whether want wants wanted
    like likes
    across among between whole entire everybody anywhere
    would-like need needed needs else
    haven't hasn't hadn't didn't don't doesn't isn't aren't wasn't weren't won't can't cannot
    havent hasnt didnt dont doesnt 1s 11s
    i'd i'll i'm i've we'd we'll we're we've id ive im
    coming upcoming soon happening happen happened give gives gave given giving
    before after until till since during
    """)

_FOLLOW_UP_WORDS = _word_set("""
    follow followed up followup followups following open outstanding pending owe owes owed owing
    promise promised promises commitment commitments commit committed action actions item items
    todo todos loose ends end unresolved carry forward waiting left plate thread threads
    chase chasing back where
    """)
_KIND_WORDS = _word_set("""
    worry worried worries worrying concern concerns concerned bother bothers bothered bothering
    bugging upset upsetting struggle struggles struggled struggling request requests requested
    growth goal goals aspiration aspirations ambition ambitions next step role move happened
    happen mentioned never
    """)
# Abbreviations 1:1 notes use for multi-word roles and events: the question's phrase matches the
# phrase (as adjacent words) or its abbreviation.
PHRASES: dict[str, frozenset[str]] = {
    "tech lead": frozenset({"tech-lead", "tl", "techlead"}),
    "team lead": frozenset({"team-lead", "tl"}),
    "engineering manager": frozenset({"engineering-manager", "em"}),
    "product manager": frozenset({"product-manager", "pm"}),
    "performance review": frozenset({"performance-review", "perf-review"}),
    "one on one": frozenset({"one-on-one", "1-1"}),
    "out of office": frozenset({"out-of-office", "ooo"}),
    "all hands": frozenset({"all-hands"}),
    "on call": frozenset({"on-call", "oncall"}),
    "time off": frozenset({"time-off", "day-off", "days-off", "vacation", "holiday", "pto",
                           "sabbatical", "annual-leave", "off-sick"}),
    "day off": frozenset({"time-off", "day-off", "days-off", "vacation", "holiday", "pto",
                          "annual-leave"}),
    # "has Owain's leave been sorted?": time off ("holiday to Portugal booked", "annual leave"),
    # never the verb ("she needs to leave 3:15")
    "leave": frozenset({"time-off", "day-off", "days-off", "vacation", "holiday", "holidays",
                        "pto", "annual-leave", "sabbatical"}),
}
# Phrases a line says in other words: "time off" is also "she'd like to be off the 25th",
# "take the 28th off", "a week off", "holiday".
_PHRASE_TEXT: dict[str, re.Pattern[str] | Finder] = {
    "time off": re.compile(
        r"\b(?:be|being|been|is|are|am|day|days|time|take|taking|took|taken|week|weeks|"
        r"afternoon|morning|have|having|the \d+(?:st|nd|rd|th)?) off\b|\bholidays?\b|"
        r"\bvacation\b|\bpto\b|\b(?:annual|parental|paternity|maternity|sick|compassionate) "
        r"leave\b|\bon leave\b|\bleave (?:request|dates)\b", re.I),
}
_TIME_OFF = _PHRASE_TEXT["time off"]
_PHRASE_TEXT["day off"] = _TIME_OFF


class _OrRule:
    """A pattern, or any entry of a rule of coach/rules/en/ask.yaml."""

    def __init__(self, pattern: re.Pattern[str] | Finder, rule_id: str) -> None:
        self.pattern, self.rule_id = pattern, rule_id

    def search(self, text: str) -> object:
        return self.pattern.search(text) or next(
            (m for p, _ in rule_entries(self.rule_id) if (m := p.search(text))), None)


# "leave" is also the noun a line names no kind of ("leave 5-26 Dec approved", "re leave")
_PHRASE_TEXT["leave"] = _OrRule(_TIME_OFF, "ask.leave_noun")
_NEVER_DONE = re.compile(r"\b(never (?:did|done|happened|got)|still (?:waiting|open|owe)|"
                         r"not (?:yet )?done|didn'?t (?:do|get to))\b", re.I)
_OVERVIEW = _word_set("doing going new latest update updates status overview summary catch "
                      "ok okay alright")
# Stop words that are nouns after an owner or an article ("Sam's talk", "the talk", "his talk").
_NOUN_WHEN_OWNED = _word_set("talk talks note notes")
_OWNERS = _word_set("the a an his her their my our your this that")
# The question words a typo is read back to ("wht", "abut", "anythng").
_TYPO_TARGETS = _word_set("""
    what whats where when which with about anything something everything have does should
    would could there their them from this that they promise promised owe owes did
    """)

def kind_stems(kind: str) -> frozenset[str]:
    """Stems of the lexicon topics that signal a kind even when the extractor filed the line
    under another one ("visa paperwork is stressing him out" is a concern)."""
    anchors = {"concern": ("stressed", "frustrated", "sick"),
               "growth": ("promotion", "career", "mentor", "conference", "course")}.get(kind, ())
    out: set[str] = set()
    for group, group_stems in _LEXICON_STEMS:
        if any(a in group for a in anchors):
            out |= group_stems
    return frozenset(out)


def stem(word: str) -> str:
    """A deliberately light stemmer: enough to match 'promotions' with 'promotion'."""
    if len(word) > 4 and word.endswith("ies"):  # families -> family, worries -> worry
        word = word[:-3] + "y"
    elif len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        sibilant = word.endswith("es") and word[:-2].endswith(("ss", "x", "z", "ch", "sh"))
        word = word[:-2] if sibilant else word[:-1]
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def word_forms(word: str) -> set[str]:
    """The stem of ``word``, and for a word that lost -ing/-ed also the stem with the silent e
    back ("driving" -> driv, drive), so "drive" meets "driving" and "raise" meets "raised";
    a noun in -ation also gives its verb ("automation" -> automate, automat), so a question
    about "the automation" meets "automated gates" (8+ letters: "station" is no "state")."""
    key = stem(word)
    if key != word and word.endswith(("ing", "ed")) and not key.endswith("e"):
        return {key, key + "e"}
    if len(key) >= 8 and key.endswith("ation"):
        return {key, key[:-3], key[:-3] + "e"}
    return {key}


# Topics 1:1 notes keep coming back to: a question term in a group matches all of its words.
LEXICON: tuple[frozenset[str], ...] = tuple(frozenset(group.split()) for group in (
    "pay paid salary salaries comp compensation bonus bonuses equity stock money "
    "adjustment adjustments payband rsu rsus payroll overtime underpaid overpaid wages wage",
    # money at home is its own topic: "pay rise" is not "check with finance" (the department)
    # nor "rent went up"; "money" asks for both
    "money financial finances debt debts loan loans rent mortgage bills",
    # overtime as rotas write it ("OT rate wrong"); "OT" alone is not pay (occupational therapy)
    "overtime ot",
    "promotion promotions promo promote promoted ladder career-path",
    "career growth development aspiration aspirations",
    "stress stressed burnout burned burnt exhausted tired overwhelmed wiped anxious anxiety "
    "overloaded drained swamped overworked coping cope sleep sleeping knackered shattered",
    "sick ill illness flu health doctor hospital surgery injury",
    "family kid kids baby parent parents wedding funeral movers",
    "vacation holiday holidays pto sabbatical parental",
    "conference conferences summit kubecon meetup abstract cfp",
    "mentor mentors mentoring mentorship mentee",
    "feedback critique",
    "hire hiring interview interviews candidate candidates recruit recruiting headcount",
    "quit quitting resign resignation leaving recruiter disengaged disconnected",
    "conflict conflicts tension friction frustrated frustration annoyed upset argument",
    "remote office wfh commute hybrid flex flexible relocation",
    "reorg reorganization reorganisation restructure restructuring restructured folded merger "
    "consultation redundancy redundancies redundant layoff layoffs at-risk",
    "on-call oncall pager incident incidents outage outages",
    "offsite off-site retreat",
    "budget budgets cost costs spend funding",
    "grant grants fellowship fellowships bursary scholarship",
    "qualification qualifications qualified nvq course courses certificate certification cert "
    "recert exam exams diploma apprenticeship cpd accreditation training train trained "
    "upskill upskilling",
    "med meds medication medications medicine medicines",
    # months as people write them ("from Feb" answers "what does she want from February?")
    "january jan", "february feb", "march mar", "april apr", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
))
_LEXICON_STEMS = tuple((group, frozenset(stem(w) for w in group)) for group in LEXICON)
_CAREER_STEMS = next(stems for group, stems in _LEXICON_STEMS if "career" in group)
_TRAINING_STEMS = next(stems for group, stems in _LEXICON_STEMS if "training" in group)
_COPING_STEMS = next(stems for group, stems in _LEXICON_STEMS if "coping" in group)
_FAMILY_STEMS = next(stems for group, stems in _LEXICON_STEMS if "family" in group)


def words(text: str) -> list[str]:
    """Lower-case words, accents folded ("Zoë" -> "zoe"), curly apostrophes straightened."""
    if text.isascii():
        return _WORD.findall(text.lower())
    plain = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return _WORD.findall("".join(c for c in plain if not unicodedata.combining(c)))



class Finder(Protocol):
    """What a concept's ``pattern`` needs: a ``search`` like ``re.Pattern.search``."""

    def search(self, text: str) -> object: ...


class LifeText:
    """Finds a line about the person's life outside work: family, home, health, a loss, big
    news (coach/rules/en/personal.yaml ``personal.life``, ``personal.grave``,
    ``personal.big_news``; coach/rules/en/ask.yaml ``ask.life_words``), read on what of the
    line is the person's own (work senses such as "before the holidays" blanked:
    coach/engine/personal_view.py)."""

    _RULES = ("personal.family", "personal.grave", "personal.big_news")
    # the wider life words (an illness, a hobby, the commute) only in a line about the person
    # ("her commute", "she's sleeping badly"), not "covering 2 sick", "flu clinic planning"
    _OWN = re.compile(r"\b(?:she|he|they|her|his|their|hers|him|them)\b|\b(?:she|he|they)(?:'|’)",
                      re.I)

    def search(self, text: str) -> object:
        from coach.engine.personal_view import personal_view

        view = personal_view(text)
        found = next((m for r in self._RULES if (m := rule_rx(r).search(view))), None)
        found = found or next((m for p, _ in rule_entries("ask.life_words")
                               if (m := p.search(view))), None)
        if found is None and self._OWN.search(view):
            found = rule_rx("personal.life").search(view)
        return found


# Words that pre-select lines about life outside work (the match itself is ``LifeText``)
HOME_LIFE_STEMS = _FAMILY_STEMS | {"home", "house", "famil", "personal", "grandson",
                                   "granddaughter", "grandchild", "grandchildren", "grandkid",
                                   "in-law", "stepson", "stepdaughter", "died", "funeral",
                                   "hospital", "sick", "ill"}


