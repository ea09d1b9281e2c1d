"""The LLM answer writer: words the answer to a question from the lines retrieval found.

The engine's answer (``coach.engine.ask``) is the plan and the fallback: its citations are
what the model sees (as refs C1..Cn) and the citations the answer keeps. The model may only
word the answer; an answer that cites nothing, cites a ref it was not given, or fails the
guard checks is dropped and the offline answer stays. No citations -> no call at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from coach.contracts import Answer, Citation
from coach.llm.guard import DataGuard, PrivacyFilter, clean_text
from coach.llm.pipeline import REFS, STR, ModelWriter, Outcome, WriteInfo, strict_object
from coach.llm.private_out import OutputPrivacy

MAX_CITATIONS = 12
MAX_QUOTE = 300
ANSWER_SCHEMA = strict_object({"answer": STR, "cites": REFS})


def answer_data(answer: Answer, *, send_private: bool,
                private: PrivacyFilter | None = None) -> tuple[dict[str, Any], dict[str, Citation]]:
    refs: dict[str, Citation] = {}
    lines: list[dict[str, Any]] = []
    for c in answer.citations:
        if len(lines) >= MAX_CITATIONS:
            break
        if not send_private and (c.private or (private and private.is_private(c.quote))):
            continue
        ref = f"C{len(lines) + 1}"
        refs[ref] = c
        quote = " ".join(c.quote.split())[:MAX_QUOTE]
        lines.append({"ref": ref, "person": c.person, "date": c.date.isoformat(), "line": quote})
    return {"question": answer.question, "people_searched": answer.people[:20],
            "note_lines": lines}, refs


class AnswerWriter(ModelWriter):
    prompt_name = "ask"
    schema_name = "answer"
    schema = ANSWER_SCHEMA
    max_tokens = 400

    def parts(self, context: dict[str, Any]) -> list[str]:
        return ["answer"]

    def __call__(self, answer: Answer) -> Answer:
        return self.outcome(answer).result

    def outcome(self, answer: Answer) -> Outcome[Answer]:
        data, refs = answer_data(answer, send_private=self.settings.llm_send_private)
        if not refs:  # nothing (shareable) found: the offline answer says so, no call
            info = WriteInfo(parts={"answer": "offline"})
            self.last = info
            return Outcome(answer, info)
        texts = [c.quote for c in refs.values()] + [answer.question]
        guard = DataGuard(refs, texts)
        return self.run(data, {"answer": answer, "guard": guard})

    def accept(self, out: dict[str, Any], state: dict[str, Any], info: WriteInfo) -> Answer:
        offline: Answer = state["answer"]
        guard: DataGuard = state["guard"]
        cites, problem = guard.bad_cites(out.get("cites"))
        text, bad = clean_text(out.get("answer"), max_len=1500, field="answer")
        problem = problem or bad
        if not problem and not cites:
            problem = "answer: cites no note line"
        if not problem:
            problem = guard.check(text or "", "answer", cites)
        if not problem and not self.settings.llm_send_private:
            problem = self._private_problem(text or "", offline)
        if problem:
            info.dropped.append(problem)
            return offline.model_copy(update={"backend": "offline"})
        info.parts["answer"] = f"model:{info.model}"
        return offline.model_copy(update={"answer": text, "backend": f"openai:{info.model}"})

    # Set by ``coach.llm.answer_writer_for``: loads the owner's private lines.
    private_lines: Callable[[], list[str]] | None = None

    def _private_problem(self, text: str, offline: Answer) -> str | None:
        """The answer must not repeat a private line it was not given (the model never gets
        them unless COACH_LLM_SEND_PRIVATE): not from the citations, not from the store."""
        extra = [c.quote for c in offline.citations if c.private]
        if self.private_lines is not None:
            extra += self.private_lines()
        return OutputPrivacy(None, extra, send_private=False).reason(text, "answer",
                                                                    to_report=False)

    def offline(self, state: dict[str, Any]) -> Answer:
        return state["answer"].model_copy(update={"backend": "offline"})
