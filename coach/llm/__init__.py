"""The LLM writer: any OpenAI-compatible model words the brief, answers and summaries within
the engine's grounded plan; validated part by part, never worse than offline (docs/llm.md)."""

from __future__ import annotations

from typing import Any


def _cache(coach: Any) -> Any:
    from coach.llm.cache import LLMCache

    return LLMCache(coach.db) if coach.settings.llm_cache else None


def brief_writer_for(coach: Any) -> Any:
    """The brief writer for a ``Coach`` (its settings and its store's ``llm_cache``)."""
    from coach.llm.brief_writer import BriefWriter

    return BriefWriter(coach.settings, cache=_cache(coach))


def answer_writer_for(coach: Any) -> Any:
    from coach.llm.ask_writer import AnswerWriter
    from coach.llm.private_out import owner_private_lines

    writer = AnswerWriter(coach.settings, cache=_cache(coach))
    writer.private_lines = owner_private_lines(coach)
    return writer


def summary_writer_for(coach: Any) -> Any:
    """A ``coach.summary.SummaryWriter`` (callable ``(summary, history) -> summary``)."""
    from coach.llm.summary_writer import SummaryWriter

    return SummaryWriter(coach.settings, cache=_cache(coach))
