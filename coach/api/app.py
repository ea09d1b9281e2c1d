"""The FastAPI application. Errors are rendered as JSON in exactly one place."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from coach.api import errors as api_errors
from coach.api.guards import RequestGuards
from coach.api.routers import ask, notes, people, threads
from coach.config import Settings
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

    # Every failure -> {"error", "status"} (coach/api/errors.py); Host and size checks first.
    api_errors.install(app)
    app.add_middleware(
        RequestGuards, allowed_hosts=service.settings.allowed_host_list,
        max_body_bytes=service.settings.api_max_body_bytes,
    )

    app.include_router(people.router, prefix="/api", responses=api_errors.COMMON_RESPONSES)
    app.include_router(notes.router, prefix="/api", responses=api_errors.COMMON_RESPONSES)
    app.include_router(ask.router, prefix="/api", responses=api_errors.COMMON_RESPONSES)
    app.include_router(threads.router, prefix="/api", responses=api_errors.COMMON_RESPONSES)
    install_web(app, pool, loopback=loopback)
    return app
