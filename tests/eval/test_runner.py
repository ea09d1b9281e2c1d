"""The runner, report, thresholds, scenario loader, judges and `coach eval` itself."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from eval_factory import ROOT, sam

from coach.config import Settings
from coach.contracts import Signal
from coach.errors import BadInput
from coach.eval.graders import FAIL, GRADERS, PASS
from coach.eval.judge import JUDGES, JudgeClient, parse_verdict, run_judges
from coach.eval.report import render_html, suite_dict, write_reports
from coach.eval.runner import ScenarioResult, SuiteResult, grade, run_suite
from coach.eval.scenario import load_scenario, load_scenarios
from coach.eval.thresholds import Thresholds, load_thresholds
from coach.eval.variety import VarietyResult, note_text, simulate

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "eval" / "scenarios"


@pytest.fixture(scope="module")
def dev_suite() -> SuiteResult:
    limits = load_thresholds(REPO / "eval" / "thresholds.yaml", set(GRADERS))
    return run_suite(SCENARIOS, limits, split="dev", name="_fw_", variety=False)


def test_runner_runs_every_framework_dev_scenario(dev_suite: SuiteResult) -> None:
    names = sorted(p.name for p in ROOT.glob("_fw_*"))
    assert sorted(r.scenario.name for r in dev_suite.results) == names
    for r in dev_suite.results:
        assert set(r.grades) == set(GRADERS)
        assert all(g.reason for g in r.grades.values()), r.scenario.id
        # the runner exposes the stored notes (unless ingest itself failed, which is recorded)
        assert r.observed.notes or (r.observed.brief_error or "").startswith("import failed")
    by_name = {r.scenario.name: r for r in dev_suite.results}
    two_sams = by_name["_fw_two_sams"].observed.notes
    if two_sams:
        assert {n.person for n in two_sams.values()} == {"Sam Lee", "Sam Ortiz"}
    priya = by_name["_fw_healthy_priya"].observed
    # a brief either exists or the reason it does not is recorded
    assert priya.brief is not None or priya.brief_error


def test_failed_outputs_fail_their_graders_with_the_reason(dev_suite: SuiteResult) -> None:
    for r in dev_suite.results:
        if r.observed.brief is None:
            g = r.grades["checkin"]
            assert g.status == FAIL and r.observed.brief_error in g.reason


def test_report_json_and_html(dev_suite: SuiteResult, tmp_path: Path) -> None:
    json_path, html_path = write_reports(dev_suite, tmp_path / "out")
    data = json.loads(json_path.read_text())
    assert set(data["splits"]) == {"dev"}
    assert set(data["splits"]["dev"]["graders"]) == set(GRADERS)
    assert len(data["scenarios"]) == len(dev_suite.results)
    html = html_path.read_text()
    assert "<script src" not in html and "<link" not in html  # self-contained
    for r in dev_suite.results:
        assert r.scenario.id in html
    bad = next((g for r in dev_suite.results for g in r.grades.values() if g.status == FAIL),
               None)
    if bad is not None:
        assert bad.reason.split(":")[0].replace("'", "&#39;") in html


def test_report_shows_grader_verdicts_for_a_known_run() -> None:
    scen, obs = sam()
    res = ScenarioResult(scen, obs, grade(scen, obs, list(GRADERS)), 0.1)
    suite = SuiteResult("offline", "hashing", "dev", list(GRADERS), [res], Thresholds())
    data = suite_dict(suite)
    assert data["ok"], data["failures"]
    assert all(g["status"] == PASS for g in data["scenarios"][0]["grades"].values()
               if g["status"] != "n/a")
    html = render_html(data)
    assert "How are you doing, really?" in html and "passed" in html
    obs.brief.focus.area = obs.brief.focus.area.__class__("delivery")  # type: ignore[union-attr]
    res2 = ScenarioResult(scen, obs, grade(scen, obs, list(GRADERS)), 0.1)
    suite2 = SuiteResult("offline", "hashing", "dev", list(GRADERS), [res2], Thresholds())
    assert not suite2.ok and any("focus" in f for f in suite2.failures())
    assert "which the gold says is wrong" in render_html(suite_dict(suite2))


def test_thresholds_gate_per_split() -> None:
    scen, obs = sam()
    res = ScenarioResult(scen, obs, grade(scen, obs, list(GRADERS)), 0.1)
    held = ScenarioResult(load_scenario(ROOT / "_fw_sam_continuity", "heldout"), obs,
                          dict(res.grades), 0.1)
    held.grades["tone"] = held.grades["tone"].__class__("tone", FAIL, "status-first")
    suite = SuiteResult("offline", "hashing", "all", list(GRADERS), [res, held], Thresholds())
    assert suite.failures() == ["heldout: tone 0% < 80%"]
    assert not suite.ok


def test_thresholds_file_is_validated(tmp_path: Path) -> None:
    limits = load_thresholds(REPO / "eval" / "thresholds.yaml", set(GRADERS))
    assert limits.for_grader("grounding") == 1.0 and limits.variety_min_distinct == 5
    bad = tmp_path / "t.yaml"
    bad.write_text("graders:\n  grounding: 1.0\n  groundng: 0.5\n")
    with pytest.raises(BadInput, match="groundng"):
        load_thresholds(bad, set(GRADERS))
    bad.write_text("default: 2\n")
    with pytest.raises(BadInput, match="default"):
        load_thresholds(bad, set(GRADERS))


def _scenario(tmp_path: Path, gold: str) -> Path:
    d = tmp_path / "dev" / "x"
    (d / "notes").mkdir(parents=True)
    (d / "notes" / "a.md").write_text("---\nperson: A B\ndate: 2026-01-01\n---\nhi\n")
    (d / "gold.yaml").write_text(gold)
    return d


@pytest.mark.parametrize(("gold", "error"), [
    ("person: A B\n", "today"),
    ("person: A B\ntoday: 2026-02-01\nsignals_present: [canceled]\n", "canceled"),
    ("person: A B\ntoday: 2026-02-01\nfocus: {due: [growth]}\n", "growth"),
    ("person: A B\ntoday: 2026-02-01\nopen_thread: []\n", "open_thread"),
    ("person: A B\ntoday: 2026-02-01\nsummary: {note: nope.md}\n", "nope.md"),
    ("person: A B\ntoday: 2026-02-01\nopen_threads: [{match: []}]\n", "open_threads"),
    ("person: A B\ntoday: 2026-02-01\nclosed_threads: [[off, nov, 2]]\n", "quote it"),
    ("person: A B\ntoday: 2026-02-01\nsignals_present: [cancelled]\n"
     "signals_absent: [cancelled]\n", "both present and absent"),
])
def test_gold_errors_name_the_file_and_field(tmp_path: Path, gold: str, error: str) -> None:
    d = _scenario(tmp_path, gold)
    with pytest.raises(BadInput, match=error) as exc:
        load_scenario(d, "dev")
    assert str(d / "gold.yaml") in exc.value.render()


def test_all_others_expands_to_every_signal_not_present(tmp_path: Path) -> None:
    d = _scenario(tmp_path, "person: A B\ntoday: 2026-02-01\nsignals_present: [cancelled]\n"
                            "signals_absent: [all_others]\n")
    s = load_scenario(d, "dev")
    assert len(s.signals_absent or []) == len(Signal) - 1 and "cancelled" not in s.signals_absent  # type: ignore[operator]


def test_every_committed_scenario_loads() -> None:
    scenarios = load_scenarios(SCENARIOS, "all")
    assert len({s.id for s in scenarios}) == len(scenarios) >= 5


# --- vary the focus ----------------------------------------------------------------------
def test_variety_metric() -> None:
    assert VarietyResult(["delivery", "development", "wellbeing", "context", "feedback"] * 2
                         + ["delivery", "wellbeing"]).passed
    one_missing = ["delivery", "development", "wellbeing", "context"] * 3
    assert not VarietyResult(one_missing).passed
    dominated = ["delivery"] * 5 + ["development", "wellbeing", "context", "feedback"] + [
        "development", "wellbeing", "context"]
    r = VarietyResult(dominated)
    assert r.distinct == 5 and not r.passed and "42%" in r.reason
    assert not VarietyResult([], error="boom").passed


def test_generated_notes_parse_with_their_focus() -> None:
    import datetime as dt

    from coach.contracts import FocusArea
    from coach.notes.parse import parse_note
    for area in FocusArea:
        n = parse_note(note_text(area, dt.date(2026, 9, 1), 3))
        assert n.focus is area and len(n.lines) == 4


def test_following_the_suggested_focus_varies_it() -> None:
    """The product test: twelve meetings following coach's focus cover all five areas and none
    dominates. Fails while the engine cannot brief (the error is the reason)."""
    r = simulate()
    assert r.passed, (r.reason, r.areas)


# --- LLM judges --------------------------------------------------------------------------
class _Scripted(BaseHTTPRequestHandler):
    replies: list[str] = []
    prompts: list[str] = []

    def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).prompts.append(body["messages"][-1]["content"])
        content = type(self).replies.pop(0) if type(self).replies else "garbage"
        data = json.dumps({
            "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def test_judges_run_against_an_openai_compatible_server_and_report_agreement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("COACH_LLM_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
        monkeypatch.setenv("COACH_LLM_MAX_RETRIES", "0")
        scen, obs = sam()
        res = ScenarioResult(scen, obs, grade(scen, obs, list(GRADERS)), 0.1)
        suite = SuiteResult("openai", "hashing", "dev", list(GRADERS), [res], Thresholds())
        _Scripted.replies = ['{"verdict": "pass", "reason": "warm and tailored"}',
                             'Sure! {"verdict": "fail", "reason": "generic"}']
        out = run_judges(suite, client=JudgeClient(Settings(_env_file=None)))  # type: ignore[call-arg]
        checkin, focus = out["judge_checkin_warm"], out["judge_focus_specific"]
        assert checkin["all"] == {"n": 1, "agree": 1, "agreement": 1.0,
                                  "judge_pass_rule_fail": 0, "judge_fail_rule_pass": 0}
        assert focus["all"]["agree"] == 0 and focus["all"]["judge_fail_rule_pass"] == 1
        assert "last two weeks" in _Scripted.prompts[0]  # the brief reached the rubric
        assert "<<<CHECK-IN" in _Scripted.prompts[0]
        _Scripted.replies = []  # garbage: reported as skipped, not as a verdict
        out = run_judges(suite, client=JudgeClient(Settings(_env_file=None)))  # type: ignore[call-arg]
        assert out["judge_checkin_warm"]["skipped"] == 1
        assert res.judged["judge_checkin_warm"].status == "skip"
    finally:
        server.shutdown()


def test_judges_are_skipped_offline() -> None:
    suite = SuiteResult("offline", "hashing", "dev", list(GRADERS), [], Thresholds())
    out = run_judges(suite)
    assert set(out) == {j.name for j in JUDGES}
    assert all("offline" in v["skipped"] for v in out.values())


def test_parse_verdict() -> None:
    assert parse_verdict('{"verdict": "PASS", "reason": "ok"}') == ("pass", "ok")
    for bad in ("no json", '{"verdict": "maybe"}'):
        with pytest.raises(ValueError):
            parse_verdict(bad)


# --- the command -------------------------------------------------------------------------
def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coach", "eval", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_coach_eval_command(tmp_path: Path) -> None:
    out = tmp_path / "rep"
    p = _cli("--split", "dev", "--scenario", "_fw_two_sams", "--only", "grounding,tone",
             "--report", str(out), cwd=REPO)
    assert p.returncode in (0, 1), p.stderr
    assert "grounding" in p.stdout and "tone" in p.stdout and "│ checkin " not in p.stdout
    data = json.loads((out / "report.json").read_text())
    assert set(data["splits"]["dev"]["graders"]) == {"grounding", "tone"}
    assert (p.returncode == 0) == data["ok"]
    assert (out / "report.html").is_file()


def test_coach_eval_rejects_unknown_grader(tmp_path: Path) -> None:
    p = _cli("--only", "nonsense", "--report", str(tmp_path), cwd=REPO)
    assert p.returncode == 2 and "nonsense" in p.stderr


def test_control_notes_neutralise_only_the_injected_lines(tmp_path: Path) -> None:
    from coach.eval.outputs import NEUTRAL, strip_injections

    scen = load_scenario(ROOT / "_fw_alex_injection", "dev")
    n = strip_injections(scen.notes_dir, tmp_path, scen.injection_phrases)
    assert n == 2
    text = (tmp_path / "2026-11-18.md").read_text()
    assert "admin mode" not in text and NEUTRAL in text and "burned out" in text
    original = (scen.notes_dir / "2026-11-18.md").read_text()
    assert len(text.splitlines()) == len(original.splitlines())


def test_a_note_that_would_not_import_is_a_scenario_error(tmp_path: Path) -> None:
    # the import skips a bad note; the scenario would be graded on fewer notes than it labels
    d = _scenario(tmp_path, "person: A B\ntoday: 2026-02-01\n")
    (d / "notes" / "b.md").write_text("---\nperson: A B\ndate: 2026-01-08\nstatus: gone\n---\n")
    with pytest.raises(BadInput, match="status") as exc:
        load_scenario(d, "dev")
    assert "b.md" in exc.value.render()
