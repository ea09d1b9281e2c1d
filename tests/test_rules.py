"""Every rule in coach/rules/<lang>/ is checked by its own examples (issue 8, item 1).

The test id names the rule and the sentence, so a failure says which rule broke on what."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coach.rules import RULES_DIR, RuleError, RuleSet, load_rules

LANGS = sorted(p.name for p in RULES_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def _cases(sign: str) -> list:
    out = []
    for lang in LANGS:
        rs = load_rules(lang)
        for rule in rs.rules.values():
            for text in (rule.positive if sign == "+" else rule.negative):
                out.append(pytest.param(lang, rule.id, text, id=f"{lang}:{rule.id}:{sign}{text}"))
    return out


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("+"))
def test_positive_example_fires(lang: str, rule_id: str, text: str) -> None:
    assert load_rules(lang).matches(rule_id, text), f"{rule_id} should fire on {text!r}"


@pytest.mark.parametrize(("lang", "rule_id", "text"), _cases("-"))
def test_negative_example_does_not_fire(lang: str, rule_id: str, text: str) -> None:
    assert not load_rules(lang).matches(rule_id, text), f"{rule_id} should not fire on {text!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_rule_has_positive_and_negative_examples(lang: str) -> None:
    rs = load_rules(lang)
    missing = [r.id for r in rs.rules.values() if not r.positive or not r.negative]
    assert not missing, f"rules without both a positive and a negative example: {missing}"
    assert all(r.why and r.role for r in rs.rules.values())


def test_every_rule_compiles_and_includes_resolve() -> None:
    rs = load_rules("en")
    for rule in rs.rules.values():
        if rule.shape == "patterns":
            rs.rx(rule.id)
        elif rule.shape == "entries":
            rs.entries(rule.id)


def _write(tmp: Path, text: str) -> Path:
    (tmp / "xx").mkdir()
    (tmp / "xx" / "a.yaml").write_text(text, encoding="utf-8")
    return tmp


def test_bad_rule_file_names_file_and_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.rules as rules

    monkeypatch.setattr(rules, "RULES_DIR", _write(tmp_path, (
        "rules:\n- id: x.bad\n  role: r\n  why: w\n  patterns: ['(unclosed']\n")))
    rules.load_rules.cache_clear()
    try:
        rs = rules.load_rules("xx")
        pattern = rs.rx("x.bad")  # compiled on first use (speed), failing there as clearly
        with pytest.raises(RuleError, match=r"xx/a.yaml.*x\.bad.*bad pattern"):
            pattern.search("unclosed")
        with pytest.raises(RuleError, match=r"no rule 'x.missing'"):
            rs.rx("x.missing")  # an unknown id still fails at once, where it is named
    finally:
        rules.load_rules.cache_clear()


def test_a_rule_regex_is_compiled_on_first_use_and_then_is_the_pattern() -> None:
    import coach.rules as rules

    rs = RuleSet("en", load_rules("en").rules, "lazy-test")
    lazy = rs.rx("closure.done")
    assert "_compiled" not in vars(lazy)  # nothing compiled by asking for it
    plain = re.compile(rs.source("closure.done"), re.I)
    assert lazy.pattern == plain.pattern and lazy.flags & re.I  # known without compiling
    assert "_compiled" not in vars(lazy)
    text = "Sent her the rota on Monday, done. Also finished the deck."
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.sub("#", text) == plain.sub("#", text)
    assert vars(lazy)["_compiled"].pattern == plain.pattern
    assert rs.rx("closure.done") is lazy  # one per rule
    assert isinstance(rules.rx("closure.done").search(text), re.Match)


def test_missing_why_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import coach.rules as rules

    monkeypatch.setattr(rules, "RULES_DIR", _write(tmp_path, (
        "rules:\n- id: x.nowhy\n  role: r\n  patterns: ['a']\n")))
    rules.load_rules.cache_clear()
    try:
        with pytest.raises(RuleError, match=r"x\.nowhy.*missing why"):
            rules.load_rules("xx")
    finally:
        rules.load_rules.cache_clear()


def test_version_changes_with_the_rules() -> None:
    rs = load_rules("en")
    assert isinstance(rs, RuleSet) and len(rs.version) == 12
    assert RuleSet("en", rs.rules, "other").version != rs.version


@pytest.mark.parametrize("lang", LANGS)
def test_every_pattern_rule_compiles(lang: str) -> None:
    # the loader compiles a rule on first use; this keeps a bad pattern from waiting for it
    rs = load_rules(lang)
    for rid, rule in rs.rules.items():
        if rule.shape == "patterns":
            rs.rx(rid).search("")
