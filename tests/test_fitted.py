"""Fitted decisions (issue 8, item 3): the shipped models, the training script, the corpus
scores and `coach eval --corpus/--rules`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli.main import app
from coach.eval.corpus import load_corpus
from coach.eval.corpus_metrics import accuracy, macro_f1, score_corpus, score_rules
from coach.rules import rules_version
from coach.rules.fitted import TASKS, decide_line, decide_pair, line_features, load_model

LINES = {
    "a": [
        ("I'll send her the rota by Friday", "commitment", "manager", False),
        ("I'll ask HR about her leave dates", "commitment", "manager", False),
        ("Priya to update the stock sheet by mon", "commitment", "report", False),
        ("her mum is in hospital again", "personal", "report", True),
        ("dad unwell, she's tired", "personal", "report", True),
        ("audit 80% done", "status", "report", False),
        ("Q3 numbers in", "status", "report", False),
    ],
    "b": [
        ("I'll book the trainer for tues", "commitment", "manager", False),
        ("Sam to send the forecast by fri", "commitment", "report", False),
        ("her kid is sick, she's exhausted", "personal", "report", True),
        ("his knee surgery went ok, tired", "personal", "report", True),
        ("stocktake 60% done", "status", "report", False),
        ("till audit numbers in", "status", "report", False),
    ],
}
PAIRS = [
    ("I'll send her the rota", "sent her the rota monday", "closed"),
    ("I'll book the trainer", "trainer booked for the 12th", "closed"),
    ("I'll ask HR about the leave", "HR still hasn't replied on the leave", "open"),
    ("Sam to send the forecast", "forecast still not sent", "open"),
]


def _corpus(root: Path) -> Path:
    folder = root / "workplaces"
    folder.mkdir(parents=True)
    for name, split in (("a", "train"), ("b", "train"), ("c", "test")):
        rows = LINES["a" if name == "c" else name]
        lines = [{"text": t + (" (c)" if name == "c" else ""), "kind": k, "owner": o,
                  "personal": p} for t, k, o, p in rows]
        pairs = [{"thread": t, "later": later, "label": lab} for t, later, lab in PAIRS]
        (folder / f"{name}.yaml").write_text(json.dumps({
            "workplace": name, "split": split, "manager": "a manager", "styles": ["fragments"],
            "lines": lines, "pairs": pairs}), encoding="utf-8")
    return root


def test_every_task_ships_a_versioned_model() -> None:
    for task in TASKS:
        model = load_model(task)
        assert model is not None, task
        assert model.version.startswith(f"{task}-")
        assert model.coef.shape == (len(model.classes), len(model.features))
        assert model.meta["cv"] == "leave one workplace out"


def test_decisions_are_deterministic_and_explained_by_named_features() -> None:
    text = "I'll send her the rota by Friday"
    first, again = decide_line(text, "kind"), decide_line(text, "kind")
    assert first == again and first is not None
    assert first.label == "commitment"
    assert first.top and all(isinstance(f, str) and f in line_features(text)
                             for f, _ in first.top)
    assert first.why()  # "rule:commitment.manager (+1.23), ..."
    owner = decide_line(text, "owner")
    assert owner is not None and owner.label == "manager"


def test_pair_decision_reads_negation() -> None:
    d = decide_pair("I'll ask HR about the leave dates",
                    "HR hasn't replied about the leave dates")
    assert d is not None and d.label != "closed"


def test_metrics() -> None:
    assert accuracy(["a", "b"], ["a", "a"]) == 0.5
    # class a: P 1/2 R 1 -> F1 2/3; class b: 0 -> macro 1/3
    assert macro_f1(["a", "b"], ["a", "a"]) == pytest.approx(1 / 3)


def test_training_is_reproducible_and_reports_cv(tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="the train extra (scikit-learn) is not installed")
    from coach.rules.train import main

    root = _corpus(tmp_path / "corpus")
    out1, out2 = tmp_path / "m1", tmp_path / "m2"
    assert main(["--corpus", str(root), "--out", str(out1)]) == 0
    assert main(["--corpus", str(root), "--out", str(out2)]) == 0
    for task in TASKS:
        a = (out1 / f"{task}.json").read_bytes()
        assert a == (out2 / f"{task}.json").read_bytes(), task
        data = json.loads(a)
        assert data["meta"]["workplaces"] == ["a", "b"]  # the test split is never read
        assert data["version"].endswith(rules_version())
        assert data["meta"]["cv_rules"] is not None


def test_score_corpus_and_rules_on_a_small_corpus(tmp_path: Path) -> None:
    corpus = load_corpus(_corpus(tmp_path / "corpus"))
    rows = {r.task: r for r in score_corpus(corpus, "test")}
    assert set(rows) == {"kind", "owner", "personal", "closure pair"}
    assert rows["kind"].n == len(LINES["a"]) and rows["closure pair"].n == len(PAIRS)
    assert all(0.0 <= r.rules <= 1.0 for r in rows.values())
    by_rule = {r.rule: r for r in score_rules(corpus)}
    manager = by_rule["commitment.manager"]
    assert manager.fires == 5 and manager.precision == 1.0  # the five "I'll" lines
    assert by_rule["negation.not_done"].on == "pairs"


def test_cli_prints_both_tables(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    res = CliRunner().invoke(app, ["eval", "--corpus", "--rules", "--corpus-dir", str(root)],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "rules only" in res.output and "fitted" in res.output
    assert "commitment.manager" in res.output


def test_cli_names_a_bad_corpus_folder(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["eval", "--corpus", "--corpus-dir", str(tmp_path)])
    assert res.exit_code == 2
    assert "workplaces" in res.output
