"""Cues for the warning-sign features: who shaped a meeting, whether it touched the person, and
whether a line is task status. Kept apart from lexicon.py (thread extraction) because these
answer a different question: not "what carries forward?" but "what kind of 1:1 was this?".

The rules are data in coach/rules/en/voice.yaml, personal.yaml and status.yaml; matched
case-insensitively on one line or sentence. The notes are the manager's, so an implied subject
("told her about X") is the manager.
"""

from __future__ import annotations

from coach.rules import rx

MANAGER_VOICE = rx("voice.manager")  # "told her about...", "I walked him through..."
MANAGER_SECTION = rx("voice.manager_section")  # "My list:", "## Mine"
# Words after "<name>'s ..." in a header that announce the report's topics (a regex fragment).
REPORT_SECTION_WORDS = r"(?:list|agenda|topics?|items?|questions?|points?|stuff|side)"
REPORT_VOICE = rx("voice.report")  # "she brought up...", "his questions"
ACKNOWLEDGEMENT = rx("voice.acknowledgement")  # "she said ok", "nodded"
SILENCE = rx("voice.silence")  # the notes say the report brought nothing
# Work senses of person words ("holiday coverage"), blanked out before the person check.
WORK_SENSES = rx("personal.work_senses")
PERSON_EXTRA = rx("personal.checkin_extra")
STATUS_EXTRA = rx("status.extra")
NOT_STATUS = rx("status.not_status")
