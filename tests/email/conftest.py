"""Fixtures of the email tests: a real SMTP server on loopback and a store."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from mailkit import SmtpServer

from coach.store.db import Database


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer()
    server.start()
    yield server
    server.handler.release.set()
    server.stop()


@pytest.fixture
def mail_db(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    yield db
    db.dispose()
