"""Drive the real `coach` commands in subprocesses, as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, write_note


def run(
    env: dict[str, str], *args: str, stdin: str | bytes | None = None
) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], env=env, input=data, capture_output=True,
        timeout=120,
    )


def out(p: subprocess.CompletedProcess) -> str:
    return p.stdout.decode()


def err(p: subprocess.CompletedProcess) -> str:
    return p.stderr.decode()


def test_add_from_stdin_is_idempotent(cli_env: dict[str, str]) -> None:
    text = "- [ ] I'll send Sam the roadmap by Friday\nSam seemed tired, big week"
    p = run(cli_env, "add", "--person", "Sam Lee", "--date", "2026-10-12", stdin=text)
    assert p.returncode == 0, err(p)
    assert "added: Sam Lee, 2026-10-12 (held)" in out(p)
    p = run(cli_env, "add", "-p", "sam lee", "-d", "2026-10-12", stdin=text)
    assert "unchanged" in out(p)
    p = run(cli_env, "add", "-p", "Sam Lee", "-d", "2026-10-12", stdin=text + "\nmore")
    assert "updated" in out(p)
    p = run(cli_env, "people", "--json")
    people = json.loads(out(p))
    assert [(x["name"], x["meetings"]) for x in people] == [("Sam Lee", 1)]


def test_add_errors_name_the_field(cli_env: dict[str, str], tmp_path: Path) -> None:
    p = run(cli_env, "add", "--person", "Sam", "--date", "12/10/2026", stdin="hello")
    assert p.returncode == 2
    assert "<stdin>: field 'date': '12/10/2026' is not an ISO date" in err(p)
    p = run(cli_env, "add", "--date", "2026-10-12", stdin="hello")
    assert p.returncode == 2 and "missing required field 'person'" in err(p)
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"caf\xe9")
    p = run(cli_env, "add", str(bad), "-p", "Sam", "-d", "2026-10-12")
    assert p.returncode == 2 and f"{bad}: not UTF-8" in err(p)
    p = run(cli_env, "add", "-p", "Sam", "-d", "2026-10-12", "--status", "maybe", stdin="x")
    assert p.returncode == 2 and "field 'status'" in err(p)


def test_import_reports_bad_files_and_keeps_the_rest(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "Sam Lee", "2026-10-01", "- [ ] I'll send the roadmap")
    write_note(notes / "sub", "b.md", "Sam Lee", "2026-10-08", "Sam asked about the offsite")
    (notes / "noperson.md").write_text("---\ndate: 2026-10-01\n---\nhi\n")
    (notes / "baddate.md").write_text("---\nperson: Sam\ndate: yesterday\n---\nhi\n")
    (notes / "latin1.md").write_bytes(b"---\nperson: Jos\xe9\ndate: 2026-10-01\n---\nhi\n")
    (notes / "empty.md").write_text("")
    p = run(cli_env, "import", str(notes))
    assert p.returncode == 2
    assert "2 added, 0 updated, 0 unchanged, 4 failed" in out(p)
    e = err(p)
    assert f"{notes / 'noperson.md'}: missing required field 'person'" in e
    assert f"{notes / 'baddate.md'}: field 'date': 'yesterday' is not an ISO date" in e
    assert f"{notes / 'latin1.md'}: not UTF-8" in e
    assert f"{notes / 'empty.md'}: the file is empty" in e
    # Fix nothing, re-import: nothing is duplicated or lost.
    p = run(cli_env, "import", str(notes))
    assert "0 added, 0 updated, 2 unchanged, 4 failed" in out(p)
    # Edit one file: its meeting is updated, not duplicated.
    write_note(notes, "a.md", "Sam Lee", "2026-10-01", "- [x] I'll send the roadmap")
    (notes / "noperson.md").unlink()
    (notes / "baddate.md").unlink()
    (notes / "latin1.md").unlink()
    (notes / "empty.md").unlink()
    p = run(cli_env, "import", str(notes))
    assert p.returncode == 0, err(p)
    assert "0 added, 1 updated, 1 unchanged, 0 failed" in out(p)
    people = json.loads(out(run(cli_env, "people", "--json")))
    assert people[0]["meetings"] == 2


def test_import_missing_folder(cli_env: dict[str, str], tmp_path: Path) -> None:
    p = run(cli_env, "import", str(tmp_path / "nope"))
    assert p.returncode == 2 and "not a folder" in err(p)


@pytest.fixture
def sample_env(cli_env: dict[str, str]) -> dict[str, str]:
    p = run(cli_env, "import", str(SAMPLES))
    assert p.returncode == 0, err(p)
    return cli_env


def test_brief_json_follows_the_contract(sample_env: dict[str, str]) -> None:
    p = run(sample_env, "brief", "sam", "--json")
    assert p.returncode == 0, err(p)
    brief = json.loads(out(p))
    assert set(brief) >= {"person", "check_in", "agenda_invite", "threads", "focus",
                          "meta_question", "health", "backend"}
    assert brief["person"] == "Sam Lee"
    assert set(brief["check_in"]) >= {"question", "why"}
    assert brief["focus"]["area"] in {"delivery", "development", "wellbeing", "context", "feedback"}
    for t in brief["threads"]:
        assert set(t) >= {"id", "text", "kind", "owner", "status", "since", "source"}
        # follow_up: a dated event that has passed (issue 8) - "summit talk is thurs" (Nov 12)
        assert t["status"] == ("follow_up" if "summit talk is thurs" in t["source"]["quote"]
                               else "open")
        assert set(t["source"]) == {"note_id", "date", "quote"}
    signals = {"cancelled", "manager_led", "status_drift", "sameness", "no_continuity", "no_person"}
    assert all(h["signal"] in signals for h in brief["health"])


def test_brief_text_and_name_errors(sample_env: dict[str, str]) -> None:
    p = run(sample_env, "brief", "Sam Lee")
    assert p.returncode == 0, err(p)
    assert "Prep brief: 1:1 with Sam Lee" in out(p)
    p = run(sample_env, "brief", "Nobody")
    assert p.returncode == 2 and "no person named 'Nobody'" in err(p)


def test_ambiguous_first_name_lists_candidates(cli_env: dict[str, str]) -> None:
    run(cli_env, "add", "-p", "Sam Lee", "-d", "2026-10-01", stdin="talked about growth")
    run(cli_env, "add", "-p", "Sam Ortiz", "-d", "2026-10-02", stdin="talked about travel")
    p = run(cli_env, "brief", "sam")
    assert p.returncode == 2
    assert "'sam' matches more than one person: Sam Lee, Sam Ortiz" in err(p)


def test_ask_json_has_citations_from_real_notes(sample_env: dict[str, str]) -> None:
    p = run(sample_env, "ask", "what should I follow up on with Sam?", "--json")
    assert p.returncode == 0, err(p)
    answer = json.loads(out(p))
    assert answer["answer"]
    assert answer["citations"], "a follow-up question about Sam should cite Sam's notes"
    bodies = [f.read_text() for f in (SAMPLES / "sam-lee").glob("*.md")]
    assert bodies
    for c in answer["citations"]:
        assert c["person"] == "Sam Lee"
        assert any(c["quote"] in b for b in bodies)


PROBE = (
    "import sys, atexit\n"
    "atexit.register(lambda: sys.stderr.write('HEAVY:' + ','.join(m for m in "
    "('torch', 'sentence_transformers', 'faiss', 'onnxruntime', 'tokenizers') "
    "if m in sys.modules) + '\\n'))\n"
    "from coach.cli.main import run\n"
    "sys.argv = ['coach'] + sys.argv[1:]\n"
    "run()\n"
)


@pytest.mark.parametrize("args", [["--help"], ["people"], ["brief", "Sam Lee"]])
def test_commands_that_do_not_embed_do_not_import_the_model(
    sample_env: dict[str, str], args: list[str]
) -> None:
    env = dict(sample_env, COACH_EMBEDDER="auto")
    p = subprocess.run([sys.executable, "-c", PROBE, *args], env=env, capture_output=True,
                       timeout=120)
    assert p.returncode == 0, err(p)
    assert "HEAVY:\n" in err(p), f"heavy modules imported: {err(p)}"
