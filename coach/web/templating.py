"""Jinja2 templates (autoescaped) and the one place web pages and error pages are rendered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from coach.web.security import CSRF_COOKIE, csrf_token, set_cookie

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

SIGNAL_LABELS = {
    "cancelled": "cancellations", "manager_led": "you talk most", "status_drift": "status only",
    "sameness": "same every time", "no_continuity": "no follow-up", "no_person": "no check-in",
}


def highlight(text: str, quote: str | None) -> Markup:
    """``text`` escaped, with the first occurrence of ``quote`` wrapped in <mark>."""
    if not quote or quote not in text:
        return escape(text)
    start = text.index(quote)
    end = start + len(quote)
    return (escape(text[:start]) + Markup('<mark id="quote">') + escape(text[start:end])
            + Markup("</mark>") + escape(text[end:]))


def day(value: dt.date | dt.datetime | None) -> str:
    return value.strftime("%a %d %b %Y") if value else ""


templates.env.filters["day"] = day
templates.env.globals["SIGNAL_LABELS"] = SIGNAL_LABELS
templates.env.globals["highlight"] = highlight
templates.env.globals["FOCUS_LETTERS"] = {"delivery": "D", "development": "V", "wellbeing": "W",
                                          "context": "C", "feedback": "F"}


def render(request: Request, name: str, context: dict[str, Any] | None = None,
           status: int = 200) -> HTMLResponse:
    ctx = dict(context or {})
    ctx.setdefault("viewer", getattr(request.state, "viewer", None))
    ctx["csrf"] = csrf_token(request)
    response = templates.TemplateResponse(request, name, ctx, status_code=status)
    if request.cookies.get(CSRF_COOKIE) != ctx["csrf"]:
        set_cookie(response, request, CSRF_COOKIE, ctx["csrf"], samesite="strict")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'")
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
