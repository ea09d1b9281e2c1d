"""Who a thread waits on, and whether a later line is their answer.

"I'll ask Dee whether the budget covers a coach", "I need to square it with the news desk",
"I said I check with HR": the thread is settled once that party has answered, in any words
("Dee said yes", "the news desk is fine with it", "HR: fine from april", "senior team liked the
proposal"). Also a thread that waits for an answer rather than for work ("find out if the
academy does group rates", "I'll check the training budget") is settled by a later line that
gives the answer ("budget ok for level 2", "academy: 15% off for 3+").
"""

from __future__ import annotations

import re

from coach.engine.textmatch import STOPWORDS
from coach.extract import lexicon as lx
from coach.rules import rx

# Someone the manager will ask/hear from, by name or acronym: "I'll ask Dee whether...",
# "feedback from Ruth", "check with HR", "call Fullwood".
_ASKED_WHO = re.compile(
    r"\b(?:ask|check with|check w/|hear from|from|with|w/|ping|chase|email|talk to|to|call|ring|"
    r"phone)\s+([A-Z][a-z]+|[A-Z]{2,4}|"
    r"(?-i:finance|legal|facilities|recruiting|payroll|procurement|security|people ops))\b")
# The same go-between named by role, in lower case: "ask the college", "square it with the news
# desk", "take it to the senior team", "i ask agency for...".
_GO_BETWEEN = rx("closure.go_between")
_ASKED_ROLE = re.compile(
    r"(?<![-\w])(?:" + _GO_BETWEEN.pattern + r")\s+(?:the\s+|my\s+|our\s+|their\s+)?"
    r"([a-z]{3,}(?:\s+[a-z]{3,})?)", re.I)
# A yes/no answer needs no object; "approved the new laptop" must be about this ask.
BARE_ANSWER = re.compile(
    r"(?:said|says?) (?:yes|no|ok|okay|sure|fine)|is in\b|are in\b|went (?:well|fine|great|ok)|"
    r"(?:is|are) (?:fine|ok|okay|happy) with|\b(?:came|visited|been)\b",
    re.I)
# ...and that someone's answer in a later line: "Dee said yes", "Ruth's input is in".
_ANSWER = (r"(?:(?:'|’)s)?\b[^.;]{0,40}?\b(?:said (?:yes|no|ok|okay|sure)|agreed|approved|"
           r"signed off|replied|got back|came back|confirmed|is in\b|are in\b|ok(?:'|’)?d|"
           r"gave (?:the )?(?:ok|go-ahead|green light)|spent (?:an?|some|the) |"
           r"(?:first (?:one|session|meeting|call) )?went (?:well|fine|great|ok))")
# A reply in any words right after the party's name (coach/rules/en/closure.yaml).
PARTY_REPLY = rx("closure.party_reply")
# ...unless the name follows a condition: "once Joanne says yes" is not Joanne's yes.
CONDITIONAL_LEAD = rx("closure.conditional_lead")
# Someone called out to fix a thing came: "Fullwood came tues", "the engineer's been".
_VISIT = re.compile(r"(?:(?:'|’)s)?\s+(?:came|visited|has been|(?:'|’)s been|was out|"
                    r"came out|came round|came in)\b", re.I)
_CALL_VERBS = frozenset({"call", "ring", "phone", "get", "book", "contact"})
# The manager speaks in the thread ("I said I check with HR"): their go-between, not the report's.
_FIRST_PERSON = re.compile(r"\b(?:i|me|we)\b|(?:^|\s)i(?:'|’)ll\b|\bme:", re.I)

# "the senior team", "the people team": a common noun that names a party after a qualifier.
_GROUP_NOUNS = frozenset({"team", "people"})

INFO_SOUGHT = rx("closure.info_sought")
VERDICT = rx("closure.verdict")


