"""Optional LLM-as-judge graders for what rules cannot judge (a warm check-in, a specific focus
rationale), with their agreement with the deterministic graders on the labelled scenarios.

A judge runs only against the configured LLM (``COACH_LLM=openai``); offline every judge is
reported as skipped with the reason. A judge's verdict never gates the suite: it is trusted
only as far as its agreement with the deterministic grader shows.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from coach.config import Settings
from coach.eval.graders import FAIL, PASS, SKIP, Grade
from coach.eval.scenario import Scenario

if TYPE_CHECKING:
    from coach.contracts import Brief
    from coach.eval.runner import SuiteResult

PROMPTS = Path(__file__).resolve().parents[1] / "prompts"
SYSTEM = "You are a strict, fair evaluator of advice for 1:1 meetings. Reply with JSON only."


@dataclass(frozen=True)
class Judge:
    name: str
    prompt: str  # file in prompts/
    pairs_with: str  # the deterministic grader it is compared with

    def variables(self, scenario: Scenario, brief: Brief) -> dict[str, Any]:
        if self.pairs_with == "checkin":
            return {"question": brief.check_in.question, "why": brief.check_in.why,
                    "mentions": scenario.checkin_mentions}
        return {"area": brief.focus.area.value, "why": brief.focus.why,
                "questions": brief.focus.questions,
                "due": [a.value for a in scenario.focus_due],
                "wrong": [a.value for a in scenario.focus_not]}


JUDGES = [
    Judge("judge_checkin_warm", "judge_checkin.j2", "checkin"),
    Judge("judge_focus_specific", "judge_focus.j2", "focus"),
]


def render(judge: Judge, variables: dict[str, Any], prompts_dir: Path | None = None) -> str:
    folder = prompts_dir if prompts_dir and (prompts_dir / judge.prompt).is_file() else PROMPTS
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)),
                             undefined=jinja2.StrictUndefined, autoescape=False)
    return env.get_template(judge.prompt).render(**variables).strip()


def parse_verdict(text: str) -> tuple[str, str]:
    """(pass|fail, reason) from the model's reply; ValueError when it is not usable."""
    m = re.search(r"\{.*\}", text or "", re.S)
    if not m:
        raise ValueError(f"no JSON object in the judge's reply: {text[:120]!r}")
    data = json.loads(m.group(0))
    verdict = str(data.get("verdict", "")).strip().lower()
    if verdict not in (PASS, FAIL):
        raise ValueError(f"verdict {verdict!r} is not pass or fail")
    return verdict, str(data.get("reason", "")).strip()


class JudgeClient:
    """The configured OpenAI-compatible endpoint, with the settings' timeout and retries."""

    def __init__(self, settings: Settings):
        from openai import OpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        self.model = settings.llm_model
        self.client = OpenAI(base_url=settings.llm_base_url, api_key=key,
                             timeout=settings.llm_timeout_s, max_retries=settings.llm_max_retries)

    def complete(self, prompt: str) -> str:
        resp = self.client.chat.completions.create(
            model=self.model, temperature=0,
            messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}],
        )
        return resp.choices[0].message.content or ""


def judge_one(judge: Judge, scenario: Scenario, brief: Brief | None, client: Any,
              prompts_dir: Path | None = None) -> Grade:
    if brief is None:
        return Grade(judge.name, SKIP, "no brief to judge")
    prompt = render(judge, judge.variables(scenario, brief), prompts_dir)
    try:
        verdict, reason = parse_verdict(client.complete(prompt))
    except Exception as exc:  # noqa: BLE001 - an unusable judge answer is a skip, not a verdict
        return Grade(judge.name, SKIP, f"judge answer not usable: {type(exc).__name__}: {exc}")
    return Grade(judge.name, verdict, reason or "(no reason given)", {"prompt": prompt})


def agreement(suite: SuiteResult, judge: Judge) -> dict[str, Any]:
    """How often the judge agrees with its deterministic grader, per split and overall."""
    rows = []
    for r in suite.results:
        j = r.judged.get(judge.name)
        d = r.grades.get(judge.pairs_with)
        if j and d and j.status in (PASS, FAIL) and d.status in (PASS, FAIL):
            rows.append((r.scenario.split, j.status, d.status))
    out: dict[str, Any] = {"pairs_with": judge.pairs_with, "prompt": judge.prompt}
    for split in [*sorted({s for s, _, _ in rows}), "all"]:
        sel = [(j, d) for s, j, d in rows if split in ("all", s)]
        agree = sum(1 for j, d in sel if j == d)
        out[split] = {
            "n": len(sel), "agree": agree,
            "agreement": round(agree / len(sel), 4) if sel else None,
            "judge_pass_rule_fail": sum(1 for j, d in sel if j == PASS and d == FAIL),
            "judge_fail_rule_pass": sum(1 for j, d in sel if j == FAIL and d == PASS),
        }
    skipped = sum(1 for r in suite.results
                  if r.judged.get(judge.name) and r.judged[judge.name].status == SKIP)
    out["skipped"] = skipped
    return out


def run_judges(suite: SuiteResult, enabled: bool | None = None,
               client: Any | None = None) -> dict[str, Any]:
    """Judge every scenario's brief when an LLM is configured; otherwise report the skip.

    ``enabled`` None means: on when the suite's backend is openai.
    """
    on = suite.backend == "openai" if enabled is None else enabled
    if not on:
        reason = "skipped: offline backend (judges need COACH_LLM=openai)"
        return {j.name: {"skipped": reason, "pairs_with": j.pairs_with} for j in JUDGES}
    settings = Settings()
    if client is None:
        client = JudgeClient(settings)
    for r in suite.results:
        for j in JUDGES:
            r.judged[j.name] = judge_one(j, r.scenario, r.observed.brief, client,
                                         settings.prompts_dir)
    return {j.name: agreement(suite, j) for j in JUDGES}
