"""Keep a long-running process's full garbage collections short (speed only).

A full (generation 2) collection walks every container object alive in the process. In a
`coach serve` worker most of them are there for good (modules, rules, SQLAlchemy's mappings,
the engine's per-line memos), so each full pass walked them all again: in
benchmarks/history.py two of twenty adds to a 100-meeting history took a full pass of
0.6-1.2 s wall (load ~8). ``settle`` collects once and then freezes what is alive
(``gc.freeze``): later passes walk only objects made after it (one pass of 21 ms in twenty
adds, same load). Nothing frozen is ever freed, so it is called once, after start-up, never
per request (`coach serve`, each worker). An add also frees its history at once (no
reference cycles: coach/service.py ``resolve_person_threads``), so less reaches the old
generation at all.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect, then move every object alive now out of later collections' passes."""
    gc.collect()
    gc.freeze()
