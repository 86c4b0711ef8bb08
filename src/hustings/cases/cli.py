"""`hustings cases ...`: check evidence files, sweep orphans, flag overdue reports, apply
retention, and set deadlines, from the command line (cron or by hand)."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import track

from hustings.cases import evidence_store, jobs, routing, service
from hustings.db import session_scope

app = typer.Typer(help="Cases: evidence, deadlines and retention.", no_args_is_help=True)
console = Console()


@app.command("verify-evidence")
def verify_evidence() -> None:
    """Re-hash every evidence file cases refer to; exit 1 listing any altered or missing."""
    with session_scope() as session:
        hashes = sorted(service.referenced_hashes(session))
    problems = []
    for digest in track(hashes, description="Checking evidence", console=console):
        problems += evidence_store.verify_all([digest])
    if not problems:
        console.print(f"[green]{len(hashes)} evidence files intact.[/green]")
        return
    for problem in problems:
        console.print(f"[red]{problem}[/red]")
    raise typer.Exit(1)


@app.command("sweep-evidence")
def sweep_evidence() -> None:
    """Remove evidence files no case refers to, older than the grace period."""
    console.print(f"{jobs.sweep_evidence()} orphaned files removed.")


@app.command("flag-overdue")
def flag_overdue() -> None:
    """Flag reports past their deadlines and tell the platforms and coordinators."""
    console.print(f"{jobs.flag_overdue_reports()} reports flagged overdue.")


@app.command("apply-retention")
def apply_retention() -> None:
    """Delete cases past their retention date (unless the police are working on them)."""
    console.print(f"{jobs.apply_retention()} cases deleted.")


@app.command("set-deadlines")
def set_deadlines(
    platform: str = typer.Argument(..., help="platform slug, e.g. facebook"),
    acknowledge_hours: int = typer.Option(..., help="hours to acknowledge"),
    decide_hours: int = typer.Option(..., help="hours to decide"),
) -> None:
    """Set a platform's default deadlines (as a coordinator would on the settings page)."""
    with session_scope() as session:
        routing.set_deadlines(
            session=session,
            platform_slug=platform,
            acknowledge_hours=acknowledge_hours,
            decide_hours=decide_hours,
            user_id=None,
        )
    console.print(
        f"{platform}: acknowledge within {acknowledge_hours} h, decide within {decide_hours} h."
    )
