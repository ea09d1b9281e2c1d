"""`coach worker` as a real subprocess, killed with SIGKILL mid-batch and restarted: every
message reaches the server exactly once (counted at the server)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mailkit import SmtpServer, add_raw_messages, states, wait_for

from coach.store.db import Database

SETTLED = {"sent", "unknown", "parked"}


def _env(cli_env: dict[str, str], db_url: str, port: int) -> dict[str, str]:
    env = dict(cli_env)
    env.update({
        "COACH_DATABASE_URL": db_url, "COACH_SMTP_HOST": "127.0.0.1",
        "COACH_SMTP_PORT": str(port), "COACH_SMTP_SECURITY": "none",
        "COACH_MAIL_FROM": "coach@example.org", "COACH_MANAGER_EMAIL": "boss@example.org",
        "COACH_OUTBOX_BACKOFF_S": "0", "COACH_SMTP_TIMEOUT_S": "0.5",
    })
    return env


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-m", "coach", "worker", "--interval", "0.05"],
        env=env, stdout=out, stderr=out,
    )


def _kill(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)


def _all_settled(db: Database) -> bool:
    return set(states(db).values()) <= SETTLED


def test_killed_at_both_dangerous_moments_then_restarted(
    mail_db: Database, db_url: str, smtp_server: SmtpServer, cli_env: dict[str, str],
    tmp_path: Path,
) -> None:
    """Kill 1 lands before the hand-off (server holding RCPT of message 3): that message is
    retried. Kill 2 lands after the final dot (server holding its reply to message 6): that
    message is 'unknown' and not resent. Everything arrives exactly once."""
    ids = add_raw_messages(mail_db, 10)
    env = _env(cli_env, db_url, smtp_server.port)
    log = tmp_path / "worker.log"
    handler = smtp_server.handler

    handler.hold_rcpt_at = 3
    proc = _worker(env, log)
    assert handler.held.wait(30), log.read_text()
    _kill(proc)
    handler.release.set()
    assert len(handler.received) == 2
    assert list(states(mail_db).values()).count("sending") == 1

    handler.held.clear()
    handler.release.clear()
    handler.hold_rcpt_at = None
    handler.hold_data_at = 6
    proc = _worker(env, log)
    assert handler.held.wait(30), log.read_text()
    _kill(proc)
    handler.release.set()
    assert list(states(mail_db).values()).count("handoff") == 1

    proc = _worker(env, log)
    try:
        assert wait_for(lambda: _all_settled(mail_db), timeout=30), states(mail_db)
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(10) == 0  # a clean stop on SIGTERM
    assert handler.counts() == {i: 1 for i in ids}
    final = states(mail_db)
    assert sorted(final.values()).count("unknown") == 1
    assert final[handler.received[5].message_id] == "unknown"
    assert [s for s in final.values() if s != "unknown"] == ["sent"] * 9
    listing = subprocess.run([sys.executable, "-m", "coach", "outbox"], env=env,
                             capture_output=True, text=True, timeout=30)
    assert listing.returncode == 0 and "unknown" in listing.stdout
    assert "probably delivered" in listing.stdout


@pytest.mark.parametrize("seed", [1])
def test_killed_at_random_moments(
    mail_db: Database, db_url: str, smtp_server: SmtpServer, cli_env: dict[str, str],
    tmp_path: Path, seed: int,
) -> None:
    """Kill the worker again and again at random moments while it sends; never a duplicate,
    nothing lost except what it says it cannot know ('unknown' is at most once)."""
    rng = random.Random(seed)
    ids = add_raw_messages(mail_db, 30)
    smtp_server.handler.delay = 0.01  # a realistic server round trip
    env = _env(cli_env, db_url, smtp_server.port)
    log = tmp_path / "worker.log"
    kills = 0
    while kills < 4 and not _all_settled(mail_db):
        before = len(smtp_server.received)
        proc = _worker(env, log)
        wait_for(lambda b=before: len(smtp_server.received) > b or _all_settled(mail_db), 30)  # type: ignore[misc]
        time.sleep(rng.uniform(0, 0.08))
        _kill(proc)
        kills += 1
    proc = _worker(env, log)
    try:
        assert wait_for(lambda: _all_settled(mail_db), timeout=60), states(mail_db)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    counts = smtp_server.handler.counts()
    final = states(mail_db)
    assert max(counts.values()) == 1, "a message was delivered twice"
    assert set(counts) <= set(ids)
    for mid in ids:
        if final[mid] == "sent":
            assert counts[mid] == 1
        else:
            assert final[mid] == "unknown" and counts[mid] <= 1
    unknown = sum(1 for s in final.values() if s == "unknown")
    assert unknown <= kills
    print(f"\n{kills} kills: {sum(counts.values())}/{len(ids)} delivered once, "
          f"{unknown} unknown, 0 duplicates")
    assert os.path.getsize(log) > 0
