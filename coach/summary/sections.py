"""Which lines of a note sit under an actions heading, and which lines are only labels.

Managers gather what was agreed under a heading: a markdown heading ("## Actions", "## Next
steps") or a short line of its own ending in a colon ("Actions:", "Mine / actions:", "To do:").
Every line listed under it is an action item, whatever its wording ("Adaeze: last trainer
assessment", "Shabana: one more month training with Rosie", "- caravans write-up"), with the
owner written at its start when there is one (coach/summary/owners.py ``lead_owner``).

A section runs over the lines after its heading or label until the next one, or a line
without a bullet after a blank line (the list is over and the prose goes on).

A table with an owner column ("| Action | Owner | Due |") lists actions too: each row is one,
owned by the person in that column.
"""

from __future__ import annotations

import re

from coach.extract.structure import is_bare_actions_label
from coach.extract.tables import table_rows
from coach.notes.parse import NoteLine
from coach.rules import entries

__all__ = ["action_labels", "action_line_numbers", "is_actions_label", "is_heading",
           "is_label", "table_rows"]

_BULLETED = re.compile(r"^\s*(?:[-*+•>]|\d{1,2}[.)]|\[[ xX]\])\s*")
_LABEL = re.compile(r"^[^.!?]{1,60}:$")  # a short line ending in a colon, nothing after it
_MAX_LABEL_WORDS = 6


def is_heading(line: NoteLine) -> bool:
    """The markdown heading line itself."""
    return line.heading is not None and line.text.lower() == line.heading


def is_label(line: NoteLine) -> bool:
    """A line that only names what follows: a heading, or "Her topics:", "Actions:", "Talked
    about:" on a line of its own (not bulleted, a few words, ending in a colon)."""
    if is_heading(line) or is_bare_actions_label(line):
        return True  # ("actions", "todo" alone on a line: a label written without its colon)
    text = line.text.strip()
    return (line.checkbox is None and _BULLETED.match(line.raw) is None
            and _LABEL.match(text) is not None and len(text.split()) <= _MAX_LABEL_WORDS)


def is_actions_label(text: str) -> bool:
    """"Actions", "Mine / actions:", "Next steps", "To do:", "Follow-ups" (summary rule
    ``summary.action_headings``), not "Actions from last time" (a review of old ones)."""
    label = text.strip().strip("*_#").rstrip(":").strip()
    for pattern, says in entries("summary.action_headings"):
        if pattern.search(label):
            return says == "actions"
    return False


def action_line_numbers(lines: list[NoteLine]) -> set[int]:
    """Body line numbers of the lines listed under an actions heading or label."""
    return set(action_labels(lines))


def action_labels(lines: list[NoteLine]) -> dict[int, str]:
    """Each line listed under an actions heading or label -> that label ("Her actions")."""
    out: dict[int, str] = {}
    inside = False
    label = ""
    listed = 0  # lines listed under the current label so far
    previous = 0
    for line in lines:
        gap = line.number > previous + 1  # a blank line before this one
        previous = line.number
        if is_label(line):
            inside = is_actions_label(line.text)
            label = line.text
            listed = 0
            continue
        if not inside:
            continue
        if listed and gap and _BULLETED.match(line.raw) is None and line.checkbox is None:
            inside = False  # prose after the list
            continue
        out[line.number] = label
        listed += 1
    return out
