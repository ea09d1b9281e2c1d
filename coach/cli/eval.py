"""`coach eval`: grade briefs, answers and summaries against the 1:1 principles."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from coach.cli.app import app, fail


class Backend(StrEnum):
    offline = "offline"
    openai = "openai"


class Split(StrEnum):
    dev = "dev"
    heldout = "heldout"
    all = "all"


class EmbedderChoice(StrEnum):
    hashing = "hashing"
    minilm = "minilm"
    onnx = "onnx"


def _find_eval_dir() -> Path:
    """The repo's eval/ folder: from the working directory upwards, else beside the package."""
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "eval" / "scenarios").is_dir():
            return folder / "eval"
    return Path(__file__).resolve().parents[2] / "eval"


@app.command("eval")
def eval_(
    backend: Annotated[Backend, typer.Option(help="Writer to grade.")] = Backend.offline,
    split: Annotated[Split, typer.Option(help="Scenario split to run.")] = Split.all,
    only: Annotated[list[str] | None, typer.Option(
        "--only", help="Run only this grader (repeat or comma-separate; 'focus_variety' for "
        "the sequence test).")] = None,
    report: Annotated[Path, typer.Option(
        help="Folder for report.json + report.html, or a .html/.json file path.")
    ] = Path("reports/eval"),
    scenarios: Annotated[Path | None, typer.Option(
        help="Scenario folder (default: eval/scenarios of this repo).")] = None,
    thresholds: Annotated[Path | None, typer.Option(
        help="Thresholds file (default: eval/thresholds.yaml).")] = None,
    scenario: Annotated[str | None, typer.Option(
        help="Run only scenarios whose name contains this.")] = None,
    embedder: Annotated[EmbedderChoice, typer.Option(
        help="Embedder for the throwaway stores.")] = EmbedderChoice.hashing,
    judges: Annotated[bool | None, typer.Option(
        "--judges/--no-judges", help="LLM-as-judge graders (default: on with --backend openai).")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the table.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail below the targets too, not only below the recorded floors.")
    ] = False,
    corpus: Annotated[bool, typer.Option(
        "--corpus", help="Score the four decisions on the labelled corpus (test split): "
        "rules only beside fitted.")] = False,
    rules: Annotated[bool, typer.Option(
        "--rules", help="Precision and recall of every rule on the labelled corpus.")] = False,
    corpus_dir: Annotated[Path | None, typer.Option(
        help="Corpus folder for --corpus/--rules (default: eval/corpus).")] = None,
) -> None:
    """Grade every scenario; print pass rates per grader; exit 1 below the thresholds.

    The gate is each grader's floor in eval/thresholds.yaml (the scores last recorded, so a
    change that makes advice worse fails), or its target where no floor is set; scores that
    pass the floor but not the target are listed. --strict gates on the targets.
    """
    from rich.console import Console

    from coach.errors import CoachError
    from coach.eval.graders import GRADERS
    from coach.eval.report import write_reports
    from coach.eval.runner import VARIETY, run_suite
    from coach.eval.thresholds import load_thresholds

    console = Console(highlight=False)
    if corpus or rules:
        from coach.cli.eval_corpus import print_corpus, print_rules

        try:
            if corpus:
                print_corpus(console, corpus_dir, "test")
            if rules:
                print_rules(console, corpus_dir, None)
        except CoachError as exc:
            fail(str(exc))
        return
    names = [n.strip() for item in (only or []) for n in item.split(",") if n.strip()]
    unknown = [n for n in names if n not in GRADERS and n != VARIETY]
    if unknown:
        fail(f"--only: unknown grader(s) {unknown}; known: {', '.join([*GRADERS, VARIETY])}")
    eval_dir = _find_eval_dir()
    try:
        limits = load_thresholds(thresholds or eval_dir / "thresholds.yaml", set(GRADERS))

        def progress(res: Any) -> None:
            if quiet:
                return
            bad = [k for k, g in res.grades.items() if g.status == "fail"]
            mark = "[red]✗[/red]" if bad else "[green]✓[/green]"
            extra = f" [red]{', '.join(bad)}[/red]" if bad else ""
            console.print(f"{mark} {res.scenario.id} [dim]{res.seconds:.2f}s[/dim]{extra}")

        suite = run_suite(
            scenarios or eval_dir / "scenarios", limits, split=split.value,
            backend=backend.value, embedder=embedder.value, only=names or None,
            name=scenario, judges=judges, on_scenario=progress, strict=strict,
        )
    except CoachError as exc:
        fail(exc.render(), exc.exit_code)
    json_path, html_path = write_reports(suite, report)
    print_table(console, suite)
    console.print(f"[dim]report: {html_path} · {json_path} · {suite.seconds:.1f}s[/dim]")
    failures = suite.failures()
    below = suite.below_target()
    if below:
        console.print("[yellow]below target (above the recorded floor):[/yellow] "
                      + "; ".join(below))
    if failures:
        console.print("[bold red]below thresholds:[/bold red] " + "; ".join(failures))
        raise typer.Exit(1)
    console.print("[bold green]no score below its floor[/bold green]" if below
                  else "[bold green]all targets met[/bold green]")


def print_table(console: Any, suite: Any) -> None:
    from rich.table import Table

    from coach.eval.interval import format_rate

    splits = suite.splits()
    table = Table(title=f"coach eval · backend {suite.backend}", header_style="bold")
    table.add_column("grader")
    for s in splits:
        n = sum(1 for r in suite.results if r.scenario.split == s)
        table.add_column(f"{s} ({n})", justify="right")
    table.add_column("target", justify="right")
    stats = {s: suite.stats(s) for s in splits}
    for name in suite.graders:
        cells = []
        for s in splits:
            st = stats[s][name]
            text = st.verdict if st.rate is None else format_rate(st.passed, st.graded)
            if st.skipped:
                text += f" +{st.skipped} skip"
            color = "green" if st.meets_target else "yellow" if st.ok else "red"
            if st.floor is not None and st.floor < st.threshold:
                text += f" ≥{st.floor:.0%}"
            cells.append(f"[{color}]{text}[/{color}]")
        table.add_row(name, *cells, f"{suite.thresholds.for_grader(name):.0%}")
    if suite.variety is not None:
        v = suite.variety
        color = "green" if v.passed else "red"
        text = (f"[{color}]{v.distinct}/5 areas, top {v.top_share:.0%}[/{color}]"
                if not v.error else "[red]error[/red]")
        table.add_row("focus_variety (12 meetings)", text, *[""] * (len(splits) - 1),
                      f">={v.min_distinct}, <={v.max_share:.0%}")
    for name, j in suite.judges.items():
        if "skipped" in j and isinstance(j["skipped"], str):
            table.add_row(f"{name} (judge)", f"[yellow]{j['skipped']}[/yellow]",
                          *[""] * (len(splits) - 1), "-")
            continue
        cells = []
        for s in splits:
            a = j.get(s) or {}
            cells.append(f"agrees {a['agreement']:.0%} (n={a['n']})"
                         if a.get("agreement") is not None else "n/a")
        table.add_row(f"{name} (judge)", *cells, "reported")
    console.print(table)
