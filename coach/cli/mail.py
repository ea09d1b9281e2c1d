"""Summaries and email: `coach summarize`, `coach resend`, `coach send`, `coach worker`,
`coach outbox [retry ID]`, `coach share`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from coach.cli.app import app, coach_session, fail, print_json
from coach.cli.safe import term

AudienceOpt = Annotated[
    str, typer.Option("--for", help="manager (everything) or report (the shared version).")
]


def _audience(value: str) -> str:
    from coach.summary import AUDIENCES

    if value not in AUDIENCES:
        fail(f"--for: {value!r} is not one of {', '.join(AUDIENCES)}")
    return value


def _need_smtp(coach: Any) -> None:
    if not coach.settings.smtp_host:
        fail("email is not configured: set COACH_SMTP_HOST and COACH_MAIL_FROM (see README)")


def _sender(coach: Any, verbose: bool = False) -> Any:
    from coach.email.worker import OutboxSender

    def log(line: str) -> None:
        typer.echo(term(f"coach: {line}"), err=True)

    return OutboxSender(coach.db, coach.settings, coach.owner, log=log if verbose else None)


def _report_pass(result: Any) -> None:
    parts = [f"{result.sent} sent"]
    if result.retrying:
        parts.append(f"{result.retrying} will be retried")
    if result.parked:
        parts.append(f"{result.parked} parked")
    if result.unknown:
        parts.append(f"{result.unknown} with unknown outcome")
    typer.echo(", ".join(parts))
    for error in result.errors:
        typer.echo(term(f"coach: error: {error}"), err=True)
    if result.connect_error:
        typer.echo(f"coach: error: cannot reach the SMTP server: {result.connect_error} "
                   "(messages stay queued)", err=True)


def _summarize_unstored(coach: Any, note: Any) -> Any:
    """Run the ingest steps in a transaction that is rolled back; summary of the result."""
    from sqlalchemy.orm import Session

    from coach.service import resolve_person_threads, store_note
    from coach.store.repo import Repo

    with Session(coach.db.engine) as session:
        session.begin()
        try:
            repo = Repo(session, coach.owner)
            meeting, _ = store_note(repo, note, f"unsaved:{note.content_hash}")
            resolve_person_threads(repo, meeting.person)
            return repo.history(meeting.person), meeting.id
        finally:
            session.rollback()


def _renumber(summary: Any, temp_id: int) -> Any:
    """An unsaved meeting has no id: its citations say note 0."""
    data = summary.model_dump()

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("note_id") == temp_id and "quote" in node:
                node["note_id"] = 0
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(data)
    data["meeting_id"] = 0
    return type(summary).model_validate(data)


@app.command()
def summarize(
    file: Annotated[str, typer.Argument(help="Notes file, or - for stdin.")],
    json_: Annotated[bool, typer.Option("--json", help="Print the Summary JSON.")] = False,
    audience: AudienceOpt = "manager",
    send: Annotated[
        bool, typer.Option("--send", help="Queue and send it now (stored meetings only).")
    ] = False,
    person: Annotated[
        str | None, typer.Option("--person", "-p", help="Who the 1:1 was with (as `coach add`).")
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="Meeting date, YYYY-MM-DD (as `coach add`).")
    ] = None,
) -> None:
    """Summarize a meeting's notes. A file already stored uses the stored meeting; any other
    is parsed and summarized without being stored (it says which)."""
    from sqlalchemy import select

    from coach.errors import BadInput
    from coach.notes.parse import parse_note, read_note_file
    from coach.store.repo import Repo
    from coach.store.tables import Meeting
    from coach.summary import summarize as make_summary

    audience = _audience(audience)
    overrides = {"person": person, "date": date}
    try:
        if file == "-":
            note = parse_note(sys.stdin.read(), source="<stdin>", overrides=overrides)
        else:
            note = read_note_file(Path(file), overrides=overrides)
    except BadInput as exc:
        fail(exc.render())
    with coach_session() as coach:
        writer = getattr(coach, "summary_writer", None)
        with coach.db.session() as session:
            stored = session.scalars(
                select(Meeting).where(Meeting.owner == coach.owner,
                                      Meeting.content_hash == note.content_hash)
                .order_by(Meeting.id)
            ).first()
            history = Repo(session, coach.owner).history(stored.person) if stored else None
            meeting_id = stored.id if stored else None
        if history is not None and meeting_id is not None:
            typer.echo(term(f"coach: stored meeting #{meeting_id} ({note.person}, {note.date})"),
                       err=True)
            summary = make_summary(history, meeting_id, audience, today=coach.today,
                                   writer=writer)
        else:
            if send:
                fail(f"{note.source}: this meeting is not stored; `coach add` it first "
                     "(a new meeting's summary is queued when it is stored)")
            typer.echo(term(f"coach: {note.source} is not stored: summarized without saving it"),
                       err=True)
            history, temp_id = _summarize_unstored(coach, note)
            summary = _renumber(
                make_summary(history, temp_id, audience, today=coach.today, writer=writer),
                temp_id,
            )
        if send and meeting_id is not None:
            _resend(coach, meeting_id, ("manager", "report"))
    if json_:
        print_json(summary)
    else:
        from coach.email.render import render_summary

        typer.echo(term(render_summary(summary).text.rstrip()))


def _resend(coach: Any, meeting_id: int, audiences: tuple[str, ...]) -> None:
    from coach.email.outbox import queue_summary

    _need_smtp(coach)
    with coach.db.session() as session:
        rows = queue_summary(session, coach.settings, coach.owner, meeting_id, resend=True,
                             audiences=audiences, today=coach.today,
                             writer=getattr(coach, "summary_writer", None))
        ids = [(r.id, r.audience, r.to_addr) for r in rows]
    if not ids:
        fail("nobody to send it to: set COACH_MANAGER_EMAIL, or `coach share NAME --email ...`")
    for message_id, audience, to in ids:
        typer.echo(f"queued #{message_id} ({audience}) to {to}")
    sender = _sender(coach)
    failed = False
    for message_id, _, _ in ids:
        result = sender.run_pass(force=True, only=message_id)
        _report_pass(result)
        failed = failed or bool(result.retrying or result.parked or result.unknown
                                or result.connect_error or result.sent == 0)
    if failed:  # like `coach send`: not everything went out (issue 11)
        raise typer.Exit(1)


@app.command()
def resend(
    meeting_id: Annotated[int, typer.Argument(help="The meeting's id (see `coach summarize`).")],
    audience: Annotated[
        str, typer.Option("--for", help="manager, report or both.")
    ] = "both",
) -> None:
    """Queue a meeting's summary again (e.g. after editing its notes) and send it now."""
    if audience not in ("manager", "report", "both"):
        fail(f"--for: {audience!r} is not one of manager, report, both")
    audiences = ("manager", "report") if audience == "both" else (audience,)
    with coach_session() as coach:
        _resend(coach, meeting_id, audiences)


