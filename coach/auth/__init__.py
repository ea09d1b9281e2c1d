"""Manager accounts: argon2 password hashes, browser sessions, per-user API tokens.

A user's email (case-folded) is the owner of their data: every read is scoped to it. Tokens
(session cookies, API tokens) are random and only their SHA-256 is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import threading

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from coach.errors import BadInput, CoachError, NotFound
from coach.store.tables import User, WebSession

SESSION_DAYS = 14
MIN_PASSWORD = 10


class Unauthorized(CoachError):
    status = 401


# argon2id with argon2-cffi's defaults takes 64 MiB per hash or check. A server worker's thread
# pool runs up to 40 requests at once, so a burst of logins (or of wrong passwords: the login
# form needs no account) would take 64 MiB each: 20 managers logging in at once took one worker
# to 1 GB (benchmarks/load.py). At most HASH_SLOTS run at once per process; the rest wait.
HASH_SLOTS = 2
_hash_slots = threading.BoundedSemaphore(HASH_SLOTS)


class _BoundedHasher:
    """argon2's PasswordHasher, at most HASH_SLOTS hashes or checks at a time."""

    def __init__(self) -> None:
        from argon2 import PasswordHasher

        self._hasher = PasswordHasher()

    def hash(self, password: str) -> str:
        with _hash_slots:
            return self._hasher.hash(password)

    def verify(self, hashed: str, password: str) -> bool:
        with _hash_slots:
            return self._hasher.verify(hashed, password)


def _hasher() -> _BoundedHasher:
    return _BoundedHasher()


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def normalize_email(email: str) -> str:
    value = (email or "").strip().casefold()
    local, _, domain = value.partition("@")
    if not local or "." not in domain or any(c.isspace() for c in value) or len(value) > 320:
        raise BadInput(f"{email!r} is not an email address", where="email")
    return value


def user_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)


def add_user(session: Session, email: str, password: str) -> User:
    email = normalize_email(email)
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"the password needs at least {MIN_PASSWORD} characters", where="password")
    if session.scalars(select(User).where(User.email == email)).first() is not None:
        raise BadInput(f"a user {email} already exists", where="email")
    user = User(email=email, password_hash=_hasher().hash(password))
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, email: str) -> User:
    user = session.scalars(select(User).where(User.email == normalize_email(email))).first()
    if user is None:
        raise NotFound(f"no user {email}")
    return user


def check_password(session: Session, email: str, password: str) -> User:
    """The user if the password is right; Unauthorized (same message) otherwise."""
    from argon2.exceptions import InvalidHashError, VerificationError

    wrong = Unauthorized("wrong email or password")
    try:
        user = get_user(session, email)
    except (NotFound, BadInput):
        _hasher().hash(password or "x")  # same cost whether or not the user exists
        raise wrong from None
    try:
        _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise wrong from None
    return user


def new_api_token(session: Session, email: str) -> str:
    """A fresh API token for the user (the previous one stops working). Shown once."""
    user = get_user(session, email)
    token = "coach_" + secrets.token_urlsafe(32)
    user.api_token_hash = digest(token)
    return token


def user_for_api_token(session: Session, token: str) -> User | None:
    if not token:
        return None
    return session.scalars(select(User).where(User.api_token_hash == digest(token))).first()


def create_session(session: Session, user: User) -> tuple[str, str]:
    """(cookie token, csrf token) for a new browser session."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    session.execute(delete(WebSession).where(WebSession.expires_at < utcnow()))
    session.add(WebSession(token_hash=digest(token), user_id=user.id, csrf=csrf,
                           expires_at=utcnow() + dt.timedelta(days=SESSION_DAYS)))
    return token, csrf


def session_user(session: Session, token: str | None) -> tuple[User, WebSession] | None:
    if not token or len(token) > 200:
        return None
    row = session.scalars(select(WebSession).where(WebSession.token_hash == digest(token))).first()
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    if expires <= utcnow():
        return None
    user = session.get(User, row.user_id)
    return (user, row) if user is not None else None


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == digest(token)))
