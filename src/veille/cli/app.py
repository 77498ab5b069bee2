"""The Typer application and the options every command shares."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from veille.store import Store, StoreError, open_store

app = typer.Typer(
    name="veille",
    help="veille: open-source intelligence workbench for weapons production and arms transfers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: $VEILLE_DB or sqlite:///veille.db)."),
]


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and leave with a non-zero status."""
    console.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    raise typer.Exit(code)


def open_or_fail(db: str | None) -> Store:
    """The migrated store at `db`, or a one-line error and a non-zero exit."""
    try:
        return open_store(db)
    except StoreError as error:
        fail(str(error))
        raise  # unreachable: fail() exits


def main() -> None:
    """Run the CLI; a database failure ends it with a one-line error instead of a traceback."""
    from sqlalchemy.exc import DBAPIError

    try:
        app()
    except StoreError as error:
        console.print(f"[red]error:[/red] {error}", highlight=False, markup=True)
        raise SystemExit(1) from None
    except DBAPIError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        console.print(f"[red]error:[/red] the store failed: {reason}; "
                      "what was committed before is kept", highlight=False, markup=True)
        raise SystemExit(1) from None