@app.command()
def send(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each message.")] = False,
) -> None:
    """Send every queued email now (ignoring retry delays); exit 1 if some could not go out."""
    with coach_session() as coach:
        _need_smtp(coach)
        result = _sender(coach, verbose).run_pass(force=True)
    _report_pass(result)
    if result.connect_error or result.errors:
        raise typer.Exit(1)


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="One pass over due messages, then exit.")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.01, help="Seconds between polls of the outbox.")
    ] = 5.0,
) -> None:
    """Deliver queued emails continuously, with retries and backoff (Ctrl-C / SIGTERM stops
    after the message in hand)."""
    with coach_session() as coach:
        _need_smtp(coach)
        sender = _sender(coach, verbose=True)
        sender.install_signal_handlers()
        if once:
            result = sender.run_pass()
            _report_pass(result)
            if result.connect_error or result.errors:
                raise typer.Exit(1)
            return
        typer.echo(f"coach: worker sending for {coach.owner} via {coach.settings.smtp_host}:"
                   f"{coach.settings.smtp_port}, polling every {interval:g}s", err=True)
        sender.run_forever(interval, tick=_calendar_tick(coach),
                           tick_every=coach.settings.calendar_sync_s)


def _calendar_tick(coach):
    """The worker's periodic calendar sync (issue 12): meetings, prep briefs, reminders."""
    def tick() -> None:
        from coach.calendar.service import sync

        report = sync(coach)
        for problem in report.errors:
            typer.echo(f"coach: calendar: {term(problem)}", err=True)

    return tick


