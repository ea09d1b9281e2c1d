"""Consistency checks: what the code offers is what the README documents."""

from __future__ import annotations

import re
from pathlib import Path

from coach.cli.main import app
from coach.config import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_setting_is_documented() -> None:
    missing = []
    for name, field in Settings.model_fields.items():
        env = f"COACH_{name.upper()}"
        if env not in README:
            missing.append(env)
        assert field.description, f"setting {name} has no description"
    assert not missing, f"settings missing from README: {missing}"


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    names = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            names += [f"{name} {s}" for s in sub]
        else:
            names.append(name)
    return names


def test_every_command_is_documented() -> None:
    missing = [c for c in _commands() if not re.search(rf"`coach {re.escape(c)}\b", README)]
    assert not missing, f"commands missing from README: {missing}"


def test_readme_setup_is_the_makefile_and_ci() -> None:
    assert "make demo" in README and "make test" in README
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
