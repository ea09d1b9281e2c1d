"""Password hashing under a burst of logins: at most HASH_SLOTS argon2 runs at once per process
(each takes 64 MiB; 20 logins at once took a server worker to 1 GB, benchmarks/load.py)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import argon2
import pytest

from coach import auth
from coach.store.db import Database


class _SlowFakeHasher:
    """Stands in for argon2's PasswordHasher: records how many checks run at the same time."""

    running = 0
    most = 0
    lock = threading.Lock()

    def hash(self, password: str) -> str:
        return "fake$" + password

    def verify(self, hashed: str, password: str) -> bool:
        cls = type(self)
        with cls.lock:
            cls.running += 1
            cls.most = max(cls.most, cls.running)
        time.sleep(0.1)
        with cls.lock:
            cls.running -= 1
        if hashed != "fake$" + password:
            raise argon2.exceptions.VerifyMismatchError()
        return True


def test_a_burst_of_password_checks_runs_at_most_hash_slots_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each login request runs on its own thread of the server's pool, as here."""
    monkeypatch.setattr(argon2, "PasswordHasher", _SlowFakeHasher)
    hashed = auth._hasher().hash("a long enough password")

    def check(password: str) -> bool:
        try:
            return auth._hasher().verify(hashed, password)
        except argon2.exceptions.VerifyMismatchError:
            return False

    attempts = ["a long enough password", "wrong password!"] * 4
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(check, attempts))
    assert results == [True, False] * 4  # every check still answers, and right
    assert _SlowFakeHasher.most == auth.HASH_SLOTS


def test_logins_still_work_with_the_real_hasher(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with db.session() as session:
            auth.add_user(session, "sam@example.org", "a long enough password")
        with db.session() as session:
            assert auth.check_password(session, "Sam@example.org", "a long enough password")
            with pytest.raises(auth.Unauthorized):
                auth.check_password(session, "sam@example.org", "not the password")
    finally:
        db.dispose()
