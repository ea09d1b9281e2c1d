"""``coach serve --workers N``: each uvicorn worker process builds its own app from the settings.

Workers share nothing in memory. The store is the source of truth; each worker's FAISS index is
a cache refreshed from the shared index files and checked against the owner's version row in
the store on every search (coach/index/sync.py), so a note stored through one worker is found
by ``ask`` through any other at once.
"""

from __future__ import annotations

from fastapi import FastAPI

from coach.api.app import create_app
from coach.config import Settings


def app_from_env() -> FastAPI:
    """The app for one worker (uvicorn calls this with ``factory=True``); `coach serve` has
    already checked the bind address and says whether it is loopback."""
    import os

    from coach.service_gc import settle

    app = create_app(Settings(), loopback=os.environ.get("COACH_SERVE_LOOPBACK", "1") == "1")
    settle()  # start-up objects leave the full garbage collections' passes
    return app


def prepare(settings: Settings) -> None:
    """Bring the schema up to date once, before the workers start (no migration race)."""
    from coach.store.db import Database

    Database(settings.resolved_database_url).engine.dispose()
