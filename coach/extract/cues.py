"""Cue patterns the extractor reads a sentence with (coach/extract/items.py): who answered,
who led, time off, feedback for the manager, the manager's response to an ask, imperative
verbs, growth words. Rules with examples live in coach/rules/en/*.yaml (``rx``); these are the
extractor's own structural patterns around them.
"""

from __future__ import annotations

import re

from coach.extract import lexicon as lx
from coach.rules import rx, words

# "Seun's agenda: Lottery bid, CRM clean-up, training" lists topics discussed in this meeting.
AGENDA_INLINE = re.compile(
    r"^\s*(?:(?:my|our|his|her|their|\w+(?:'|’)s)\s+)?(?:agenda|topics)\s*:", re.I)

# (an answer that is a promise, "told him I'd talk to Marco myself", is no answer yet)
_NOT_A_PROMISE = r"(?!\s+(?:that\s+)?i(?:(?:'|’)d|(?:'|’)ll|\s+would|\s+will)\b)"
ANSWERED = re.compile(
    rf"\b(?:told (?:her|him|them){_NOT_A_PROMISE}|walked (?:her|him|them)|explained|answered|"
    rf"said (?:yes|no|probably|sure|ok|okay|that{_NOT_A_PROMISE})|agreed|gave (?:her|him|them)|"
    r"showed (?:her|him|them)|pointed (?:her|him|them)|i (?:don(?:'|’)t )?think|"
    # "..., I say he is very good with old people": the reply, in any tense
    r"i (?:say|said|tell|told)(?: (?:her|him|them))? (?:that )?(?:she|he|they|it) "
    r"(?:is|was|are|were|can|could|has|had|does|did|doesn(?:'|’)t|isn(?:'|’)t|can(?:'|’)t))\b|"
    r"\((?:it|they|she|he) (?:does|doesn(?:'|’)t|"
    r"did|didn(?:'|’)t|won(?:'|’)t|will|is|isn(?:'|’)t)\b", re.I)
# The manager is the (often implied) subject: "asked how he's doing", "I told her ...".
MANAGER_LED = re.compile(
    r"^(?:i )?(?:asked|checked) (?:how(?! (?:the|a|an|much|many|long|often)\b)|what|"
    r"whether (?:she|he|they)|if (?:she|he|they)(?:'|’)?d|"
    r"(?:her|him|them)\b)|^i (?:asked|told|suggested|said|gave|explained|reminded)\b", re.I)
REPORT_BROUGHT = re.compile(
    r"\b(?:she|he|they) (?:brought up|raised|flagged|wanted to discuss|suggested|proposed)\b", re.I)
# Time off ("taking Friday off", "she'll be out next week") is logistics, not a commitment;
# "I'll take the triage off her plate" is a commitment.
TIME_OFF = re.compile(
    r"\b(?:take|taking|took)\s+(?:(?:a|the|two|three|\d+|some|next|this)\s+)?(?:(?:half|full)[- ])?"
    r"(?:days?|weeks?|time|pto|afternoon|morning|mon|tue|wed|thu|fri|monday|tuesday|wednesday|"
    r"thursday|friday)\s+off\b|"
    r"\b(?:be|is|are|he's|she's|they're|he’s|she’s) (?:\w+ )?(?:out|away|off|on leave|on site|"
    r"on-site|in the office|offline|remote|wfh|travell?ing|on holiday|on vacation)\b|"
    r"\b(?:(?:'|’)ll|will) be (?:\w+ )?(?:in|at) (?!charge\b|touch\b)(?-i:[A-Z])\w+", re.I)
# Feedback the report gave the manager is feedback received, not a commitment or a concern -
# unless the manager promises to act on it in the same sentence ("... I'll add a hard stop").
FEEDBACK_FOR_ME = re.compile(
    r"\bfeedback (?:for|to|on) me\b|\bgave me (?:some |a bit of |his |her |their )?feedback\b|"
    r"^\s*(?:her|him|them|she|he|they|@\w+|(?-i:[A-Z][a-z]+|[A-Z]{1,3}))(?:\s+\([^)]*\))?"
    r"\s*(?:->|→)\s?me\s*(?::|\s[-–—]\s)|"
    r"\bfeedback\b[^.]{0,40}(?:->|→)\s?me\b|"
    r"\b(?:his|her|their) feedback (?:on|about|for) (?:me|my)\b|"
    r"\bupward feedback\b", re.I)
