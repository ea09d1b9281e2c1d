"""Malformed, huge and hostile notes (issue 11): refused before the store with exit 2 naming the
file and field, the same on SQLite and PostgreSQL; one bad file never costs the others; no
note text, SQL or terminal escapes in any output."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coach.errors import BadInput
from coach.notes.parse import parse_note
from coach.service import Coach
from coach.store.tables import Meeting, Person
from tests.conftest import write_note


def cli(env: dict[str, str], *args: str, stdin: bytes | None = None,
        db_url: str | None = None) -> subprocess.CompletedProcess[bytes]:
    if db_url and not db_url.startswith("sqlite"):
        env = {**env, "COACH_DATABASE_URL": db_url}
    return subprocess.run([sys.executable, "-m", "coach.cli.main", *args], env=env,
                          input=stdin, capture_output=True, timeout=120)


@pytest.mark.parametrize(("front", "message"), [
    ("person: [Ann, Bob]\ndate: 2026-10-12", "field 'person': is a list"),
    ("person: {a: 1}\ndate: 2026-10-12", "field 'person': is a mapping"),
    ('person: "\\u200b"\ndate: 2026-10-12', "field 'person': contains an invisible character"),
    ('person: "Sam\\u202eLee"\ndate: 2026-10-12', "invisible character (U+202E"),
    ('person: "Sam\\e]0;pwned\\a"\ndate: 2026-10-12', "field 'person': contains a control"),
    (f"person: {'A' * 201}\ndate: 2026-10-12", "field 'person': too long (201 characters"),
    (f"person: Sam\ndate: 2026-10-12\ntitle: {'t' * 501}", "field 'title': too long"),
    ("person: Sam\ndate: 2026-10-12\ntitle: [a, b]", "field 'title': must be text"),
    ("person: '!!!'\ndate: 2026-10-12", "has no letters or digits"),
])
def test_bad_names_and_titles(front: str, message: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_note(f"---\n{front}\n---\nhello\n", source="n.md")
    assert message in str(err.value) and str(err.value).startswith("n.md: ")
    assert "pwned" not in str(err.value)


@pytest.mark.parametrize(("text", "message"), [
    ("---\nperson: Sam\ndate: 2026-10-12\nhello\n", "front matter is not closed"),
    ("---\nperson: Sam\ndate: 2026-10-12\n---\nhello\x00there\n", "NUL byte on line 5"),
    ("---\nperson: Sam\ndate: 2026-10-12\n---\nhi \ud800\n", "lone surrogate"),
    ("---\nperson: Sam\ndate: 2026-10-12\n---\nok\n\x1b[2Jboom\n", "control character (U+001B"),
])
def test_bad_text(text: str, message: str) -> None:
    with pytest.raises(BadInput) as err:
        parse_note(text, source="n.md")
    assert message in str(err.value)


def test_names_that_are_fine() -> None:
    for name in ("Zoë Ørsted", "محمد\u200cعلی", "李小龙", "Anne-Marie O'Neil", "R2"):
        assert parse_note(f"---\nperson: {name}\ndate: 2026-10-12\n---\nhi\n").person == name
    assert parse_note("---\n---\nhello", overrides={"person": "A", "date": "2026-01-01"}).body


def _count(coach: Coach) -> int:
    with coach.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Meeting)) or 0)


def test_one_bad_file_never_costs_the_others(any_db_coach: Coach, tmp_path: Path) -> None:
    """Finding 1: on PostgreSQL one bad file lost the whole batch."""
    folder = tmp_path / "notes"
    for i in range(199):
        write_note(folder, f"{i:03d}.md", f"Person {i % 7}", f"2026-{1 + i % 12:02d}-"
                   f"{1 + i // 12:02d}", f"- line {i}")
    write_note(folder, "x-long.md", "A" * 201, "2026-01-01", "- too long a name")
    (folder / "x-nul.md").write_text("---\nperson: Sam\ndate: 2026-01-01\n---\na\x00b\n")
    write_note(folder, "x-title.md", "Sam", "2026-01-02", "- hi", title="t" * 501)
    report = any_db_coach.import_dir(folder)
    assert report.added == 199 and _count(any_db_coach) == 199
    assert len(report.errors) == 3
    assert all("SELECT" not in e and "INSERT" not in e for e in report.errors)


def test_cli_exit_codes_and_no_escapes(cli_env: dict[str, str], db_url: str,
                                       tmp_path: Path) -> None:
    note = b"---\ndate: 2026-10-12\n---\n- hello\n"
    bad_person = cli(cli_env, "add", "--person", "\udcff", stdin=note, db_url=db_url)
    assert bad_person.returncode == 2 and b"field 'person'" in bad_person.stderr
    bad_q = subprocess.run([sys.executable, "-m", "coach.cli.main", "ask", b"caf\xe9"],
                           env=cli_env, capture_output=True, timeout=60)
    assert bad_q.returncode == 2 and b"question" in bad_q.stderr
    # a name with an OSC sequence written as YAML escapes is refused, never printed raw
    evil = tmp_path / "evil.md"
    evil.write_bytes(b'---\nperson: "Sam\\e]0;pwned\\a"\ndate: 2026-10-12\n---\nhi\n')
    out = cli(cli_env, "add", str(evil), db_url=db_url)
    assert out.returncode == 2 and b"\x1b" not in out.stderr + out.stdout
    folder = tmp_path / "dir"
    write_note(folder, "a.md", "Sam Lee", "2026-10-12", "- fine")
    (folder / "b.md").write_text("---\nperson: Sam\ndate: 2026-10-13\nno closing line\n")
    os.symlink(folder, folder / "loop")
    os.symlink(tmp_path / "missing.md", folder / "gone.md")
    out = cli(cli_env, "import", str(folder), db_url=db_url)
    err = out.stderr.decode()
    assert out.returncode == 2 and b"1 added" in out.stdout
    assert "front matter is not closed" in err
    assert "loop" in err and "broken symbolic link" in err


def test_terminal_escapes_are_stripped_from_printed_notes(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    """Finding 8: a name with ESC sequences stored by an older coach is printed as text."""
    home = Path(cli_env["COACH_HOME"])
    coach = Coach(__import__("coach.config", fromlist=["Settings"]).Settings(
        home=home, embedder="hashing", _env_file=None))
    try:
        with coach.db.session() as s:  # written directly: today's parser refuses it
            s.add(Person(owner="me", name="Sam\x1b]0;pwned\x07 \x9b2J\x1b[31mLee",
                         name_key="sam lee"))
    finally:
        coach.close()
    out = cli(cli_env, "people")
    assert out.returncode == 0
    assert b"\x1b]" not in out.stdout and b"\x07" not in out.stdout
    assert b"\xc2\x9b" not in out.stdout and b"pwned" not in out.stdout


def test_a_30_mb_note_is_refused_fast(cli_env: dict[str, str], tmp_path: Path) -> None:
    """Finding 4: a 30 MB note used to take > 600 s and 437 MB. Measured, not timed-asserted
    beyond a generous bound: it must be refused before it is read."""
    big = tmp_path / "big.md"
    with big.open("w") as f:
        f.write("---\nperson: Sam\ndate: 2026-10-12\n---\n")
        f.write("- a line of notes about the migration\n" * 800_000)
    started = time.monotonic()
    out = cli(cli_env, "add", str(big))
    elapsed = time.monotonic() - started
    assert out.returncode == 2 and b"too big" in out.stderr
    assert b"COACH_NOTE_MAX_BYTES" in out.stderr
    print(f"\n[measure] 30 MB note refused in {elapsed:.2f}s (process start included)")
    assert elapsed < 30


def test_a_note_dated_year_one_is_stored_and_briefed(any_db_coach: Coach, tmp_path: Path) -> None:
    """Found by the API fuzz test: a note dated 0001-01-01 (a valid ISO date) made the windows
    before it ("the 120 days before the last note") overflow, a 500 on POST /api/notes."""
    folder = tmp_path / "notes"
    write_note(folder, "old.md", "Orla", "0001-01-01", "- I'll send her the rota\n- [SQL:")
    report = any_db_coach.import_dir(folder)
    assert report.added == 1 and not report.errors
    brief = any_db_coach.brief("Orla")
    assert any("rota" in t.text for t in [*brief.threads, *brief.older_threads])
