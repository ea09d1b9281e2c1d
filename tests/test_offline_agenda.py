"""The offline writer's agenda invite quotes the topic a report's line opens with, not the
manager's comment after it (a comment can be about status, and the invite must not open
with status; museum-checkbox-career, 2026-11-29)."""

import pytest

from coach.writer.offline import TOPIC_CHARS, _topic


@pytest.mark.parametrize(("line", "quoted"), [
    ("registrar chat - only 5 min at the end, I talked about the Accreditation deadline instead",
     "registrar chat..."),
    ("she raised the registrar conversation again and we ran out of time AGAIN. first thing "
     "next time", "she raised the registrar conversation again and we ran out of time AGAIN..."),
    ("remote days fixed or flexible? \u2192 tbd, need to check w/ HR",
     "remote days fixed or flexible?..."),
    ("wants to talk about the mentoring scheme", "wants to talk about the mentoring scheme"),
    ("rota - again", "rota - again"),  # a one-word head says too little: the whole line
])
def test_agenda_quotes_the_opening_topic(line: str, quoted: str) -> None:
    assert _topic(line) == quoted
    assert line.startswith(quoted.removesuffix("..."))  # always a real prefix of the note


def test_long_lines_are_still_shortened() -> None:
    line = "x " * 200
    assert len(_topic(line)) <= TOPIC_CHARS + 3
