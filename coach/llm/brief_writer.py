"""The LLM brief writer: words the check-in, agenda invite, focus rationale and questions, and
the meta question of a brief the engine already planned (one call per brief).

The engine's brief (offline wording) is the plan and the fallback: threads, focus area, whether
a meta question is due, and warning signs never come from the model. The prompt carries only
that plan and the note lines it cites (bounded: ``MAX_THREADS`` threads, quotes cut at
``MAX_QUOTE`` chars), never the whole history. Private lines are left out unless
``settings.llm_send_private``.
"""

from __future__ import annotations

import re
from typing import Any

from coach.contracts import Brief, Focus, Prompted
from coach.history import History
from coach.llm.guard import DataGuard, PrivacyFilter, clean_text, is_status_first
from coach.llm.pipeline import REFS, STR, ModelWriter, Outcome, WriteInfo, strict_object
from coach.llm.private_out import OutputPrivacy, scrub_brief_update

MAX_THREADS = 12
MAX_EVIDENCE = 3
MAX_QUOTE = 240
MAX_RECENT = 6

_PROMPTED = strict_object({"question": STR, "why": STR, "cites": REFS})
BRIEF_SCHEMA = strict_object({
    "check_in": _PROMPTED,
    "agenda_invite": STR,
    "focus": strict_object({"why": STR, "questions": {"type": "array", "items": STR},
                            "cites": REFS}),
    "meta_question": {"anyOf": [_PROMPTED, {"type": "null"}]},
})
PARTS = ["check_in", "agenda_invite", "focus", "meta_question"]
_ADDRESSED = re.compile(r"\b(you|your|you're|you've|yourself)\b", re.I)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1] + "…"


def brief_data(
    brief: Brief, history: History | None, *, send_private: bool, plan: Any = None
) -> tuple[dict[str, Any], set[str], list[str]]:
    """(data for the prompt, refs the model may cite, texts it may quote)."""
    private = PrivacyFilter(None if send_private else history)

    def ok(*texts: str | None) -> bool:
        return send_private or not any(t and private.is_private(t) for t in texts)

    refs: set[str] = set()
    texts: list[str] = []
    threads: list[dict[str, Any]] = []
    for t in brief.threads:
        if len(threads) >= MAX_THREADS:
            break
        if t.status != "open" or (t.private and not send_private) or not ok(t.text, t.source.quote):
            continue
        ref, note = f"T{t.id}", f"N{t.source.note_id}"
        refs |= {ref, note}
        texts += [t.text, t.source.quote]
        entry = {"ref": ref, "note": note, "kind": t.kind.value, "since": t.since.isoformat(),
                 "owner": t.owner.value if t.owner else None, "due": t.due}
        if " ".join(t.text.split()) not in " ".join(t.source.quote.split()):
            entry["text"] = _cut(t.text)  # the quote usually says it all: no duplicate
        entry["quote"] = _cut(t.source.quote)
        threads.append({k: v for k, v in entry.items() if v is not None})
    health = []
    for h in brief.health:
        evidence = []
        for s in h.evidence[:MAX_EVIDENCE]:
            if ok(s.quote):
                refs.add(f"N{s.note_id}")
                texts.append(s.quote)
                evidence.append({"ref": f"N{s.note_id}", "date": s.date.isoformat(),
                                 "quote": _cut(s.quote)})
        if ok(h.detail):
            health.append({"signal": h.signal.value, "detail": _cut(h.detail),
                           "evidence": evidence})
    data: dict[str, Any] = {
        "person": brief.person,
        "open_threads": threads,
        "focus_area": brief.focus.area.value,
        "focus_reasons": [_cut(brief.focus.why)] if ok(brief.focus.why) else [],
        "meta_question_due": brief.meta_question is not None,
        "warning_signs": health,
    }
    if ok(brief.check_in.question, brief.check_in.why):
        data["check_in_hint"] = {"question": brief.check_in.question,
                                 "why": _cut(brief.check_in.why)}
        texts.append(brief.check_in.why)
    if plan is not None:
        _plan_extras(plan, data, refs, texts, ok)
    if history is not None:
        data["recent_meetings"] = [  # "date status focus", oldest first
            f"{m.date.isoformat()} {m.status.value} "
            f"{m.effective_focus.value if m.effective_focus else 'unknown'}"
            for m in history.meetings[-MAX_RECENT:]
        ]
    texts.append(brief.focus.why)
    return data, refs, texts


