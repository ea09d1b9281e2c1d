"""95% Wilson intervals for the eval pass rates: the maths against known values, and the
report (JSON + HTML) carrying n and the interval for every grader."""

from __future__ import annotations

import pytest
from eval_factory import sam

from coach.eval.graders import GRADERS
from coach.eval.interval import format_rate, interval_dict, wilson
from coach.eval.report import render_html, suite_dict
from coach.eval.runner import ScenarioResult, SuiteResult, grade
from coach.eval.thresholds import Thresholds


# Reference values: Wilson score interval, z = 1.959964 (e.g. scipy.stats.binomtest(k, n)
# .proportion_ci(method="wilson"), and Newcombe 1998, Stat Med 17:857, method 3, to 4 places).
@pytest.mark.parametrize(("passed", "n", "low", "high"), [
    (5, 10, 0.236593, 0.763407),
    (0, 10, 0.0, 0.277533),
    (10, 10, 0.722467, 1.0),
    (11, 14, 0.524108, 0.924286),
    (1, 1, 0.206549, 1.0),
    (81, 263, 0.255289, 0.366210),  # Newcombe 1998 example: 0.2553-0.3662
    (15, 148, 0.062386, 0.160487),  # Newcombe 1998 example: 0.0624-0.1605
])
def test_wilson_known_values(passed: int, n: int, low: float, high: float) -> None:
    got = wilson(passed, n)
    assert got is not None
    assert got[0] == pytest.approx(low, abs=1e-5)
    assert got[1] == pytest.approx(high, abs=1e-5)


def test_wilson_is_symmetric_and_narrows_with_n() -> None:
    lo, hi = wilson(3, 10)  # type: ignore[misc]
    lo2, hi2 = wilson(7, 10)  # type: ignore[misc]
    assert lo == pytest.approx(1 - hi2) and hi == pytest.approx(1 - lo2)
    small, big = wilson(5, 10), wilson(50, 100)
    assert small and big and big[1] - big[0] < small[1] - small[0]


def test_wilson_nothing_graded_and_bad_counts() -> None:
    assert wilson(0, 0) is None
    assert format_rate(0, 0) == "0/0"
    for passed, n in ((3, 2), (-1, 4), (0, -1)):
        with pytest.raises(ValueError, match="passed"):
            wilson(passed, n)


def test_format_rate() -> None:
    assert format_rate(5, 10) == "5/10 50% [24–76%]"
    assert format_rate(10, 10) == "10/10 100% [72–100%]"
    assert format_rate(0, 6) == "0/6 0% [0–39%]"
    assert interval_dict(5, 10) == {"n": 10, "ci_low": 0.2366, "ci_high": 0.7634,
                                    "rate_text": "5/10 50% [24–76%]"}


def test_report_carries_n_and_interval_per_grader() -> None:
    scen, obs = sam()
    res = ScenarioResult(scen, obs, grade(scen, obs, list(GRADERS)), 0.1)
    data = suite_dict(SuiteResult("offline", "hashing", "dev", list(GRADERS), [res],
                                  Thresholds()))
    graders = data["splits"]["dev"]["graders"]
    tone = graders["tone"]
    assert tone["n"] == 1 and tone["rate_text"] == "1/1 100% [21–100%]"
    assert tone["ci_low"] == pytest.approx(0.2065) and tone["ci_high"] == 1.0
    for g in graders.values():
        assert g["n"] == g["pass"] + g["fail"]
        if g["n"] == 0:
            assert g["ci_low"] is None and g["rate_text"] == "0/0"
    assert "1/1 100% [21–100%]" in render_html(data)
