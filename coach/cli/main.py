"""Entry point: registers every command module and runs the app."""

from __future__ import annotations

import importlib

from coach.cli.app import app

# Command modules register themselves on ``app`` when imported. Keep this list in sync with
# coach/cli/*.py (tests/test_docs.py checks every command is in the README).
COMMAND_MODULES = ["notes", "read"]

for _name in COMMAND_MODULES:
    importlib.import_module(f"coach.cli.{_name}")


def run() -> None:
    app()


if __name__ == "__main__":
    run()
