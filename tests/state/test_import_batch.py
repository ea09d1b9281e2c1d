"""A batched import stores exactly what importing the same notes one at a time stores.

The import (coach/service.py ``add_notes``) stores a batch of notes in one transaction, a
savepoint per note, looks each person up once per batch and embeds on a worker thread. Here
the same folder (the samples, synthetic notes of several people, and one bad file) is
imported with batches of one note and with the default batch: items, their thread states,
the per-person summaries and what the index answers must be the same, the bad file is
reported by name and nothing else is lost, and progress counts every file once.
"""

from __future__ import annotations

import logging
import shutil
import sys
from pathlib import Path

import pytest

from coach import service
from coach.config import Settings
from coach.notes.files import find_note_files
from coach.service import Coach
from coach.store.tables import Item, Meeting, Person, PersonState
from tests.conftest import SAMPLES, TODAY

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ["who is stressed or burned out?", "roadmap by Friday", "promotion and growth",
             "on-call week"]


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    shutil.copytree(SAMPLES, folder)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for i, (_, text) in enumerate(corpus(60, 6)):
        (folder / f"synthetic-{i:03}.md").write_text(text)
    (folder / "zz-bad.md").write_text("---\nperson: Sam\ndate: 2026-01-01\n---\na\x00b\n")
    return folder


def _import(tmp_path: Path, folder: Path, name: str) -> tuple[Coach, object, list[int]]:
    coach = Coach(Settings(home=tmp_path / name, embedder="hashing", llm="offline",  # type: ignore[call-arg]
                           _env_file=None), today=TODAY)
    ticks: list[int] = []
    report = coach.import_dir(folder, on_progress=ticks.append)
    return coach, report, ticks


def _stored(coach: Coach) -> dict[str, object]:
    with coach.db.session() as s:
        source = {m.id: (Path(m.source_key).name, m.date) for m in s.query(Meeting)}
        person = {p.id: p.name for p in s.query(Person)}
        item_key = {}
        items = []
        for i in s.query(Item).order_by(Item.meeting_id, Item.line_no, Item.id):
            key = (source[i.meeting_id], i.line_no, i.quote)
            item_key[i.id] = key
            items.append((key, person[i.person_id], i.kind, i.text, i.party, i.due, i.private,
                          i.checkbox, i.state,
                          source.get(i.closed_by_meeting_id) if i.closed_by_meeting_id else None,
                          i.closed_quote))
        states = sorted((person[r.person_id], r.meetings, r.last_meeting, r.open_threads,
                         r.warning_signs, r.as_of, r.engine_version)
                        for r in s.query(PersonState))
        answers = {q: [(item_key[i], round(score, 5)) for i, score in
                       coach.index.search(s, q, 10)] for q in QUESTIONS}
    return {"items": items, "states": states, "answers": answers,
            "meetings": sorted(source.values()), "people": sorted(person.values())}


def test_batched_import_stores_what_one_at_a_time_stores(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    files = len(find_note_files(folder)[0])
    batched, report, ticks = _import(tmp_path, folder, "batched")
    monkeypatch.setattr(service, "IMPORT_BATCH", 1)
    single, single_report, single_ticks = _import(tmp_path, folder, "single")
    try:
        assert report.added == single_report.added == files - 1  # type: ignore[attr-defined]
        for r in (report, single_report):
            assert len(r.errors) == 1 and "zz-bad.md" in r.errors[0]  # type: ignore[attr-defined]
        assert sum(ticks) == sum(single_ticks) == files
        assert max(ticks) == 1  # the bar moves note by note, not batch by batch
        got, want = _stored(batched), _stored(single)
        assert got["items"] and got["states"] and all(got["answers"].values())  # type: ignore[attr-defined]
        for part in ("meetings", "people", "items", "states", "answers"):
            assert got[part] == want[part], part
    finally:
        batched.close()
        single.close()


def test_reimport_of_a_batch_changes_nothing(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    coach, first, _ = _import(tmp_path, folder, "home")
    try:
        before = _stored(coach)
        again = coach.import_dir(folder)
        assert again.unchanged == first.added and not again.added  # type: ignore[attr-defined]
        assert _stored(coach) == before
    finally:
        coach.close()


def test_one_batch_finds_the_meetings_its_own_notes_stored(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # the batch looks its keys up once (coach/store/repo.py ``cache_meetings``); a meeting
    # stored earlier in the same batch must still be found: the same key again updates it, the
    # same note under another key is the meeting it already is, and a file moved away from a
    # stored path takes its meeting over
    from coach.notes.parse import parse_note

    def note(day: str, body: str) -> object:
        return parse_note(f"---\nperson: Ana Lund\ndate: {day}\n---\n{body}\n")

    caplog.set_level(logging.INFO, logger="coach.ingest")
    coach = Coach(Settings(home=tmp_path / "h", embedder="hashing", llm="offline",  # type: ignore[call-arg]
                           _env_file=None), today=TODAY)
    try:
        first = coach.add_notes([(note("2026-03-02", "- I'll send the rota by Friday"), "k1")])
        assert first.ok and first.added == 1
        gone = str(tmp_path / "gone.md")  # a path that does not exist (moved away)
        report = coach.add_notes([
            (note("2026-03-09", "- she is tired"), "k2"),
            (note("2026-03-09", "- she is tired, new baby"), "k2"),  # same key, edited
            (note("2026-03-16", "- ask about the course"), gone),
            (note("2026-03-16", "- ask about the course"), "k3"),  # same note, other key
            (note("2026-03-02", "- I'll send the rota by Friday"), "k1"),  # unchanged
        ])
        assert report.ok, report.errors
        assert (report.added, report.updated, report.unchanged) == (2, 1, 2)
        assert "retrying" not in caplog.text  # found at once, not after a unique-key clash
        moved = coach.add_notes([(note("2026-03-16", "- ask about the course, booked"),
                                  str(tmp_path / "new.md"))])
        assert moved.ok and moved.updated == 1 and moved.added == 0
        with coach.db.session() as s:
            rows = sorted((m.date.isoformat(), Path(m.source_key).name) for m in s.query(Meeting))
            assert rows == [("2026-03-02", "k1"), ("2026-03-09", "k2"), ("2026-03-16", "new.md")]
            tired = s.query(Meeting).filter(Meeting.source_key == "k2").one()
            assert "new baby" in tired.body
    finally:
        coach.close()
