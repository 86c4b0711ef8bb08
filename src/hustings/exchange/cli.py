"""`hustings hash FILE...` (hashes to share without sending content) and
`hustings exchange groups ...` (sharing groups, managed by the hub's operators).

Refused input prints what is wrong and exits 2, having written nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from hustings.auth.models import Organisation
from hustings.db import session_scope
from hustings.exchange import hashing, service, textprint

app = typer.Typer(help="The signal exchange between platforms.", no_args_is_help=True)
groups = typer.Typer(help="Sharing groups: who sees whose signals.", no_args_is_help=True)
app.add_typer(groups, name="groups")
console = Console(width=200)
errors = Console(stderr=True, width=200)
OPERATOR = "cli"


def hash(
    files: Annotated[list[Path] | None, typer.Argument(help="files to hash")] = None,
    text: Annotated[
        list[str] | None, typer.Option("--text", help="a text to fingerprint (repeatable)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object per line")] = False,
) -> None:
    """Print PDQ (with quality), MD5 and SHA-256 of each file, or a text's fingerprint."""
    if not files and not text:
        errors.print("[red]Name at least one file, or give --text.[/red]")
        raise typer.Exit(2)
    failed = False
    for path in files or []:
        try:
            data = path.read_bytes()
        except OSError as error:
            errors.print(f"[red]{path}: {error.strerror}[/red]")
            failed = True
            continue
        hashes = hashing.hash_bytes(data)
        row = {
            "file": str(path),
            "pdq": hashes.pdq,
            "quality": hashes.quality,
            "md5": hashes.md5,
            "sha256": hashes.sha256,
        }
        if as_json:
            typer.echo(json.dumps(row))
        else:
            pdq = f"{hashes.pdq} (quality {hashes.quality})" if hashes.pdq else "- (not an image)"
            typer.echo(
                f"{path}\n  pdq     {pdq}\n  md5     {hashes.md5}\n  sha256  {hashes.sha256}"
            )
    for item in text or []:
        printed = textprint.fingerprint(item)
        if as_json:
            typer.echo(json.dumps({"exact": printed.exact, "minhash": printed.minhash}))
        else:
            typer.echo(f"text\n  exact   {printed.exact}\n  minhash {printed.minhash}")
    if failed:
        raise typer.Exit(1)


commands = [hash]


@groups.command("create")
def create_group(
    slug: Annotated[str, typer.Option(help="short name platforms use, e.g. uk-2026")],
    name: Annotated[str, typer.Option(help="a readable name")],
    member: Annotated[list[str] | None, typer.Option(help="organisation slug (repeatable)")] = None,
) -> None:
    """Create a sharing group, optionally with its first members."""
    with session_scope() as session:
        if service.group_by_slug(session, slug) is not None:
            errors.print(f"[red]A sharing group '{slug}' already exists.[/red]")
            raise typer.Exit(2)
        group = service.create_group(session=session, slug=slug, name=name, actor=OPERATOR)
        for org_slug in member or []:
            organisation = session.scalar(select(Organisation).where(Organisation.slug == org_slug))
            if organisation is None:
                errors.print(f"[red]No organisation '{org_slug}'.[/red]")
                raise typer.Exit(2)
            service.add_member(
                session=session, group=group, organisation=organisation, actor=OPERATOR
            )
    console.print(f"Created sharing group {slug}.")


@groups.command("add")
def add_member(
    slug: Annotated[str, typer.Argument(help="the group")],
    org: Annotated[str, typer.Argument(help="the organisation's slug")],
) -> None:
    """Add a platform organisation to a sharing group."""
    with session_scope() as session:
        group = service.group_by_slug(session, slug)
        organisation = session.scalar(select(Organisation).where(Organisation.slug == org))
        if group is None or organisation is None:
            errors.print("[red]No such group or organisation.[/red]")
            raise typer.Exit(2)
        service.add_member(session=session, group=group, organisation=organisation, actor=OPERATOR)
    console.print(f"{org} is in {slug}.")


@groups.command("list")
def list_groups() -> None:
    """Every sharing group and its members."""
    table = Table("group", "name", "members")
    with session_scope() as session:
        for group in service.all_groups(session):
            members = ", ".join(service.member_slugs(session, group.id))
            table.add_row(group.slug, group.name, members)
    console.print(table)


@app.command("snapshot")
def snapshot() -> None:
    """Write the matching index's snapshot now (the worker does it every five minutes)."""
    from hustings.exchange.jobs import save_index_snapshot

    console.print(f"Snapshot written: {save_index_snapshot()} live signals.")