outbox_app = typer.Typer(help="Queued, parked and sent emails.", no_args_is_help=False)
app.add_typer(outbox_app, name="outbox")


@outbox_app.callback(invoke_without_command=True)
def outbox(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Include sent messages.")] = False,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List emails not yet sent (pending, parked, unknown outcome) with their last error."""
    if ctx.invoked_subcommand is not None:
        return
    from coach.email.outbox import list_messages

    with coach_session() as coach, coach.db.session() as session:
        rows = [_row(r) for r in list_messages(session, coach.owner, include_sent=all_)]
    if json_:
        print_json({"messages": rows})
        return
    if not rows:
        typer.echo("outbox is empty" if all_ else "nothing waiting (use --all to see sent mail)")
        return
    for r in rows:
        when = r["sent_at"] if r["state"] == "sent" else r["next_attempt_at"]
        typer.echo(term(f"#{r['id']:<4} {r['state']:<8} {r['audience']:<7} {r['to']:<28} "
                        f"attempts={r['attempts']}  {when}  {r['subject']}"))
        if r["last_error"] and r["state"] != "sent":
            typer.echo(term(f"       last error: {r['last_error']}"))


def _row(r: Any) -> dict[str, Any]:
    def iso(value: Any) -> str | None:
        return value.isoformat(timespec="seconds") if value else None

    return {
        "id": r.id, "state": r.state, "audience": r.audience, "to": r.to_addr,
        "subject": r.subject, "meeting_id": r.meeting_id, "message_id": r.message_id,
        "attempts": r.attempts, "next_attempt_at": iso(r.next_attempt_at),
        "sent_at": iso(r.sent_at), "last_error": r.last_error,
    }


@outbox_app.command("retry")
def outbox_retry(
    message_id: Annotated[int, typer.Argument(help="Outbox id (see `coach outbox`).")],
) -> None:
    """Send a parked (or unknown-outcome) message again, now, with a fresh attempt budget."""
    from coach.email.outbox import requeue

    with coach_session() as coach:
        _need_smtp(coach)
        with coach.db.session() as session:
            requeue(session, coach.owner, message_id)
        result = _sender(coach).run_pass(force=True, only=message_id)
    _report_pass(result)
    if not result.sent:
        raise typer.Exit(1)


@outbox_app.command("mark-sent")
def outbox_mark_sent(
    message_id: Annotated[int, typer.Argument(help="Outbox id of an 'unknown' message.")],
) -> None:
    """Record that a message whose outcome was unknown did arrive (it is not sent again)."""
    from coach.email.outbox import mark_sent

    with coach_session() as coach, coach.db.session() as session:
        mark_sent(session, coach.owner, message_id)
    typer.echo(f"#{message_id} marked sent")


@app.command()
def share(
    name: Annotated[str, typer.Argument(help="Full or first name, any case.")],
    email: Annotated[str | None, typer.Option("--email", help="The report's address.")] = None,
    off: Annotated[
        bool, typer.Option("--off", help="Stop sending them the shared summary.")
    ] = False,
) -> None:
    """Send NAME the shared summary (no private lines, no coaching notes) after each 1:1.

    Off by default; `--email` sets the address and turns it on, `--off` turns it off.
    """
    from coach.email.render import check_address
    from coach.errors import BadInput
    from coach.store.repo import Repo

    if email is not None:
        try:
            email = check_address(email, "--email")
        except BadInput as exc:
            fail(exc.render())
    with coach_session() as coach, coach.db.session() as session:
        person = Repo(session, coach.owner).find_person(name)
        if email is not None:
            person.email = email
        if off:
            person.share_summary = False
        elif email is not None:
            person.share_summary = True
        elif not person.email:
            fail(f"{person.name} has no email address: use --email")
        else:
            person.share_summary = True
        state = "on" if person.share_summary else "off"
        typer.echo(term(f"{person.name}: shared summary {state}"
                        + (f" ({person.email})" if person.email else "")))
