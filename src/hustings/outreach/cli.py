"""`hustings outreach ...`: import candidates and staff, link parties and areas, invite.

Imports show a Rich progress bar, print every bad row with its line number and reason, and
exit 1 when any row was bad (after importing the good ones, unless --atomic).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.db import session_scope
from hustings.outreach import imports
from hustings.outreach.models import Area, Party

app = typer.Typer(
    help="Outreach: the people registry, imports and invitations.", no_args_is_help=True
)
console = Console()


def _import(kind: str, path: Path, dry_run: bool, atomic: bool) -> None:
    data = path.read_bytes()
    total = max(data.count(b"\n") - 1, 1)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        reading = bar.add_task("Checking rows", total=total)
        writing = bar.add_task("Writing", total=None, visible=False)

        def progress(done: int, of: int) -> None:
            if of == 0:
                bar.update(reading, completed=done)
            else:
                bar.update(reading, completed=total)
                bar.update(writing, completed=done, total=of, visible=True)

        try:
            with session_scope() as session:
                report = imports.run_import(
                    session=session,
                    kind=kind,
                    data=data,
                    dry_run=dry_run,
                    atomic=atomic,
                    progress=progress,
                )
                bar.update(reading, completed=total)
        except imports.ImportFileError as error:
            console.print(f"[red]{path}: {error}[/red]")
            raise typer.Exit(2) from error
    _print_report(report)
    if report.bad_rows:
        raise typer.Exit(1)


def _print_report(report: imports.ImportReport) -> None:
    if report.bad_rows:
        table = Table(title=f"{len(report.bad_rows)} bad rows")
        table.add_column("line", justify="right")
        table.add_column("reason")
        for bad in report.bad_rows:
            table.add_row(str(bad.line), bad.reason)
        console.print(table)
    verb = "would be" if not report.written else "were"
    if report.dry_run:
        console.print("[yellow]Dry run: nothing was written.[/yellow]")
    elif report.atomic and report.bad_rows:
        console.print("[red]--atomic: nothing was written because some rows are bad.[/red]")
    console.print(
        f"{report.rows} rows read, {report.good_rows} good. People: {report.people.created} "
        f"{verb} created, {report.people.updated} updated, {report.people.unchanged} unchanged. "
        f"Positions: {report.positions.created} created, {report.positions.updated} updated. "
        f"Accounts: {report.accounts.created} created, {report.accounts.updated} updated. "
        f"New elections {report.elections_created}, areas {report.areas_created}, "
        f"parties {report.parties_created}; areas linked to an authority {report.areas_linked}."
    )


@app.command("import-candidates")
def import_candidates(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Democracy Club CSV"),
    dry_run: bool = typer.Option(False, "--dry-run", help="check and report; write nothing"),
    atomic: bool = typer.Option(False, "--atomic", help="import nothing if any row is bad"),
) -> None:
    """Import candidates from a Democracy Club candidate CSV export (re-importing updates)."""
    _import("candidates", file, dry_run, atomic)


@app.command("import-staff")
def import_staff(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="staff CSV"),
    dry_run: bool = typer.Option(False, "--dry-run", help="check and report; write nothing"),
    atomic: bool = typer.Option(False, "--atomic", help="import nothing if any row is bad"),
) -> None:
    """Import agents and electoral staff from a staff CSV (columns in docs/outreach.md)."""
    _import("staff", file, dry_run, atomic)


def _organisation(session: Session, slug: str, kind: OrgKind) -> Organisation:
    org = session.scalar(
        select(Organisation).where(Organisation.slug == slug).where(Organisation.kind == kind)
    )
    if org is None:
        console.print(f"[red]No {kind.value.replace('_', ' ')} organisation '{slug}'.[/red]")
        raise typer.Exit(1)
    return org


@app.command("link-party")
def link_party(
    party: str = typer.Argument(..., help="party id in the registry (its slug)"),
    organisation: str = typer.Argument(..., help="the party organisation's short name"),
) -> None:
    """Let a party organisation's officers see the party's candidates and agents."""
    with session_scope() as session:
        row = session.scalar(select(Party).where(Party.slug == party))
        if row is None:
            console.print(f"[red]No party '{party}' in the registry.[/red]")
            raise typer.Exit(1)
        row.organisation_id = _organisation(session, organisation, OrgKind.PARTY).id
        record(
            session=session,
            actor="system",
            action="outreach.party_link",
            subject_type="outreach_party",
            subject_id=row.id,
            details={"organisation_id": row.organisation_id},
        )
    console.print(f"{party} linked to {organisation}.")


@app.command("link-area")
def link_area(
    area: str = typer.Argument(..., help="area id in the registry (e.g. parl.cardiff-east)"),
    authority: str = typer.Argument(..., help="the electoral authority's short name"),
) -> None:
    """Let an electoral authority's officials see the people in an area."""
    with session_scope() as session:
        row = session.scalar(select(Area).where(Area.slug == area))
        if row is None:
            console.print(f"[red]No area '{area}' in the registry.[/red]")
            raise typer.Exit(1)
        row.authority_id = _organisation(session, authority, OrgKind.ELECTORAL_AUTHORITY).id
        record(
            session=session,
            actor="system",
            action="outreach.area_link",
            subject_type="outreach_area",
            subject_id=row.id,
            details={"organisation_id": row.authority_id},
        )
    console.print(f"{area} linked to {authority}.")


@app.command("invite")
def invite(
    letters: Path | None = typer.Option(
        None, help="write letters for people with no email address to this PDF file"
    ),
) -> None:
    """Invite everyone not yet invited: email those with an address (through the worker's
    queue) and, with --letters, print letters with codes for the rest."""
    from hustings.outreach import jobs, service
    from hustings.outreach.letters import letters_pdf
    from hustings.outreach.models import Channel
    from hustings.outreach.permissions import Scope

    with session_scope() as session:
        people = service.not_yet_invited(session=session, scope=Scope(everyone=True))
        emailed = [p.id for p in people if p.email]
        printed = []
        if letters is not None:
            for person in people:
                if person.email:
                    continue
                issued = service.issue_invitation(
                    session=session, person=person, channel=Channel.LETTER, actor="system"
                )
                service.mark_sent(session=session, invitation=issued.invitation)
                printed.append((person, issued))
            if printed:
                letters.write_bytes(letters_pdf(printed))
    for person_id in emailed:
        jobs.send_invitation(person_id, "system")
    console.print(f"{len(emailed)} invitations queued; {len(printed)} letters written.")