def _plan_extras(plan: Any, data: dict[str, Any], refs: set[str], texts: list[str],
                 ok: Any) -> None:
    """What the engine's ``BriefPlan`` knows beyond the offline wording: what to tailor the
    check-in to, why this focus, whether a meta question is due and why."""
    data["first_meeting"] = bool(getattr(plan, "first_meeting", False))
    data["held_meetings"] = getattr(plan, "held_meetings", None)
    last = getattr(plan, "last_held", None)
    data["last_held"] = last.isoformat() if last else None
    checkin = getattr(plan, "checkin", None)
    if checkin is not None:
        context: dict[str, Any] = {"reason": _cut(str(checkin.reason))}
        thread = checkin.thread
        if thread is not None and not thread.private and ok(thread.text, thread.source.quote):
            context.update({
                "thread": f"T{thread.id}", "note": f"N{thread.source.note_id}",
                "date": thread.since.isoformat(), "quote": _cut(thread.source.quote),
                "phrase": checkin.phrase, "observed_by_manager": checkin.observed,
                "raised_last_meeting": checkin.last_meeting,
            })
            refs |= {f"T{thread.id}", f"N{thread.source.note_id}"}
            texts.append(thread.source.quote)
        data["check_in_context"] = context
    focus = getattr(plan, "focus", None)
    if focus is not None:
        data["focus_recent_counts"] = dict(focus.recent_counts)
        data["focus_overused"] = focus.overused.value if focus.overused else None
        ask = focus.report_ask
        if ask is not None and not ask.private and ok(ask.source.quote):
            data["focus_report_ask"] = {"thread": f"T{ask.id}", "note": f"N{ask.source.note_id}",
                                        "quote": _cut(ask.source.quote)}
            refs |= {f"T{ask.id}", f"N{ask.source.note_id}"}
            texts.append(ask.source.quote)
    meta = getattr(plan, "meta", None)
    if meta is not None:
        data["meta_question_due"] = bool(meta.due)
        if meta.due and ok(meta.why):
            data["meta_why"] = _cut(meta.why)
            texts.append(meta.why)
    topics = getattr(plan, "report_topics", None) or []
    data["report_topics"] = [f"T{t.id}" for t in topics if f"T{t.id}" in refs][:5]


