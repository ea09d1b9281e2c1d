"""Scores on the labelled corpus: the four decisions, rules-only beside fitted
(``coach eval --corpus``), and precision/recall per rule (``coach eval --rules``).

Metrics: kind macro-F1 over the nine kinds, owner accuracy, personal-vs-work accuracy,
closure-pair accuracy over closed/progress/open/unrelated. Pure functions of the corpus.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from coach.eval.corpus import Corpus, Line, Pair, Split
from coach.rules import baseline as rb
from coach.rules import load_rules
from coach.rules.fitted import decide_line, decide_pair


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(gold))
    f1s = []
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred, strict=True))
        fp = sum(g != lab and p == lab for g, p in zip(gold, pred, strict=True))
        fn = sum(g == lab and p != lab for g, p in zip(gold, pred, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


@dataclass(frozen=True)
class TaskScore:
    task: str
    metric: str
    n: int
    rules: float
    fitted: float | None  # None: no model shipped


def _fitted_line(task: str, lines: Sequence[Line]) -> list[str] | None:
    out = []
    for ln in lines:
        d = decide_line(ln.text, task)
        if d is None:
            return None
        out.append(d.label)
    return out


def score_corpus(corpus: Corpus, split: Split = "test") -> list[TaskScore]:
    lines = corpus.lines(split)
    pairs: list[Pair] = corpus.pairs(split)
    rows: list[TaskScore] = []
    gold_kind = [ln.kind.value for ln in lines]
    fk = _fitted_line("kind", lines)
    rows.append(TaskScore("kind", "macro-F1", len(lines),
                          macro_f1(gold_kind, [rb.rules_kind(ln.text) for ln in lines]),
                          None if fk is None else macro_f1(gold_kind, fk)))
    gold_owner = [ln.owner.value for ln in lines]
    fo = _fitted_line("owner", lines)
    rows.append(TaskScore("owner", "accuracy", len(lines),
                          accuracy(gold_owner, [rb.rules_owner(ln.text) for ln in lines]),
                          None if fo is None else accuracy(gold_owner, fo)))
    gold_pers = [str(ln.personal).lower() for ln in lines]
    fp = _fitted_line("personal", lines)
    rows.append(TaskScore("personal", "accuracy", len(lines), accuracy(
        gold_pers, [str(rb.rules_personal(ln.text)).lower() for ln in lines]),
        None if fp is None else accuracy(gold_pers, fp)))
    gold_pair = [p.label.value for p in pairs]
    fpair = [decide_pair(p.thread, p.later) for p in pairs]
    rows.append(TaskScore("closure pair", "accuracy", len(pairs), accuracy(
        gold_pair, [rb.rules_pair(p.thread, p.later) for p in pairs]),
        None if any(d is None for d in fpair) else accuracy(
            gold_pair, [d.label for d in fpair if d is not None])))
    return rows


# What a rule is meant to find, by id prefix (first match): the gold test it is scored against.
_LineTest = Callable[[Line], bool]
_PairTest = Callable[[Pair], bool]
LINE_TARGETS: tuple[tuple[str, str, _LineTest], ...] = (
    ("commitment.", "kind=commitment", lambda ln: ln.kind.value == "commitment"),
    ("request.", "kind=request", lambda ln: ln.kind.value == "request"),
    ("concern.", "kind in concern|personal",
     lambda ln: ln.kind.value in ("concern", "personal")),
    ("growth.", "kind=growth", lambda ln: ln.kind.value == "growth"),
    ("status.not_status", "kind!=status", lambda ln: ln.kind.value != "status"),
    ("status.", "kind=status", lambda ln: ln.kind.value == "status"),
    ("closure.done", "kind in closure|decision",
     lambda ln: ln.kind.value in ("closure", "decision")),
    ("closure.dropped", "kind in closure|decision",
     lambda ln: ln.kind.value in ("closure", "decision")),
    ("personal.work_senses", "personal=false", lambda ln: not ln.personal),
    ("personal.", "personal=true", lambda ln: ln.personal),
    ("topic.", "kind in request|other", lambda ln: ln.kind.value in ("request", "other")),
    ("voice.manager", "owner=manager", lambda ln: ln.owner.value == "manager"),
    ("voice.report", "owner=report", lambda ln: ln.owner.value == "report"),
    ("date.", "kind in commitment|request", lambda ln: ln.kind.value in ("commitment", "request")),
)
PAIR_TARGETS: tuple[tuple[str, str, _PairTest], ...] = (
    ("closure.done", "pair=closed", lambda p: p.label.value == "closed"),
    ("closure.dropped", "pair=closed", lambda p: p.label.value == "closed"),
    ("personal.well_again", "pair=closed", lambda p: p.label.value == "closed"),
    ("personal.fine_again", "pair=closed", lambda p: p.label.value == "closed"),
    ("closure.progress", "pair in closed|progress",
     lambda p: p.label.value in ("closed", "progress")),
    ("closure.reopen", "pair=open", lambda p: p.label.value == "open"),
    ("negation.", "pair in open|progress", lambda p: p.label.value in ("open", "progress")),
    ("hedge.", "pair in open|progress", lambda p: p.label.value in ("open", "progress")),
)


@dataclass(frozen=True)
class RuleScore:
    rule: str
    on: str  # "lines" or "pairs (later line)"
    target: str
    fires: int
    precision: float | None
    recall: float | None
    top_labels: str  # what it fires on most, when it has no target


def _target(rule_id: str, targets: Sequence[tuple[str, str, Callable[..., bool]]]
            ) -> tuple[str, Callable[..., bool]] | None:
    for prefix, name, test in targets:
        if rule_id.startswith(prefix):
            return name, test
    return None


def score_rules(corpus: Corpus, split: Split | None = None) -> list[RuleScore]:
    """Precision and recall of every pattern rule against the label it is meant to find."""
    rs = load_rules()
    lines = corpus.lines(split)
    pairs = corpus.pairs(split)
    out: list[RuleScore] = []
    for rule in sorted(rs.rules.values(), key=lambda r: r.id):
        if rule.shape not in ("patterns", "entries"):
            continue
        pair_t = _target(rule.id, PAIR_TARGETS)
        if pair_t is not None:
            name, test = pair_t
            fired = [p for p in pairs if rs.matches(rule.id, p.later)]
            relevant = [p for p in pairs if test(p)]
            on = "pairs"
            labels = Counter(p.label.value for p in fired)
        else:
            line_t = _target(rule.id, LINE_TARGETS)
            fired_l = [ln for ln in lines if rs.matches(rule.id, ln.text)]
            labels = Counter(ln.kind.value for ln in fired_l)
            top = ", ".join(f"{k} {v}" for k, v in labels.most_common(3))
            if line_t is None:
                out.append(RuleScore(rule.id, "lines", "-", len(fired_l), None, None, top))
                continue
            name, ltest = line_t
            relevant_n = sum(1 for ln in lines if ltest(ln))
            tp = sum(1 for ln in fired_l if ltest(ln))
            out.append(RuleScore(rule.id, "lines", name, len(fired_l),
                                 tp / len(fired_l) if fired_l else None,
                                 tp / relevant_n if relevant_n else None, top))
            continue
        tp = sum(1 for p in fired if test(p))
        out.append(RuleScore(rule.id, on, name, len(fired),
                             tp / len(fired) if fired else None,
                             tp / len(relevant) if relevant else None,
                             ", ".join(f"{k} {v}" for k, v in labels.most_common(3))))
    return out
