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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
) -> None:
    """Serve the JSON API (/api/people, /api/people/{id}/brief, /api/notes, /api/ask)."""
    import uvicorn

    from coach.api.app import create_app
    from coach.cli.app import load_settings

    uvicorn.run(create_app(load_settings()), host=host, port=port, log_level="warning")
