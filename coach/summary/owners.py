"""Who owes an action item, read from how managers write it, and actions inside prose.

Two jobs for the summary (coach/summary/build.py):

* ``written_owner``: the owner a line states in shorthand ("me: send rota", "-> P to book",
  "J → call HR", "Marta - update", "action (me):", "@Jamal", "HR to confirm", "she'll"),
  from the ``summary.owner_marks`` rule. A name decides by who it is: the report (full, first
  or last name, initial, short form) or someone else. ``None`` when the line states no owner.
* ``segments``: a prose line cut into sentences and clauses ("Next steps: I'll ring payroll
  and she's going to draft the script" -> two clauses), each a literal slice of the line so
  it can be quoted as evidence.
"""

from __future__ import annotations

import re

from coach.contracts import Party
from coach.engine.names import is_report_name
from coach.rules import entries, table
from coach.rules import words as rule_words

# A sentence ends before a capital, or, in shorthand written all lower case, before a pronoun
# taking on an action ("...the delay was the lender. she'll write the response").
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[A-Z@\"'(]|(?:she|he|they|i|we)(?:['’]ll|\s+will|['’]s going to|"
    r"['’]re going to|['’]m going to)\b)")
# A clause that starts a new owner inside a sentence: "..., so I'll check", "... and she's
# going to draft", "...; HR to confirm".
_CLAUSE = re.compile(
    r"\s*;\s*|(?:,?\s+(?:and|but|so|then|while)|\s+(?:[-–—]|→|->|=>))\s+(?=(?:I|she|he|they|"
    # ...or a name: "we agreed a debrief on the 22nd, and Grace will get the night staff to it"
    r"(?-i:[A-Z][a-z]+(?=\s+(?:will|is going to)\s)))(?:\s*['’](?:ll|"
    r"m going|s going|re going)|\s+(?:(?:still|also)\s+)?(?:will|am going|is going|are going|"
    r"needs? to|owes?|must|promised))\b)|"
    # a comma before the report taking on an action: "the council want the list, she'll pull it
    # together" (not "..., she'll be off")
    r",\s+(?=(?:she|he|they|(?-i:[A-Z][a-z]+(?=\s+(?:will|is going to)\s)))(?:\s*['’]ll|"
    r"\s+will|\s+is going to|\s*['’]s going to|"
    r"\s+are going to|\s*['’]re going to)\s+(?!be\b|have\b|need\b))|"
    # a comma before the manager handing out or taking the action: "block C setting out, I want
    # him to check the levels", "rota's a mess, I'll redo it"
    r",\s+(?=I(?:\s*['’]ll|\s+will|\s+am going to|\s*['’]m going to|\s+need to|\s+want "
    r"(?:him|her|them) to|\s+asked (?:him|her|them) to)\s)",
)
# "behaviour logs: S to finish the sweep": a topic label before the owner
_LABEL = re.compile(r"^[^:]{1,40}:\s+(?=\S)")
_LEAD_IN = re.compile(r"^(?:next steps?|actions?|to ?dos?|follow[- ]ups?|ap)\s*:\s*", re.I)
_MANAGER_WORDS = frozenset({"me", "myself", "mgr", "i", "manager"})
# Capitalised words before "to" that are not a person: "Yes to the summit", "Spoke to Kate".
_NOT_OWNERS = frozenset({"yes", "no", "sure", "fine", "happy", "thanks", "sorry", "welcome",
                         "hello", "hi", "both", "all", "nobody", "someone", "everyone"})
_DECISION_LABEL = re.compile(r"^(?:agreed|decided|decision|outcome|verdict)\b", re.I)


