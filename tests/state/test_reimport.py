"""Re-importing notes whose text is unchanged extracts nothing again and changes nothing;
an edited note is extracted again (coach/service.py ``store_note``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from coach.config import Settings
from coach.engine import ingest
from coach.service import Coach
from coach.store.repo import Repo
from coach.store.tables import Item, PersonState
from tests.conftest import SAMPLES, TODAY


def _snapshot(coach: Coach) -> tuple[list, list]:
    with coach.db.session() as s:
        items = [(i.id, i.meeting_id, i.quote, i.state) for i in s.query(Item).order_by(Item.id)]
        states = [(r.person_id, r.rev, r.open_threads) for r in s.query(PersonState)
                  .order_by(PersonState.person_id)]
    return items, states


def test_unchanged_notes_are_not_extracted_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    notes = tmp_path / "notes"
    shutil.copytree(SAMPLES, notes)
    coach = Coach(Settings(home=tmp_path / "h", embedder="hashing", llm="offline",  # type: ignore[call-arg]
                           _env_file=None), today=TODAY)
    try:
        first = coach.import_dir(notes)
        assert first.ok and first.added
        before = _snapshot(coach)
        calls: list[str] = []
        real = ingest.derive_note

        def counted(note, _real=real):  # type: ignore[no-untyped-def]
            calls.append(note.source)
            return _real(note)

        monkeypatch.setattr(ingest, "derive_note", counted)
        again = coach.import_dir(notes)
        assert again.ok and again.unchanged == first.added and not again.added
        assert calls == []
        assert _snapshot(coach) == before
        # an edited note is extracted again and stored
        edited = sorted(notes.rglob("*.md"))[0]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n- [ ] I'll book the venue\n",
                          encoding="utf-8")
        third = coach.import_dir(notes)
        assert third.ok and third.updated == 1 and len(calls) == 1
        with coach.db.session() as s:
            assert Repo(s, coach.owner).session.query(Item).filter(
                Item.quote.contains("book the venue")).count() == 1
    finally:
        coach.close()