MANAGER_PROMISE = re.compile(r"\bi(?:'|’)ll\b|\bi will\b|\bi(?:'|’)m going to\b|\bi am going to\b",
                              re.I)
# A decision that leads into a promise ("agreed: I'll move us to Thursdays") is a commitment.
DECISION = re.compile(r"agreed|decided|settled|confirmed|aligned", re.I)
# The manager's own promise answering an ask in the same sentence ("asked about X -> I'll Y"),
# or in a short sentence glued to it ("skylight leaking again. I'll call the roofer").
RESPONSE = re.compile(r"(?:->|→|=>)\s*me\b(?=\s*(?:[,;:(]|$|to\b|\s[-–—]\s))|"
                       r"(?:->|→|=>|[,;:.!]|\s[-–—]\s|\bso)\s*(?:(?:and|but|so)\s+)?"
                       r"(?:i(?:'|’)ll|i will|i(?:'|’)d|"
                       r"i(?:'|’)m going to|i said i(?:'|’)d|i said i would|"
                       r"ill(?= (?:look|check|ask|send|sort|chase|find|call|ring|email|book)))\b",
                       re.I)
# A clause break: an ask word after the manager's promise with none between is part of what
# the manager owes ("... - I owe her a slot request to the organisers"), not the report's ask.
BREAK = re.compile(r"[.,;:!?]|->|→|=>|\s[-–—]\s")
# The rest of a clause that ends in a question mark: "fixed or flexible?".
IN_QUESTION = re.compile(r"[^.!;→>]{0,40}\?")
WORK_FAULT = rx("concern.work_fault")
OWNS_WORK = rx("commitment.owns_work")
DOING_SHORTHAND = rx("commitment.doing_shorthand")
NOT_COVERED = rx("growth.not_covered")
IMPERATIVE = frozenset((
    "send", "check", "ask", "book", "write", "escalate", "remind", "give", "draw", "reassure",
    "chase", "ring", "call", "email", "arrange", "confirm", "find", "look", "share", "speak",
    "talk", "nominate", "set", "follow", "forward", "sort", "update", "tell", "let", "order",
    "get", "put", "add", "approve", "review", "schedule", "raise", "request", "run", "make", "do",
    "pair", "fix", "buy", "print", "prepare", "draft", "organise", "organize", "plan", "move",
    "cancel", "renew", "submit", "sign", "file", "complete", "finish", "start", "discuss",
    "invite", "introduce", "intro", "block", "pay"))
# "Zoe: ...", "Zoe - ...", "Me: ...": the owner written as a label.
LEAD_LABEL = re.compile(r"^\s*((?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+|[A-Z])|me|i)\s*"
                         r"(?::|\s[-–—]|\s?(?:->|→|=>))\s",
                         re.I)
# A line that opens with someone ("Sam: send rota", "she ...", "@dana"), not the writer.
FELT = rx("concern.felt")
FINE_AGAIN = rx("personal.fine_again")
# A line that starts with who it is about ("Dana to...", "@sam", "she..."): also the summary's
# test for whose an unowned to-do box is.
NAMED_START = re.compile(r"^\s*(?:@\w+|(?-i:[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)\b(?!\s+(?-i:[a-z]+ing)\b)|"
                          r"(?:she|he|they)\b)", re.I)
AMBITION = rx("growth.ambition")
TODO_STATUS = rx("todo.status")
DECISION_START = re.compile(r"^\W*(?:agreed|decided|decision|settled)\b", re.I)
OBLIGED = re.compile(r"\b(?:need(?:s)? to|have to|has to|must|should|got to)\b", re.I)
# "visa letter: ..." - a short topic label before the line proper
TOPIC_LABEL = re.compile(r"^\s*[^:]{1,30}:\s+")
# A done word naming an outcome wanted or nearly reached ("wants it handled", "nearly done").
NOT_REACHED = rx("hedge.not_reached")
MUSING = rx("hedge.musing")
# "Block C wants a Saturday clean → she'll cost it": the owner written right after an arrow.
ARROW_END = re.compile(r"(?:->|→|=>)\s*$")
# "Lee → training matrix": a name, an arrow, and what it hands over (not "→ fine").
ARROW_LEAD = rx("commitment.arrow_lead")
# A short follow-on action, or one that points back ("I'll check w/ accountant", "said I'd
# deal with it"), is about what the sentence before it on the same line said.
POINTS_BACK = re.compile(
    r"\b(?:it|them)\b|\b(?:this|that|these|those)\b(?!\s+(?:week|wk|month|year|morning|"
    r"afternoon|evening|time|term|quarter|weekend|one)\b)", re.I)
