"""Every rule in coach/rules/<lang>/ is checked by its own examples (issue 8, item 1).

The test id names the rule and the sentence, so a failure says which rule broke on what."""

from __future__ import annotations

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
        with pytest.raises(RuleError, match=r"xx/a.yaml.*x\.bad.*bad pattern"):
            rs.rx("x.bad")
    finally:
        rules.load_rules.cache_clear()


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
