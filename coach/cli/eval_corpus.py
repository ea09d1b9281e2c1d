"""`coach eval --corpus` / `--rules`: tables of the corpus scores (coach/eval/corpus_metrics.py)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def print_corpus(console: Console, root: Path | None, split: str) -> None:
    from coach.eval.corpus import load_corpus
    from coach.eval.corpus_metrics import score_corpus
    from coach.rules.fitted import load_model

    corpus = load_corpus(root) if root else load_corpus()
    names = ", ".join(w.workplace for w in corpus.workplaces(split))  # type: ignore[arg-type]
    table = Table(title=f"corpus · {split} split ({names})")
    for col in ("decision", "metric", "n", "rules only", "fitted", "model"):
        table.add_column(col, justify="left" if col in ("decision", "metric", "model")
                         else "right")
    for row in score_corpus(corpus, split):  # type: ignore[arg-type]
        model = load_model("pair" if row.task == "closure pair" else row.task)
        table.add_row(row.task, row.metric, str(row.n), _pct(row.rules), _pct(row.fitted),
                      model.version if model else "not trained (make train)")
    console.print(table)


def print_rules(console: Console, root: Path | None, split: str | None) -> None:
    from coach.eval.corpus import load_corpus
    from coach.eval.corpus_metrics import score_rules

    corpus = load_corpus(root) if root else load_corpus()
    table = Table(title=f"rules on the corpus ({split or 'all'} splits)")
    for col in ("rule", "on", "target", "fires", "precision", "recall", "fires on (kind)"):
        table.add_column(col, justify="right" if col in ("fires", "precision", "recall")
                         else "left")
    for r in score_rules(corpus, split):  # type: ignore[arg-type]
        table.add_row(r.rule, r.on, r.target, str(r.fires), _pct(r.precision), _pct(r.recall),
                      r.top_labels)
    console.print(table)
