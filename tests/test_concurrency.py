"""Two writers at once on one store, as two real processes (finding 2 of issue 11).

Each test starts the processes together on a brand-new store, so they also race to create
the schema. Whatever the interleaving, both must succeed and every note must be stored once.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from coach.store.db import Database
from coach.store.tables import Meeting, Person
from tests.conftest import write_note

PEOPLE = [f"Person {chr(65 + i)}" for i in range(12)]


def _folder(root: Path, tag: str, count: int, day_offset: int) -> Path:
    folder = root / tag
    for i in range(count):
        person = PEOPLE[i % len(PEOPLE)]
        day = 1 + (i // len(PEOPLE) + day_offset) % 28
        month = 1 + (i // (len(PEOPLE) * 28)) % 12
        write_note(folder, f"{tag}-{i:04d}.md", person, f"2025-{month:02d}-{day:02d}",
                   f"- [ ] {tag} follow-up number {i} with {person}\n- talked about item {i}")
    return folder


def _run_together(env: dict[str, str], *argvs: list[str]) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "coach.cli.main", *argv], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for argv in argvs]
    out = []
    for argv, proc in zip(argvs, procs, strict=True):
        stdout, stderr = proc.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr))
    return out


def _env(cli_env: dict[str, str], db_url: str) -> dict[str, str]:
    env = dict(cli_env)
    if not db_url.startswith("sqlite"):
        env["COACH_DATABASE_URL"] = db_url  # else the SQLite file in COACH_HOME
    return env


def _counts(env: dict[str, str], db_url: str, home: Path) -> tuple[int, int]:
    url = env.get("COACH_DATABASE_URL") or f"sqlite:///{home / 'coach.db'}"
    db = Database(url)
    try:
        with db.session() as s:
            return (int(s.scalar(select(func.count()).select_from(Meeting)) or 0),
                    int(s.scalar(select(func.count()).select_from(Person)) or 0))
    finally:
        db.dispose()


def test_two_imports_sharing_people(
    cli_env: dict[str, str], db_url: str, home: Path, tmp_path: Path
) -> None:
    env = _env(cli_env, db_url)
    a = _folder(tmp_path, "a", 240, 0)  # 240 notes each: two import batches per process
    b = _folder(tmp_path, "b", 240, 14)
    results = _run_together(env, ["import", str(a)], ["import", str(b)])
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "240 added" in r.stdout
    assert _counts(env, db_url, home) == (480, len(PEOPLE))


def test_two_imports_of_the_same_folder(
    cli_env: dict[str, str], db_url: str, home: Path, tmp_path: Path
) -> None:
    env = _env(cli_env, db_url)
    a = _folder(tmp_path, "a", 120, 0)
    results = _run_together(env, ["import", str(a)], ["import", str(a)])
    for r in results:
        assert r.returncode == 0, r.stderr
    assert _counts(env, db_url, home) == (120, len(PEOPLE))


def test_new_store_opened_by_four_processes_at_once(
    cli_env: dict[str, str], db_url: str, home: Path, tmp_path: Path
) -> None:
    env = _env(cli_env, db_url)
    results = _run_together(env, *[["people"] for _ in range(4)])
    for r in results:
        assert r.returncode == 0, r.stderr
        assert "No notes yet" in r.stdout


def test_add_while_importing(
    cli_env: dict[str, str], db_url: str, home: Path, tmp_path: Path
) -> None:
    env = _env(cli_env, db_url)
    a = _folder(tmp_path, "a", 220, 0)
    note = write_note(tmp_path / "single", "x.md", PEOPLE[0], "2026-11-01", "- a new idea")
    results = _run_together(env, ["import", str(a)], ["add", str(note)])
    for r in results:
        assert r.returncode == 0, r.stderr
    assert _counts(env, db_url, home) == (221, len(PEOPLE))


def test_wal_switch_waits_for_a_connection_holding_a_new_file(tmp_path: Path) -> None:
    """A brand-new file is in rollback-journal mode; switching it to WAL needs it alone. The
    switch waits (bounded) for another connection that holds it, instead of failing."""
    import sqlite3
    import threading
    import time

    from coach.store.db import _enable_wal

    path = tmp_path / "new.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO t VALUES (1)")
    threading.Timer(0.3, lambda: holder.execute("COMMIT")).start()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("PRAGMA busy_timeout=10000")  # as make_engine sets it
    started = time.monotonic()
    _enable_wal(other.cursor(), 10.0)
    assert time.monotonic() - started >= 0.25  # it waited for the holder
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    holder.close()
