"""Request guards in front of the API: the Host header and the body size.

* Host: only the host names the server is meant to be reached by (``COACH_ALLOWED_HOSTS``;
  loopback by default) get an answer, which stops DNS-rebinding pages in the manager's
  browser from reading the notes through a local server. ``*`` allows any, ``*.example.org``
  any subdomain.
* Size: a body over ``COACH_API_MAX_BODY_BYTES`` is refused with 413 before the app reads it,
  whether it declares its length or streams it.

Both answer with the API's one error renderer (coach/api/errors.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from coach.api.errors import render_error

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def _host(scope: Scope) -> str:
    for key, value in scope.get("headers", []):
        if key == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):  # [::1]:8765
                return host.split("]")[0] + "]"
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return ""


def host_allowed(host: str, allowed: list[str]) -> bool:
    for pattern in allowed:
        pattern = pattern.lower()
        if pattern == "*" or host == pattern:
            return True
        if pattern.startswith("*.") and host.endswith(pattern[1:]):
            return True
    return False


class RequestGuards:
    """Pure ASGI middleware: Host check, then body size limit."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str], max_body_bytes: int):
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not host_allowed(_host(scope), self.allowed_hosts):
            await render_error(None, 400, "this server does not answer to that Host header "
                               "(COACH_ALLOWED_HOSTS)")(scope, receive, send)
            return
        too_big = render_error(None, 413, f"request body: over {self.max_body_bytes:,} bytes "
                               "(COACH_API_MAX_BODY_BYTES)")
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await render_error(None, 400, "bad Content-Length header")(
                        scope, receive, send)
                    return
                if declared > self.max_body_bytes:
                    await too_big(scope, receive, send)
                    return
        # Read the body here (bounded), then replay it: a streamed body cannot get past.
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_body_bytes:
                await too_big(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        replay = iter(messages)

        async def replay_receive() -> Message:
            try:
                return next(replay)
            except StopIteration:
                return await receive()

        await self.app(scope, replay_receive, send)
