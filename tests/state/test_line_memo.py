"""The per-line answers kept with the warning-sign inputs (coach/extract/features.py
``line_memo``, coach/store/health_inputs.py) are speed only: they are the answers the line
tests give, a new day's signs use them instead of re-running the tests, and answers kept by
other extraction code are ignored."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from coach.config import Settings
from coach.engine import shape
from coach.engine.health import health_signals
from coach.extract import features, items
from coach.service import Coach
from coach.store import health_inputs
from coach.store.repo import Repo
from coach.store.tables import PersonState
from tests.conftest import SAMPLES, TODAY

DAYS = (0, 7, 45, 130)


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[int, str, dict, list]]:
    """(person id, name, kept inputs, the person's whole history) for the sample notes."""
    home: Path = tmp_path_factory.mktemp("memo") / "h"
    coach = Coach(Settings(home=home, embedder="hashing", llm="offline", _env_file=None),  # type: ignore[call-arg]
                  today=TODAY)
    try:
        assert coach.import_dir(SAMPLES).ok
        with coach.db.session() as s:
            repo = Repo(s, coach.owner)
            out = []
            for person in repo.people():
                row = s.get(PersonState, person.id)
                assert row is not None and row.health is not None
                out.append((person.id, person.name, row.health, repo.history(person)))
            return out
    finally:
        coach.close()


def test_kept_answers_are_the_line_tests_answers(kept) -> None:  # type: ignore[no-untyped-def]
    for _, name, data, _ in kept:
        lines = data["lines"]
        assert lines["digest"] == health_inputs.code_digest()
        memo = health_inputs.memo_from_json(lines)
        tests = {"p": features._is_person_line, "s": features._is_status_line,
                 "m": lambda t: bool(shape.METRIC.search(t)), "i": items.is_injection}
        assert {kind for kind, _ in memo} == set(tests), name  # every kind is kept
        for (kind, text), value in memo.items():
            assert tests[kind](text) == value, (name, kind, text)


def test_a_new_day_uses_the_kept_answers(kept, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    for pid, name, data, full in kept:
        last = full.meetings[-1].date
        for extra in DAYS:
            day = last + dt.timedelta(days=extra)
            want = [h.signal.value for h in health_signals(full, day)]
            calls: list[str] = []
            real = features._is_status_line
            metric = shape.METRIC

            def counted(text: str, _calls: list[str] = calls, _real=real) -> bool:  # type: ignore[no-untyped-def]
                _calls.append(text)
                return bool(_real(text))

            class Counted:  # the measurement-line regex, counted
                def search(self, text: str, _calls: list[str] = calls, _real=metric):  # type: ignore[no-untyped-def]
                    _calls.append(text)
                    return _real.search(text)

            monkeypatch.setattr(features, "_is_status_line", counted)
            monkeypatch.setattr(shape, "METRIC", Counted())
            assert health_inputs.signs(pid, name, data, day) == want, (name, day)
            monkeypatch.setattr(features, "_is_status_line", real)
            monkeypatch.setattr(shape, "METRIC", metric)
            # every status and measurement question answered from the store
            assert calls == [], (name, day)


def test_answers_from_other_code_are_ignored(kept) -> None:  # type: ignore[no-untyped-def]
    for pid, name, data, full in kept:
        wrong = copy.deepcopy(data)
        wrong["lines"]["digest"] = "0" * 12
        flip = str.maketrans("01", "10")  # every answer flipped: would change the signs if used
        wrong["lines"]["t"] = {t: f.translate(flip) for t, f in wrong["lines"]["t"].items()}
        assert health_inputs.memo_from_json(wrong["lines"]) == {}
        none = {k: v for k, v in data.items() if k != "lines"}  # kept before the answers
        for extra in DAYS:
            day = full.meetings[-1].date + dt.timedelta(days=extra)
            want = [h.signal.value for h in health_signals(full, day)]
            assert health_inputs.signs(pid, name, wrong, day) == want, (name, day)
            assert health_inputs.signs(pid, name, none, day) == want, (name, day)


def test_line_memo_gives_the_same_answers() -> None:
    lines = ["ENG-12 at 80%", "how is she doing: tired, new baby", "cutover moved to the 10th",
             "feedback: clear release notes"]
    plain = [(features.is_person_line(t), features.is_status_line(t)) for t in lines]
    with features.line_memo() as memo:
        assert [(features.is_person_line(t), features.is_status_line(t)) for t in lines] == plain
        assert [(features.is_person_line(t), features.is_status_line(t)) for t in lines] == plain
    assert memo[("s", lines[0])] == plain[0][1]
    assert features._MEMO.get() is None  # the memo ends with the block


def test_answers_kept_under_other_rules_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    """The line tests read the rule files, so answers kept under another rules version (same
    extraction code) must not seed a later day's memo."""
    from coach.engine import version

    kept_now = {"lines": {"digest": health_inputs.code_digest(), "t": {"x": "1---"}}}
    assert health_inputs.kept_answers(kept_now)
    monkeypatch.setattr(version, "engine_version", lambda: "other-rules")
    health_inputs.code_digest.cache_clear()
    try:
        assert not health_inputs.kept_answers(kept_now)
    finally:
        health_inputs.code_digest.cache_clear()


def test_the_process_cache_answers_what_the_tests_answer() -> None:
    # the line tests are also cached for the process (speed only): every sample line, asked
    # twice and in between lines that differ by a word, gets the uncached answer
    from coach.notes.parse import read_note_file

    texts = [ln.text for p in sorted(SAMPLES.rglob("*.md")) for ln in read_note_file(p).lines]
    texts += ["tired after the trip", "not tired after the trip", "ENG-12 at 80%",
              "ENG-12 at 80%, she seems stressed"]
    assert len(texts) > 50
    for fn in (features._is_person_line, features._is_status_line):
        plain = [fn.__wrapped__(t) for t in texts]
        assert [fn(t) for t in texts] == plain
        assert [fn(t) for t in reversed(texts)] == plain[::-1]
        assert fn.cache_info().hits >= len(texts)
    assert len({features._is_person_line(t) for t in texts}) == 2  # both answers occur


def test_inputs_kept_by_older_code_read_the_same(kept) -> None:  # type: ignore[no-untyped-def]
    """The features' names are kept once per person and each 1:1 keeps only their values; rows
    kept before that (a dict per 1:1, no names list) read back as the same records."""
    for pid, name, data, _ in kept:
        assert any(isinstance(m[6], list) for m in data["meetings"]), name
        old = copy.deepcopy(data)
        keys = old.pop("feature_keys")
        for m in old["meetings"]:
            if isinstance(m[6], list):
                m[6] = dict(zip(keys, m[6], strict=True))
        new = health_inputs.from_json(pid, name, data).meetings
        assert health_inputs.from_json(pid, name, old).meetings == new, name
        assert [list(m.features) for m in new] == [list(m[6]) for m in old["meetings"]], name
