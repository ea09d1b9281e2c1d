"""Cue words and patterns for reading 1:1 notes as people actually write them.

The rules themselves are data in coach/rules/en/*.yaml (each with why it exists and positive
and negative examples); this module gives them the names the extractors use. Patterns are
matched case-insensitively unless the rule says otherwise.
"""

from __future__ import annotations

import re

from coach.contracts import FocusArea
from coach.rules import entries, rx, words

# --- who is speaking / owes something ------------------------------------------------------
# The notes are the manager's, so "I" is the manager and "he/she/they" usually the report.
MANAGER_COMMIT = rx("commitment.manager")
REPORT_PRONOUN_COMMIT = rx("commitment.report_pronoun")
WE_COMMIT = rx("commitment.we")
# A capitalised name followed by "to <verb>" / "will" / "'ll": "Sam to write...", "Lena will".
NAME_COMMIT = rx("commitment.name")
NAME_WORD_BLACKLIST = words("words.not_a_name")
# The manager asking the report to do something is a delegation, not a request.
MANAGER_ASKED = rx("commitment.delegated")

# --- due phrases --------------------------------------------------------------------------
DUE = rx("date.due")

# --- line kinds ---------------------------------------------------------------------------
CONCERN = rx("concern.cue")
FAMILY = rx("personal.family")  # family / home words: used to word a tailored check-in
LIFE = rx("personal.life")  # life outside work that a tailored check-in can pick up
# The check-in topic a personal line is about, most specific first ("the visa", "your mum").
LIFE_TOPICS: tuple[tuple[re.Pattern[str], str], ...] = entries("personal.topics")
OBSERVED = rx("personal.observed")  # a mood the manager observed, not what they said
SAID = rx("personal.said")  # ...and the report saying it themselves
REQUEST = rx("request.cue")
GROWTH = rx("growth.cue")
PAY = rx("growth.pay")  # pay / career asks are requests when the report raises them
TOPIC = rx("topic.cue")

# A line that reports something as done; progress past a plan (thread closure only); a line
# that re-opens or defers; hedges and negations; future / intention.
CLOSURE_STRONG = rx("closure.done")
PROGRESS = rx("closure.progress")
REOPEN = rx("closure.reopen")
NOT_DONE = rx("negation.not_done")
FUTURE = rx("hedge.future")

# Status updates: work that could have been an email.
TICKET = rx("status.ticket")
STATUS = rx("status.cue")
# Lines about the person (not the work): a check-in happened.
PERSON = rx("personal.checkin")
META = rx("meta.question")  # questions about the 1:1s themselves
FEEDBACK = rx("feedback.cue")
# Report / manager raising things: who shaped the meeting.
REPORT_RAISED = rx("voice.report_raised")
MANAGER_RAISED = rx("voice.manager_raised")
SHORT_NOTICE = rx("meeting.short_notice")
MANAGER_CANCELLED = rx("meeting.manager_cancelled")
# Text that tries to steer the tool: it is data and is never acted on.
INJECTION = rx("safety.injection")

# --- focus areas --------------------------------------------------------------------------
FOCUS_CUES: dict[FocusArea, re.Pattern[str]] = {
    area: rx(f"focus.{area.value}") for area in FocusArea
}
