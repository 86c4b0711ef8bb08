"""`hustings audit verify`: prove the audit chain has not been edited or cut."""

from __future__ import annotations

import typer
from rich.console import Console

from hustings.audit.service import verify
from hustings.db import session_scope

app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)


@app.command("verify")
def verify_command() -> None:
    """Check every entry's hash and link; exit 1 and list the problems if any."""
    console = Console()
    with session_scope() as session:
        problems = verify(session=session)
    if not problems:
        console.print("[green]Audit chain intact.[/green]")
        return
    for problem in problems:
        where = f"entry {problem.entry_id}" if problem.entry_id is not None else "chain"
        console.print(f"[red]{where}: {problem.problem}[/red]")
    raise typer.Exit(1)
