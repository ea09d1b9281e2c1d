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
