"""Cues for the warning-sign features: who shaped a meeting, whether it touched the person, and
whether a line is task status. Kept apart from lexicon.py (thread extraction) because these
answer a different question: not "what carries forward?" but "what kind of 1:1 was this?".

All patterns are plain regular expressions, matched case-insensitively on one line or sentence.
The notes are the manager's, so an implied subject ("told her about X") is the manager.
"""

from __future__ import annotations

import re


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), re.I)


_PRONOUN = r"(?:she|he|they)"
_OBJ = r"(?:her|him|them)"
_TELLING = (r"(?:told|walked|explained|reminded|gave|showed|shared|covered|presented|updated|"
            r"briefed|informed|went (?:through|thru|over)|ran (?:through|thru)|laid out|"
            r"outlined|announced|suggested|recommended|pushed|raised|brought up|asked|said)")

# The manager doing the talking: "told her about...", "I walked him through...", "(me) Q4",
# "gave update on...", "I asked him to...". A line with one of these came from the manager.
MANAGER_VOICE = _rx(
    rf"^\s*(?:i\s+)?(?:told|walked|explained|reminded|showed|briefed|informed|updated) {_OBJ}\b",
    rf"^\s*(?:i\s+)?(?:asked|pushed|nudged|pinged) {_OBJ} to\b",
    rf"\bi {_TELLING}\b", r"^\s*(?:explained|covered|presented|announced|outlined|laid out)\b",
    r"\bgave (?:an? |my |the )?(?:updates?|overview|rundown|heads[- ]up)\b",
    r"\b(?:gave|shared) (?:her|him|them) my (?:thoughts|take|view)\b",
    r"^\s*\((?:me|i|manager|mine)\)", r"^\s*(?:me|mine)\s*:",
    r"^\s*(?:went (?:through|thru|over)|ran (?:through|thru)) my\b",
    r"^\s*my (?:items?|list|agenda|topics?|points?)\b",
)
# A section header that says whose topics follow ("My list:", "## Mine", "I went through:").
MANAGER_SECTION = _rx(
    r"^\s*(?:my|mine)\b(?:\s+(?:list|agenda|items?|topics?|points?|stuff|side))?\s*:?\s*$",
    r"^\s*(?:from me|manager(?:'s)?(?: items| topics| list| agenda)?)\s*:?\s*$",
    r"^\s*i (?:went (?:through|thru|over)|covered|raised|brought)\s*:?\s*$",
)
REPORT_SECTION_WORDS = r"(?:list|agenda|topics?|items?|questions?|points?|stuff|side)"

# The report bringing something: the subject is the report and the verb raises a topic.
REPORT_VOICE = _rx(
    rf"\b{_PRONOUN} (?:brought(?: up)?|raised|asked|wants|wanted|would like|mentioned|suggested|"
    r"proposed|flagged|pushed back|is worried|was worried|thinks|came with|opened with|"
    r"pitched|requested|shared|had (?:a|an|some|two|three) (?:questions?|ideas?|topics?|"
    r"concerns?|points?))\b",
    rf"\b{_PRONOUN}(?:'|’)(?:d like|s worried|s thinking|s curious|s keen|s hoping)\b",
    r"\b(?:her|his|their) (?:topics?|agenda|list|questions?|ideas?|proposal|ask)\b",
    r"\bfeedback (?:for|to) me\b", rf"\b{_PRONOUN} ?(?:->|→) ?me\b",
    r"\bfrom the (?:shared )?doc\b",
)
# Said, but nothing brought: "she said ok", "said not really", "she nodded".
ACKNOWLEDGEMENT = _rx(
    rf"\b{_PRONOUN} (?:said|says) (?:\"|“)?(?:ok|okay|fine|sure|yes|no|nothing|not really|"
    r"all good|sounds good|makes sense|got it|thanks)\b",
    r"\bsaid (?:not really|nothing)\b", r"\bnodded\b",
)
# The notes say outright that the report brought nothing.
SILENCE = _rx(
    rf"\bnothing (?:from {_OBJ}|to add)\b", rf"\b{_PRONOUN} had nothing\b",
    rf"\bno (?:topics?|questions?|items?|agenda(?: items)?)(?: from {_OBJ})?\b",
    r"\bdidn(?:'|’)?t have anything\b", r"\bnot really\b", r"\bno,? all good\b",
    r"\bnodded\b", r"\bquiet as usual\b",
    r"\bnothing (?:new )?(?:on|from) (?:her|his|their) side\b",
)

# Work senses of words that otherwise point at the person ("holiday coverage", "moving the
# deadline", "healthcheck"): blanked out before asking whether a line is about the person.
WORK_SENSES = _rx(
    r"\bholidays? (?:on-?call|coverage|cover|period|freeze|rota|schedule|sheet|calendar|plan)\w*",
    r"\b(?:moving|move|moved) (?:to|the|off|onto|on|from|forward|back|ahead|away from) "
    r"(?!(?:a |the )?(?:new )?(?:place|flat|house|apartment|city|country|home)\b)\w*",
    r"\bhealth ?checks?\b", r"\bhome ?page\b", r"\bhappy path\b", r"\blife ?cycle\b",
    r"\b(?:customer|team|service|system|cluster|pipeline|build)(?:'s)? (?:health|energy|mood)\b",
    r"\bhappy (?:with|about) (?:the )?(?:design|plan|pr|code|approach|estimate|numbers?|result)",
)
# Check-in words that lexicon.PERSON lacks: how the report is, in the manager's shorthand.
PERSON_EXTRA = _rx(
    r"\bhow(?:'|’)?s (?:she|he|they|\w+)\s*(?:doing|:)", r"\bhow is (?:she|he|they|\w+)\s*:",
    r"\b(?:she|he|they)(?:'|’)s (?:ok|okay|fine|good|well|great|doing (?:ok|well|fine|great))\b",
    r"\b(?:she|he|they) (?:is|seems|seemed|looked|looks) (?:ok|okay|fine|good|well|great|"
    r"rested|tired|happy|relaxed|stressed|down|flat)\b",
    r"\bin good spirits\b", r"\bspirits\b", r"\bwellbeing\b", r"\bwell-being\b",
)

# Task/project status words lexicon.STATUS lacks (delivery talk that could have been an email).
STATUS_EXTRA = _rx(
    r"\bmigrations?\b", r"\bbacklogs?\b", r"\bchecklists?\b", r"\balerts?\b", r"\buptime\b",
    r"\blatency\b", r"\bp9\d\b", r"\bokrs?\b", r"\bvelocity\b", r"\bburn-?down\b",
    r"\btests?\b", r"\bin progress\b", r"\bprogress\b", r"\bprogress update\b", r"\bjira\b",
    r"\bstory points?\b", r"\bsprint board\b", r"\bcode freeze\b", r"\bchange freeze\b",
)
# Lines that are about growth, feedback or the 1:1s even if they name a release or a PR.
NOT_STATUS = _rx(
    r"\bfeedback\b", r"\bcareer\b", r"\bgrowth\b", r"\bpromot\w*", r"\bmentor\w*",
    r"\blearn\w*", r"\b1:1s?\b", r"\bkudos\b", r"\bpraise\w*", r"\bproud\b",
)
