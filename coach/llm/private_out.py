"""Model output against the owner's private lines: checked before it reaches any output.

coach does not send private lines to the model (unless ``COACH_LLM_SEND_PRIVATE``), but a
shared or compromised endpoint, or a cache, can return them anyway. Every model-written field
is checked here, after the other guards:

* text said to the report (the check-in question, the agenda invite, focus and meta
  questions, the report's summary) must never repeat a private line, the manager's own
  included, whatever ``COACH_LLM_SEND_PRIVATE`` says: the manager would read it out;
* every other field (the "why"s, ask answers, the manager's summary) must not repeat one
  unless the manager chose to send private lines to the model.

A field that fails falls back to the offline wording, which never shows private lines where
they do not belong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from coach.history import History
from coach.llm.guard import PrivacyFilter

# Brief fields (as in ``generated_by``) whose text the manager says to the report.
BRIEF_TO_REPORT = {"check_in": "question", "agenda_invite": None, "focus": "questions",
                   "meta_question": "question"}


class OutputPrivacy:
    def __init__(self, history: History | None, extra: Iterable[str] = (), *,
                 send_private: bool):
        self.filter = PrivacyFilter(history, extra)
        self.send_private = send_private

    def reason(self, text: str | None, field: str, *, to_report: bool) -> str | None:
        """Why ``text`` must be dropped, or None."""
        if not text or not self.filter:
            return None
        if (to_report or not self.send_private) and self.filter.is_private(text):
            return f"{field}: repeats a private line"
        return None


def _texts(value: Any) -> list[tuple[str, str]]:
    """(attribute, text) pairs of a brief part: a string, a Prompted or a Focus."""
    if value is None:
        return []
    if isinstance(value, str):
        return [("", value)]
    out: list[tuple[str, str]] = []
    for attr in ("question", "why"):
        if isinstance(getattr(value, attr, None), str):
            out.append((attr, getattr(value, attr)))
    out.extend(("questions", q) for q in getattr(value, "questions", None) or [])
    return out


def scrub_brief_update(update: dict[str, Any], privacy: OutputPrivacy, parts: dict[str, str],
                       dropped: list[str]) -> None:
    """Drop (back to offline) every model-written brief part that repeats a private line."""
    for part in [p for p in list(update) if p in BRIEF_TO_REPORT]:
        spoken = BRIEF_TO_REPORT[part]
        for attr, text in _texts(update[part]):
            to_report = spoken is None or attr == spoken
            field = f"{part}.{attr}" if attr else part
            problem = privacy.reason(text, field, to_report=to_report)
            if problem:
                dropped.append(problem)
                del update[part]
                parts[part] = "offline"
                break


def owner_private_lines(coach: Any) -> Callable[[], list[str]]:
    """A loader of the owner's private lines (as stored items) for checking ask answers."""

    def load() -> list[str]:
        from sqlalchemy import select

        from coach.store.tables import Item

        with coach.db.session() as session:
            rows = session.execute(select(Item.text, Item.quote).where(
                Item.owner == coach.owner, Item.private.is_(True)))
            return [t for row in rows for t in row if t]

    return load
