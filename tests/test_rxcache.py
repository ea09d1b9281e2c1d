"""Rule regexes built from kept programs (coach/rules/rxcache.py) are the patterns
``re.compile`` gives, and a missing, foreign or damaged cache only costs a compile."""

from __future__ import annotations

import marshal
import re
from pathlib import Path

import pytest

from coach.rules import load_rules, rxcache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache" / "rule-regexes.marshal"
    monkeypatch.setattr(rxcache, "_path", path)
    _fresh(monkeypatch)
    return path


def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process: nothing loaded yet."""
    monkeypatch.setattr(rxcache, "_entries", None)
    monkeypatch.setattr(rxcache, "_dirty", False)


def _flags(rule) -> int:  # type: ignore[no-untyped-def]
    return 0 if rule.case_sensitive else re.I


def _rule_sources() -> list[tuple[str, int]]:
    rules = load_rules()
    out = [(rules.source(rid), _flags(rule))
           for rid, rule in rules.rules.items() if rule.patterns or rule.include]
    return out + [(p, _flags(rule)) for rule in rules.rules.values() for p, _ in rule.entries]


def test_every_rule_pattern_from_the_cache_equals_re_compile(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = _rule_sources()
    assert len(sources) > 50
    first = [rxcache.compile_rule(src, flags) for src, flags in sources]
    rxcache.save()
    assert cache.is_file()
    _fresh(monkeypatch)

    def no_compiling(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("compiled although the program was kept")

    with monkeypatch.context() as m:
        m.setattr(rxcache, "_program", no_compiling)
        m.setattr(rxcache.re, "compile", no_compiling)
        again = [rxcache.compile_rule(src, flags) for src, flags in sources]
    for (src, flags), a, b in zip(sources, first, again, strict=True):
        want = re.compile(src, flags)
        # Pattern equality compares the pattern, the flags and the whole program
        assert a == want and b == want, src[:80]
        assert b.groups == want.groups and b.groupindex == want.groupindex
    # and they find the same things in the rules' own examples
    rules = load_rules()
    for rid, rule in rules.rules.items():
        if rule.patterns or rule.include:
            pat = rxcache.compile_rule(rules.source(rid), _flags(rule))
            want = re.compile(rules.source(rid), _flags(rule))
            for text in (*rule.positive, *rule.negative):
                got, exp = pat.search(text), want.search(text)
                assert (got and got.span(), got and got.groups()) == (
                    exp and exp.span(), exp and exp.groups()), (rid, text)


@pytest.mark.parametrize("content", [
    b"", b"not marshal", marshal.dumps({"tag": "another python", "entries": {}}),
    marshal.dumps([1, 2, 3])])
def test_a_foreign_or_damaged_cache_is_ignored(cache: Path, content: bytes) -> None:
    cache.parent.mkdir(parents=True)
    cache.write_bytes(content)
    src = r"\bsent (?P<what>\w+)"
    assert rxcache.compile_rule(src, re.I) == re.compile(src, re.I)
    rxcache.save()
    assert marshal.loads(cache.read_bytes())["tag"] == rxcache._TAG


def test_a_wrong_entry_is_a_miss(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = r"\b(?:done|sent)\b"
    rxcache.compile_rule(src, re.I)
    rxcache.save()
    data = marshal.loads(cache.read_bytes())
    data["entries"][(src, int(re.I))] = (0, [1, 2, 3], 0, {}, ())  # not a program
    cache.write_bytes(marshal.dumps(data))
    _fresh(monkeypatch)
    assert rxcache.compile_rule(src, re.I) == re.compile(src, re.I)


def test_nothing_is_kept_without_use(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rxcache, "_path", None)
    _fresh(monkeypatch)
    assert rxcache.compile_rule("a+b", 0) == re.compile("a+b")
    rxcache.save()
    assert rxcache._entries is None and not list(tmp_path.iterdir())
