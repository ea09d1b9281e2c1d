"""Post-meeting summaries: build (full, manager's) -> audience filter -> optional writer.

``summarize`` is the one entry point every surface uses (CLI, outbox, later the API). A writer
(``SummaryWriter``: an LLM rewording, issue 4) only ever sees what its audience may see: for the
report, the already-filtered summary and the history with private lines blanked; its output is
filtered again, so a writer cannot add private material or the manager-only parts back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from coach.contracts import Summary
from coach.history import History
from coach.summary.audience import AUDIENCES, MANAGER, REPORT, for_audience, shared_history
from coach.summary.build import build_summary

SummaryWriter = Callable[[Summary, History], Summary]

__all__ = ["AUDIENCES", "MANAGER", "REPORT", "SummaryWriter", "summarize", "write_summary"]


def write_summary(summary: Summary, history: History, writer: SummaryWriter | None) -> Summary:
    """Let the configured writer word the summary; the offline wording is already done.

    A writer that fails leaves the offline summary in place (the email still goes out).
    """
    if writer is None:
        return summary
    try:
        worded = writer(summary, history)
    except Exception:  # noqa: BLE001 - a writer failure must not lose the summary
        return summary
    return worded if isinstance(worded, Summary) else summary


def summarize(
    history: History,
    meeting_id: int,
    audience: str = MANAGER,
    *,
    today: dt.date | None = None,
    writer: SummaryWriter | None = None,
) -> Summary:
    """The summary of ``meeting_id`` for ``audience`` (``manager`` or ``report``)."""
    full = build_summary(history, meeting_id, today)
    allowed = for_audience(full, audience, history)
    seen = history if audience == MANAGER else shared_history(history)
    return for_audience(write_summary(allowed, seen, writer), audience, history)
