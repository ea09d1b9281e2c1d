"""95% Wilson score intervals for pass rates, so a small split's score is read with its width.

A rate from a handful of scenarios says little: 5 passes of 10 is 50%, but anything from 24%
to 76% fits it. The Wilson interval (not the normal approximation, which collapses to a zero
width at 0/n and n/n and can leave [0, 1]) is the usual choice for small n.
"""

from __future__ import annotations

import math
from statistics import NormalDist

Z95 = NormalDist().inv_cdf(0.975)  # 1.959963984540054


def wilson(passed: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (low, high) for ``passed`` successes in ``n`` trials.

    None when nothing was graded (n == 0): there is no rate to bound.
    """
    if n < 0 or passed < 0 or passed > n:
        raise ValueError(f"need 0 <= passed <= n, got passed={passed}, n={n}")
    if n == 0:
        return None
    p = passed / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def format_rate(passed: int, n: int) -> str:
    """``"5/10 50% [24–76%]"``; ``"0/0"`` when nothing was graded."""
    ci = wilson(passed, n)
    if ci is None:
        return "0/0"
    return f"{passed}/{n} {passed / n:.0%} [{ci[0] * 100:.0f}–{ci[1] * 100:.0f}%]"


def interval_dict(passed: int, n: int) -> dict[str, float | int | str | None]:
    """The JSON report's fields for one grader on one split: n, the interval and its text."""
    ci = wilson(passed, n)
    return {"n": n, "ci_low": None if ci is None else round(ci[0], 4),
            "ci_high": None if ci is None else round(ci[1], 4),
            "rate_text": format_rate(passed, n)}
