"""The eval report: JSON for machines, one self-contained HTML page for people.

Per scenario: the brief (and answers, summaries), what each grader saw, and why it failed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2

from coach.eval.runner import ScenarioResult, SuiteResult


def _dump(model: Any) -> Any:
    return None if model is None else model.model_dump(mode="json")


def scenario_dict(r: ScenarioResult) -> dict[str, Any]:
    o, s = r.observed, r.scenario
    return {
        "id": s.id, "split": s.split, "name": s.name, "description": s.description,
        "person": s.person, "today": s.today.isoformat(), "principles": s.principles,
        "seconds": round(r.seconds, 3), "gold": s.gold_dict(),
        "brief": _dump(o.brief), "brief_error": o.brief_error,
        "answers": [{"question": a.question, "answer": _dump(a.answer), "error": a.error}
                    for a in o.answers],
        "summary_manager": _dump(o.summary_manager), "summary_report": _dump(o.summary_report),
        "summary_error": o.summary_error,
        "control_brief": _dump(o.control_brief), "control_error": o.control_error,
        "notes": [{"id": n.id, "file": n.file, "person": n.person, "date": n.date.isoformat()}
                  for n in sorted(o.notes.values(), key=lambda n: (n.date, n.id))],
        "grades": {k: {"status": g.status, "reason": g.reason, "saw": g.saw}
                   for k, g in r.grades.items()},
        "judged": {k: {"status": g.status, "reason": g.reason} for k, g in r.judged.items()},
    }


def suite_dict(suite: SuiteResult) -> dict[str, Any]:
    """Plain JSON data (dates and anything else a grader saw become strings)."""
    return json.loads(json.dumps(_suite_dict(suite), default=str))


def _suite_dict(suite: SuiteResult) -> dict[str, Any]:
    return {
        "started": suite.started, "seconds": round(suite.seconds, 2),
        "backend": suite.backend, "embedder": suite.embedder, "split": suite.split,
        "ok": suite.ok, "failures": suite.failures(),
        "splits": {
            split: {
                "scenarios": sum(1 for r in suite.results if r.scenario.split == split),
                "graders": {k: v.to_dict() for k, v in suite.stats(split).items()},
            }
            for split in suite.splits()
        },
        "variety": suite.variety.to_dict() if suite.variety else None,
        "judges": suite.judges,
        "scenarios": [scenario_dict(r) for r in suite.results],
    }


def write_json(suite: SuiteResult, path: Path) -> dict[str, Any]:
    data = suite_dict(suite)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n",
                    encoding="utf-8")
    return data


TEMPLATE = Path(__file__).with_name("report.html.j2")


def render_html(data: dict[str, Any]) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.ChainableUndefined)
    first = next(iter(data["splits"].values()), None)
    graders = list(first["graders"]) if first else []
    thresholds = {g: first["graders"][g]["threshold"] for g in graders} if first else {}
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(d=data, graders=graders, thresholds=thresholds)


def write_reports(suite: SuiteResult, target: Path) -> tuple[Path, Path]:
    """Write JSON and HTML. ``target`` is a folder (report.json + report.html inside) or a file
    path whose suffix is replaced by .json and .html."""
    if target.suffix.lower() in (".html", ".htm", ".json"):
        json_path, html_path = target.with_suffix(".json"), target.with_suffix(".html")
    else:
        json_path, html_path = target / "report.json", target / "report.html"
    data = write_json(suite, json_path)
    html_path.write_text(render_html(data), encoding="utf-8")
    return json_path, html_path