def asked_parties(quote: str, drop: set[str], strict: bool = False) -> list[str]:
    """Who the manager will ask: names, acronyms, departments and roles. ``strict`` (a thread
    that is not a commitment): only after a go-between verb, never a bare "with Tom"."""
    who = [m.group(1) for m in _ASKED_WHO.finditer(quote)
           if m.group(1).lower() not in drop and m.group(1) not in lx.NAME_WORD_BLACKLIST
           and not (strict and m.group(0).split()[0].lower() in ("from", "with", "to"))]
    for m in _ASKED_ROLE.finditer(quote):
        words: list[str] = []
        for w in m.group(1).split():
            if (w.lower() in STOPWORDS and not (words and w.lower() in _GROUP_NOUNS)
                    or w.lower() in drop or w[:1].isupper()):
                break
            words.append(w)
        if words:
            who.append(" ".join(words))
    return who


def manager_asks(quote: str) -> bool:
    """The manager is the one who takes the thread to someone ("I said I check with HR")."""
    return bool(_FIRST_PERSON.search(quote))


def answer_pattern(who: list[str], verb: str | None) -> re.Pattern[str] | None:
    """A regex that finds the party's answer in a later line (None: nobody to answer)."""
    if not who:
        return None
    names = r"\b(?:" + "|".join(map(re.escape, who)) + r")"
    # the role's head noun alone is the same party ("the training team" -> team)
    heads = r"\b(?:" + "|".join(re.escape(w.split()[-1]) for w in who) + r")"
    alts = [names + _ANSWER]
    if verb in _CALL_VERBS:
        alts.append(heads + _VISIT.pattern)
    return re.compile("|".join(alts) + "|" + f"(?P<head>{heads})", re.I)


def find_answer(pattern: re.Pattern[str], text: str) -> str | None:
    """The party's answer in ``text`` (party and reply): a full answer, or the party's name
    followed by a reply in any words ("news desk is fine with", "HR: fine from april")."""
    for m in pattern.finditer(text):
        if CONDITIONAL_LEAD.search(text[max(0, m.start() - 30):m.start()]):
            continue
        if m.lastgroup != "head":
            return m.group(0)
        rest = text[m.end():]
        if PARTY_REPLY.match(rest):
            return m.group(0) + re.split(r"[,;.!?]\s", rest, maxsplit=1)[0]
    return None


def verdict_clause(clauses: list[tuple[str, set[str]]], about: set[str] | None) -> bool:
    """A clause naming what was sought gives the answer ("budget ok for level 2"); with
    ``about`` None (the line is written under the thing's own heading: "About paternity
    leave, I asked HR, they say it is possible in two blocks") any clause may give it."""
    return any((about is None or toks & about) and VERDICT.search(c)
               and not lx.NOT_DONE.search(c) and not lx.REOPEN.search(c) and "?" not in c
               for c, toks in clauses)


# A line written under the thing's own heading: "NACE: budget ok", "Elm Road: was the old
# valve", "reflective group - a place opened", "academy group rates — emailed, waiting", or
# led in by it: "About paternity leave, I asked HR, ...".
# (a full stop inside a word belongs to it: "tug no.2 → Estates replaced the battery")
_HEADING = re.compile(r"^\W*((?:[^:;,.!?()\n]|\.(?=\w)){2,40}?)\s*"
                      r"(?::(?!\d)|\s[-–—]\s|\s(?:->|→)\s)|"
                      r"^\W*(?:about|re|regarding|as for|as to)\s+([^:;,.!?()\n]{2,40}?)\s*,", re.I)


# ...or its subject, when it opens the line and an outcome follows: "The freelancer improved".
_SUBJECT = re.compile(r"^\W*(?:the|our|that|this)\s+([a-z][\w-]+(?:\s+[a-z][\w-]+)?)\s+"
                      r"(?:is|are|was|were|has|have|had)?\s*(?=[a-z]+ed\b)", re.I)


def heading(text: str) -> str | None:
    """The words a line is written under, or None ("chef: interviewed 2" -> "chef", "The
    freelancer improved, last two jobs on time" -> "freelancer")."""
    m = _HEADING.match(text)
    if m:
        return m.group(1) or m.group(2)
    m = _SUBJECT.match(text)
    return m.group(1) if m else None
