"""The shared path of every LLM writer: prompt -> cache -> model -> validate, else offline.

Composed with langchain-core runnables:

    (RunnableLambda(call) | RunnableLambda(accept)).with_fallbacks([offline], exception_key=...)

``call`` renders the Jinja2 prompt with the data block, returns a cached answer or asks the
model (``ChatModel`` retries within the deadline); ``accept`` validates and merges part by
part; any exception on the way (endpoint down, garbage, a bug in validation on odd output)
lands in the offline fallback, which returns the offline result with a one-line notice.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from coach.config import Settings
from coach.llm.client import ChatModel, Completion, LLMError
from coach.llm.prompts import PromptLibrary, data_block, estimate_tokens

T = TypeVar("T")


def stderr_notice(message: str) -> None:
    sys.stderr.write(f"coach: notice: {message}\n")
    sys.stderr.flush()


@dataclass
class WriteInfo:
    """What happened on one write: recorded with the result (``Brief.generated_by``)."""

    prompt: str = ""
    model: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    cached: bool = False
    attempts: int = 0
    parts: dict[str, str] = field(default_factory=dict)  # part -> "model:<name>" | "offline"
    dropped: list[str] = field(default_factory=list)  # why parts were dropped
    notice: str | None = None

    @property
    def from_model(self) -> bool:
        return any(v.startswith("model:") for v in self.parts.values())

    def as_generated_by(self) -> dict[str, str]:
        out = dict(self.parts)
        out["_prompt"] = self.prompt
        out["_model"] = self.model
        out["_tokens_in"] = str(self.tokens_in)
        out["_tokens_out"] = str(self.tokens_out)
        out["_cached"] = str(self.cached).lower()
        if self.dropped:
            out["_dropped"] = "; ".join(self.dropped)[:500]
        if self.notice:
            out["_notice"] = self.notice
        return out


@dataclass
class Outcome(Generic[T]):
    result: T
    info: WriteInfo


class ModelWriter:
    """Base of the brief, ask and summary writers."""

    prompt_name: str = ""
    schema_name: str = ""
    schema: dict[str, Any] = {}
    max_tokens: int = 700

    def __init__(
        self,
        settings: Settings,
        *,
        cache: Any = None,
        chat: ChatModel | None = None,
        notify: Callable[[str], None] = stderr_notice,
    ):
        self.settings = settings
        self.cache = cache if settings.llm_cache else None
        self._chat = chat
        self.notify = notify
        self.library = PromptLibrary(settings.prompts_dir)
        self.last: WriteInfo | None = None

    @property
    def chat(self) -> ChatModel:
        if self._chat is None:
            self._chat = ChatModel(self.settings)
        return self._chat

    def render(self, data: dict[str, Any]) -> tuple[list[dict[str, str]], str, str]:
        """(messages, prompt label, cache key) for this data."""
        from coach.llm.cache import cache_key

        prompt = self.library.get(self.prompt_name)
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        nonce = hashlib.sha256(f"{prompt.version}{blob}".encode()).hexdigest()[:16]
        messages = prompt.messages(data=data_block(data, nonce), nonce=nonce)
        key = cache_key(prompt.label, self.settings.llm_model, self.settings.llm_base_url, data)
        return messages, prompt.label, key

    def _call(self, state: dict[str, Any]) -> dict[str, Any]:
        info: WriteInfo = state["info"]
        messages, label, key = self.render(state["data"])
        info.prompt, info.model = label, self.settings.llm_model
        completion: Completion | None = None
        if self.cache is not None:
            try:
                completion = self.cache.get(key)
            except Exception:  # noqa: BLE001 - a broken cache is a miss, never a failure
                completion = None
        if completion is None:
            completion = self.chat.complete(messages, self.schema, self.schema_name,
                                            max_tokens=self.max_tokens)
            if not completion.tokens_in:  # endpoint without usage: estimate
                completion.tokens_in = sum(estimate_tokens(m["content"]) for m in messages)
                completion.tokens_out = estimate_tokens(completion.content)
        info.model = completion.model or info.model
        info.tokens_in, info.tokens_out = completion.tokens_in, completion.tokens_out
        info.cached, info.attempts = completion.cached, completion.attempts
        return {**state, "completion": completion, "cache_key": key}

    def _accept(self, state: dict[str, Any]) -> Any:
        completion: Completion = state["completion"]
        info: WriteInfo = state["info"]
        result = self.accept(completion.data, state, info)
        if not info.from_model:
            reasons = "; ".join(info.dropped[:3]) or "nothing usable"
            info.notice = f"LLM answer failed validation ({reasons}); offline text used"
            self.notify(info.notice)
        elif self.cache is not None and not completion.cached:
            # caching is best effort (e.g. a concurrent put of the same key)
            with contextlib.suppress(Exception):
                self.cache.put(state["cache_key"], completion)
        return result

    def _fallback(self, state: dict[str, Any]) -> Any:
        error = state.get("error")
        info: WriteInfo = state["info"]
        reason = error.one_line() if isinstance(error, LLMError) else (
            f"{type(error).__name__}: {error}"[:200])
        info.parts = {part: "offline" for part in info.parts} or {"all": "offline"}
        info.notice = f"LLM writer unavailable ({reason}); offline text used"
        self.notify(info.notice)
        return self.offline(state)

    def run(self, data: dict[str, Any], context: dict[str, Any]) -> Outcome[Any]:
        from langchain_core.runnables import RunnableLambda

        info = WriteInfo(parts={part: "offline" for part in self.parts(context)})
        chain = (
            RunnableLambda(self._call, name="llm-call")
            | RunnableLambda(self._accept, name="validate")
        ).with_fallbacks(
            [RunnableLambda(self._fallback, name="offline")],
            exceptions_to_handle=(Exception,), exception_key="error",
        )
        result = chain.invoke({"data": data, "info": info, **context})
        self.last = info
        return Outcome(result, info)

    # --- per writer -----------------------------------------------------------------
    def parts(self, context: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def accept(self, out: dict[str, Any], state: dict[str, Any], info: WriteInfo) -> Any:
        raise NotImplementedError

    def offline(self, state: dict[str, Any]) -> Any:
        raise NotImplementedError


def strict_object(properties: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema object in the shape OpenAI's strict mode accepts."""
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}


STR = {"type": "string"}
REFS = {"type": "array", "items": {"type": "string"}}
