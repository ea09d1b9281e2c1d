"""Login (rate-limited) and logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from coach.auth import SESSION_DAYS, Unauthorized, check_password, create_session, end_session
from coach.web.security import SESSION_COOKIE, client_ip, local_mode, set_cookie
from coach.web.templating import render

router = APIRouter()
LOGIN_LIMIT = (5, 300.0)  # failed logins per (address, email) per window (seconds)


def _safe_next(value: str) -> str:
    """Only a path on this site (no "//host" or "/\\host" that browsers read as another site)."""
    ok = value.startswith("/") and not value.startswith(("//", "/\\")) and "\\" not in value
    return value if ok else "/"


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:
    if local_mode(request):
        return RedirectResponse("/", status_code=303)  # type: ignore[return-value]
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", response_model=None)
def login(request: Request, email: Annotated[str, Form(max_length=320)] = "",
          password: Annotated[str, Form(max_length=1000)] = "",
          next: Annotated[str, Form()] = "/") -> HTMLResponse | RedirectResponse:
    key = f"{client_ip(request)}|{email.strip().casefold()}"
    limit = request.app.state.login_limit
    if limit.blocked(key):
        return render(request, "login.html", {"next": _safe_next(next), "email": email,
                      "error": "too many attempts: wait five minutes and try again"}, status=429)
    db = request.app.state.pool.db
    try:
        with db.session() as session:
            user = check_password(session, email, password)
            token, _ = create_session(session, user)
    except Unauthorized as exc:
        limit.hit(key)
        return render(request, "login.html", {"next": _safe_next(next), "email": email,
                      "error": exc.render()}, status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(response, request, SESSION_COOKIE, token, max_age=SESSION_DAYS * 86400)
    return response


@router.post("/logout")
def logout(request: Request) -> RedirectResponse:
    with request.app.state.pool.db.session() as session:
        end_session(session, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
