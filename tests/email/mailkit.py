"""Helpers for the email tests: a recording, misbehaving aiosmtpd server and store shortcuts.

aiosmtpd's Controller with port=0 fails its own start-up check, so a free port is bound first
and passed in. ``SmtpServer.stop()`` / ``start()`` take it down and bring it back on the same
port ("the server down for a while").
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller

from coach.config import Settings
from coach.contracts import ItemKind, Party
from coach.extract import ExtractedItem
from coach.notes.parse import parse_note
from coach.store.db import Database
from coach.store.repo import Repo
from coach.store.tables import Meeting, OutboxMessage


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


@dataclass
class Recorder:
    """aiosmtpd handler that records every accepted message and can misbehave.

    ``fail_data`` / ``fail_rcpt``: reply with this instead (``fail_times`` times, -1 = always).
    ``hold_data_at`` = n: once the n-th message has been received (after its final dot), hold
    the reply until ``release`` is set; ``hold_rcpt_at`` = n: hold the RCPT reply of the n-th
    transaction (before any data). ``held`` is set while holding. ``drop_after_data``: record
    the message, then close the connection without replying. ``delay``: seconds per DATA.
    """

    received: list[Received] = field(default_factory=list)
    fail_data: str | None = None
    fail_rcpt: str | None = None
    fail_times: int = -1
    hold_data_at: int | None = None
    hold_rcpt_at: int | None = None
    release: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)
    drop_after_data: bool = False
    delay: float = 0.0
    rcpts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def _hold(self) -> None:
        self.held.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        with self.lock:
            self.rcpts += 1
            hold = self.hold_rcpt_at is not None and self.rcpts == self.hold_rcpt_at
            if self.fail_rcpt and self.fail_times != 0:
                self.fail_times -= 1
                return self.fail_rcpt
        if hold:
            await self._hold()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.fail_data and self.fail_times != 0:
                self.fail_times -= 1
                return self.fail_data
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                          bytes(envelope.content)))
            hold = self.hold_data_at is not None and len(self.received) == self.hold_data_at
        if hold:
            await self._hold()
        if self.drop_after_data:
            server.transport.close()
            return "250 never seen"
        return "250 Message accepted for delivery"

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(r.message_id for r in self.received)


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.handler = Recorder()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, ready_timeout=10,
            decode_data=False,
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def mail_settings(home: Path, db_url: str, port: int, **extra: object) -> Settings:
    values: dict[str, object] = dict(
        home=home, database_url=db_url, embedder="hashing", llm="offline",
        smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
        mail_from="Coach <coach@example.org>", manager_email="boss@example.org",
        outbox_backoff_s=0, outbox_max_attempts=3, smtp_timeout_s=2,
    )
    values.update(extra)
    return Settings(_env_file=None, **values)  # type: ignore[arg-type, call-arg]


def _items(note) -> list[ExtractedItem]:  # type: ignore[no-untyped-def]
    """Stand-in extraction for outbox tests (the summary's own tests use real records)."""
    out = []
    for line in note.lines:
        if line.heading is not None and line.text.lower() == line.heading:
            continue
        low = line.text.lower()
        if low.startswith("i'll") or line.checkbox is not None:
            out.append(ExtractedItem(line.number, ItemKind.commitment, line.text, line.text,
                                     Party.manager, private=line.private, checkbox=line.checkbox))
        elif "worried" in low or "stress" in low:
            out.append(ExtractedItem(line.number, ItemKind.concern, line.text, line.text,
                                     private=line.private))
        else:
            out.append(ExtractedItem(line.number, ItemKind.note, line.text, line.text,
                                     private=line.private))
    return out


def store_meeting(db: Database, person: str, date: str, body: str, owner: str = "me",
                  key: str | None = None) -> int:
    note = parse_note(f"---\nperson: {person}\ndate: {date}\n---\n{body}\n")
    with db.session() as s:
        meeting, _ = Repo(s, owner).save_meeting(note, key or f"{person}:{date}", _items(note),
                                                 None, {})
        return meeting.id


def add_raw_messages(db: Database, n: int, owner: str = "me", to: str = "boss@example.org",
                     tag: str = "m", body: str | None = None) -> list[str]:
    """Queue ``n`` small messages directly (for the sender's own tests); returns Message-IDs."""
    ids = []
    with db.session() as s:
        for i in range(n):
            mid = f"<{tag}{i}.{time.time_ns()}@example.org>"
            s.add(OutboxMessage(
                owner=owner, meeting_id=None, audience="manager", to_addr=to,
                subject=f"test {tag}{i}", text_body=body or f"hello {i}\n.\n..starts with dots\n",
                html_body=f"<p>hello {i}</p>", message_id=mid, content_hash=f"{tag}{i}",
                state="pending", attempts=0, next_attempt_at=dt.datetime.now(dt.UTC),
            ))
            ids.append(mid)
    return ids


def states(db: Database, owner: str = "me") -> dict[str, str]:
    from sqlalchemy import select

    with db.session() as s:
        return {m.message_id: m.state for m in s.scalars(
            select(OutboxMessage).where(OutboxMessage.owner == owner))}


def meeting_ids(db: Database) -> list[int]:
    from sqlalchemy import select

    with db.session() as s:
        return list(s.scalars(select(Meeting.id).order_by(Meeting.id)))


def wait_for(predicate, timeout: float = 20.0, step: float = 0.05) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())



def _root_conftest():  # type: ignore[no-untyped-def]
    """tests/conftest.py's helpers (both conftest files are named ``conftest``)."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "conftest.py"
    spec = importlib.util.spec_from_file_location("coach_tests_root_conftest", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ROOT = _root_conftest()
TODAY = _ROOT.TODAY
write_note = _ROOT.write_note
