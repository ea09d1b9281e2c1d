"""Corrections: `coach done ID`, `coach dismiss ID`, `coach reopen ID` (IDs from the brief)."""

from __future__ import annotations

from typing import Annotated, Literal

import typer

from coach.cli.app import app, coach_session, print_json

ThreadId = Annotated[int, typer.Argument(help="The thread id (shown by `coach brief NAME`).")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the thread as JSON.")]


def _correct(thread_id: int, action: Literal["done", "dismiss", "reopen"], as_json: bool) -> None:
    with coach_session() as coach:
        thread = coach.correct_thread(thread_id, action)
    if as_json:
        print_json(thread)
        return
    label = {"done": "marked done", "dismiss": "dismissed",
             "reopen": "open again"}[action]
    typer.echo(f"thread {thread.id} {label} ({thread.status}): {thread.text}")


@app.command()
def done(thread_id: ThreadId, json_: JsonFlag = False) -> None:
    """Mark a thread done: it stops showing as open (kept across re-imports)."""
    _correct(thread_id, "done", json_)


@app.command()
def dismiss(thread_id: ThreadId, json_: JsonFlag = False) -> None:
    """Dismiss a line that is not a thread: it stops showing as open."""
    _correct(thread_id, "dismiss", json_)


@app.command()
def reopen(thread_id: ThreadId, json_: JsonFlag = False) -> None:
    """Undo done/dismiss, or keep open a thread the notes seem to close."""
    _correct(thread_id, "reopen", json_)
