"""`coach llm check`: one line on the configured OpenAI-compatible endpoint."""

from __future__ import annotations

import typer

from coach.cli.app import app, load_settings

llm_app = typer.Typer(help="The LLM writer (any OpenAI-compatible endpoint).", no_args_is_help=True)
app.add_typer(llm_app, name="llm")


@llm_app.command("check")
def check_cmd() -> None:
    """Does the endpoint answer, which model, and does it support structured output?"""
    from coach.llm.check import check

    settings = load_settings()
    result = check(settings)
    line = result.line()
    if settings.llm != "openai":
        line += " (note: COACH_LLM=offline, so coach does not use it yet; set COACH_LLM=openai)"
    typer.echo(line, err=not result.ok)
    raise typer.Exit(0 if result.ok else 1)
