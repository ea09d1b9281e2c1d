"""`coach calendar add|sync|match`: the calendar as the source of truth for 1:1s."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.app import app, coach_session, print_json

calendar_app = typer.Typer(help="Read your calendar: held, cancelled and moved 1:1s.",
                           no_args_is_help=True)
app.add_typer(calendar_app, name="calendar")


@calendar_app.command("add")
def add(
    location: Annotated[str | None, typer.Argument(
        help="An .ics address (https://, webcal://) or an exported .ics file.")] = None,
    caldav: Annotated[str | None, typer.Option("--caldav", help="A CalDAV calendar URL.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="CalDAV user name.")] = None,
) -> None:
    """Add a calendar (the password of a CalDAV one comes from COACH_CALDAV_PASSWORD)."""
    from coach.calendar.service import add_source

    with coach_session() as coach:
        source, new = add_source(coach, location, caldav, user)
        typer.echo(f"{'added' if new else 'already added'}: {source.kind} {source.url} "
                   f"(run `coach calendar sync`)")


@calendar_app.command("sync")
def sync(
    force: Annotated[bool, typer.Option("--force", help="Re-read unchanged calendars.")] = False,
    every: Annotated[float | None, typer.Option(
        "--every", min=1.0, help="Keep syncing every S seconds (Ctrl-C stops).")] = None,
    times: Annotated[int | None, typer.Option(
        "--times", min=1, help="With --every: stop after N syncs.")] = None,
) -> None:
    """Read every calendar; store new and changed events; update the 1:1 meetings."""
    import time

    done = 0
    while True:
        ok = _sync_once(force)
        done += 1
        if every is None or (times is not None and done >= times):
            if not ok:  # a calendar could not be read, or has malformed lines
                raise typer.Exit(2)
            return
        time.sleep(every)


def _sync_once(force: bool) -> bool:
    from coach.calendar.service import sync as run_sync

    with coach_session() as coach:
        r = run_sync(coach, force)
    typer.echo(f"{r.sources} calendar(s) read ({r.unchanged_sources} unchanged): "
               f"{r.added} events added, {r.updated} changed, {r.removed} removed, "
               f"{r.unchanged} unchanged; {r.meetings} meetings from the calendar")
    for subject in r.emails:
        typer.echo(f"queued: {subject}")
    for error in r.errors:
        typer.echo(f"coach: error: {error}", err=True)
    return not r.errors


@calendar_app.command("match")
def match(
    series: Annotated[int | None, typer.Argument(help="A series id to fix.")] = None,
    person: Annotated[str | None, typer.Option("--person", help="Who the series is with.")] = None,
    auto: Annotated[bool, typer.Option("--auto", help="Back to automatic matching.")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the 1:1 series and whom they are matched to; fix one with SERIES --person NAME."""
    from coach.calendar.service import series_list, set_match

    with coach_session() as coach:
        if series is not None:
            if not person and not auto:
                typer.echo("coach: error: give --person NAME or --auto", err=True)
                raise typer.Exit(2)
            views = [set_match(coach, series, None if auto else person)]
        else:
            views = series_list(coach)
    if as_json:
        print_json({"series": [v.__dict__ for v in views]})
        return
    for v in views:
        who = f"{v.person} (by {v.match})" if v.person else "UNMATCHED"
        typer.echo(f"{v.id:>4}  {v.title or '(no title)'}  ->  {who}  [{v.instances} instances]")
    if not views:
        typer.echo("no 1:1 series in your calendars")