MAX_FOLLOW_ON_WORDS = 10  # a short action leans on the sentence before it
MAX_POINTING_WORDS = 20  # ...and one that points back ("deal with it") up to this long
RAISED = rx("concern.raised")
GROWTH_STRONG = re.compile(
    r"\b(?:career|promot\w*|promo|path to|mentor\w*|conference|kubecon|(?<!of )course|training|"
    r"certif\w*|leadership|rotation|compensation|salary|"
    # "comp" is pay only on its own or before a pay word ("asked about comp", "comp review");
    # "the regional comp was Saturday" is a competition
    r"comp(?=\s*(?:$|[?.,;:)!]|(?:review|band|bands|discussion|conversation|package|increase|"
    r"bump|adjustment|cycle|ratio|range|rise|raise|and|or|vs|structure)\b))|"
    r"summit|staff (?:eng\w*|role|level)|"
    r"senior (?:eng\w*|role|level|designer)|next level|give a talk|submit (?:a|the) talk)\b", re.I)
INTEREST = re.compile(
    r"\b(?:wants?|wanted|would like|'d like|’d like|interested|curious|excited|keen|hopes?|"
    r"hoping|goal|aspir\w*|thinking|talked about|talk about|asked|dream)\b", re.I)
# The manager's feedback to someone, written "me → him: ..." / "me -> Hana: ...": what was said,
# not an action the manager owes.
FEEDBACK_FROM_ME = re.compile(r"^\s*me\s*(?:->|→|=>)\s*(?:her|him|them|you|team|[\w.]+)\s*:", re.I)
# The answer half of a "Q: ... A: ..." line.
ANSWER_LABEL = re.compile(r"^\s*(?:a|ans|answer)\s*:\s*\S", re.I)
# An action labelled with its owner: "Action for her: update the SOPs", "her action - book the
# first aid course", "my actions: ...", "AP (Ruth): ...".
ACTION_FOR = re.compile(
    r"^\s*(?:(?:action(?: point| item)?|ap|todo|to do|to-do|next step)s?\s*(?:(?:for|on)\s+"
    r"(?P<who>her|him|them|me|(?-i:[A-Z][a-z]+))|\((?P<who3>[^)]{1,30})\))"
    r"|(?P<who2>her|his|their|my|(?-i:[A-Z][a-z]+)(?:'|’)s)\s+(?:action(?: point| item)?|ap|todo|"
    r"to do|to-do|next step)s?)\s*(?::|\s[-–—]|-)\s*\S", re.I)
_ACTION_VERBS = words("summary.action_verbs")


def acts_next(text: str) -> bool:
    """``text`` opens with something to do ("agree the colours", "book the van")."""
    first = re.match(r"\s*([a-z]+)\b", text)
    return first is not None and (first.group(1) in IMPERATIVE or first.group(1) in _ACTION_VERBS)


def first_word(sentence: str) -> str:
    """The first word of ``sentence`` after a short "topic:" label, lower-cased."""
    m = TOPIC_LABEL.match(sentence)
    found = re.findall(r"[A-Za-z]+", sentence[m.end():] if m else sentence)
    return found[0].lower() if found else ""


def done_cue(sentence: str) -> re.Match[str] | None:
    """The first done word of ``sentence`` that reports something done, skipping one that
    names an outcome wanted or nearly reached ("wants it handled quietly", "nearly done")."""
    unreached = [m.span() for m in NOT_REACHED.finditer(sentence)]
    for m in lx.CLOSURE_STRONG.finditer(sentence):
        if not any(a <= m.start() < b for a, b in unreached):
            return m
    return None


def in_aside(text: str, pos: int) -> bool:
    """True when ``pos`` lies inside an unclosed "(" of ``text``."""
    head = text[:pos]
    return head.count("(") > head.count(")")
