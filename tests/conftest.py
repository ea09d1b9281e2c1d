"""Shared fixtures: real SQLite files and (where up) real PostgreSQL, a fixed 'today'.

Store-backed tests take the ``db_url`` fixture, parametrised over sqlite and postgres. The
postgres variant runs in its own schema on 127.0.0.1:5432/test and is dropped afterwards; it
skips with a reason when PostgreSQL is down, except under CI=true, where it fails instead
(.ci/run starts PostgreSQL, so CI must never skip it).
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from coach.config import Settings

if TYPE_CHECKING:
    from coach.service import Coach

PG_URL = os.environ.get("COACH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TODAY = dt.date(2026, 11, 24)
REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = REPO_ROOT / "coach" / "samples" / "notes"


def _pg_available() -> str | None:
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed"
    try:
        with psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"PostgreSQL not reachable at {PG_URL}: {exc}"


@pytest.fixture(scope="session")
def pg_problem() -> str | None:
    return _pg_available()


@pytest.fixture
def pg_url(pg_problem: str | None) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the test."""
    if pg_problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI requires PostgreSQL: {pg_problem}")
        pytest.skip(pg_problem)
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    raw = PG_URL.replace("+psycopg", "")
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(raw, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(autouse=True)
def _served_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The API answers only to COACH_ALLOWED_HOSTS; Starlette's TestClient says "testserver"."""
    monkeypatch.setenv("COACH_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def settings(home: Path) -> Settings:
    """SQLite in a temp home, hashing embedder, offline writer, no email."""
    return Settings(home=home, embedder="hashing", llm="offline", _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def coach(settings: Settings):  # type: ignore[no-untyped-def]
    from coach.service import Coach

    c = Coach(settings, today=TODAY)
    yield c
    c.close()


@pytest.fixture
def any_db_coach(db_url: str, home: Path):  # type: ignore[no-untyped-def]
    """A Coach on SQLite and on PostgreSQL (parametrised through ``db_url``)."""
    from coach.service import Coach

    s = Settings(home=home, database_url=db_url, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    c = Coach(s, today=TODAY)
    yield c
    c.close()


@pytest.fixture
def cli_env(home: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for CLI subprocess tests: a private COACH_HOME, hashing embedder."""
    for key in list(os.environ):
        if key.startswith("COACH_") or key == "OPENAI_API_KEY":
            monkeypatch.delenv(key, raising=False)
    env = dict(os.environ)
    env.update(
        {"COACH_HOME": str(home), "COACH_EMBEDDER": "hashing", "COACH_TODAY": TODAY.isoformat()}
    )
    return env


def write_note(folder: Path, name: str, person: str, date: str, body: str, **meta: str) -> Path:
    """Write a notes file with front matter; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    front = [f"person: {person}", f"date: {date}"] + [f"{k}: {v}" for k, v in meta.items()]
    path = folder / name
    path.write_text("---\n" + "\n".join(front) + "\n---\n" + textwrap.dedent(body).strip() + "\n")
    return path


@contextmanager
def offline_coach(root: Path, notes: Path, today: dt.date) -> Iterator[Coach]:
    """A ``Coach`` on a fresh store under ``root`` (hashing embedder, offline writer, no .env
    file) with the notes folder imported; closed on exit."""
    settings = Settings(home=root / "home", embedder="hashing", llm="offline",  # type: ignore[call-arg]
                        database_url=None, smtp_host=None, _env_file=None)
    from coach.service import Coach

    coach = Coach(settings, today=today)
    try:
        assert coach.import_dir(notes).ok
        yield coach
    finally:
        coach.close()
