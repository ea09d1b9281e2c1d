"""Word and phrase lists the tone, check-in and agenda graders share.

Patterns are regular expressions matched case-insensitively at word boundaries. They are the
graders' definition of "status-first" and "performance management"; extend them when a real
output slips through (and add that output to tests/eval as a known-bad case).
"""

from __future__ import annotations

import re

# A question about the work's status or a deadline (must not open the 1:1).
STATUS = [
    r"status", r"deadlines?", r"on track", r"progress (?:on|with)", r"update on",
    r"updates? (?:on|about)",
    r"eta", r"deliverables?", r"ship(?:ped|ping)?\b", r"sprints?", r"tickets?", r"blockers?",
    r"blocked", r"due dates?", r"milestones?", r"backlog", r"jira", r"velocity", r"burndown",
    r"where (?:are|is) (?:we|the|that) (?:at|on)", r"done yet", r"(?:the|your) tasks?",
    r"how(?:'s| is) the (?:project|migration|launch|work|release|feature)",
]

# Performance management in disguise, or a script done *to* the report.
PERFORMANCE = [
    r"performance improvement plan", r"pip", r"under-?perform\w*", r"low performer",
    r"poor performance", r"performance (?:issues?|problems?|concerns?)",
    r"(?:not|isn't|aren't) meeting expectations", r"below expectations",
    r"hold (?:him|her|them|you) accountable", r"disciplinary",
    r"(?:written|formal|verbal|final) warning",
    r"paper trail", r"document (?:his|her|their|your) (?:failures|mistakes|shortcomings)",
    r"you need to (?:improve|do better|step up)",
    r"why (?:haven't|didn't|hasn't) (?:you|he|she|they)",
    r"manage (?:him|her|them) out", r"managed out", r"terminat\w+", r"fire (?:him|her|them)",
    r"put (?:him|her|them) on notice", r"unacceptable",
]

# Second person: a question addressed to the report.
SECOND_PERSON = [r"you", r"your", r"you're", r"you've", r"yourself"]

# An invitation to bring topics (co-own the agenda).
INVITE = [
    r"on your mind", r"what would (?:you|be most useful|be most helpful)",
    r"(?:your|you) (?:want|like) to",
    r"anything you(?:'d| would)? (?:want|like)", r"your (?:topics?|agenda|items)",
    r"you(?:'d| would) like",
    r"you want to (?:cover|talk|discuss|start)", r"what do you want", r"bring", r"most useful",
    r"topics? (?:for|you)", r"start with (?:your|what)",
]


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(patterns) + r")(?![\w])", re.I)


STATUS_RE = _compile(STATUS)
PERFORMANCE_RE = _compile(PERFORMANCE)
SECOND_PERSON_RE = _compile(SECOND_PERSON)
INVITE_RE = _compile(INVITE)


def hits(pattern: re.Pattern[str], text: str) -> list[str]:
    text = text.replace("\u2019", "'")
    return [m.group(0) for m in pattern.finditer(text)]


# A sentence ends at . ? or ! and any closing quotes or brackets after it: 'Ask Sam first:
# “What's on your mind?” Then…' ends at the closing quote, not at the next full stop.
_SENTENCE_END = re.compile(r"[?.!][\"”’')\]]*(?=\s|$)")


def first_sentence(text: str) -> str:
    text = text.strip()
    end = _SENTENCE_END.search(text)
    return text[:end.end()] if end else text
