"""Seed a PostgreSQL store for the load test: web accounts, each with their own reports' notes.

Every manager is a real account (argon2 password, API token) and owns ``people`` reports with
``notes`` weekly 1:1 notes each, written by benchmarks/corpus.py and stored through the real
ingest (``Coach.add_notes``: parse, extract, threads, embed, FAISS). Report names never repeat
across managers, so a name seen in another manager's response is a leak.

The store lives in a fresh schema of an existing database (like tests/conftest.py), selected
with ``search_path`` in the URL, and is dropped afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from corpus import _person, note_text  # noqa: E402

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TODAY = dt.date(2026, 11, 24)
LAST_NOTE = dt.date(2026, 11, 20)


@dataclass
class Manager:
    """One web user of the load test and what it may see."""

    index: int
    email: str
    password: str
    token: str = ""
    people: dict[str, int] = field(default_factory=dict)  # report name -> person id
    # A word only this manager's notes contain (asked about during the run).
    marker: str = ""


def manager_email(m: int) -> str:
    return f"manager{m:02d}@load.example.org"


def report_names(m: int, people: int) -> list[str]:
    """The reports of manager ``m``: a block of corpus names no other manager gets."""
    return [_person(m * people + j)[0] for j in range(people)]


def manager_notes(m: int, people: int, notes: int) -> list[tuple[str, str]]:
    """(source key, text) of ``notes`` weekly notes for each of manager ``m``'s reports."""
    rng = random.Random(1000 + m)
    out = []
    for j in range(people):
        person = _person(m * people + j)
        slug = person[0].lower().replace(" ", "-")
        for week in range(notes):
            date = LAST_NOTE - dt.timedelta(days=7 * (notes - week) - (j % 5))
            text = note_text(rng, person, date, cancelled=rng.random() < 0.08)
            out.append((f"load/m{m:02d}/{slug}/{date.isoformat()}.md", text))
    return out


def marker_word(m: int) -> str:
    """A made-up project name unique to manager ``m`` (for ask's isolation check)."""
    syllables = ("ka", "lo", "mi", "ru", "ze", "po", "ta", "ni", "vo", "se")
    return "proj" + syllables[m % 10] + syllables[(m // 10) % 10] + "x"


def pg_problem(base_url: str = DEFAULT_PG_URL) -> str | None:
    """Why PostgreSQL at ``base_url`` cannot be used, or None."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        with psycopg.connect(base_url.replace("+psycopg", ""), connect_timeout=5):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable at {base_url}: {exc}"


@contextlib.contextmanager
def pg_schema(base_url: str = DEFAULT_PG_URL) -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped on exit."""
    import psycopg

    raw = base_url.replace("+psycopg", "")
    schema = f"load_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(raw, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    except psycopg.OperationalError as exc:
        raise SystemExit(f"PostgreSQL is not reachable at {base_url}: {exc}") from None
    sep = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(raw, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _settings(home: Path, db_url: str, embedder: str, owner: str):  # type: ignore[no-untyped-def]
    from coach.config import Settings

    return Settings(home=home, database_url=db_url, embedder=embedder, owner=owner,  # type: ignore[call-arg]
                    llm="offline", _env_file=None)


def seed(home: Path, db_url: str, managers: int, people: int, notes: int,
         embedder: str, log=print) -> list[Manager]:  # type: ignore[no-untyped-def]
    """Create ``managers`` accounts and import their notes; returns who owns what."""
    from coach.auth import add_user, new_api_token
    from coach.notes.parse import parse_note
    from coach.service import Coach
    from coach.store.db import Database

    out: list[Manager] = []
    db = Database(db_url)  # migrates the fresh schema
    try:
        with db.session() as session:
            for m in range(managers):
                man = Manager(m, manager_email(m), f"load-password-{m:02d}", marker=marker_word(m))
                add_user(session, man.email, man.password)
                man.token = new_api_token(session, man.email)
                out.append(man)
    finally:
        db.dispose()
    started = time.perf_counter()
    for man in out:
        coach = Coach(_settings(home, db_url, embedder, man.email), today=TODAY)
        try:
            pairs = manager_notes(man.index, people, notes)
            report = coach.add_notes([(parse_note(text, source=key), key) for key, text in pairs])
            if report.errors:
                raise SystemExit(f"seeding {man.email}: {report.errors[0]}")
            man.people = {p.name: p.id for p in coach.people()}
        finally:
            coach.close()
        if set(man.people) != set(report_names(man.index, people)):
            raise SystemExit(f"seeding {man.email}: people {sorted(man.people)} are not the "
                             f"expected {report_names(man.index, people)}")
        log(f"  seeded {man.email}: {people} people, {len(pairs)} notes "
            f"({time.perf_counter() - started:.0f} s so far)")
    return out