def segments(text: str) -> list[str]:
    """``text`` cut into sentences and owner clauses, each a substring of ``text``."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        for clause in _CLAUSE.split(sentence):
            clause = _LEAD_IN.sub("", clause.strip())
            if clause:
                out.append(clause)
    return out


def with_context(text: str, parts: list[str], person: str) -> list[tuple[str, str]]:
    """``parts`` (segments of ``text``) as (slice, clause): a clause that states no owner is
    joined to the action clause right after it in the same sentence, as one slice of ``text``
    (in "mileage still unpaid - I'll go to payroll" or "she asked if the lab could pay for
    Kyoto; I'll check the budget" the first clause is what the action is about); ``clause`` is
    the part whose written owner counts."""
    out: list[tuple[str, str]] = []
    pending: str | None = None
    for part in parts:
        if pending is not None:
            start, end = text.find(pending), text.find(part)
            joined = text[start:end + len(part)] if 0 <= start < end else None
            # not across a sentence, unless the action goes on in lower case (shorthand:
            # "complaint re Ferndale Rd, the lender's delay. she'll write the response")
            if joined is not None and written_owner(part, person) is not None \
                    and (part[:1].islower() or not re.search(r"[.!?]\s", joined[:end - start])):
                out[-1] = (joined, part)
                pending = None
                continue
        out.append((part, part))
        pending = part if written_owner(part, person) is None else None
    return out


def _is_report(who: str, person: str) -> bool:
    return is_report_name(who, person, loose=True)


def _named(who: str, person: str, bracket: bool = False) -> tuple[Party, bool] | None:
    """(owner, certain) for the name an owner mark captured. Someone else is certain only for
    a team or role ("HR", "Chef", "the transport planner (Gail)") or a name with a note in
    brackets ("Kev (ops mgr)"); any other capitalised word may be a topic label."""
    bracket = bracket or "(" in who
    bare = re.sub(r"\s*\(.*\)\s*$", "", who).strip().lstrip("@").rstrip(".")
    if not bare:
        return None
    if bare.casefold() in _MANAGER_WORDS:
        return Party.manager, True
    if bare in rule_words("words.not_a_name") or bare.casefold() in _NOT_OWNERS:
        return None
    if _is_report(bare, person):
        return Party.report, True
    if len(bare) == 1 or _is_verb(bare):  # another initial; "Spoke to": the extractor decides
        return None
    teams = rule_words("summary.team_words")
    return Party.other, bracket or any(w.casefold() in teams for w in bare.split())


def _is_verb(word: str) -> bool:
    """"Spoke", "Talked", "Went": a past-tense verb leading a line, not someone's name."""
    folded = word.casefold()
    past = {f for forms in table("words.irregular_verbs").values() for f in forms}
    return folded in past or (len(folded) > 4 and folded.endswith("ed"))


def written_owner(text: str, person: str, *, certain: bool = True) -> Party | None:
    """The owner ``text`` states in shorthand, or None. A short topic label first
    ("behaviour logs: S to finish the sweep", "NPQSL: I'll check") does not hide it.
    With ``certain=False`` also an unknown capitalised word before "to"/":" ("Kev to fix"),
    which may be a person or a topic label ("Budget to be approved")."""
    found = _marked_owner(text, person)
    if found is None and (label := _LABEL.match(text)) and len(label.group(0).split()) <= 4 \
            and not _DECISION_LABEL.match(text):  # "agreed: Leanne to days" is a decision
        found = _marked_owner(text[label.end():], person)
    if found is None or (certain and not found[1]):
        return None
    return found[0]


def _marked_owner(text: str, person: str) -> tuple[Party, bool] | None:
    for pattern, says in entries("summary.owner_marks"):
        m = pattern.search(text)
        if m is None:
            continue
        if says == "manager":
            return Party.manager, True
        if says == "report":
            return Party.report, True
        arrow = any(a in m.group(0) for a in ("->", "→", "=>"))
        if says == "named_verb" and not _is_action_verb(m.group("verb"), inflected=arrow):
            continue  # "Christmas: she's on the 24th" is a topic and its detail
        if says == "trailing" and not _is_action_verb(m.group("verb").casefold()):
            continue  # "order more gloves → me", not "great save on the order – Dana"
        if says == "trailing":  # a bracket at the end is the owner, not a note on a name
            owner = _named(m.group("who"), person)
            if owner is not None and not owner[1] and not m.group("who")[:1].isupper():
                continue  # "fix the till - urgent", "check the temps (daily)"
            if owner is not None:
                return owner
            continue
        owner = _named(m.group("who"), person, "(" in m.group(0))
        if says == "team" and (owner is None or not owner[1]):
            continue  # "fleet team to move", "Kevin in accounts will": only a team counts
        if owner is not None:
            return owner
    return None


_MINE = re.compile(r"\b(?:my|mine|me|i)\b", re.I)
_THEIRS = re.compile(r"\b(?:her|hers|his|their|theirs)\b", re.I)
_POSSESSOR = re.compile(r"\b([A-Z][\w.-]*)['’]s?(?=\s|$)")


def label_owner(label: str, person: str) -> Party | None:
    """Whose actions a heading lists: "My actions" the manager's, "Her actions" or "Dana's
    next steps" the report's, "Tom's to-dos" someone else's; "Actions" or "Actions (both)"
    nobody's in particular."""
    mine, theirs = _MINE.search(label) is not None, _THEIRS.search(label) is not None
    named = _POSSESSOR.search(label)
    if named is not None and not mine and not theirs:
        return Party.report if _is_report(named.group(1), person) else Party.other
    if mine != theirs:
        return Party.manager if mine else Party.report
    return None


def named_owner(who: str, person: str) -> tuple[Party, bool] | None:
    """(owner, certain) for a bare name, initial, team or "me" (an owner column's cell)."""
    return _named(who, person) if who.strip() else None


def _is_action_verb(word: str, *, inflected: bool = False) -> bool:
    """"book"; after an arrow also "books"/"runs"/"finishes" ("Dan → runs the crew"), where
    "Chloe - covers up 12%" after a dash is a figure, not an action."""
    verbs = rule_words("summary.action_verbs")
    return word in verbs or inflected and any(
        word.endswith(end) and word[:-len(end)] in verbs for end in ("s", "es"))


# "Adaeze: last trainer assessment", "Dan → runs the crew", "sales team: cap the bookings":
# a name, initial or team (up to three words) and a colon, arrow or dash, then the action
_LEAD = re.compile(
    r"^\s*(?:->|→|=>)?\s*@?(?P<who>[^\W\d_][\w&'’.-]*(?:\s+[^\W\d_][\w&'’.-]*){0,2}"
    r"(?:\s+\([^)]*\))?)\s*(?::|->|→|=>|–|—|\s-\s)\s*\S")


def lead_owner(text: str, person: str) -> tuple[Party, bool] | None:
    """(owner, certain) named at the start of a line listed under an actions heading, whatever
    follows ("Élodie: caravans write-up", "B → hand over the job folder"). Several words count
    only as a team ("sales team:") or a capitalised full name ("Tom Reid:")."""
    m = _LEAD.match(text)
    if m is None:
        return None
    who = m.group("who")
    bare = re.sub(r"\s*\(.*\)\s*$", "", who).split()
    if len(bare) > 1 and not all(w[:1].isupper() for w in bare):
        teams = rule_words("summary.team_words")
        if bare[-1].casefold() not in teams and bare[-1].casefold() != "team":
            return None
    return _named(who, person, "(" in who)
