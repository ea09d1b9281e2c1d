"""Every API failure as the documented JSON ``{"error", "status"}``: rendered in one place.

``render_error`` is the single renderer; ``install`` routes every kind of failure through it:
coach's own errors (400 bad input, 404 unknown id, 409 ambiguous), request validation (422; a
body that is not JSON or not UTF-8 is 400), Starlette's HTTP errors (unknown route 404, wrong
method 405, an unparseable body 400) and anything unexpected (500, with no detail: the
traceback goes to the log, never to the client). A surface that wants HTML pages (the web
app) can extend ``render_error`` by the request's Accept header.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from coach.errors import CoachError

log = logging.getLogger("coach.api")

# Validation errors that mean "the body is not JSON at all": bad input (400), not a
# well-formed request with a wrong field (422).
_UNPARSEABLE = {"json_invalid", "json_type"}


class ErrorOut(BaseModel):
    """The body of every error response."""

    error: str = Field(description="What was wrong, naming the field or id.")
    status: int = Field(description="The HTTP status, repeated.")


def _doc(description: str) -> dict[str, Any]:
    return {"model": ErrorOut, "description": description}


# OpenAPI responses of every route (the Host check, size limit and validation apply to all).
COMMON_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _doc("Bad input: the message names the field (or the Host header is not served)."),
    413: _doc("The request body is over COACH_API_MAX_BODY_BYTES."),
    422: _doc("Malformed request: a field is missing or has the wrong type."),
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: _doc("No such id for this owner.")}


def render_error(request: Request | None, status: int, message: str) -> Response:
    """The one error renderer: JSON under /api, the web app's HTML page (or login redirect)
    everywhere else."""
    if request is not None and not request.url.path.startswith("/api"):
        from coach.web import render_error as render_page

        return render_page(request, CoachError(message, status=status))
    return JSONResponse({"error": message, "status": status}, status_code=status)


def _field(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""

    @app.exception_handler(CoachError)
    async def _coach_error(request: Request, exc: CoachError) -> Response:
        return render_error(request, exc.status, exc.render())

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        if any(e.get("type") in _UNPARSEABLE for e in errors):
            return render_error(request, 400, "request body: not valid JSON (UTF-8)")
        problems = "; ".join(f"{_field(e.get('loc', ()))}: {e.get('msg', 'invalid')}"
                             for e in errors)
        return render_error(request, 422, problems or "malformed request")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 400 and "pars" in message:
            message = "request body: not valid JSON (UTF-8)"
        response = render_error(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        from coach.errors import describe_internal

        log.error("internal error on %s %s: %s", request.method, request.url.path,
                  describe_internal(exc))
        return render_error(request, 500, "internal error")
