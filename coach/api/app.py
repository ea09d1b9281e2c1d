"""The FastAPI application. Errors are rendered as JSON in exactly one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from coach.api.routers import ask, notes, people, threads
from coach.config import Settings
from coach.errors import CoachError
from coach.service import Coach


def create_app(settings: Settings | None = None, coach: Coach | None = None, *,
               loopback: bool = True) -> FastAPI:
    service = coach or Coach(settings or Settings())
    from coach.web import install as install_web
    from coach.web.pool import CoachPool

    pool = CoachPool(service.settings, service)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()
        pool.close()

    app = FastAPI(title="coach", version="0.1.0", lifespan=lifespan,
                  description="Prep briefs, answers and notes for your 1:1s.")
    app.state.coach = service

    @app.exception_handler(CoachError)
    async def _coach_error(request: Request, exc: CoachError) -> Response:
        if not request.url.path.startswith("/api"):
            from coach.web import render_error

            return render_error(request, exc)
        return JSONResponse({"error": exc.render(), "status": exc.status}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        if not request.url.path.startswith("/api"):
            from coach.web import render_error

            return render_error(request, CoachError(problems, status=422))
        return JSONResponse({"error": problems, "status": 422}, status_code=422)

    app.include_router(people.router, prefix="/api")
    app.include_router(notes.router, prefix="/api")
    app.include_router(ask.router, prefix="/api")
    app.include_router(threads.router, prefix="/api")
    install_web(app, pool, loopback=loopback)
    return app
