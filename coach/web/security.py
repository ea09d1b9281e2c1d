"""Who is asking: local mode, a browser session or an API token; CSRF and rate limits.

CSRF uses the double-submit pattern: a random ``coach_csrf`` cookie (HttpOnly, SameSite=Strict)
that every form repeats in a hidden field (htmx sends it as the X-CSRF-Token header). A page
of another site can neither read the cookie nor set it, so it cannot forge a post.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass

from fastapi import Request, Response

from coach.auth import Unauthorized, session_user, user_count, user_for_api_token
from coach.errors import CoachError

SESSION_COOKIE = "coach_session"
CSRF_COOKIE = "coach_csrf"


class Forbidden(CoachError):
    status = 403


class TooMany(CoachError):
    status = 429


@dataclass
class Viewer:
    owner: str
    email: str | None  # None in local mode
    local: bool


def is_https(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(response: Response, request: Request, name: str, value: str, *,
               max_age: int | None = None, samesite: str = "lax") -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite=samesite,  # type: ignore[arg-type]
                        secure=is_https(request), path="/")


def local_mode(request: Request) -> bool:
    """Loopback server with no accounts: runs as COACH_OWNER without a login."""
    if not request.app.state.loopback:
        return False
    with request.app.state.pool.db.session() as session:
        return user_count(session) == 0


def web_viewer(request: Request) -> Viewer:
    """The manager behind a browser request; Unauthorized sends them to the login page."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    if local_mode(request):
        viewer = Viewer(request.app.state.pool.settings.owner, None, True)
    else:
        with request.app.state.pool.db.session() as session:
            found = session_user(session, request.cookies.get(SESSION_COOKIE))
            if found is None:
                raise Unauthorized("please log in")
            viewer = Viewer(found[0].email, found[0].email, False)
    request.state.viewer = viewer
    return viewer


def api_viewer(request: Request) -> Viewer:
    """API calls: local mode, or ``Authorization: Bearer <token>`` (`coach user token`)."""
    if local_mode(request):
        return Viewer(request.app.state.pool.settings.owner, None, True)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        with request.app.state.pool.db.session() as session:
            user = user_for_api_token(session, token.strip())
            if user is not None:
                return Viewer(user.email, user.email, False)
    raise Unauthorized("an API token is required: Authorization: Bearer <token> "
                       "(create one with `coach user token EMAIL`)")


def csrf_token(request: Request) -> str:
    token = getattr(request.state, "csrf", None)
    if token is None:
        token = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
        request.state.csrf = token
    return token


async def check_csrf(request: Request) -> None:
    """Router dependency: every state-changing request repeats the CSRF cookie."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get("x-csrf-token", "")
    if not sent:
        form = await request.form()
        value = form.get("csrf", "")
        sent = value if isinstance(value, str) else ""
    if not cookie or not sent or not secrets.compare_digest(cookie, sent):
        raise Forbidden("this form has expired or did not come from coach: reload the page "
                        "and try again")


class RateLimit:
    """At most ``limit`` events per key in ``window`` seconds (per server process)."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        hits = self._hits[key]
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        return hits

    def blocked(self, key: str) -> bool:
        with self._lock:
            return len(self._trim(key, time.monotonic())) >= self.limit

    def hit(self, key: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._trim(key, now).append(now)

    def check(self, key: str, what: str) -> None:
        if self.blocked(key):
            raise TooMany(f"too many {what}: wait a few minutes and try again")
        self.hit(key)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "?"
