"""What the layout of a note says beyond single lines: a plain label line ("Actions:",
"Next steps:") heads the list below it as a markdown heading would, and the manager's short
answer on the line after a report's ask ("- asked whether she could work from home 2 days" /
"- I'll check the policy with the regional director") takes that ask on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from coach.contracts import ItemKind, Party
from coach.extract import ExtractedItem
from coach.notes.parse import NoteLine
from coach.rules import entries

# A plain line that labels the list below it ("Actions:", "**Next steps:**", "To do (me/B):").
_LABEL_LINE = re.compile(r"^\s*(?:\*\*|__)?([A-Za-z][\w /&'’()-]{0,40}?)\s*:\s*(?:\*\*|__)?\s*$")
_BULLET_RAW = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|\[[ xX]\])\s")
_HEADING_LINE = re.compile(r"^\s{0,3}#{1,6}\s")
# "Actions from last time:" reviews old actions; this meeting's are under their own label.
_PAST_LABEL = re.compile(r"\b(?:last|previous|prev|old|earlier|carried)\b", re.I)
# The manager taking an ask up: finding out, asking, raising it ("I'll check with HR").
_TAKES_UP = re.compile(
    r"^\s*(?:(?:i(?:'|’)ll|i will|i(?:'|’)m going to|i said i(?:'|’)d|i said i would|will|"
    r"need to|i need to)\s+)(?:check|ask|find out|look into|look at|speak (?:to|with)|"
    r"talk (?:to|with)|raise|chase|see (?:if|whether)|get back|follow up|find|explore|"
    r"put (?:it|this|that) to)\b", re.I)
MAX_TAKE_UP_WORDS = 14  # a short answer leans on the line before it
_MAX_BARE_LABEL_WORDS = 3
_LABEL_MARKS = " \t*_:#"


def is_bare_actions_label(line: NoteLine) -> bool:
    """A line that is only an actions heading written without a colon ("actions", "todo",
    "**Next steps**"): not bulleted, a few words, every word of it the heading (rule
    ``summary.action_headings``), so "next steps for the bid are unclear" is not one."""
    text = line.text.strip(_LABEL_MARKS)
    if (not text or line.checkbox is not None or _BULLET_RAW.match(line.raw)
            or len(text.split()) > _MAX_BARE_LABEL_WORDS):
        return False
    for pattern, says in entries("summary.action_headings"):
        if pattern.search(text):
            return says == "actions" and pattern.fullmatch(text) is not None
    return False


def is_actions_label_line(line: NoteLine, action_heads: tuple[str, ...]) -> bool:
    """The line that labels an actions list ("Actions:", "Agreed actions:", "todo"): a
    label, never a to-do or a closure itself ("Agreed actions:" reports nothing agreed)."""
    if is_bare_actions_label(line):
        return True
    lm = _LABEL_LINE.match(line.text)
    if lm is None or _BULLET_RAW.match(line.raw):
        return False
    return _action_head(lm.group(1).strip().lower(), action_heads) is not None


def _action_head(head: str, action_heads: tuple[str, ...]) -> str | None:
    """The actions part of ``head`` when it names an actions list: it starts with an actions
    word, or a short label ends in one ("Agreed actions" -> "actions", "Our next steps"); not a
    review of earlier ones ("Actions from last time"). None otherwise."""
    if _PAST_LABEL.search(head):
        return None
    words = head.split()
    for i in range(min(len(words), 3)):
        rest = " ".join(words[i:])
        if any(rest.startswith(h) for h in action_heads):
            return rest
    return None


def labelled(lines: Iterable[NoteLine], action_heads: tuple[str, ...]) -> Iterator[NoteLine]:
    """``lines`` with an action label line's list given that label as its heading. The list runs
    over the bulleted lines below the label (and unbulleted ones with no blank line between),
    and ends at a markdown heading, another label, or prose after a blank line."""
    label: str | None = None
    last_no = 0
    for line in lines:
        gap, last_no = line.number - last_no > 1, line.number
        if _HEADING_LINE.match(line.raw):
            label = None
        elif (lm := _LABEL_LINE.match(line.text)) is not None or is_bare_actions_label(line):
            head = (lm.group(1) if lm else line.text.strip(_LABEL_MARKS)).strip().lower()
            label = _action_head(head, action_heads)
        elif label is not None and not _BULLET_RAW.match(line.raw) and gap:
            label = None  # prose after a blank line: the list is over
        elif label is not None and not line.private:
            line = replace(line, heading=label)  # (a private aside in the list stays an aside)
        yield line


def took_up(prev: ExtractedItem | None, prev_line: int, got: list[ExtractedItem]
            ) -> ExtractedItem | None:
    """The report's ask ``prev`` (on the line just before) as the manager's commitment when
    this line is only the manager's short answer taking it up; None otherwise."""
    if (prev is None or len(got) != 1 or prev.line_no != prev_line
            or prev.kind not in (ItemKind.request, ItemKind.growth)
            or prev.party is not Party.report or prev.private != got[0].private):
        return None
    ans = got[0]
    if (ans.kind is not ItemKind.commitment or ans.party is not Party.manager
            or len(ans.quote.split()) > MAX_TAKE_UP_WORDS or not _TAKES_UP.match(ans.quote)):
        return None
    return replace(prev, kind=ItemKind.commitment, party=Party.manager)
