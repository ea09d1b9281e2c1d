"""Load eval scenarios: ``eval/scenarios/<split>/<name>/`` with ``notes/*.md`` and ``gold.yaml``.

The gold format is documented in eval/README.md. Loading validates every field and names the
file and field on error (``BadInput``), so a typo in a label is never a silently ignored label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.contracts import FocusArea, Party, Signal
from coach.errors import BadInput

SPLITS = ("dev", "heldout")
ALL_OTHERS = "all_others"


@dataclass(frozen=True)
class ThreadGold:
    match: tuple[str, ...]
    owner: Party | None = None


@dataclass(frozen=True)
class AskGold:
    question: str
    people: tuple[str, ...] = ()
    expect: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class SummaryGold:
    note: str
    action_items: tuple[ThreadGold, ...] = ()


@dataclass
class Scenario:
    name: str
    split: str
    path: Path
    description: str
    person: str
    today: dt.date
    principles: list[str] = field(default_factory=list)
    open_threads: list[ThreadGold] = field(default_factory=list)
    closed_threads: list[ThreadGold] = field(default_factory=list)
    focus_due: list[FocusArea] = field(default_factory=list)
    focus_not: list[FocusArea] = field(default_factory=list)
    meta_due: bool | None = None
    signals_present: list[Signal] = field(default_factory=list)
    signals_absent: list[Signal] | None = None  # None: not labelled
    checkin_mentions: list[str] = field(default_factory=list)
    private_phrases: list[str] = field(default_factory=list)
    injection_phrases: list[str] = field(default_factory=list)
    ask: list[AskGold] = field(default_factory=list)
    summary: SummaryGold | None = None

    @property
    def id(self) -> str:
        return f"{self.split}/{self.name}"

    @property
    def notes_dir(self) -> Path:
        return self.path / "notes"

    def gold_dict(self) -> dict[str, Any]:
        """The raw gold labels, for the report."""
        return yaml.safe_load((self.path / "gold.yaml").read_text(encoding="utf-8")) or {}


_KNOWN = {
    "description", "person", "today", "principles", "open_threads", "closed_threads", "focus",
    "meta_due", "signals_present", "signals_absent", "checkin_mentions", "private_phrases",
    "injection_phrases", "ask", "summary",
}


def _words(value: Any, where: str, fld: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and any(isinstance(w, bool) or w is None for w in value):
        # YAML reads bare off/on/no/yes/null as booleans or null: "off" would become "False"
        raise BadInput(f"field '{fld}': {value!r} has a word YAML read as true/false/null; "
                       "quote it (e.g. \"off\")", where=where)
    if not isinstance(value, list) or not value or not all(
        isinstance(w, str | int | float) and str(w).strip() for w in value
    ):
        raise BadInput(f"field '{fld}': expected a non-empty list of words", where=where)
    return tuple(str(w).strip() for w in value)


def _str_list(value: Any, where: str, fld: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise BadInput(f"field '{fld}': expected a list of strings", where=where)
    return [v.strip() for v in value]


def _enum_list(enum: Any, value: Any, where: str, fld: str, extra: tuple[str, ...] = ()) -> list:
    out = []
    for v in _str_list(value, where, fld):
        if v in extra:
            out.append(v)
            continue
        try:
            out.append(enum(v.lower()))
        except ValueError:
            allowed = ", ".join([m.value for m in enum] + list(extra))
            raise BadInput(f"field '{fld}': {v!r} is not one of {allowed}", where=where) from None
    return out


def _thread(value: Any, where: str, fld: str) -> ThreadGold:
    if isinstance(value, list):  # shorthand: just the words
        return ThreadGold(_words(value, where, fld))
    if not isinstance(value, dict) or "match" not in value:
        raise BadInput(f"field '{fld}': expected a mapping with 'match'", where=where)
    owner = value.get("owner")
    if owner is not None:
        owner = _enum_list(Party, [owner], where, f"{fld}.owner")[0]
    return ThreadGold(_words(value["match"], where, f"{fld}.match"), owner)


def _threads(value: Any, where: str, fld: str) -> list[ThreadGold]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput(f"field '{fld}': expected a list", where=where)
    return [_thread(v, where, f"{fld}[{i}]") for i, v in enumerate(value)]


def _ask(value: Any, where: str) -> list[AskGold]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadInput("field 'ask': expected a list", where=where)
    out = []
    for i, a in enumerate(value):
        fld = f"ask[{i}]"
        if not isinstance(a, dict) or not str(a.get("question") or "").strip():
            raise BadInput(f"field '{fld}': expected a mapping with 'question'", where=where)
        expect = a.get("expect") or []
        if not isinstance(expect, list):
            raise BadInput(f"field '{fld}.expect': expected a list of word lists", where=where)
        out.append(AskGold(
            question=str(a["question"]).strip(),
            people=tuple(_str_list(a.get("people"), where, f"{fld}.people")),
            expect=tuple(_words(e, where, f"{fld}.expect[{j}]") for j, e in enumerate(expect)),
        ))
    return out


def _summary(value: Any, where: str, notes_dir: Path) -> SummaryGold | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not str(value.get("note") or "").strip():
        raise BadInput("field 'summary': expected a mapping with 'note'", where=where)
    note = str(value["note"]).strip()
    if not (notes_dir / note).is_file():
        raise BadInput(f"field 'summary.note': no file notes/{note}", where=where)
    return SummaryGold(note, tuple(_threads(value.get("action_items"), where,
                                            "summary.action_items")))


def _check_notes(folder: Path) -> None:
    """Every note of a scenario parses: an import would skip a bad one and the scenario would
    be graded on fewer notes than its labels describe (BadInput names the file and field)."""
    from coach.notes.parse import read_note_file

    for note in sorted(folder.rglob("*.md")):
        read_note_file(note)


def load_scenario(path: Path, split: str) -> Scenario:
    """Load and validate one scenario folder."""
    gold_path = path / "gold.yaml"
    where = str(gold_path)
    if not gold_path.is_file():
        raise BadInput("missing gold.yaml", where=str(path))
    if not (path / "notes").is_dir():
        raise BadInput("missing notes/ folder", where=str(path))
    _check_notes(path / "notes")
    try:
        raw = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise BadInput(f"not valid YAML: {exc}", where=where) from None
    if not isinstance(raw, dict):
        raise BadInput("gold must be a mapping of fields", where=where)
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise BadInput(f"unknown field(s): {', '.join(unknown)}", where=where)
    for required in ("person", "today"):
        if not str(raw.get(required) or "").strip():
            raise BadInput(f"missing required field '{required}'", where=where)
    today = raw["today"]
    if isinstance(today, str):
        try:
            today = dt.date.fromisoformat(today.strip())
        except ValueError:
            raise BadInput(f"field 'today': {today!r} is not an ISO date", where=where) from None
    if not isinstance(today, dt.date):
        raise BadInput("field 'today': expected an ISO date", where=where)
    focus = raw.get("focus") or {}
    if not isinstance(focus, dict):
        raise BadInput("field 'focus': expected a mapping with 'due' and/or 'not'", where=where)
    meta_due = raw.get("meta_due")
    if meta_due is not None and not isinstance(meta_due, bool):
        raise BadInput("field 'meta_due': expected true or false", where=where)
    present = _enum_list(Signal, raw.get("signals_present"), where, "signals_present")
    absent_raw = raw.get("signals_absent")
    absent = None
    if absent_raw is not None:
        absent_list = _enum_list(Signal, absent_raw, where, "signals_absent", (ALL_OTHERS,))
        if ALL_OTHERS in absent_list:
            absent = [s for s in Signal if s not in present]
        else:
            absent = list(absent_list)
        both = set(absent) & set(present)
        if both:
            raise BadInput(
                f"signals {sorted(both)} are both present and absent", where=where
            )
    return Scenario(
        name=path.name, split=split, path=path,
        description=str(raw.get("description") or path.name),
        person=" ".join(str(raw["person"]).split()), today=today,
        principles=_str_list(raw.get("principles"), where, "principles"),
        open_threads=_threads(raw.get("open_threads"), where, "open_threads"),
        closed_threads=_threads(raw.get("closed_threads"), where, "closed_threads"),
        focus_due=_enum_list(FocusArea, focus.get("due"), where, "focus.due"),
        focus_not=_enum_list(FocusArea, focus.get("not"), where, "focus.not"),
        meta_due=meta_due, signals_present=present, signals_absent=absent,
        checkin_mentions=_str_list(raw.get("checkin_mentions"), where, "checkin_mentions"),
        private_phrases=_str_list(raw.get("private_phrases"), where, "private_phrases"),
        injection_phrases=_str_list(raw.get("injection_phrases"), where, "injection_phrases"),
        ask=_ask(raw.get("ask"), where),
        summary=_summary(raw.get("summary"), where, path / "notes"),
    )


def load_scenarios(root: Path, split: str = "all", name: str | None = None) -> list[Scenario]:
    """All scenarios of ``split`` (dev, heldout or all) under ``root``, sorted by id.

    ``name`` keeps only scenarios whose name contains it.
    """
    if split not in (*SPLITS, "all"):
        raise BadInput(f"split {split!r} is not one of dev, heldout, all", where="--split")
    if not root.is_dir():
        raise BadInput("scenario folder not found", where=str(root))
    out: list[Scenario] = []
    for s in SPLITS if split == "all" else (split,):
        folder = root / s
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("gold.yaml")):
            scen_dir = path.parent
            if name and name not in scen_dir.name:
                continue
            out.append(load_scenario(scen_dir, s))
    return out
