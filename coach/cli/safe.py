"""Text from notes and names made safe for a terminal: the one helper every printer uses.

A person named ``"\\x1b]0;pwned\\x07"`` or a note line with ``\\x1b[2J`` must print as text,
not retitle or clear the manager's terminal. Escape sequences (CSI, OSC, DCS, ...) are removed
whole; any other C0/C1 control character, DEL and lone surrogates become U+FFFD. Newlines and
tabs stay.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (up to BEL or ST),
# and two-character escapes; plus their 8-bit C1 forms (0x9b CSI, 0x9d OSC, ...).
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f]).*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x1b[ -/]*[0-~]?",
    re.S,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def term(text: object) -> str:
    """``text`` without terminal control sequences (see the module docstring)."""
    s = str(text)
    if not _CONTROL.search(s):
        return s
    return _CONTROL.sub("\ufffd", _SEQUENCE.sub("", s))
