"""Entry point: registers every command module and runs the app.

Exit codes (DESIGN.md): 0 ok, 2 bad input (message on stderr naming the file/field),
1 internal error.
"""

from __future__ import annotations

import importlib
import os
import sys

from coach.cli.app import app

# Command modules register themselves on ``app`` when imported. tests/test_docs.py checks that
# every command is documented in the README.
COMMAND_MODULES = ["notes", "read", "eval", "mail", "llm", "threads", "web", "calendar"]

for _name in COMMAND_MODULES:
    importlib.import_module(f"coach.cli.{_name}")


def run() -> None:
    from coach.errors import CoachError

    try:
        app()
    except CoachError as exc:
        from coach.cli.safe import term

        sys.stderr.write(f"coach: error: {term(exc.render())}\n")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # last resort: a clear line, the traceback only on request
        if os.environ.get("COACH_DEBUG"):
            raise
        from coach.errors import describe_internal

        # Never the exception's full text: a database error carries the SQL and the note.
        sys.stderr.write(
            f"coach: internal error: {describe_internal(exc)} (set COACH_DEBUG=1 for details)\n"
        )
        sys.exit(1)


if __name__ == "__main__":
    run()
