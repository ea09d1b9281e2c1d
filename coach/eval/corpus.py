"""Load the labelled corpus: ``eval/corpus/workplaces/<workplace>.yaml``.

Each file holds the labelled note lines and (thread, later line) pairs of one workplace, and
the whole file belongs to one split (``train`` or ``test``), so the test split never shares a
workplace with training. The format and the labelling guide are in ``eval/corpus/README.md``.

Loading validates every row; a bad row raises ``BadInput`` naming the file, the row (section and
1-based number) and the field, so a typo in a label is never a silently ignored label.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from coach.contracts import Party
from coach.errors import BadInput

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "eval" / "corpus"
SPLITS = ("train", "test")
Split = Literal["train", "test"]


class LineKind(StrEnum):
    commitment = "commitment"
    request = "request"
    concern = "concern"
    personal = "personal"
    growth = "growth"
    status = "status"
    decision = "decision"
    closure = "closure"
    other = "other"


class PairLabel(StrEnum):
    closed = "closed"
    progress = "progress"
    open = "open"
    unrelated = "unrelated"


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    note: str | None = None  # why the row exists (every regressions.yaml row: "issue 8: ...")

    @field_validator("*", mode="before")
    @classmethod
    def _strip_text(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class Line(_Row):
    """One labelled note line."""

    text: str
    kind: LineKind
    owner: Party
    personal: bool

    @model_validator(mode="after")
    def _check(self) -> Line:
        if not self.text:
            raise ValueError("text: empty")
        if self.kind is LineKind.personal and not self.personal:
            raise ValueError("personal: a line of kind 'personal' must have personal: true")
        return self


class Pair(_Row):
    """A thread line from an earlier note and one line from a later note with the same person."""

    thread: str
    later: str
    label: PairLabel

    @model_validator(mode="after")
    def _check(self) -> Pair:
        if not self.thread:
            raise ValueError("thread: empty")
        if not self.later:
            raise ValueError("later: empty")
        return self


class Workplace(BaseModel):
    """One workplace file."""

    model_config = ConfigDict(frozen=True)

    workplace: str
    split: Split
    manager: str
    styles: tuple[str, ...]
    lines: tuple[Line, ...]
    pairs: tuple[Pair, ...]
    path: Path


class Corpus(BaseModel):
    """Every workplace file under one root."""

    model_config = ConfigDict(frozen=True)

    root: Path
    files: tuple[Workplace, ...]

    def workplaces(self, split: Split | None = None) -> list[Workplace]:
        """The workplaces of ``split`` (all when None), sorted by name."""
        _check_split(split)
        return [w for w in self.files if split is None or w.split == split]

    def lines(self, split: Split | None = None) -> list[Line]:
        return [line for w in self.workplaces(split) for line in w.lines]

    def pairs(self, split: Split | None = None) -> list[Pair]:
        return [pair for w in self.workplaces(split) for pair in w.pairs]

    def iter_lines(self, split: Split | None = None) -> Iterator[tuple[str, Line]]:
        """(workplace name, line) for grouping or per-workplace metrics."""
        for w in self.workplaces(split):
            for line in w.lines:
                yield w.workplace, line


def _check_split(split: str | None) -> None:
    if split is not None and split not in SPLITS:
        raise BadInput(
            f"unknown split {split!r} (expected one of {', '.join(SPLITS)})", where="split"
        )


def _field_of(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ()) if not isinstance(p, int)]
    msg = str(err.get("msg", "invalid"))
    # model-level checks put the field name at the front of the message ("text: empty")
    if not loc and ":" in msg:
        name, _, rest = msg.removeprefix("Value error, ").partition(":")
        return f"field '{name.strip()}': {rest.strip()}"
    field = ".".join(loc) or "row"
    return f"field '{field}': {msg}"


def _parse_rows(raw: Any, model: type[_Row], section: str, where: str) -> list[Any]:
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise BadInput(f"'{section}' must be a list", where=where)
    rows = []
    for number, item in enumerate(raw, start=1):
        row_where = f"{where}: {section} row {number}"
        if not isinstance(item, dict):
            raise BadInput("a row must be a mapping", where=row_where)
        try:
            rows.append(model.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise BadInput(_field_of(dict(first)), where=row_where) from None
    return rows


def load_workplace(path: Path) -> Workplace:
    """Read and validate one workplace file."""
    where = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BadInput(f"not valid YAML: {exc}", where=where) from None
    if not isinstance(data, dict):
        raise BadInput(
            "the file must be a mapping with workplace, split, lines, pairs", where=where
        )
    allowed = {"workplace", "split", "manager", "styles", "lines", "pairs"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BadInput(f"unknown field(s) {', '.join(unknown)}", where=where)
    name = data.get("workplace")
    if name != path.stem:
        raise BadInput(
            f"field 'workplace': {name!r} does not match the file name {path.stem!r}", where=where
        )
    split = data.get("split")
    if split not in SPLITS:
        raise BadInput(f"field 'split': {split!r} is not one of {', '.join(SPLITS)}", where=where)
    manager = data.get("manager")
    if not isinstance(manager, str) or not manager.strip():
        raise BadInput("field 'manager': missing (who writes these notes)", where=where)
    styles = data.get("styles") or []
    if not isinstance(styles, list) or not all(isinstance(s, str) for s in styles):
        raise BadInput("field 'styles': must be a list of words", where=where)
    lines = _parse_rows(data.get("lines"), Line, "lines", where)
    pairs = _parse_rows(data.get("pairs"), Pair, "pairs", where)
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        key = normalise(line.text)
        if key in seen:
            raise BadInput(
                f"field 'text': duplicate of lines row {seen[key]}",
                where=f"{where}: lines row {number}",
            )
        seen[key] = number
    return Workplace(
        workplace=name,
        split=split,
        manager=manager.strip(),
        styles=tuple(styles),
        lines=tuple(lines),
        pairs=tuple(pairs),
        path=path,
    )


def normalise(text: str) -> str:
    """The key used to find duplicate lines: case and spacing do not make a line new."""
    return " ".join(text.lower().split())


def load_corpus(root: Path = DEFAULT_ROOT) -> Corpus:
    """Read every ``<root>/workplaces/*.yaml``; raise ``BadInput`` on the first bad row."""
    folder = root / "workplaces"
    if not folder.is_dir():
        raise BadInput("no workplaces folder", where=str(folder))
    files = tuple(load_workplace(p) for p in sorted(folder.glob("*.yaml")))
    return Corpus(root=root, files=files)
