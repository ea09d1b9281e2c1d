"""Advice out: `coach brief`, `coach ask`, `coach people`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from coach.cli.app import app, coach_session, print_json


def _show(compute: Callable[[Any], Any], printer: str, as_json: bool,
          embeds: bool = False) -> None:
    """Compute a result with a ``Coach``; print it as JSON or with ``render.<printer>``.

    coach.cli.render (and rich) is imported only here, so `coach add` never loads it.
    """
    with coach_session(embeds=embeds) as coach:
        result = compute(coach)
    if as_json:
        print_json(result)
    else:
        from coach.cli import render

        getattr(render, printer)(result)


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON (the documented contract).")]


@app.command()
def brief(
    name: Annotated[str, typer.Argument(help="Full or first name, any case.")],
    json_: JsonFlag = False,
) -> None:
    """Prep brief for the next 1:1 with NAME."""
    _show(lambda coach: coach.brief(name), "print_brief", json_)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help='e.g. "what should I follow up on with Sam?"')],
    json_: JsonFlag = False,
) -> None:
    """Ask about your notes in plain words; the answer cites the notes it comes from."""
    _show(lambda coach: coach.ask(question), "print_answer", json_, embeds=True)


@app.command()
def people(json_: JsonFlag = False) -> None:
    """Everyone you have notes on: last 1:1, open threads, warning signs."""
    _show(lambda coach: coach.people(), "print_people", json_)


# Seconds an idle keep-alive connection stays open. Clients must drop an idle connection
# before the server does, or a request sent as the server closes it fails ("server
# disconnected"): httpx keeps idle connections 5 s (uvicorn's own default, so the two race),
# aiohttp 15 s, nginx's upstream pool 60 s. Seen under load (benchmarks/load.py).
KEEP_ALIVE_S = 75


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8765,
    workers: Annotated[int, typer.Option(
        min=1, help="Worker processes (use PostgreSQL for more than one).")] = 1,
) -> None:
    """Serve the web app at / and the JSON API at /api (accounts required off loopback)."""
    import uvicorn

    from coach.api.app import create_app
    from coach.cli.app import load_settings
    from coach.web.serve import check_bind

    settings = load_settings()
    loopback = check_bind(settings, host)
    if workers > 1:
        import os

        from coach.api.factory import prepare

        prepare(settings)
        os.environ["COACH_SERVE_LOOPBACK"] = "1" if loopback else "0"  # read by each worker
        uvicorn.run("coach.api.factory:app_from_env", factory=True, workers=workers,
                    host=host, port=port, log_level="warning", proxy_headers=True,
                    timeout_keep_alive=KEEP_ALIVE_S)
        return
    from coach.service_gc import settle

    served = create_app(settings, loopback=loopback)
    settle()  # start-up objects leave the full garbage collections' passes
    uvicorn.run(served, host=host, port=port,
                log_level="warning", proxy_headers=True, timeout_keep_alive=KEEP_ALIVE_S)
