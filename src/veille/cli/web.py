"""Workspace commands: `veille serve`, `veille report`, `veille user add|role|list`."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from veille.cli.app import DbOption, app, console, fail, open_or_fail

user_app = typer.Typer(help="Accounts for multi-user mode (`veille serve --multi-user`).",
                       no_args_is_help=True)
app.add_typer(user_app, name="user")



def is_loopback(host: str) -> bool:
    """True when every address `host` names is a loopback address."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        pass
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback
                                   for a in addresses)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind (loopback unless --multi-user).")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    multi_user: Annotated[bool, typer.Option("--multi-user",
                                             help="Accounts, roles and login.")] = False,
    db: DbOption = None,
) -> None:
    """Start the analyst workspace (offline: no CDN, no remote tiles)."""
    import uvicorn

    from veille.store.accounts import count_users
    from veille.web.app import create_app

    if not multi_user and not is_loopback(host):
        fail(f"refusing to serve single-user mode on '{host}': bind to 127.0.0.1, or add "
             "--multi-user (and create accounts with `veille user add`)")
    store = open_or_fail(db)
    if multi_user:
        with store.session() as session:
            if count_users(session) == 0:
                fail("multi-user mode needs an account: `veille user add NAME --role admin`")
    console.print(f"veille workspace on http://{host}:{port}/ "
                  f"({'multi-user' if multi_user else 'single-user'})")
    uvicorn.run(create_app(store, multi_user=multi_user), host=host, port=port,
                log_level="warning", server_header=False)


@app.command()
def report(
    subject: Annotated[str, typer.Argument(help="Story id, entity id or entity name.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for the briefing.")]
    = Path("briefing"),
    db: DbOption = None,
) -> None:
    """Write a briefing (HTML and Markdown) on a story or an entity."""
    from veille.report.briefing import ReportError, write_briefing

    store = open_or_fail(db)
    try:
        html, markdown = write_briefing(store, subject, out)
    except ReportError as error:
        fail(str(error))
        return
    console.print(f"briefing written to {html} and {markdown}")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    password: Annotated[str | None, typer.Option(
        help="Password (asked for when left out; prefer that).")] = None,
    db: DbOption = None,
) -> None:
    """Create an account."""
    from veille.store.accounts import AccountError, add_user, record

    secret = password or typer.prompt("password", hide_input=True, confirmation_prompt=True)
    store = open_or_fail(db)
    try:
        with store.session() as session:
            add_user(session, name, role, secret)
            record(session, "cli", "user.add", "user", name, after={"role": role})
    except AccountError as error:
        fail(str(error))
    console.print(f"user '{name}' added as {role}")


@user_app.command("role")
def user_role(
    name: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Argument(help="viewer, analyst or admin.")],
    db: DbOption = None,
) -> None:
    """Change an account's role."""
    from veille.store.accounts import AccountError, record, set_role

    store = open_or_fail(db)
    try:
        with store.session() as session:
            old, new = set_role(session, name, role)
            record(session, "cli", "user.role", "user", name, before={"role": old},
                   after={"role": new})
    except AccountError as error:
        fail(str(error))
    console.print(f"user '{name}' is now {role}")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """List the accounts."""
    from veille.store.accounts import list_users

    store = open_or_fail(db)
    with store.session() as session:
        for user in list_users(session):
            typer.echo(f"{user.name}\t{user.role}\t{'active' if user.active else 'disabled'}")
