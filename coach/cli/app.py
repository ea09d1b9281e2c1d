"""The Typer app, shared helpers, and the one place CLI errors are rendered."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from pydantic import BaseModel, ValidationError

from coach.errors import CoachError

app = typer.Typer(
    name="coach",
    help="A local-first 1:1 meeting coach: notes in, prep briefs, answers and summaries out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    from coach.cli.safe import term

    typer.echo(f"coach: error: {term(message)}", err=True)
    raise typer.Exit(code)


def load_settings() -> Any:
    from coach.config import Settings

    try:
        settings = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}"
            for e in exc.errors()
        )
        fail(f"bad configuration: {problems}")
    from coach.rules import rxcache

    # one-shot commands build the rule regexes from the programs the last one kept
    rxcache.use(settings.home / "cache" / "rule-regexes.marshal")
    return settings


def warm_embedder(settings: Any) -> None:
    """Start building the embedder now, on a thread (coach.index.warmup), for a one-shot
    command that will embed: the build overlaps the imports and the first queries."""
    from coach.index import warmup
    from coach.index.options import EmbedderOptions

    warmup.start(settings.embedder, EmbedderOptions(
        threads=settings.embed_threads, stamp=warmup.stamp_path(settings.index_dir),
        optimize=False))


@contextmanager
def coach_session(*, embeds: bool = False, settings: Any = None) -> Iterator[Any]:
    """A ``Coach`` for the configured owner; user errors become exit code 2 with a message.

    ``embeds``: the command will embed a text (ask, add): the model starts loading at once.
    """
    settings = settings or load_settings()
    if embeds:
        warm_embedder(settings)
    from coach.service import Coach

    coach = Coach(settings)
    try:
        yield coach
    except CoachError as exc:
        fail(exc.render(), exc.exit_code)
    finally:
        coach.close()


def print_json(value: BaseModel | list[BaseModel] | dict[str, Any]) -> None:
    if isinstance(value, BaseModel):
        data: Any = value.model_dump(mode="json")
    elif isinstance(value, list):
        data = [v.model_dump(mode="json") for v in value]
    else:
        data = value
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
