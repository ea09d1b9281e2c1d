"""The per-owner FAISS index: incremental, persisted, rebuildable, owner-isolated, scoped.

Real FAISS files, real SQLite/PostgreSQL stores, the hashing embedder.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from coach.config import Settings
from coach.errors import CoachError
from coach.index import faiss_index
from coach.service import Coach
from coach.store.tables import IndexVersion, Item, ItemVector, Person
from tests.conftest import TODAY, write_note


def _notes(folder: Path) -> None:
    write_note(folder, "sam-1.md", "Sam Lee", "2026-10-05", """
        - Sam asked about comp review timing
        - I'll send him the Q4 roadmap by Friday
        - worried about the on-call rota
    """)
    write_note(folder, "priya-1.md", "Priya Patel", "2026-10-06", """
        - Priya wants to talk about the promotion path
        - rate limiter shipped behind a flag
    """)


def _store_ids(coach: Coach) -> set[int]:
    with coach.db.session() as s:
        return set(s.scalars(select(ItemVector.item_id).where(ItemVector.owner == coach.owner)))


def _items(coach: Coach) -> dict[int, tuple[str, str]]:
    """item id -> (person name, text) for this owner."""
    with coach.db.session() as s:
        rows = s.execute(select(Item.id, Person.name, Item.text)
                         .join(Person, Person.id == Item.person_id)
                         .where(Item.owner == coach.owner))
        return {i: (p, t) for i, p, t in rows}


def _search(coach: Coach, text: str, k: int = 10, person_ids: list[int] | None = None):
    with coach.db.session() as s:
        return coach.index.search(s, text, k, person_ids)


def _indexed_ids(coach: Coach) -> set[int]:
    with coach.db.session() as s:
        coach.index.search(s, "anything", 1)  # loads / catches up
    store = next(iter(coach.index._stores.values()))
    return set(store.loaded_ids)


def _files(coach: Coach) -> set[str]:
    return {p.name for p in coach.index.folder.iterdir()}


def test_add_update_remove_are_incremental(any_db_coach: Coach, tmp_path: Path) -> None:
    coach = any_db_coach
    folder = tmp_path / "notes"
    _notes(folder)
    coach.import_dir(folder)
    items = _items(coach)
    assert items and _indexed_ids(coach) == set(items) == _store_ids(coach)
    top_id, _ = _search(coach, "comp review timing")[0]
    assert items[top_id] == ("Sam Lee", "Sam asked about comp review timing")

    meta_before = coach.index.status()["meta"]
    files_before = _files(coach)
    base = coach.index.folder / f"base-{meta_before['generation']}.faiss"
    base_mtime = base.stat().st_mtime_ns
    # add a meeting: only the delta log grows, the base file is untouched
    write_note(folder, "sam-2.md", "Sam Lee", "2026-10-12", "- nervous about the summit talk")
    coach.import_dir(folder)
    assert coach.index.status()["meta"]["generation"] == meta_before["generation"]
    assert base.stat().st_mtime_ns == base_mtime and _files(coach) == files_before
    items = _items(coach)
    assert _indexed_ids(coach) == set(items) == _store_ids(coach)

    # edit a meeting: its old items leave the index, the new ones arrive
    write_note(folder, "sam-1.md", "Sam Lee", "2026-10-05", "- Sam asked about a new laptop")
    coach.import_dir(folder)
    items = _items(coach)
    indexed = _indexed_ids(coach)
    assert indexed == set(items) == _store_ids(coach)
    assert not any("roadmap" in t for _, t in items.values())
    hits = [items[i][1] for i, _ in _search(coach, "Q4 roadmap on-call rota")]
    assert all("roadmap" not in t and "on-call" not in t for t in hits)
    assert coach.index.rebuilds == 0


def test_index_persists_across_processes(coach: Coach, tmp_path: Path) -> None:
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    expected = _search(coach, "promotion path")
    script = (
        "import json, sys\n"
        "from coach.config import Settings\nfrom coach.service import Coach\n"
        f"c = Coach(Settings(home={str(coach.settings.home)!r}, embedder='hashing', "
        "_env_file=None))\n"
        "with c.db.session() as s:\n"
        "    hits = c.index.search(s, 'promotion path', 10)\n"
        "print(json.dumps({'hits': hits, 'rebuilds': c.index.rebuilds}))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    result = json.loads(out.stdout)
    assert result["rebuilds"] == 0, "a second process must load the files, not rebuild"
    assert [tuple(h) for h in result["hits"]] == [(i, pytest.approx(s)) for i, s in expected]


def test_model_mismatch_rebuilds(coach: Coach, tmp_path: Path) -> None:
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    # the index on disk says another model built it
    meta_path = coach.index.folder / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta_path.write_text(json.dumps({**meta, "model_id": "some-other-model"}))
    fresh = Coach(coach.settings, today=TODAY)
    assert [i for i, _ in _search(fresh, "comp review")][:1] == \
        [i for i, _ in _search(coach, "comp review")][:1]
    assert fresh.index.rebuilds == 1
    assert json.loads(meta_path.read_text())["model_id"] == "hashing-v1-384"
    fresh.close()

    # vectors stored under another model are re-embedded, never mixed
    with coach.db.session() as s:
        s.execute(update(ItemVector).values(model_id="old-model", vector=b"\0" * 16))
    assert coach.reindex() == len(_items(coach))
    with coach.db.session() as s:
        models = set(s.scalars(select(ItemVector.model_id)))
        sizes = {len(v) for v in s.scalars(select(ItemVector.vector))}
    assert models == {"hashing-v1-384"} and sizes == {384 * 4}
    assert _items(coach)[_search(coach, "comp review timing")[0][0]][1].endswith("timing")


@pytest.mark.parametrize("damage", ["base", "delta", "meta", "missing"])
def test_corrupt_or_missing_files_rebuild(coach: Coach, tmp_path: Path, damage: str) -> None:
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    expected = _search(coach, "promotion path")
    meta = json.loads((coach.index.folder / "meta.json").read_text())
    folder, gen = coach.index.folder, meta["generation"]
    if damage == "base":
        (folder / f"base-{gen}.faiss").write_bytes(b"not a faiss index")
    elif damage == "delta":
        with open(folder / f"delta-{gen}.log", "ab") as fh:
            fh.write(b"ADD\0\x05\0\0\0torn")  # a record cut short by a crash
    elif damage == "meta":
        (folder / "meta.json").write_text("{not json")
    else:
        for p in folder.iterdir():
            p.unlink()
    fresh = Coach(coach.settings, today=TODAY)
    assert _search(fresh, "promotion path") == [(i, pytest.approx(s)) for i, s in expected]
    assert fresh.index.rebuilds == 1
    fresh.close()


def test_crash_between_commit_and_index_update_is_repaired(coach: Coach, tmp_path: Path,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    monkeypatch.setattr(coach.index, "apply", lambda pending, removed: None)  # "crash"
    write_note(tmp_path / "notes", "priya-2.md", "Priya Patel", "2026-10-13",
               "- Priya asked for a budget for the kubecon trip")
    coach.import_dir(tmp_path / "notes")
    fresh = Coach(coach.settings, today=TODAY)
    items = _items(fresh)
    top = _search(fresh, "kubecon trip budget")[0][0]
    assert items[top][1] == "Priya asked for a budget for the kubecon trip"
    assert fresh.index.rebuilds == 1
    fresh.close()


def test_owners_never_see_each_others_items(db_url: str, home: Path, tmp_path: Path) -> None:
    def make(owner: str) -> Coach:
        return Coach(Settings(home=home, database_url=db_url, embedder="hashing", owner=owner,
                              _env_file=None), today=TODAY)  # type: ignore[call-arg]

    alice, bob = make("alice@example.com"), make("bob")
    write_note(tmp_path / "a", "n.md", "Sam Lee", "2026-10-05", "- asked about comp review timing")
    write_note(tmp_path / "b", "n.md", "Sam Lee", "2026-10-05",
               "- asked about comp review timing and the promotion cycle")
    alice.import_dir(tmp_path / "a")
    bob.import_dir(tmp_path / "b")
    alice_ids, bob_ids = set(_items(alice)), set(_items(bob))
    assert alice_ids and bob_ids and not alice_ids & bob_ids
    for _ in range(2):  # fresh load and cached
        assert {i for i, _ in _search(alice, "comp review timing promotion cycle", 50)} \
            <= alice_ids
        assert {i for i, _ in _search(bob, "comp review timing", 50)} <= bob_ids
    assert alice.index.folder != bob.index.folder
    assert alice.ask("who asked about comp?").citations[0].quote == \
        "asked about comp review timing"
    alice.close()
    bob.close()


def test_person_scope_uses_id_selector(any_db_coach: Coach, tmp_path: Path) -> None:
    coach = any_db_coach
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    with coach.db.session() as s:
        people = {name: pid for name, pid in s.execute(select(Person.name, Person.id))}
    items = _items(coach)
    # unscoped, the best match for "promotion" is Priya's; scoped to Sam, only Sam's items
    assert items[_search(coach, "promotion path")[0][0]][0] == "Priya Patel"
    scoped = _search(coach, "promotion path", 10, person_ids=[people["Sam Lee"]])
    assert scoped and {items[i][0] for i, _ in scoped} == {"Sam Lee"}
    assert len(scoped) == sum(1 for p, _ in items.values() if p == "Sam Lee")
    assert _search(coach, "promotion", 10, person_ids=[]) == []


def test_delta_log_compacts_into_a_new_base(coach: Coach, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(faiss_index, "COMPACT_MIN_BYTES", 1)
    monkeypatch.setattr(faiss_index, "COMPACT_FRACTION", 0.01)
    folder = tmp_path / "notes"
    _notes(folder)
    coach.import_dir(folder)
    gen = coach.index.status()["meta"]["generation"]
    write_note(folder, "sam-2.md", "Sam Lee", "2026-10-12", "- Sam is nervous about the summit")
    coach.import_dir(folder)
    meta = coach.index.status()["meta"]
    assert meta["generation"] != gen and meta["base_count"] == len(_items(coach))
    assert _files(coach) == {"meta.json", "lock", f"base-{meta['generation']}.faiss",
                             f"delta-{meta['generation']}.log"}
    fresh = Coach(coach.settings, today=TODAY)
    assert _indexed_ids(fresh) == set(_items(coach)) and fresh.index.rebuilds == 0
    fresh.close()


def test_commands_that_do_not_embed_never_import_faiss_or_torch(cli_env: dict[str, str]) -> None:
    probe = (
        "import sys\nfrom coach.cli.main import run\nsys.argv = ['coach', 'people']\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY=' + ','.join(m for m in ('faiss', 'torch', 'sentence_transformers') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=cli_env, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="



def test_failed_index_update_never_fails_the_import(coach: Coach, tmp_path: Path) -> None:
    _notes(tmp_path / "notes")
    coach.import_dir(tmp_path / "notes")
    gen = coach.index.status()["meta"]["generation"]
    (coach.index.folder / f"delta-{gen}.log").unlink()  # the log vanished under us
    write_note(tmp_path / "notes", "sam-3.md", "Sam Lee", "2026-10-19", "- asked about kubecon")
    report = coach.import_dir(tmp_path / "notes")
    assert report.ok and report.added == 1
    items = _items(coach)
    assert items[_search(coach, "kubecon")[0][0]][1] == "asked about kubecon"
    assert coach.index.rebuilds == 1 and _indexed_ids(coach) == set(items)


def test_auto_embedder_says_when_it_falls_back_to_hashing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coach.index import embedders, onnx_embedder

    monkeypatch.setattr(onnx_embedder, "onnx_available", lambda: False)
    emb = embedders.make_embedder("auto")
    assert isinstance(emb, embedders.HashingEmbedder)
    assert "ONNX MiniLM embedder is not installed" in capsys.readouterr().err
    with pytest.raises(Exception, match="unknown embedder 'bert'; available: auto, hashing"):
        embedders.make_embedder("bert")


@pytest.mark.minilm
def test_switching_to_the_onnx_model_rebuilds_from_stored_texts(home: Path, tmp_path: Path) -> None:
    """Same dim (384), different model: the model id alone must force re-embedding."""
    from coach.index.onnx_embedder import OnnxMiniLMEmbedder

    _notes(tmp_path / "notes")
    old = Coach(Settings(home=home, embedder="hashing", _env_file=None), today=TODAY)  # type: ignore[call-arg]
    old.import_dir(tmp_path / "notes")
    old.close()

    new = Coach(Settings(home=home, embedder="onnx", _env_file=None), today=TODAY)  # type: ignore[call-arg]
    # a note added under the new model before any search: its vector must not join the old ones
    write_note(tmp_path / "notes", "sam-2.md", "Sam Lee", "2026-10-12", "- pager duty wore him out")
    assert new.import_dir(tmp_path / "notes").added == 1
    hits = _search(new, "he felt exhausted by the pager", 1)
    items = _items(new)
    assert items[hits[0][0]][1] == "pager duty wore him out"
    assert new.index.rebuilds == 1 and _indexed_ids(new) == set(items)
    with new.db.session() as s:
        rows = s.execute(select(Item.text, ItemVector.model_id, ItemVector.vector)
                         .join(ItemVector, ItemVector.item_id == Item.id)).all()
    assert {m for _, m, _ in rows} == {OnnxMiniLMEmbedder.model_id} and len(rows) == len(items)
    embedder = new.index.embedder
    for text, _, blob in rows:  # every stored vector is the new model's vector of its text
        assert np.allclose(np.frombuffer(blob, dtype=np.float32), embedder.embed([text])[0],
                           atol=1e-5)
    meta = json.loads((new.index.folder / "meta.json").read_text())
    assert meta["model_id"] == OnnxMiniLMEmbedder.model_id
    new.close()


def test_processes_with_separate_index_folders_see_each_others_writes(
    db_url: str, tmp_path: Path
) -> None:
    """The owner's version row, not the shared files, tells a warm cache it is stale.

    Two coaches on one store with different index folders (as two hosts would have): each
    search through one finds what the other stored just before, in both directions.
    """
    def make(name: str) -> Coach:
        return Coach(Settings(home=tmp_path / name, database_url=db_url, embedder="hashing",
                              _env_file=None), today=TODAY)  # type: ignore[call-arg]

    a, b = make("a"), make("b")
    words = ["quokka", "marimba", "tamarind", "zeppelin", "origami", "gondola"]
    for n, word in enumerate(words):
        writer, reader = (a, b) if n % 2 == 0 else (b, a)
        _search(reader, "anything")  # a warm, verified cache
        write_note(tmp_path / f"notes{n}", "n.md", "Sam Lee", f"2026-10-{n + 1:02d}",
                   f"- the {word} budget")
        assert writer.import_dir(tmp_path / f"notes{n}").added == 1
        top = _search(reader, f"{word} budget", 1)
        assert _items(reader)[top[0][0]][1] == f"the {word} budget", f"round {n}: stale index"
    with a.db.session() as s:
        version = s.scalar(select(IndexVersion.version).where(IndexVersion.owner == a.owner))
    assert version == len(words)  # one bump per ingest transaction
    a.close()
    b.close()


def test_a_warmed_up_embedder_is_the_one_the_index_uses(tmp_path: Path) -> None:
    """The CLI starts building the embedder on a thread; the index takes that one (and only
    for the same settings), and a failure in the thread surfaces where it is needed."""
    from coach.index import warmup
    from coach.index.options import EmbedderOptions
    from coach.index.sync import OwnerIndex

    settings = Settings(home=tmp_path, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    options = EmbedderOptions(threads=1, stamp=warmup.stamp_path(settings.index_dir))
    warmup.start("hashing", options)
    started = warmup._started[("hashing", options)]
    index = OwnerIndex(settings, "me")
    assert index.embedder is started.result()
    assert ("hashing", options) not in warmup._started  # taken, not reused by another index
    assert OwnerIndex(settings, "me").embedder is not index.embedder

    other = Settings(home=tmp_path / "other", embedder="hashing",  # type: ignore[call-arg]
                     _env_file=None)
    warmup.start("hashing", options)  # for tmp_path's index, not other's
    assert OwnerIndex(other, "me").embedder is not warmup._started[("hashing", options)].result()
    warmup._started.clear()

    warmup.start("no-such", options)
    bad = Settings(home=tmp_path, embedder="hashing", _env_file=None)  # type: ignore[call-arg]
    bad_index = OwnerIndex(bad, "me")
    bad_index.settings = bad.model_copy(update={"embedder": "no-such"})
    with pytest.raises(CoachError, match="unknown embedder 'no-such'"):
        _ = bad_index.embedder
