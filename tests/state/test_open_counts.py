"""One place for open threads: `people`, `brief` (threads + older_threads) and `ask` count the
same open threads for every person of the bundled sample notes and of the eval's dev scenarios."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.config import Settings
from coach.service import Coach
from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parents[2]
DEV = sorted(p for p in (ROOT / "eval" / "scenarios" / "dev").iterdir() if (p / "notes").is_dir())


def _counts(coach: Coach) -> list[tuple[str, int, int, int]]:
    out = []
    for p in coach.people():
        brief = coach.brief_by_id(p.id)
        in_brief = len(brief.threads) + len(brief.older_threads)
        answer = coach.ask(f"what is open with {p.name}?").answer
        m = re.search(r"Open with [^\n(]+\((\d+)\):", answer)
        in_ask = int(m.group(1)) if m else 0
        out.append((p.name, p.open_threads, in_brief, in_ask))
    return out


def _coach(tmp_path: Path, today=TODAY) -> Coach:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    home.mkdir()
    return Coach(Settings(home=home, embedder="hashing", llm="offline", _env_file=None),  # type: ignore[call-arg]
                 today=today)


def test_samples_people_brief_ask_agree(tmp_path: Path) -> None:
    coach = _coach(tmp_path)
    try:
        assert coach.import_dir(ROOT / "coach" / "samples" / "notes").ok
        counts = _counts(coach)
        assert any(n > 0 for _, n, _, _ in counts)
        for name, people, brief, ask in counts:
            assert people == brief == ask, (name, people, brief, ask)
    finally:
        coach.close()


@pytest.mark.parametrize("scenario", DEV[:12], ids=lambda p: p.name)
def test_dev_scenarios_people_brief_ask_agree(scenario: Path, tmp_path: Path) -> None:
    coach = _coach(tmp_path)
    try:
        assert coach.import_dir(scenario / "notes").ok
        for name, people, brief, ask in _counts(coach):
            assert people == brief == ask, (name, people, brief, ask)
    finally:
        coach.close()


def test_long_history_people_brief_ask_agree(tmp_path: Path) -> None:
    """A year and a half of weekly notes for one person (the benchmark's generator): more open
    threads than the brief's cap, so some are in the older part, and every count agrees."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import corpus

    from coach.notes.parse import parse_note

    coach = _coach(tmp_path)
    try:
        pairs = [(parse_note(text, source=key), key) for key, text in corpus(80, 1)]
        assert coach.add_notes(pairs).ok
        [(name, people, brief, ask)] = _counts(coach)
        assert people == brief == ask, (name, people, brief, ask)
        assert len(coach.brief(name).older_threads) > 0
    finally:
        coach.close()
