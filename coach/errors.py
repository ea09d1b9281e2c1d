"""One error type for everything a user can get wrong, rendered in one place per surface."""

from __future__ import annotations


class CoachError(Exception):
    """An error with a user-facing message and a status.

    ``status`` follows HTTP semantics (400 bad input, 404 not found, 500 internal) so the API
    can use it directly; the CLI maps 4xx to exit code 2 and 5xx to exit code 1.
    """

    status: int = 500

    def __init__(self, message: str, *, status: int | None = None, where: str | None = None):
        self.message = message
        self.where = where
        if status is not None:
            self.status = status
        super().__init__(self.render())

    def render(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    @property
    def exit_code(self) -> int:
        return 2 if 400 <= self.status < 500 else 1


class BadInput(CoachError):
    """The user's input (a file, a field, an argument) is wrong; nothing was stored."""

    status = 400


class NotFound(CoachError):
    status = 404


class Ambiguous(CoachError):
    """A name matches more than one person; the message lists the candidates."""

    status = 409


def describe_db_error(exc: BaseException) -> str:
    """A database error for users and logs: the driver's error class and the first line of
    its message, never the SQL statement or its parameters (which hold note text).

    PostgreSQL puts the offending values on a DETAIL line, which is dropped here.
    """
    orig = getattr(exc, "orig", None) or exc
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    if "[SQL:" in first:  # a SQLAlchemy message without a driver error
        first = first.split("[SQL:")[0].strip()
    return f"{type(orig).__name__}: {first[:200]}" if first else type(orig).__name__


def describe_internal(exc: BaseException) -> str:
    """An unexpected error for the user: its class, plus the message only where the message
    cannot hold note text (OS errors, the database driver's first line)."""
    if isinstance(exc, OSError):
        return f"{type(exc).__name__}: {exc}"
    module = type(exc).__module__ or ""
    if module.startswith(("sqlalchemy", "sqlite3", "psycopg")):
        return describe_db_error(exc)
    return type(exc).__name__
