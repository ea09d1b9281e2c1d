"""Floors (the CI regression gate) versus targets (what the principles ask for)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.errors import BadInput
from coach.eval.runner import GraderStats
from coach.eval.thresholds import load_thresholds


def test_a_score_between_floor_and_target_passes_the_gate_but_not_the_target() -> None:
    st = GraderStats(passed=7, failed=3, threshold=0.8, floor=0.7)
    assert st.ok and not st.meets_target and st.verdict == "below target"
    st = GraderStats(passed=6, failed=4, threshold=0.8, floor=0.7)
    assert not st.ok and st.verdict == "FAIL"
    st = GraderStats(passed=7, failed=3, threshold=0.8)  # no floor: the target is the gate
    assert not st.ok
    st = GraderStats(passed=9, failed=1, threshold=0.8, floor=0.95)  # a floor never raises it
    assert st.ok and st.meets_target


def test_floors_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("graders: {focus: 0.8}\nfloors:\n  dev: {focus: 0.7}\n")
    t = load_thresholds(path, {"focus"})
    assert t.floor("dev", "focus") == 0.7 and t.floor("heldout", "focus") is None
    path.write_text("floors:\n  dev: {fokus: 0.7}\n")
    with pytest.raises(BadInput, match="unknown grader 'fokus'"):
        load_thresholds(path, {"focus"})
    path.write_text("floors:\n  test: {focus: 0.7}\n")
    with pytest.raises(BadInput, match="floors.test"):
        load_thresholds(path, {"focus"})
    path.write_text("floors:\n  dev: {focus: 7}\n")
    with pytest.raises(BadInput, match="between 0 and 1"):
        load_thresholds(path, {"focus"})
