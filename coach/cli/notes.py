"""Notes in: `coach add`, `coach import`, `coach reindex`, and `coach demo`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from coach.cli.app import app, coach_session, fail, load_settings, warm_embedder


def _progress(total: int):
    """A rich progress bar on stderr for long imports (hidden for small ones / non-TTY)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    console = Console(stderr=True)
    return Progress(
        "[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
        TimeRemainingColumn(), console=console, transient=True,
        disable=total < 50 or not console.is_terminal,
    )


@app.command()
def add(
    file: Annotated[
        Path | None,
        typer.Argument(help="Notes file (Markdown, front matter optional); stdin if omitted."),
    ] = None,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Who the 1:1 was with.")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Meeting date, YYYY-MM-DD.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="held (default), cancelled or rescheduled.")
    ] = None,
    focus: Annotated[
        str | None, typer.Option(help="delivery, development, wellbeing, context or feedback.")
    ] = None,
) -> None:
    """Add one meeting's notes. Options override the file's front matter.

    The same person and date added again replaces that meeting's notes.
    """
    settings = load_settings()
    warm_embedder(settings)  # the model loads while the note is read, parsed and stored
    from coach.cli.safe import term
    from coach.errors import BadInput
    from coach.notes.limits import Limits, check_size
    from coach.notes.parse import parse_note
    from coach.store.repo import name_key

    limits = Limits.from_settings(settings)
    source = str(file) if file else "<stdin>"
    try:
        if file is None:
            if sys.stdin.isatty():
                typer.echo("Paste the notes, then Ctrl-D:", err=True)
            raw = sys.stdin.buffer.read(limits.note_max_bytes + 1)  # never more than the limit
            check_size(len(raw), where=source, limits=limits)
        else:
            try:
                check_size(file.stat().st_size, where=source, limits=limits)
                raw = file.read_bytes()
            except OSError as exc:
                fail(f"{term(str(file))}: cannot read file: {exc.strerror}")
    except BadInput as exc:
        fail(exc.render())
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{source}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
    overrides = {"person": person, "date": date, "status": status, "focus": focus}
    try:
        note = parse_note(text, source=source, overrides=overrides, limits=limits)
    except BadInput as exc:
        fail(exc.render())
    key = f"add:{name_key(note.person)}:{note.date.isoformat()}"
    with coach_session(embeds=True, settings=settings) as coach:
        report = coach.add_notes([(note, key)])
    if report.errors:
        fail(report.errors[0], 1)
    what = "added" if report.added else "updated" if report.updated else "unchanged"
    typer.echo(term(f"{what}: {note.person}, {note.date.isoformat()} ({note.status.value})"))


@app.command("import")
def import_(
    folder: Annotated[
        Path, typer.Argument(help="Folder of Markdown notes (searched recursively).")
    ],
) -> None:
    """Import a folder of notes. Re-importing changes nothing; edited files update their meeting.

    A bad file is reported with its path and reason and skipped; the rest is imported and the
    exit code is 2.
    """
    with coach_session() as coach:
        state: dict = {}

        def on_total(total: int) -> None:
            state["bar"] = _progress(total)
            state["bar"].start()
            state["task"] = state["bar"].add_task("importing", total=total)

        def on_progress(n: int) -> None:
            state["bar"].advance(state["task"], n)

        try:
            report = coach.import_dir(folder, on_progress=on_progress, on_total=on_total)
        finally:
            if "bar" in state:
                state["bar"].stop()
    from coach.cli.safe import term

    typer.echo(term(
        f"imported {folder}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.errors)} failed"
    ))
    for error in report.errors:
        typer.echo(f"coach: error: {term(error)}", err=True)
    if report.errors:
        raise typer.Exit(2)


@app.command()
def reindex() -> None:
    """Rebuild the vector index from the store (e.g. after changing COACH_EMBEDDER)."""
    with coach_session() as coach:
        count = coach.reindex()
    typer.echo(f"reindexed {count} lines")


@app.command()
def demo(
    home: Annotated[
        Path | None, typer.Option(help="Where to put the demo store (default: a temp folder).")
    ] = None,
    person: Annotated[str, typer.Option(help="Whose brief to print.")] = "Sam Lee",
) -> None:
    """Import the bundled sample notes into a throwaway home and print a brief and an answer."""
    import os
    import tempfile

    from coach.cli.render import print_answer, print_brief
    from coach.config import Settings
    from coach.errors import CoachError
    from coach.service import Coach

    samples = Path(__file__).resolve().parent.parent / "samples" / "notes"
    target = home or Path(tempfile.mkdtemp(prefix="coach-demo-"))
    os.environ.pop("COACH_DATABASE_URL", None)
    import datetime as dt

    try:  # the sample notes end in November 2026
        today = dt.date.fromisoformat(os.environ.get("COACH_TODAY") or "2026-11-24")
    except ValueError:
        fail(f"COACH_TODAY: {os.environ.get('COACH_TODAY')!r} is not a date (YYYY-MM-DD)")
    settings = Settings(home=target, database_url=None, today=today)
    coach = Coach(settings)
    try:
        report = coach.import_dir(samples)
        typer.echo(
            f"Imported {report.added + report.updated + report.unchanged} sample notes for "
            f"{len(coach.people())} people into {target} (today is {coach.today}).\n"
        )
        print_brief(coach.brief(person))
        question = f"what should I follow up on with {person.split()[0]}?"
        typer.echo("")
        print_answer(coach.ask(question))
        typer.echo(
            f"\nTry: export COACH_HOME={target} COACH_TODAY={coach.today}; then "
            "coach people | coach brief Priya | coach ask \"who asked about promotion or pay?\""
        )
    except CoachError as exc:
        fail(exc.render(), exc.exit_code)
    finally:
        coach.close()
