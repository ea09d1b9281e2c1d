"""One chat call to an OpenAI-compatible endpoint, with a retry policy bounded by a deadline.

The ``openai`` SDK is built with ``max_retries=0``: retries happen here, once, so SDK retries
and ours never multiply. Each attempt runs under a hard wall-clock limit
(``min(llm_timeout_s, time left before llm_deadline_s)``), enforced by running the HTTP call in
a daemon thread: httpx's read timeout is per read, so a server that trickles one byte at a time
would otherwise never time out.

Why not ``Runnable.with_retry``: it cannot bound the total time, honour ``Retry-After`` or
stop early when the deadline leaves no room for another attempt. The policy below is the
deliberate equivalent; ``coach.llm.pipeline`` composes it with langchain-core runnables
(``RunnableLambda(...).with_fallbacks(...)``) for the offline fallback.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from coach.config import Settings

# Structured-output modes, strongest first. "prompt" = no response_format at all.
MODES = ("json_schema", "json_object", "prompt")
# Modes an endpoint rejected (400/422 on response_format), remembered per (base_url, model).
_DOWNGRADED: dict[tuple[str, str], str] = {}
_DOWNGRADE_LOCK = threading.Lock()

MAX_CONTENT_CHARS = 64_000  # a model reply longer than this is garbage for our purposes


class LLMError(Exception):
    """A failed call. ``kind``: timeout, rate_limited, server, connection, bad_request, auth,
    bad_output, deadline. ``retryable`` says whether another attempt may help."""

    def __init__(
        self, kind: str, message: str, *, retryable: bool, retry_after: float | None = None
    ):
        super().__init__(message)
        self.kind = kind
        self.retryable = retryable
        self.retry_after = retry_after

    def one_line(self) -> str:
        text = " ".join(str(self).split())
        return f"{self.kind}: {text[:160]}"


@dataclass
class Completion:
    content: str
    data: dict[str, Any]  # the parsed JSON object
    model: str
    mode: str
    tokens_in: int = 0
    tokens_out: int = 0
    attempts: int = 1
    cached: bool = False
    errors: list[str] = field(default_factory=list)  # one line per failed attempt


def make_client(settings: Settings, timeout_s: float | None = None) -> Any:
    """The ``openai.OpenAI`` client for the configured endpoint: explicit timeout, and no SDK
    retries (ChatModel retries)."""
    import openai

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    timeout = timeout_s or settings.llm_timeout_s
    return openai.OpenAI(
        api_key=key or "not-needed",  # local servers (Ollama, llama.cpp, vLLM) ignore the key
        base_url=settings.llm_base_url or None,
        timeout=openai.Timeout(timeout, connect=min(timeout, 10.0)),
        max_retries=0,
    )


def _endpoint_key(settings: Settings) -> tuple[str, str]:
    return (settings.llm_base_url or "https://api.openai.com/v1", settings.llm_model)


def reset_mode_memory() -> None:
    """Forget which endpoints rejected which structured-output mode (tests, `llm check`)."""
    with _DOWNGRADE_LOCK:
        _DOWNGRADED.clear()


_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


def parse_json_object(content: str) -> dict[str, Any]:
    """The JSON object in a model reply: the whole reply, a fenced block, or the outermost
    ``{...}`` (weak models wrap JSON in prose). Raises ``LLMError(bad_output)`` otherwise."""
    text = content.strip()
    candidates = [text]
    candidates += [m.group(1).strip() for m in _FENCE.finditer(text)]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        candidates.append(text[start : end + 1])
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    raise LLMError("bad_output", f"reply is not a JSON object: {text[:80]!r}", retryable=True)


def _classify(exc: BaseException) -> LLMError:
    """Map SDK/transport exceptions to an LLMError with a retry decision."""
    import openai

    if isinstance(exc, LLMError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return LLMError("timeout", "the endpoint did not answer in time", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return LLMError("connection", f"cannot reach the endpoint ({exc})", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        retry_after = _retry_after(exc)
        message = f"HTTP {status}: {_error_message(exc)}"
        if status == 429:
            return LLMError("rate_limited", message, retryable=True, retry_after=retry_after)
        if status in (408, 409) or status >= 500:
            return LLMError("server", message, retryable=True, retry_after=retry_after)
        if status in (401, 403):
            return LLMError("auth", message, retryable=False)
        return LLMError("bad_request", message, retryable=False)
    if isinstance(exc, openai.APIResponseValidationError | ValueError | TypeError | KeyError):
        return LLMError("bad_output", f"unreadable response ({type(exc).__name__})", retryable=True)
    if isinstance(exc, openai.OpenAIError):
        return LLMError("connection", str(exc), retryable=True)
    return LLMError("connection", f"{type(exc).__name__}: {exc}", retryable=True)


def _error_message(exc: Any) -> str:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        err = body.get("error", body)
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:200]
        if isinstance(err, str):
            return err[:200]
    return str(getattr(exc, "message", exc))[:200]


def _retry_after(exc: Any) -> float | None:
    try:
        value = exc.response.headers.get("retry-after")
        return max(0.0, float(value)) if value is not None else None
    except (AttributeError, TypeError, ValueError):
        return None


def rejects_response_format(err: LLMError) -> bool:
    """The endpoint refused the structured-output mode (a 400, or a 500 from servers that
    validate the request badly, e.g. llama-cpp-python: "response_format ... should be 'text'
    or 'json_object'")."""
    text = str(err).lower()
    if err.kind == "bad_request":
        return any(w in text for w in ("response_format", "json_schema", "json_object", "schema"))
    return err.kind == "server" and "response_format" in text


class ChatModel:
    """Chat completions returning a JSON object, retried with backoff within a deadline."""

    def __init__(
        self,
        settings: Settings,
        client: Any = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.settings = settings
        self.client = client or make_client(settings)
        self.sleep = sleep
        self.clock = clock

    @property
    def model(self) -> str:
        return self.settings.llm_model

    def mode(self) -> str:
        configured = self.settings.llm_structured
        if configured != "auto":
            return configured
        with _DOWNGRADE_LOCK:
            return _DOWNGRADED.get(_endpoint_key(self.settings), MODES[0])

    def _downgrade(self, mode: str) -> str | None:
        if self.settings.llm_structured != "auto" or mode == MODES[-1]:
            return None
        nxt = MODES[MODES.index(mode) + 1]
        with _DOWNGRADE_LOCK:
            _DOWNGRADED[_endpoint_key(self.settings)] = nxt
        return nxt

    def complete(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str,
        *, max_tokens: int = 700,
    ) -> Completion:
        """One answer as a parsed JSON object, or ``LLMError`` once retries/deadline run out."""
        deadline = self.clock() + self.settings.llm_deadline_s
        attempts = self.settings.llm_max_retries + 1
        errors: list[str] = []
        mode = self.mode()
        attempt = 0
        while True:
            remaining = deadline - self.clock()
            if remaining <= 0.05:
                raise LLMError(
                    "deadline", f"no answer within {self.settings.llm_deadline_s:g}s "
                    f"({'; '.join(errors) or 'no attempt finished'})", retryable=False,
                )
            attempt += 1
            try:
                result = self._attempt(messages, schema, schema_name, mode, max_tokens,
                                       min(self.settings.llm_timeout_s, remaining))
                result.attempts, result.errors = attempt, errors
                return result
            except Exception as exc:  # noqa: BLE001 - classified below
                err = _classify(exc)
            if rejects_response_format(err):
                lower = self._downgrade(mode)
                if lower is not None:  # not a failure: the endpoint told us what it lacks
                    errors.append(f"{mode} rejected, using {lower}")
                    mode, attempt = lower, attempt - 1
                    continue
            errors.append(err.one_line())
            if not err.retryable or attempt >= attempts:
                err.args = (f"{err} (after {attempt} attempt{'s' if attempt > 1 else ''})",)
                raise err
            wait = self._backoff(attempt, err.retry_after)
            if self.clock() + wait >= deadline:
                raise LLMError(
                    "deadline",
                    f"gave up: next retry would pass the {self.settings.llm_deadline_s:g}s "
                    f"deadline ({'; '.join(errors)})", retryable=False,
                )
            self.sleep(wait)

    @staticmethod
    def _backoff(attempt: int, retry_after: float | None) -> float:
        base = min(8.0, 0.5 * 2 ** (attempt - 1))
        wait = base * (0.5 + random.random() / 2)  # jitter  # noqa: S311
        if retry_after is not None:
            wait = max(wait, min(retry_after, 30.0))
        return wait

    def _attempt(
        self, messages: list[dict[str, str]], schema: dict[str, Any], schema_name: str,
        mode: str, max_tokens: int, limit_s: float,
    ) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.model, "messages": messages, "temperature": 0.2,
            "max_tokens": max_tokens, "timeout": limit_s,
        }
        if mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema_name, "schema": schema, "strict": True},
            }
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        response = _run_with_limit(lambda: self.client.chat.completions.create(**kwargs), limit_s)
        choices = getattr(response, "choices", None)
        if not choices:
            raise LLMError("bad_output", "reply has no choices", retryable=True)
        message = choices[0].message
        content = getattr(message, "content", None)
        if not isinstance(content, str) or not content.strip():
            refusal = getattr(message, "refusal", None)
            extra = f" (refusal: {refusal})" if refusal else ""
            raise LLMError("bad_output", f"empty reply{extra}", retryable=True)
        if len(content) > MAX_CONTENT_CHARS:
            raise LLMError("bad_output", f"reply too long ({len(content)} chars)", retryable=True)
        data = parse_json_object(content)
        usage = getattr(response, "usage", None)
        return Completion(
            content=content, data=data, model=str(getattr(response, "model", None) or self.model),
            mode=mode,
            tokens_in=int(getattr(usage, "prompt_tokens", 0) or 0),
            tokens_out=int(getattr(usage, "completion_tokens", 0) or 0),
        )


def _run_with_limit(fn: Callable[[], Any], limit_s: float) -> Any:
    """Run ``fn`` in a daemon thread and give up after ``limit_s`` wall-clock seconds."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="coach-llm-call", daemon=True)
    worker.start()
    worker.join(limit_s + 0.25)  # the SDK's own timeout normally fires first
    if worker.is_alive():
        raise LLMError("timeout", f"no complete answer within {limit_s:.1f}s", retryable=True)
    if "error" in box:
        raise box["error"]
    return box["value"]
