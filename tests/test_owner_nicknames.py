"""A note names the report by the short form the manager uses every day ("Bernie" for
Bernadette): what they are to do is theirs, and the same short form for another person is not."""

from __future__ import annotations

from coach.contracts import Party
from coach.extract.owner import commitment_party


def test_a_nickname_for_the_report_makes_the_action_theirs():
    party, _ = commitment_party("Bernie to chase CA on the e-referral codes", "Bernadette",
                                "Bernadette Walsh")
    assert party is Party.report


def test_the_same_nickname_for_someone_else_is_another_party():
    party, _ = commitment_party("Bernie to chase CA on the e-referral codes", "Bethany",
                                "Bethany Walsh")
    assert party is Party.other
