"""Several server processes on one PostgreSQL store stay correct (issue 10).

Real processes, real sockets: a note stored through one process is found by ``ask`` through
another at once, in both directions, round after round.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import TODAY

pytestmark = pytest.mark.postgres
ROUNDS = 8
WORDS = ["quokka", "marimba", "tamarind", "zeppelin", "origami", "kayak", "saffron", "gondola",
         "bonsai", "lantern"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(home: Path, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COACH_") and k != "OPENAI_API_KEY"}
    env.update({"COACH_HOME": str(home), "COACH_DATABASE_URL": db_url,
                "COACH_EMBEDDER": "hashing", "COACH_TODAY": TODAY.isoformat()})
    return env


def _wait_up(proc: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise AssertionError(f"server exited: {err}")
        try:
            if httpx.get(f"{url}/api/people", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not come up")


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    procs: list[subprocess.Popen[bytes]] = []

    def start(home: Path, db_url: str, workers: int = 1) -> str:
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "coach", "serve", "--port", str(port),
             "--workers", str(workers)],
            env=_env(home, db_url), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        _wait_up(proc, url)
        return url

    yield start
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _write(url: str, word: str, day: int) -> None:
    r = httpx.post(f"{url}/api/notes", timeout=30, json={
        "text": f"- Sam asked about the {word} budget", "person": "Sam Lee",
        "date": f"2026-10-{day:02d}"})
    assert r.status_code == 200 and r.json()["change"] == "added", r.text


def _found(url: str, word: str) -> bool:
    r = httpx.post(f"{url}/api/ask", timeout=30,
                   json={"question": f"what did Sam say about the {word} budget?"})
    assert r.status_code == 200, r.text
    return any(word in c["quote"] for c in r.json()["citations"])


@pytest.mark.parametrize("homes", ["shared index folder", "separate index folders"])
def test_a_note_written_through_one_process_is_found_through_the_other(
    serve, pg_url: str, tmp_path: Path, homes: str  # type: ignore[no-untyped-def]
) -> None:
    """Separate folders: nothing but the store connects the two processes' indexes."""
    home_a = tmp_path / "a"
    home_b = home_a if homes == "shared index folder" else tmp_path / "b"
    a = serve(home_a, pg_url)
    b = serve(home_b, pg_url)
    for n in range(ROUNDS):  # alternate who writes, so each process serves both roles
        writer, reader = (a, b) if n % 2 == 0 else (b, a)
        word = WORDS[n]
        assert not _found(reader, word)  # the reader has a warm cache before the write
        _write(writer, word, day=n + 1)
        assert _found(reader, word), f"round {n}: {word} written via {writer}, not found"
        assert _found(writer, word)


def test_serve_with_two_workers(serve, pg_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`coach serve --workers 2`: every ask, whichever worker takes it, sees every write."""
    url = serve(tmp_path / "home", pg_url, workers=2)
    for n, word in enumerate(WORDS):
        _write(url, word, day=n + 1)
        for earlier in WORDS[: n + 1]:
            assert _found(url, earlier), f"{earlier} not found after {n + 1} writes"
