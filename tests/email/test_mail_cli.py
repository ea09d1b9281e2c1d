"""The mail commands driven as a user would, against a real aiosmtpd server.

In-process (Typer's CliRunner, with the environment a user would set) to keep them fast; the
worker-kill tests run the real `coach worker` as a subprocess."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from mailkit import SmtpServer, add_raw_messages, states, store_meeting

from coach.store.db import Database


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def env(cli_env: dict[str, str], smtp_server: SmtpServer) -> dict[str, str]:
    e = dict(cli_env)
    e.update({
        "COACH_SMTP_HOST": "127.0.0.1", "COACH_SMTP_PORT": str(smtp_server.port),
        "COACH_SMTP_SECURITY": "none", "COACH_MAIL_FROM": "Coach <coach@example.org>",
        "COACH_MANAGER_EMAIL": "boss@example.org", "COACH_OUTBOX_BACKOFF_S": "0",
        "COACH_OUTBOX_MAX_ATTEMPTS": "2", "COACH_SMTP_TIMEOUT_S": "2",
    })
    return e


@pytest.fixture
def db(home: Path) -> Database:
    d = Database(f"sqlite:///{home / 'coach.db'}")
    yield d  # type: ignore[misc]
    d.dispose()


def coach(env: dict[str, str], *args: str, stdin: str | None = None) -> Run:
    from typer.testing import CliRunner

    from coach.cli.main import app

    coach_env = {k: v for k, v in env.items() if k.startswith("COACH_")}
    unset = {k: None for k in ("COACH_SMTP_HOST", "COACH_MANAGER_EMAIL", "COACH_MAIL_FROM",
                               "COACH_DATABASE_URL") if k not in coach_env}
    result = CliRunner().invoke(app, list(args), env={**unset, **coach_env}, input=stdin,
                                catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def test_share_sets_address_and_opt_in(env: dict[str, str], db: Database) -> None:
    store_meeting(db, "Sam Lee", "2026-11-20", "- hello")
    bad = coach(env, "share", "sam", "--email", "sam@example.org\r\nBcc: evil@x.org")
    assert bad.returncode == 2 and "not a valid address" in bad.stderr
    assert coach(env, "share", "sam").returncode == 2  # no address yet
    ok = coach(env, "share", "sam", "--email", "sam@example.org")
    assert ok.returncode == 0 and "shared summary on (sam@example.org)" in ok.stdout
    off = coach(env, "share", "Sam Lee", "--off")
    assert off.returncode == 0 and "shared summary off" in off.stdout
    missing = coach(env, "share", "nobody", "--email", "n@example.org")
    assert missing.returncode == 2 and "no person named" in missing.stderr


def test_send_with_server_down_then_up(env: dict[str, str], db: Database,
                                       smtp_server: SmtpServer) -> None:
    ids = add_raw_messages(db, 3)
    smtp_server.stop()
    down = coach(env, "send")
    assert down.returncode == 1 and "cannot reach the SMTP server" in down.stderr
    listing = coach(env, "outbox")
    assert listing.stdout.count("pending") == 3 and "could not reach" in listing.stdout
    smtp_server.start()
    up = coach(env, "send")
    assert up.returncode == 0 and "3 sent" in up.stdout
    assert smtp_server.handler.counts() == {i: 1 for i in ids}
    assert coach(env, "outbox").stdout.startswith("nothing waiting")
    sent = json.loads(coach(env, "outbox", "--all", "--json").stdout)["messages"]
    assert {m["state"] for m in sent} == {"sent"} and {m["message_id"] for m in sent} == set(ids)


def test_parked_is_visible_and_retry_sends_it(env: dict[str, str], db: Database,
                                              smtp_server: SmtpServer) -> None:
    [mid] = add_raw_messages(db, 1)
    smtp_server.handler.fail_data = "554 5.6.0 content rejected"
    first = coach(env, "worker", "--once")
    assert first.returncode == 1
    second = coach(env, "send")
    assert second.returncode == 1 and "parked after 2 attempt(s)" in second.stderr
    listing = coach(env, "outbox")
    assert "parked" in listing.stdout and "554 5.6.0 content rejected" in listing.stdout
    row_id = json.loads(coach(env, "outbox", "--json").stdout)["messages"][0]["id"]
    assert coach(env, "send").stdout.startswith("0 sent")  # parked: not sent by `send`
    smtp_server.handler.fail_data = None
    retry = coach(env, "outbox", "retry", str(row_id))
    assert retry.returncode == 0 and "1 sent" in retry.stdout
    assert smtp_server.handler.counts() == {mid: 1}
    again = coach(env, "outbox", "retry", str(row_id))
    assert again.returncode == 2 and "was sent" in again.stderr
    assert coach(env, "outbox", "retry", "999").returncode == 2


def test_unknown_outcome_can_be_confirmed(env: dict[str, str], db: Database,
                                          smtp_server: SmtpServer) -> None:
    [mid] = add_raw_messages(db, 1)
    smtp_server.handler.drop_after_data = True
    assert coach(env, "send").returncode == 1
    assert states(db) == {mid: "unknown"}
    row_id = json.loads(coach(env, "outbox", "--json").stdout)["messages"][0]["id"]
    done = coach(env, "outbox", "mark-sent", str(row_id))
    assert done.returncode == 0 and states(db) == {mid: "sent"}
    assert smtp_server.handler.counts() == {mid: 1}


def test_commands_explain_missing_configuration(cli_env: dict[str, str]) -> None:
    result = coach(cli_env, "send")
    assert result.returncode == 2 and "COACH_SMTP_HOST" in result.stderr
    bad = coach(cli_env, "summarize", "/nonexistent/notes.md")
    assert bad.returncode == 2 and "/nonexistent/notes.md" in bad.stderr
    assert coach(cli_env, "summarize", "-", "--for", "everyone", stdin="x").returncode == 2


def test_header_injection_through_a_queued_subject_goes_nowhere(
    env: dict[str, str], db: Database, smtp_server: SmtpServer
) -> None:
    from sqlalchemy import update

    from coach.store.tables import OutboxMessage

    [mid] = add_raw_messages(db, 1)
    with db.session() as s:
        s.execute(update(OutboxMessage).values(subject="Hi\r\nBcc: evil@x.example\r\nX-A: 1"))
    assert coach(env, "send").returncode == 0
    [got] = smtp_server.received
    assert got.rcpt_tos == ["boss@example.org"]
    assert got.message["Bcc"] is None and got.message["X-A"] is None
    assert got.message["Subject"] == "Hi Bcc: evil@x.example X-A: 1"
    assert got.message_id == mid