class BriefWriter(ModelWriter):
    prompt_name = "brief"
    schema_name = "brief_wording"
    schema = BRIEF_SCHEMA
    max_tokens = 700

    def parts(self, context: dict[str, Any]) -> list[str]:
        return list(PARTS)

    def write(self, brief: Brief, history: History | None = None, plan: Any = None) -> Brief:
        return self.outcome(brief, history, plan).result

    def __call__(self, brief: Brief, history: History | None = None, plan: Any = None) -> Brief:
        """The ``Coach.brief_writer`` seam: (offline brief, history, BriefPlan) -> brief."""
        return self.write(brief, history, plan)

    def outcome(self, brief: Brief, history: History | None = None,
                plan: Any = None) -> Outcome[Brief]:
        data, refs, texts = brief_data(brief, history, send_private=self.settings.llm_send_private,
                                       plan=plan)
        privacy = OutputPrivacy(history, send_private=self.settings.llm_send_private)
        return self.run(data, {"brief": brief, "guard": DataGuard(refs, texts),
                               "privacy": privacy})

    # --- validation and merge -------------------------------------------------------
    def accept(self, out: dict[str, Any], state: dict[str, Any], info: WriteInfo) -> Brief:
        offline: Brief = state["brief"]
        guard: DataGuard = state["guard"]
        label = f"model:{info.model}"
        update: dict[str, Any] = {}

        check_in = self._prompted(out.get("check_in"), "check_in", guard, info)
        context_ref = (state["data"].get("check_in_context") or {}).get("thread")
        cited = out["check_in"].get("cites") or [] if isinstance(out.get("check_in"), dict) else []
        if check_in is not None:
            problem = None
            if is_status_first(check_in.question):
                problem = "check_in: status-first question"
            elif not _ADDRESSED.search(check_in.question):
                problem = "check_in: not addressed to the person"
            elif context_ref and context_ref not in cited:
                # the engine found something personal to tailor to; a generic check-in
                # would be worse than the offline one
                problem = f"check_in: ignores what they shared ({context_ref})"
            if problem:
                info.dropped.append(problem)
                check_in = None
        if check_in is not None:
            if context_ref:
                # The model words the question; the evidence stays the engine's: the offline
                # "why" quotes the note the check-in is tailored to ("last time you mentioned").
                check_in = Prompted(question=check_in.question, why=offline.check_in.why)
            update["check_in"], info.parts["check_in"] = check_in, label

        invite, why = clean_text(out.get("agenda_invite"), max_len=300, field="agenda_invite")
        why = why or guard.check(invite or "", "agenda_invite", [])
        if invite and not why and is_status_first(invite):
            why = "agenda_invite: about status"
        if invite and not why:
            update["agenda_invite"], info.parts["agenda_invite"] = invite, label
        elif why:
            info.dropped.append(why)

        focus = self._focus(out.get("focus"), offline, guard, info)
        if focus is not None:
            update["focus"], info.parts["focus"] = focus, label

        if offline.meta_question is not None:
            meta = self._prompted(out.get("meta_question"), "meta_question", guard, info)
            if meta is not None:
                update["meta_question"], info.parts["meta_question"] = meta, label
        else:
            info.parts.pop("meta_question", None)  # not due: the engine decided, nothing to word

        if "privacy" in state:  # model text vs the private lines (coach/llm/private_out.py)
            scrub_brief_update(update, state["privacy"], info.parts, info.dropped)
        generated = "openai:" + info.model if info.from_model else "offline"
        result = offline.model_copy(update=update)
        result.backend = generated
        result.generated_by = {**offline.generated_by, **info.as_generated_by()}
        return result

    def offline(self, state: dict[str, Any]) -> Brief:
        brief: Brief = state["brief"]
        info: WriteInfo = state["info"]
        result = brief.model_copy()
        result.backend = "offline"
        result.generated_by = {**brief.generated_by, **info.as_generated_by()}
        return result

    @staticmethod
    def _prompted(value: Any, field: str, guard: DataGuard, info: WriteInfo) -> Prompted | None:
        if not isinstance(value, dict):
            info.dropped.append(f"{field}: missing")
            return None
        cites, why = guard.bad_cites(value.get("cites", []))
        question, why_q = clean_text(value.get("question"), max_len=300, field=f"{field}.question")
        reason, why_r = clean_text(value.get("why"), max_len=500, field=f"{field}.why")
        problem = why or why_q or why_r
        if question and not question.endswith("?"):
            problem = problem or f"{field}.question: not a question"
        if not problem and question and reason:
            problem = guard.check(f"{question} {reason}", field, cites)
        if problem or not question or not reason:
            info.dropped.append(problem or f"{field}: incomplete")
            return None
        return Prompted(question=question, why=reason)

    @staticmethod
    def _focus(value: Any, offline: Brief, guard: DataGuard, info: WriteInfo) -> Focus | None:
        if not isinstance(value, dict):
            info.dropped.append("focus: missing")
            return None
        cites, problem = guard.bad_cites(value.get("cites", []))
        reason, why_r = clean_text(value.get("why"), max_len=600, field="focus.why")
        problem = problem or why_r or (guard.check(reason, "focus.why", cites) if reason else None)
        raw = value.get("questions")
        questions: list[str] = []
        if isinstance(raw, list):
            for q in raw[:6]:
                text, bad = clean_text(q, max_len=250, field="focus.questions")
                if not bad and not (text and text.endswith("?")):
                    bad = "focus.questions: not a question"
                bad = bad or guard.check(text or "", "focus.questions", cites)
                if bad:
                    info.dropped.append(bad)
                elif text not in questions:
                    questions.append(text)  # type: ignore[arg-type]
        if problem or not reason:
            info.dropped.append(problem or "focus.why: missing")
            return None
        if len(questions) < 2:  # fewer than the offline writer gives: keep the offline set
            info.dropped.append("focus.questions: fewer than two usable questions")
            return None
        return Focus(area=offline.focus.area, why=reason, questions=questions[:3])
