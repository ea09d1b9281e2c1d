"""Rules as data: every cue the engine reads (commitment cues, closure cues, negations, hedges,
personal topics, status cues, word tables) lives in ``coach/rules/<lang>/*.yaml``, one file per
concept, each rule with an id, a role, why it exists, its patterns and positive and negative
example sentences (tests/test_rules.py runs every example).

Adding a phrase is a data change: add the pattern and an example that needs it. Adding a language
is a new folder with the same rule ids. The loader compiles each rule once (cached); modules ask
for a rule by id (``rx("closure.done")``) instead of defining their own regex.

Rule shapes (exactly one of):
- ``patterns`` (+ optional ``include`` of other rule ids, ``case_sensitive``): a regex rule;
  it matches when any pattern (or included rule) matches.
- ``words``: a word list (e.g. capitalised words that are never a person's name).
- ``table``: a word map (e.g. irregular verbs: base -> [past, participle]).
- ``entries``: an ordered list of ``[pattern, phrase]`` (first match wins).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

import yaml

from coach.rules.rxcache import compile_rule

# libyaml's loader when PyYAML was built with it (the wheels are): ~10x faster at start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RULES_DIR = Path(__file__).parent
DEFAULT_LANG = "en"


class RuleError(ValueError):
    """A rule file is malformed (the message names the file and the rule)."""


@dataclass(frozen=True)
class Rule:
    id: str
    role: str
    why: str
    source: str  # file the rule came from, e.g. "en/closure.yaml"
    patterns: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    case_sensitive: bool = False
    words: tuple[str, ...] = ()
    table: dict[str, tuple[str, ...]] = field(default_factory=dict)
    entries: tuple[tuple[str, str], ...] = ()
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()

    @property
    def shape(self) -> str:
        if self.patterns or self.include:
            return "patterns"
        if self.words:
            return "words"
        if self.table:
            return "table"
        return "entries"


def _flags(rule: Rule) -> int:
    return 0 if rule.case_sensitive else re.I


class LazyPattern:
    """A rule's compiled regex, compiled on first use (speed: most commands run a fraction of
    the rules, and compiling all of them cost ~0.2 s of a cold start).

    Behaves as the ``re.Pattern`` it stands for: ``pattern`` and ``flags`` are known without
    compiling; the first other attribute (``search``, ``sub``, ...) compiles it, raising the
    loader's ``RuleError`` for a bad pattern, and keeps the compiled methods on the instance so
    later calls cost what calls on the pattern itself cost.
    """

    def __init__(self, rule: Rule, source: str):
        self.pattern = source
        self.flags = _flags(rule)
        self._rule = rule

    def compiled(self) -> re.Pattern[str]:
        got: re.Pattern[str] | None = self.__dict__.get("_compiled")
        if got is None:
            try:
                got = compile_rule(self.pattern, self.flags)
            except re.error as exc:
                raise RuleError(f"{self._rule.source}: rule {self._rule.id!r}: bad pattern: "
                                f"{exc}") from None
            self.__dict__.update(_compiled=got, search=got.search, match=got.match,
                                 fullmatch=got.fullmatch, finditer=got.finditer,
                                 findall=got.findall, sub=got.sub, subn=got.subn,
                                 split=got.split)
        return got

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet
        if name.startswith("__") or name in ("_compiled", "_rule"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._rule.id!r})"


class RuleSet:
    """All rules of one language, compiled lazily and cached."""

    def __init__(self, lang: str, rules: dict[str, Rule], version: str):
        self.lang = lang
        self.rules = rules
        self.version = version
        self._rx: dict[str, re.Pattern[str]] = {}
        self._entries: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {}

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise RuleError(f"no rule {rule_id!r} in coach/rules/{self.lang}") from None

    def source(self, rule_id: str, _seen: tuple[str, ...] = ()) -> str:
        """The rule's combined regex source (included rules first, then its own patterns)."""
        rule = self[rule_id]
        if rule_id in _seen:
            raise RuleError(f"{rule.source}: rule {rule_id!r} includes itself")
        parts = [self.source(i, (*_seen, rule_id)) for i in rule.include]
        parts += list(rule.patterns)
        if not parts:
            raise RuleError(f"{rule.source}: rule {rule_id!r} has no patterns")
        return "|".join(f"(?:{p})" for p in parts)

    def rx(self, rule_id: str) -> re.Pattern[str]:
        """The rule's regex. The rule id and its includes are checked now; the regex itself is
        compiled on first use (``LazyPattern``), so a command pays only for the rules it runs."""
        got = self._rx.get(rule_id)
        if got is None:
            rule = self[rule_id]
            got = cast("re.Pattern[str]", LazyPattern(rule, self.source(rule_id)))
            self._rx[rule_id] = got
        return got

    def entries(self, rule_id: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        got = self._entries.get(rule_id)
        if got is None:
            rule = self[rule_id]
            got = tuple((compile_rule(p, _flags(rule)), say) for p, say in rule.entries)
            self._entries[rule_id] = got
        return got

    def matches(self, rule_id: str, text: str) -> bool:
        """Does ``text`` fire this rule? (Word lists and tables: does it contain a listed word.)"""
        rule = self[rule_id]
        if rule.shape == "patterns":
            return bool(self.rx(rule_id).search(text))
        if rule.shape == "entries":
            return any(p.search(text) for p, _ in self.entries(rule_id))
        words = set(re.findall(r"[\w'’]+", text if rule.case_sensitive else text.lower()))
        # a table fires on the forms it maps (wrote, mtg), not on the canonical word
        keys = set(rule.words) if rule.shape == "words" else {
            w for base, forms in rule.table.items() for w in forms if w != base}
        if not rule.case_sensitive:
            keys = {k.lower() for k in keys}
        return bool(words & keys)


def _tuple(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def _parse(raw: Any, where: str) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: each rule must be a mapping")
    rid = raw.get("id")
    if not isinstance(rid, str) or not rid:
        raise RuleError(f"{where}: a rule has no id")
    where = f"{where} rule {rid!r}"
    for key in ("role", "why"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleError(f"{where}: missing {key}")
    examples = raw.get("examples") or {}
    table = raw.get("table") or {}
    if not isinstance(table, dict):
        raise RuleError(f"{where}: table must be a mapping")
    entries = raw.get("entries") or []
    if not all(isinstance(e, list) and len(e) == 2 for e in entries):
        raise RuleError(f"{where}: entries must be [pattern, phrase] pairs")
    rule = Rule(
        id=rid, role=raw["role"], why=raw["why"].strip(), source=where.split(" rule ")[0],
        patterns=_tuple(raw.get("patterns"), where, "patterns"),
        include=_tuple(raw.get("include"), where, "include"),
        case_sensitive=bool(raw.get("case_sensitive", False)),
        words=_tuple(raw.get("words"), where, "words"),
        table={str(k): tuple(v if isinstance(v, list) else [v]) for k, v in table.items()},
        entries=tuple((str(p), str(s)) for p, s in entries),
        positive=_tuple(examples.get("positive"), where, "examples.positive"),
        negative=_tuple(examples.get("negative"), where, "examples.negative"),
    )
    shapes = sum(bool(x) for x in (rule.patterns or rule.include, rule.words, rule.table,
                                   rule.entries))
    if shapes != 1:
        raise RuleError(f"{where}: needs exactly one of patterns, words, table, entries")
    return rule


@cache
def load_rules(lang: str = DEFAULT_LANG) -> RuleSet:
    """Load and check every rule file of ``lang`` (cached: rule files ship with the package)."""
    folder = RULES_DIR / lang
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RuleError(f"no rule files in {folder}")
    digest = hashlib.sha256()
    rules: dict[str, Rule] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        digest.update(path.name.encode() + b"\0" + text.encode())
        where = f"{lang}/{path.name}"
        try:
            data = yaml.load(text, Loader=_LOADER) or {}
        except yaml.YAMLError as exc:
            raise RuleError(f"{where}: not valid YAML: {exc}") from None
        for raw in data.get("rules") or []:
            rule = _parse(raw, where)
            if rule.id in rules:
                raise RuleError(f"{where}: rule {rule.id!r} is also in {rules[rule.id].source}")
            rules[rule.id] = rule
    return RuleSet(lang, rules, digest.hexdigest()[:12])


def rx(rule_id: str, lang: str = DEFAULT_LANG) -> re.Pattern[str]:
    """The compiled regex of a pattern rule."""
    return load_rules(lang).rx(rule_id)


def words(rule_id: str, lang: str = DEFAULT_LANG) -> frozenset[str]:
    return frozenset(load_rules(lang)[rule_id].words)


def table(rule_id: str, lang: str = DEFAULT_LANG) -> dict[str, tuple[str, ...]]:
    return dict(load_rules(lang)[rule_id].table)


def entries(rule_id: str, lang: str = DEFAULT_LANG) -> tuple[tuple[re.Pattern[str], str], ...]:
    return load_rules(lang).entries(rule_id)


def rules_version(lang: str = DEFAULT_LANG) -> str:
    """A short hash of the rule files: derived data made by other rules is out of date."""
    return load_rules(lang).version
