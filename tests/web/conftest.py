"""Web tests: a live uvicorn server per test (a thread in this process), Debian's chromium.

``live`` starts the app on a free loopback port against a fresh SQLite store with the hashing
embedder; ``accounts=True`` creates manager accounts first (so a login is required).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from coach.config import Settings
from tests.conftest import TODAY

# Assertions wait for real server work (an import of 58 notes, a brief) on a 2-core CI
# machine shared with other test workers: Playwright's 5 s default is a race there, not a bar.
expect.set_options(timeout=30_000)

SHOTS = Path(__file__).resolve().parents[2] / "reports" / "screenshots"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    return {**browser_type_launch_args, "executable_path": chromium, "args": [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    settings: Settings
    app: object

    def db(self):
        return self.app.state.pool.db  # type: ignore[attr-defined]


def make_settings(tmp_path: Path, db_url: str | None = None, **extra: object) -> Settings:
    return Settings(home=tmp_path / "home", database_url=db_url, owner="me", today=TODAY,
                    embedder="hashing", llm="offline", _env_file=None,  # type: ignore[call-arg]
                    **extra)


def add_users(settings: Settings, emails: list[str]) -> None:
    from coach.auth import add_user
    from coach.store.db import Database

    db = Database(settings.resolved_database_url)
    with db.session() as session:
        for email in emails:
            add_user(session, email, PASSWORD)
    db.dispose()


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Callable[..., Live]]:
    import uvicorn

    from coach.api.app import create_app

    servers: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(users: list[str] | None = None, loopback: bool = True) -> Live:
        settings = make_settings(tmp_path)
        if users:
            add_users(settings, users)
        app = create_app(settings, loopback=loopback)
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        servers.append((server, thread))
        return Live(f"http://127.0.0.1:{port}", settings, app)

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)


def shot(page, name: str) -> None:
    """Save a full-page screenshot under reports/screenshots/ (a test artifact)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def login(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url(f"{base}/")
