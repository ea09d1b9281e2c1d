"""`coach llm check`: does the configured endpoint answer, which model, structured output?

One direct request per step (no retries: this is a diagnosis), each bounded by the timeout:
``GET /models``, then a tiny chat completion asking for ``{"ok": true}`` with a JSON schema,
then JSON mode if the schema was refused or not followed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import partial

from coach.config import Settings
from coach.llm.client import (
    LLMError,
    _classify,
    _run_with_limit,
    make_client,
    parse_json_object,
    rejects_response_format,
)

_SCHEMA = {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"],
           "additionalProperties": False}
_MESSAGES = [
    {"role": "system", "content": "Reply with the JSON object {\"ok\": true} and nothing else."},
    {"role": "user", "content": "Are you there? Answer with JSON."},
]


@dataclass
class CheckResult:
    ok: bool
    endpoint: str
    model: str
    model_listed: bool | None = None  # None: /models not available
    structured: str | None = None  # json_schema | json_object | prompt | None
    seconds: float = 0.0
    error: str | None = None
    note: str | None = None

    def line(self) -> str:
        if not self.ok:
            return f"llm check failed: {self.endpoint} model {self.model}: {self.error}"
        listed = {True: "listed", False: "not in /models", None: "/models unavailable"}[
            self.model_listed]
        structured = {
            "json_schema": "structured output: JSON schema",
            "json_object": "structured output: JSON mode only (no JSON schema)",
            "prompt": "structured output: none (JSON by prompt only)",
        }.get(self.structured or "", "structured output: unknown")
        return (f"llm ok: {self.endpoint} answers; model {self.model} ({listed}); "
                f"{structured}; {self.seconds:.1f}s" + (f" ({self.note})" if self.note else ""))


def _content(reply: object) -> str | None:
    """The reply's text, or None when ``reply`` is not a chat completion at all."""
    choices = getattr(reply, "choices", None)
    if not isinstance(choices, list):
        return None
    if not choices:
        return ""
    message = getattr(choices[0], "message", None)
    content = getattr(message, "content", None)
    return content if isinstance(content, str) else ""


def check(settings: Settings) -> CheckResult:
    endpoint = settings.llm_base_url or "https://api.openai.com/v1"
    result = CheckResult(ok=False, endpoint=endpoint, model=settings.llm_model)
    limit = settings.llm_timeout_s
    client = make_client(settings)
    started = time.monotonic()
    try:
        models = _run_with_limit(lambda: client.models.list(timeout=limit), limit)
        data = getattr(models, "data", None)
        ids = [getattr(m, "id", None) for m in data] if isinstance(data, list) else []
        result.model_listed = settings.llm_model in ids
    except Exception as exc:  # noqa: BLE001 - many servers lack /models; the chat call decides
        err = _classify(exc)
        if err.kind in ("connection", "timeout", "auth"):
            result.error = err.one_line()
            result.seconds = time.monotonic() - started
            return result
    last_error: LLMError | None = None
    for mode in ("json_schema", "json_object", "prompt"):
        kwargs: dict = {"model": settings.llm_model, "messages": _MESSAGES, "max_tokens": 30,
                        "temperature": 0, "timeout": limit}
        if mode == "json_schema":
            kwargs["response_format"] = {"type": "json_schema", "json_schema": {
                "name": "check", "schema": _SCHEMA, "strict": True}}
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        try:
            reply = _run_with_limit(partial(client.chat.completions.create, **kwargs), limit)
        except Exception as exc:  # noqa: BLE001
            last_error = _classify(exc)
            if rejects_response_format(last_error) or (
                    last_error.kind == "bad_request" and mode != "prompt"):
                continue  # this mode refused: try the next
            break
        content = _content(reply)
        if content is None:  # e.g. a 200 text/html page from a proxy or a wrong base URL
            result.error = ("the reply is not an OpenAI chat completion (is the base URL "
                            "right? it should end in /v1)")
            result.seconds = time.monotonic() - started
            return result
        result.ok = True  # it answered
        result.structured = mode  # the endpoint accepted this response_format
        try:
            parse_json_object(content)
        except LLMError:
            result.note = "its test reply was not valid JSON"
        break
    if not result.ok:
        result.error = last_error.one_line() if last_error else "no answer"
    result.seconds = time.monotonic() - started
    return result
