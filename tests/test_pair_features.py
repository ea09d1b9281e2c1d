"""The pair features say whether a later line is ABOUT a thread and what OUTCOME it reports,
and the shipped pair model decides the issue-8 stale-thread probes from them."""

from __future__ import annotations

import pytest

from coach.rules.fitted import decide_pair
from coach.rules.pair_features import pair_features, similarity


def test_about_features_see_shared_specific_words_numbers_and_object() -> None:
    f = pair_features("I'll order new batteries for the dock 4 scanners",
                      "batteries for dock 4 scanners: taken care of")
    assert f["about:shared_specific"] > 0
    assert f["about:object_shared"] == 1.0
    assert f["overlap:thread_share"] > 0.5
    unrelated = pair_features("I'll order new batteries for the dock 4 scanners",
                              "breakfast complaints down this month")
    assert "about:shared_specific" not in unrelated and "about:object_shared" not in unrelated
    assert unrelated["overlap:shared_0"] == 1.0


def test_outcome_features_tell_done_from_not_yet() -> None:
    went = pair_features("worried about the all-hands talk on the 20th",
                         "all-hands talk went well, GM thanked him after")
    assert went["later:went"] == 1.0 and "thread:dated_event" in went
    assert "x:event*went" in went
    waiting = pair_features("I'll ask HR about her leave dates",
                            "HR hasn't replied about the leave dates")
    assert waiting["later:not_done"] == 1.0 and "later:closes_text" not in waiting
    part = pair_features("Dev to clear the 12 oldest applications", "backlog: 7 of 12 cleared")
    assert part["later:partial"] == 1.0


def test_interactions_scale_with_how_much_the_line_is_about_the_thread() -> None:
    a = pair_features("send her the budget spreadsheet", "she has the budget spreadsheet now")
    b = pair_features("send her the budget spreadsheet", "she has the new laptop now")
    assert a["x:now*share"] > b.get("x:now*share", 0.0)


def test_similarity_is_the_hashing_cosine_and_bounded() -> None:
    assert similarity("the night rota", "the night rota") == pytest.approx(1.0, abs=1e-6)
    assert similarity("", "anything") == 0.0
    assert 0.0 <= similarity("night rota", "budget spreadsheet") < 0.3


@pytest.mark.parametrize(("thread", "later", "labels"), [
    ("I'll ask HR about her leave dates", "HR hasn't replied about the leave dates",
     {"progress", "open"}),
    ("send her the budget spreadsheet", "she has the budget spreadsheet now", {"closed"}),
    ("I'll block the 3 training days on the team calendar",
     "the 3 training days are blocked in everyone's calendar now", {"closed"}),
])
def test_pair_model_on_issue_8_probes(thread: str, later: str, labels: set[str]) -> None:
    d = decide_pair(thread, later)
    assert d is not None
    assert d.label in labels, (d.label, d.why())
    assert d.why()  # the decision names what pushed it
