"""Accounts and the shared agenda: `coach user add|token`, `coach agenda`, `coach share-link`."""

from __future__ import annotations

import getpass
import os
from typing import Annotated

import typer

from coach.cli.app import app, coach_session, fail

user_app = typer.Typer(help="Manager accounts for the web app and the API.",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")


def _password() -> str:
    env = os.environ.get("COACH_NEW_PASSWORD")
    if env:
        return env
    first = getpass.getpass("password (10+ characters): ")
    if first != getpass.getpass("again: "):
        fail("the passwords do not match")
    return first


@user_app.command("add")
def user_add(email: Annotated[str, typer.Argument(help="The manager's email (their login).")]
             ) -> None:
    """Create an account (password asked twice, or COACH_NEW_PASSWORD); hashed with argon2."""
    from coach.auth import add_user

    password = _password()
    with coach_session() as coach, coach.db.session() as session:
        user = add_user(session, email, password)
        typer.echo(f"user {user.email} created; log in at the web app")


@user_app.command("token")
def user_token(email: Annotated[str, typer.Argument(help="The manager's email.")]) -> None:
    """A new API token for the user (shown once; the previous one stops working)."""
    from coach.auth import new_api_token

    with coach_session() as coach, coach.db.session() as session:
        token = new_api_token(session, email)
    typer.echo(token)


def _owner_for(email: str | None, default: str) -> str:
    from coach.auth import normalize_email

    return normalize_email(email) if email else default


UserOpt = Annotated[str | None, typer.Option("--user", help="Act as this web user (email).")]


@app.command()
def agenda(name: Annotated[str, typer.Argument(help="Full or first name, any case.")],
           user: UserOpt = None) -> None:
    """Print NAME's shared agenda for the next 1:1, exactly as the report's link shows it."""
    from coach.agenda import shared_agenda
    from coach.store.repo import Repo

    with coach_session() as coach, coach.db.session() as session:
        owner = _owner_for(user, coach.owner)
        view = shared_agenda(session, owner, Repo(session, owner).find_person(name))
    typer.echo(f"Agenda for the next 1:1 with {view.person}")
    sections = [(f"{view.person.split()[0]}'s topics", view.report_topics),
                ("Shared by you", view.manager_topics), ("You still owe", view.owed)]
    for title, entries in sections:
        typer.echo(f"\n{title}:")
        for e in entries or []:
            typer.echo(f"  - {e.text}" + (f" (added {e.added:%a %d %b})" if e.added else ""))
        if not entries:
            typer.echo("  (none)")


@app.command("share-link")
def share_link(
    name: Annotated[str, typer.Argument(help="Full or first name, any case.")],
    revoke: Annotated[bool, typer.Option("--revoke", help="Revoke NAME's links.")] = False,
    days: Annotated[int, typer.Option(help="Days until the link expires.")] = 30,
    base_url: Annotated[str, typer.Option(help="The server's address as the report reaches it.")
                        ] = "http://127.0.0.1:8765",
    user: UserOpt = None,
) -> None:
    """Create the report's shared-agenda link (shown once) or revoke their links."""
    from coach import agenda as ag
    from coach.store.repo import Repo

    with coach_session() as coach, coach.db.session() as session:
        owner = _owner_for(user, coach.owner)
        person = Repo(session, owner).find_person(name)
        if revoke:
            n = ag.revoke_links(session, owner, person.id)
            typer.echo(f"{person.name}: {n} link(s) revoked")
            return
        token = ag.create_link(session, owner, person.id, days)
    typer.echo(f"{base_url.rstrip('/')}/a/{token}")
    typer.echo(f"(shown once; expires in {days} days; `coach share-link {name} --revoke` "
               "stops it)", err=True)
