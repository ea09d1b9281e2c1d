"""What a personal line is said back as in the check-in: "feeling stretched", "your mum", "the
biopsy", "how that call has stayed with you" - and how much it weighs (2 a strain or life
news, 1 a passing state). Only words whose personal sense is unambiguous are said back; the
choice of line is coach/engine/checkin.py's.
"""

from __future__ import annotations

import re

from coach.engine.personal_view import personal_view
from coach.extract import lexicon as lx
from coach.rules import entries, rx

# Lasting states outrank passing ones (a tired Tuesday) when picking what to ask about.
STRONG = rx("personal.strain_state")  # the first group that matched: the word said back
WEAK = rx("personal.passing_state")  # the first group that matched: the word said back
_LEAVING = re.compile(r"\b(?:leaving|quitting|transferr\w*|switching teams?|moving teams?)\b",
                      re.I)
I_AM = re.compile(r"^\s*i(?:'m|’m| am) (?:\w+ )?", re.I)  # "I'm off", "I'm worried she..."
# The manager speaking ABOUT the report ("I'm worried she's burning out") is about them.
REPORT_REF = re.compile(r"\b(?:she|he|they|her|him|them)\b|\b(?:she|he|they)(?:'|’)", re.I)
_NEGATED = re.compile(r"\b(?:no longer|not)\b", re.I)
IDIOM = rx("personal.strain_idiom")  # "running on fumes", "worn down": lasting strain
HARDSHIP = rx("personal.hardship")  # a job lost at home, money tight: a lasting worry
_CLAUSE = re.compile(r"[^,;.!?()+]+")
GRAVE = rx("personal.grave")
_GRAVE_TOPICS = entries("personal.grave_topics")
# Feelings ABOUT something ("very worried", "anxious", "stressed"): the life topic they are
# about is what to ask after. A state of the person ("lonely", "exhausted") is said back.
ABOUT_FEELING = re.compile(r"^(?:worr\w*|anxi\w*|stress\w*|upset|scared|frightened|nervous|"
                            r"distress\w*|panick\w*)$", re.I)
# Strain words said back in plainer words ("feeling drowning" is not English).
_SAID_AS = {"drowning": "feeling swamped", "fuming": "feeling frustrated",
            "shook": "feeling shaken"}
# Topics too general to replace a strain word ("feeling worried" says more than "your time
# away"); any other life topic (a relative, their health, the home, a pet) is what a manager
# asks about: "mother in hospital, she very worried" -> "your mother", not "feeling worried".
VAGUE_TOPICS = frozenset({"your time away", "your energy", "your sleep", "the commute",
                           "your family", "how you've been looking after yourself"})



def life_topic(text: str) -> str | None:
    # Grave news with no life word ("Mochi died", "their flat was flooded") has its own short
    # list of topics: a grave word in a work line ("the stroke unit audit") gets none.
    topics = (lx.LIFE_TOPICS if lx.LIFE.search(text) else ()) + (
        _GRAVE_TOPICS if GRAVE.search(text) else ())
    for topic_rx, phrase in topics:
        m = topic_rx.search(text)
        if m and phrase == "{1}":
            return m.group(1)  # a name said back as written ("Pepa")
        if m:
            # A name as written ("Portuguese", "Lagos"); other words in lower case.
            groups = [m.group(0).lower(), *(g if g[:1].isupper() and m.start() > 0 else g.lower()
                                            for g in m.groups() if g)]
            try:
                return phrase.format(*groups)
            except IndexError:
                return phrase.format(groups[0])
    return None


# A distressing thing that stays with them, said back by its noun ("how that call has stayed
# with you"); the nouns are personal.after_trauma's.
_HELD_BY = re.compile(r".*\b(call|incident|shout|death|attack|crash|accident|arrest|overdose|"
                      r"suicide|assault|restraint|stabbing|fatality|resus)\b[^.;,]{0,30}\bstill\b")


def _idiom_phrase(m: re.Match[str]) -> str:
    """An idiom of strain said back: "running on fumes", "feeling worn down"."""
    said = re.sub(r"\b(?:her|his|their|my)\b", "your", m.group(0).lower())
    held = _HELD_BY.match(said)
    if held:
        return f"how that {held.group(1)} has stayed with you"  # "the call is still with her"
    if "at home" in said:
        return "things at home"
    tail = re.sub(r"\b(?:her|his|their|my)\b", "your", m.string[m.start():].lower())
    hurt = re.match(r"(?:\w+ )?(?:killing|wrecking|ruining|destroying|messing up) (your "
                    r"(?:sleep|back|knees?|health|evenings|weekends|social life|family life))\b",
                    tail)
    if hurt:
        return hurt.group(1)  # "the nights are killing her sleep" -> "your sleep"
    if re.search(r"\bsleep", said):
        return "your sleep"  # "not sleeping well"
    if said.startswith(("running on", "worn", "at ")):
        return said if said.startswith("running") else f"feeling {said}"
    return "how much you've been carrying"


def strong(text: str) -> bool:
    """A lasting strain (stretched, burnt out, running on fumes), not a passing state."""
    return bool(STRONG.search(text) or IDIOM.search(text))


def personal_phrase(text: str, first: str | None = None) -> tuple[str, int] | None:
    """A short, speakable phrase for a personal line, and how much it matters (2 > 1).

    Only words whose personal sense is unambiguous are said back ("the partner team" is not
    "your partner"), and only the report's own life ("Tomas's wife is expecting" is not);
    anything else gets no phrase and the check-in stays general."""
    if REPORT_REF.search(text):
        text = I_AM.sub("", text)  # "I'm worried she's burning out" -> "she's burning out"
    text = personal_view(text, first)
    m = STRONG.search(text)
    if m and not _NEGATED.search(text[:m.start()][-12:]):
        word = next(g for g in m.groups() if g).lower()
        topic = life_topic(text) if ABOUT_FEELING.match(word) else None
        if topic and topic not in VAGUE_TOPICS:
            return topic, 2
        if word in ("stress", "stressing"):
            topic = life_topic(text)
            return (topic or "the stress"), 2
        if word in ("burnout", "burnt out", "burned out", "burn out", "burning out"):
            return "running on empty", 2
        if word == "lonelier":
            word = "lonely"
        if word == "struggling":
            return "struggling", 2  # "you mentioned struggling", not "feeling struggling"
        if word in _SAID_AS:
            return _SAID_AS[word], 2
        return f"feeling {word}", 2
    idiom = IDIOM.search(text)
    if idiom:
        return _idiom_phrase(idiom), 2
    if _LEAVING.search(text):
        return "thinking about a change", 2
    hard = HARDSHIP.search(text)
    if hard:
        # said back by whose it is ("his dad's lost his job ..., baby coming" -> "your dad")
        start = max((c.start() for c in _CLAUSE.finditer(text, 0, hard.end())), default=0)
        topic = life_topic(text[start:hard.end()])
        if topic and topic not in VAGUE_TOPICS:
            return topic, 2
    topic = life_topic(text)
    if topic:
        return topic, 2
    m = WEAK.search(text)
    if m:
        return f"feeling {next(g for g in m.groups() if g).lower()}", 1
    return None

