"""Advice out: `coach brief`, `coach ask`, `coach people`."""

from __future__ import annotations

from typing import Annotated

import typer

from coach.cli.app import app, coach_session, print_json

JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (the documented contract).")]


@app.command()
def brief(
    name: Annotated[str, typer.Argument(help="Full or first name, any case.")],
    json_: JsonFlag = False,
) -> None:
    """Prep brief for the next 1:1 with NAME."""
    with coach_session() as coach:
        result = coach.brief(name)
    if json_:
        print_json(result)
    else:
        from coach.cli.render import print_brief

        print_brief(result)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='e.g. "what should I follow up on with Sam?"')],
    json_: JsonFlag = False,
) -> None:
    """Ask about your notes in plain words; the answer cites the notes it comes from."""
    with coach_session() as coach:
        result = coach.ask(question)
    if json_:
        print_json(result)
    else:
        from coach.cli.render import print_answer

        print_answer(result)


@app.command()
def people(json_: JsonFlag = False) -> None:
    """Everyone you have notes on: last 1:1, open threads, warning signs."""
    with coach_session() as coach:
        result = coach.people()
    if json_:
        print_json(result)
    else:
        from coach.cli.render import print_people

        print_people(result)
