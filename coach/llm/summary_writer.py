"""The LLM summary writer: rewords a meeting summary's key points and, for the manager,
writes the coaching suggestion. Plugs into ``coach.summary.summarize(writer=...)``.

The offline summary is the plan and the fallback. A reworded point keeps its source; it must
name its ref, pass the guard checks and stay close to its point's words (no new facts).
Private points are not sent unless ``settings.llm_send_private``; the report's version is
already filtered by ``coach.summary`` before this writer sees it, and filtered again after.
"""

from __future__ import annotations

from typing import Any

from coach.contracts import Summary
from coach.history import History
from coach.llm.guard import DataGuard, PrivacyFilter, clean_text, words
from coach.llm.pipeline import STR, ModelWriter, Outcome, WriteInfo, strict_object
from coach.llm.private_out import OutputPrivacy

MAX_POINTS = 12
MAX_TEXT = 300
SUMMARY_SCHEMA = strict_object({
    "key_points": {"type": "array",
                   "items": strict_object({"ref": STR, "text": STR})},
    "suggestion": {"anyOf": [STR, {"type": "null"}]},
})


def _private(state: dict[str, Any], text: str | None, field: str, to_report: bool) -> str | None:
    privacy: OutputPrivacy | None = state.get("privacy")
    return privacy.reason(text, field, to_report=to_report) if privacy else None


def _close_to(rewrite: str, original: str) -> bool:
    """Most content words of the rewording come from the original point (no new facts)."""
    new = {w for w in words(rewrite) if len(w) > 3}
    if not new:
        return False
    old = {w for w in words(original) if len(w) > 3}
    return len(new & old) / len(new) >= 0.4


class SummaryWriter(ModelWriter):
    prompt_name = "summary"
    schema_name = "summary_wording"
    schema = SUMMARY_SCHEMA
    max_tokens = 900

    def parts(self, context: dict[str, Any]) -> list[str]:
        parts = ["key_points"]
        if context["summary"].audience == "manager":
            parts.append("suggestion")
        return parts

    def __call__(self, summary: Summary, history: History) -> Summary:
        return self.outcome(summary, history).result

    def outcome(self, summary: Summary, history: History | None = None) -> Outcome[Summary]:
        send_private = self.settings.llm_send_private
        private = PrivacyFilter(None if send_private else history)
        points: dict[str, int] = {}
        lines: list[dict[str, Any]] = []
        for index, point in enumerate(summary.key_points):
            if len(lines) >= MAX_POINTS:
                break
            if not send_private and (point.private or private.is_private(point.text)
                                     or private.is_private(point.source.quote)):
                continue
            ref = f"P{index + 1}"
            points[ref] = index
            lines.append({"ref": ref, "text": " ".join(point.text.split())[:MAX_TEXT],
                          "date": point.source.date.isoformat()})
        if not lines:
            info = WriteInfo(parts={p: "offline" for p in self.parts({"summary": summary})})
            self.last = info
            return Outcome(summary, info)
        data = {"person": summary.person, "date": summary.date.isoformat(),
                "audience": summary.audience,
                "focus": summary.focus.value if summary.focus else None, "points": lines}
        texts = [x["text"] for x in lines]
        guard = DataGuard(points, texts)
        privacy = OutputPrivacy(history, send_private=send_private)
        return self.run(data, {"summary": summary, "guard": guard, "points": points,
                               "privacy": privacy})

    def accept(self, out: dict[str, Any], state: dict[str, Any], info: WriteInfo) -> Summary:
        offline: Summary = state["summary"]
        guard: DataGuard = state["guard"]
        points: dict[str, int] = state["points"]
        label = f"model:{info.model}"
        new_points = list(offline.key_points)
        changed = 0
        raw = out.get("key_points")
        for entry in raw if isinstance(raw, list) else []:
            if not isinstance(entry, dict) or entry.get("ref") not in points:
                info.dropped.append(f"key_points: unknown ref {str(entry)[:40]}")
                continue
            index = points[entry["ref"]]
            text, bad = clean_text(entry.get("text"), max_len=MAX_TEXT, field="key_points.text")
            bad = bad or guard.check(text or "", "key_points.text", [entry["ref"]])
            bad = bad or _private(state, text, "key_points.text", offline.audience == "report")
            if not bad and not _close_to(text or "", offline.key_points[index].text):
                bad = f"key_points {entry['ref']}: strays from the note"
            if bad:
                info.dropped.append(bad)
                continue
            new_points[index] = new_points[index].model_copy(update={"text": text})
            changed += 1
        update: dict[str, Any] = {}
        if changed:
            update["key_points"], info.parts["key_points"] = new_points, label
        if "suggestion" in info.parts:
            text, bad = clean_text(out.get("suggestion"), max_len=400, field="suggestion")
            bad = bad or guard.check(text or "", "suggestion", [])
            bad = bad or _private(state, text, "suggestion", False)
            if text and not bad:
                update["suggestion"], info.parts["suggestion"] = text, label
            else:
                info.dropped.append(bad or "suggestion: missing")
        update["backend"] = f"openai:{info.model}" if info.from_model else "offline"
        return offline.model_copy(update=update)

    def offline(self, state: dict[str, Any]) -> Summary:
        return state["summary"].model_copy(update={"backend": "offline"})
