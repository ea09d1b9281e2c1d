"""Understand a question well enough to retrieve for it: intent, topic terms, lexical match.

Dense retrieval alone is weak on the short, jargon-heavy lines managers write ("comp review
timing" does not look like "pay" to MiniLM), so ``ask`` ranks candidates by the embedding
score plus a lexical match of the question's topic terms, expanded through a small lexicon of
1:1 topics. Pure functions: no store, no model.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.engine.query_intent import (  # noqa: F401 - GROWTH_TEXT etc. re-exported
    COPING_TEXT,
    FOLLOW_UP,
    GROWTH_TEXT,
    KIND_PATTERNS,
    MANAGER_SIDE,
    OUTCOME,
    REPORT_SIDE,
    STATUS,
    TRAINING_TEXT,
    WAITING_ON_ME,
    WAITING_ON_OTHERS,
)
from coach.engine.query_words import (  # noqa: F401 - stem, words etc. re-exported
    _CAREER_STEMS,
    _COPING_STEMS,
    _FOLLOW_UP_WORDS,
    _KIND_WORDS,
    _LEXICON_STEMS,
    _NEVER_DONE,
    _NOUN_WHEN_OWNED,
    _OVERVIEW,
    _OWNERS,
    _PHRASE_TEXT,
    _STOP,
    _TRAINING_STEMS,
    _TYPO_TARGETS,
    HOME_LIFE_STEMS,
    LEXICON,
    PHRASES,
    Finder,
    LifeText,
    kind_stems,
    stem,
    word_forms,
    words,
)
from coach.rules import entries as rule_entries
from coach.rules import words as rule_words

_WHEN_WHY = re.compile(r"\s*(?:when|why|how come)\b", re.I)


@dataclass(frozen=True)
class Concept:
    """One topic of the question: the term as asked and every stem that counts as a match."""

    term: str
    stems: frozenset[str]
    # a line this matches mentions the concept in other words ("career": "wants to move up")
    pattern: re.Pattern[str] | Finder | None = None
    # only ``pattern`` decides a match; ``stems`` only pre-select lines ("family" in "family
    # day at the site" is no life outside work)
    pattern_only: bool = False


# "how is she doing at home?": life outside work, whatever words the line uses
# ("mother-in-law moved in, house is crowded", "Mochi died last weekend")
HOME_LIFE = Concept("life outside work", HOME_LIFE_STEMS, LifeText(), pattern_only=True)


@dataclass
class Question:
    text: str
    follow_up: bool  # asks for what is open / owed / to follow up
    manager_side: bool  # asks for what the manager owes ("what did I promise?")
    overview: bool  # "how is Sam doing?": no topic, wants the state of things
    concepts: list[Concept] = field(default_factory=list)
    kinds: frozenset[str] = frozenset()  # item kinds asked about (concern, request, growth)
    waiting_on_me: bool = False  # "what's Joe waiting on from me?" (implies manager_side)
    waiting_on_others: bool = False  # "what's waiting on someone else?": held up elsewhere
    status: bool = False  # "where are we with the grant?": the matter's lines, done or not
    report_side: bool = False  # "what did Dana promise?": what the report owes
    outcome: bool = False  # "how did the inspection go?", "what's holding up the radios?"
    stuck: bool = False  # "what is still stuck for Bronwen?": matters that are not moving
    personal: bool = False  # "how is she doing at home?": life outside work is the topic
    last_meeting: bool = False  # "what did we agree last time?": the last 1:1's note
    waiting_any: bool = False  # "what is Amir waiting on?": from you and from anyone else

    @property
    def has_topic(self) -> bool:
        return bool(self.concepts)

    @property
    def when_or_why(self) -> bool:
        """"when does she start the wine course?", "why are the districts merging?": the
        answer is often in what a later note said about the matter, not where it was raised."""
        return _WHEN_WHY.match(self.text) is not None

    @property
    def about_outcome(self) -> bool:
        """Asks what became of a matter: when, why, how it went, whether it got sorted, what
        holds it up. Later notes on the matter answer it."""
        return self.outcome or self.status or self.when_or_why

    @property
    def topic(self) -> str:
        """The topic words as asked ("promotion or pay" -> "promotion pay")."""
        return " ".join(c.term for c in self.concepts)


def fix_typos(question: str, in_notes: Callable[[str], bool] | None = None,
              names: set[str] | frozenset[str] = frozenset()) -> str:
    """``question`` with words one letter off a question-intent word read as that word
    ("what shuold I folow up on" -> "what should I follow up on"): only words that are neither
    a known question word, a name (``names``, or capitalised inside the question) nor (per
    ``in_notes``) a word of the notes, and only when exactly one intent word is that close."""
    from coach.engine.names import edit_distance

    targets = rule_words("ask.intent_words")
    known = targets | _STOP | _FOLLOW_UP_WORDS | _KIND_WORDS | _OVERVIEW

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = word.lower()
        if len(folded) < 4 or folded in known or folded in names or not folded.isalpha():
            return word
        if word[:1].isupper() and match.start() > 0:  # a capital inside a question: a name
            return word
        close = [t for t in targets if len(t) >= 4 and not folded.startswith(t)  # opens, agrees
                 and edit_distance(folded, t, 1) <= 1]
        if len(close) != 1 or (in_notes is not None and in_notes(folded)):
            return word
        return close[0]

    return re.sub(r"[A-Za-z]+", fix, question)


def _misspelt_question_word(word: str, in_notes: Callable[[str], bool] | None) -> bool:
    """A word of no note, one letter off a word questions are made of ("wht", "abut",
    "anythng"): a typo, not a topic. Needs 4+ letters, or 3 with no vowel ("wht"), so a short
    real topic ("pay") is never taken for "say"; never a word of the topic lexicon."""
    if in_notes is None or not word.isalpha() or len(word) < 3:
        return False
    if len(word) == 3 and set(word) & set("aeiouy"):
        return False
    if any(word in group for group in LEXICON) or in_notes(word):
        return False
    from coach.engine.names import edit_distance

    return any(abs(len(w) - len(word)) <= 1 and edit_distance(word, w, 1) <= 1
               for w in _TYPO_TARGETS)


def _intent_words(match: re.Match[str]) -> set[str]:
    """The words of a matched intent phrase, without the topic words it spans ("did *the
    lads* get *their overtime* sorted")."""
    said = set(words(match.group(0)))
    for name, value in match.groupdict().items():
        if name.startswith("gap") and value:
            said -= set(words(value))
    return said


_LEAVE_NAMED = re.compile(r"\b(?:paternity|maternity|annual|sick|parental|compassionate|study|"
                          r"unpaid|special|adoption|shared parental) leave\b")


def parse_question(question: str, name_words: set[str] | frozenset[str] = frozenset(),
                   in_notes: Callable[[str], bool] | None = None) -> Question:
    """Intent and topic of ``question``; ``name_words`` (folded name parts) are not topics.
    ``in_notes``: whether a word occurs in the notes (a word that does is never a typo)."""
    original = question
    question = fix_typos(question, in_notes, name_words)  # "Owen" is not a typo of "open"
    asks = asked_phrases(question)
    waiting = bool(WAITING_ON_ME.search(question))
    mine = "mine" in asks and not waiting  # "what have I told her I'd find out?"
    others = (bool(WAITING_ON_OTHERS.search(question)) or "others" in asks) \
        and not waiting and not mine
    stuck = "stuck" in asks and not waiting and not mine
    follow_up = bool(FOLLOW_UP.search(question) or _NEVER_DONE.search(question) or waiting
                     or mine or others)
    kinds = frozenset(kind for kind, rx in KIND_PATTERNS if rx.search(question))
    # the words that say the kind ("want to learn") are intent, not topic
    kind_said = {w for _, rx in KIND_PATTERNS for m in rx.finditer(question)
                 for w in words(m.group(0))}
    # so are the words that ask for the state of a matter ("did we ever sort", "where did we land")
    kind_said |= {w for m in STATUS.finditer(question) for w in _intent_words(m)}
    outcome = OUTCOME.search(question) is not None
    kind_said |= {w for m in OUTCOME.finditer(question) for w in _intent_words(m)}
    # the words that ask for promises, what others hold up, what is stuck, or life outside
    # work are intent too ("told her I'd *find out*", "waiting on *other* people", "*stuck*")
    kind_said |= set().union(*asks.values()) if asks else set()
    if mine:
        kind_said |= rule_words("ask.promise_verbs")
    if "last" in asks:  # "what did we cover last time?": "cover" is no topic
        kind_said |= rule_words("ask.recap_words")
    tokens = words(question)
    concepts: list[Concept] = []
    if "home" in asks:  # "how is she doing at home?": the lines about life outside work
        concepts.append(HOME_LIFE)
    overview = False
    folded = " ".join(tokens)
    for phrase, forms in PHRASES.items():
        if phrase == "leave" and _LEAVE_NAMED.search(folded):
            continue  # "paternity leave" says which leave: no holiday lines for it
        if re.search(rf"\b{phrase}s?\b", folded):
            concepts.append(Concept(phrase, forms, _PHRASE_TEXT.get(phrase)))
            dropped = set(phrase.split())
            tokens = [t for t in tokens if t not in dropped]
    for at, token in enumerate(tokens):
        bare = token.removesuffix("'s").removesuffix("'")
        if bare in _OVERVIEW:
            overview = True
            continue
        before = tokens[at - 1] if at else ""
        owned = bare in _NOUN_WHEN_OWNED and (before in _OWNERS or before.endswith("'s")
                                              or before in name_words)
        if bare in name_words or (bare in _STOP and not owned) or len(bare) < 2:
            continue
        if bare.isdigit() and len(bare) < 3:  # "3 of 5" is no topic; ticket 1402 is
            continue
        if follow_up and (bare in _FOLLOW_UP_WORDS or (bare == "ups" and before == "follow")):
            continue  # "follow ups", never the UPS
        if _misspelt_question_word(bare, in_notes):  # "wht did i promis": no topic "wht"
            continue
        if bare in _KIND_WORDS or bare in kind_said:
            continue
        key = stem(bare)
        stems = word_forms(bare)
        for group, group_stems in _LEXICON_STEMS:
            if bare in group or key in group_stems:
                stems |= group_stems
        if any(key in c.stems for c in concepts):  # "stressed or burned out": one concept
            continue
        # "her career": also a line that reads as growth; "training": a line that wants to learn
        pattern = GROWTH_TEXT if stems & _CAREER_STEMS else \
            TRAINING_TEXT if stems & _TRAINING_STEMS else \
            COPING_TEXT if stems & _COPING_STEMS else None
        concepts.append(Concept(bare, frozenset(stems), pattern))
    report_side = bool(REPORT_SIDE.search(question) or "theirs" in asks) \
        and not MANAGER_SIDE.search(question) and not mine
    topical = any(c is not HOME_LIFE for c in concepts)
    # "what's stuck for Bronwen?": what is held up or not moving; "what's blocking the
    # AHU?": how that matter stands, from what later notes said
    stuck_now = stuck and not topical
    return Question(
        text=original, follow_up=follow_up or report_side or stuck_now,
        manager_side=bool(MANAGER_SIDE.search(question) or waiting or mine),
        waiting_on_me=waiting, waiting_on_others=others or stuck_now,
        status=bool(STATUS.search(question)) or "status" in asks,
        outcome=outcome or "outcome" in asks or (stuck and topical),
        report_side=report_side, stuck=stuck_now, personal="home" in asks,
        last_meeting="last" in asks,
        waiting_any="waiting" in asks and not (waiting or others or mine or stuck_now),
        overview=overview and not concepts, concepts=concepts, kinds=kinds,
    )


def asked_phrases(question: str) -> dict[str, set[str]]:
    """What the question's wording asks for, from the question-phrasing rules of
    coach/rules/en/ask.yaml: "mine" (what the manager said they would do), "theirs" (what the
    person said they would do), "others" (what
    waits on someone else), "stuck" (what is not moving), "home" (life outside work), "last"
    (the last 1:1 itself), "status" / "outcome" (whether a matter got done, how it went); each
    with the words that say so (intent words, never topic words: a ``gap`` group names the
    matter)."""
    out: dict[str, set[str]] = {}
    for rule_id in _QUESTION_RULES:
        for pattern, label in rule_entries(rule_id):
            for match in pattern.finditer(question):
                out.setdefault(label, set()).update(_intent_words(match))
    return out


_QUESTION_RULES = ("ask.q_my_promises", "ask.q_their_promises", "ask.q_waiting_on_others",
                   "ask.q_stuck", "ask.q_home_life", "ask.q_last_time", "ask.q_status",
                   "ask.q_waiting")


def _text_stems(text: str) -> tuple[list[str], set[str]]:
    """The words of ``text`` and every stem a concept may match in it."""
    tokens = words(text)
    stems = {f for w in tokens for f in word_forms(w)}
    # adjacent words, for phrases ("tech lead" as "tech-lead")
    stems.update(f"{a}-{stem(b)}" for a, b in zip(tokens, tokens[1:], strict=False))
    stems.update(f"{a}-{b}" for a, b in zip(tokens, tokens[1:], strict=False))
    for w in list(stems):  # hyphenated words also count by their parts ("on-call", "comp-review")
        if "-" in w:
            stems.update(stem(p) for p in w.split("-"))
    return tokens, stems


def _said(concept: Concept, text: str, tokens: list[str], stems: set[str]) -> set[str]:
    """How ``text`` says ``concept``: the concept's stems it has, "~" for its pattern (a line
    in other words), the term itself when misspelt; empty when it does not say it."""
    out: set[str] = set() if concept.pattern_only else set(concept.stems & stems)
    if concept.pattern is not None and concept.pattern.search(text):
        out.add("~")
    if any(misspelt_as(concept.term, w) for w in tokens):
        out.add(concept.term)
    return out


def lexical_match(question: Question, text: str) -> float:
    """Share of the question's concepts that ``text`` mentions (0..1)."""
    if not question.concepts:
        return 0.0
    tokens, stems = _text_stems(text)
    hit = sum(1 for c in question.concepts if _said(c, text, tokens, stems))
    return hit / len(question.concepts)


def shared_concepts(question: Question, a: str, b: str) -> float:
    """How many of the question's topic words both lines mention: 1 for each said in the same
    word (or both in other words the concept's pattern reads), 0.5 for each said only in two
    different words of its family ("comp" and "pay after Q1": "comp" may be a competition)."""
    ta, sa = _text_stems(a)
    tb, sb = _text_stems(b)
    total = 0.0
    for c in question.concepts:
        in_a, in_b = _said(c, a, ta, sa), _said(c, b, tb, sb)
        if in_a and in_b:
            total += 1.0 if in_a & in_b else 0.5
    return total


FUZZY_MIN = 7  # letters: shorter words one letter apart are too often other words


def misspelt_as(term: str, word: str) -> bool:
    """``word`` is ``term`` with one letter doubled, dropped, added or two swapped ("ballancer",
    "enginer", "hopsital"); a changed letter only in long words. Same first letter; words of
    FUZZY_MIN letters or more, so "course" never matches "coarse"."""
    if len(term) < FUZZY_MIN or len(word) < FUZZY_MIN - 1 or term[0] != word[0] or term == word:
        return False
    if abs(len(term) - len(word)) > 1:
        return False
    if len(term) == len(word):
        diff = [i for i, (a, b) in enumerate(zip(term, word, strict=True)) if a != b]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i, j = diff
            return term[i] == word[j] and term[j] == word[i]
        return len(diff) == 1 and len(term) >= 9
    short, long_ = (term, word) if len(term) < len(word) else (word, term)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def search_terms(question: Question) -> list[str]:
    """Every word a stored line may contain to match the question (for a lexical pre-filter)."""
    out: set[str] = set()
    for concept in question.concepts:
        out.add(concept.term)
        out.update(s for s in concept.stems if len(s) >= 3)
    # a substring pre-filter: "promot" already finds "promotion"
    plain = sorted(t for t in out if not any(o != t and o in t for o in out))
    # and the term misspelt in the notes ("ballancer", "enginer"): LIKE's "_" is one letter
    fuzzy = [v for c in question.concepts if len(c.term) >= FUZZY_MIN and c.term.isalpha()
             for v in _one_off(c.term)]
    return plain + fuzzy


def _one_off(term: str) -> list[str]:
    """LIKE patterns for ``term`` with one letter dropped or one letter added."""
    dropped = {term[:i] + term[i + 1:] for i in range(1, len(term))}
    added = {term[:i] + "_" + term[i:] for i in range(1, len(term))}
    return sorted(dropped | added)
