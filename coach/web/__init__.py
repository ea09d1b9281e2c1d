"""The manager's web app and the report's shared-agenda page (server-rendered, htmx)."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from coach.errors import CoachError
from coach.web.pool import CoachPool
from coach.web.security import RateLimit, check_csrf
from coach.web.templating import HERE, render

HTMX = "vendor/htmx-2.0.11.min.js"  # htmx.org 2.0.11 from npm, licence beside it


def install(app: FastAPI, pool: CoachPool, *, loopback: bool) -> None:
    """Mount the pages, static files and per-user state on ``app`` (the API's app)."""
    from coach.web.routes import account, agenda, ask, mail, meeting, notes, people, person

    app.state.pool = pool
    app.state.loopback = loopback
    app.state.login_limit = RateLimit(*account.LOGIN_LIMIT)
    app.state.topic_limit = RateLimit(*agenda.TOPIC_WRITES)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, bool]:
        """Liveness for the container healthcheck: no data, no login."""
        return {"ok": True}

    csrf = [Depends(check_csrf)]
    for module in (account, people, person, notes, ask, meeting, mail, agenda):
        app.include_router(module.router, dependencies=csrf, include_in_schema=False)


def render_error(request: Request, exc: CoachError) -> Response:
    """The web's rendering of the one error type: a login redirect or an HTML page."""
    if exc.status == 401:
        target = request.url.path
        return RedirectResponse(f"/login?next={target}", status_code=303)
    response: HTMLResponse = render(request, "error.html", {"error": exc.render(),
                                                            "status": exc.status},
                                    status=exc.status)
    return response
