"""`hustings report campaign --from DATE --to DATE --format pdf|html|json [--output FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from hustings.db import session_scope
from hustings.reporting import service
from hustings.reporting.service import EmptyRange, Format, ReportRangeError
from hustings.web.i18n import LANGUAGES, Language

NAME = "report"
app = typer.Typer(help="Reports for coordinators and officials.", no_args_is_help=True)
console = Console(stderr=True)


@app.command("campaign")
def campaign(
    start: str = typer.Option(..., "--from", help="first day, YYYY-MM-DD (UTC)"),
    end: str = typer.Option(..., "--to", help="last day, YYYY-MM-DD (UTC), included"),
    fmt: Format = typer.Option(Format.PDF, "--format", help="pdf, html or json"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="file to write ('-' for standard output; not for pdf)"
    ),
    language: str = typer.Option("en", "--language", help="en or cy (pdf and html)"),
) -> None:
    """Make the campaign update report for a range of days."""
    try:
        first = service.parse_day(start, "from")
        last = service.parse_day(end, "to")
        service.check_range(first, last)
    except ReportRangeError as error:
        console.print(f"[red]--{error.field}: {error.message}[/red]")
        raise typer.Exit(2) from None
    if language not in LANGUAGES:
        console.print("[red]--language: choose en or cy.[/red]")
        raise typer.Exit(2)
    if output == Path("-") and fmt == Format.PDF:
        console.print("[red]--output: a PDF cannot go to standard output; give a file name.[/red]")
        raise typer.Exit(2)
    lang: Language = "cy" if language == "cy" else "en"
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("Counting", total=service.STAGES + 1)

        def advance(done: int, total: int, stage: str) -> None:
            bar.update(task, completed=done, description=stage.capitalize())

        try:
            with session_scope() as session:
                # Rendering is the last step of the bar.
                report = service.compute(session=session, start=first, end=last, progress=advance)
                bar.update(task, description=f"Writing {fmt.value}")
                content = service.render_as(report, fmt, lang)
                service.record_generated(
                    session=session, report=report, fmt=fmt, language=lang, actor="cli"
                )
        except EmptyRange as error:
            bar.stop()
            console.print(f"[red]{error.message}[/red]")
            raise typer.Exit(1) from None
        bar.update(task, completed=service.STAGES + 1, description="Done")
    if output == Path("-"):
        sys.stdout.buffer.write(content)
        return
    target = output or Path(service.filename(report, fmt))
    target.write_bytes(content)
    console.print(
        f"[green]Wrote {target} ({len(content):,} bytes): {report.totals.cases_submitted:,} "
        f"cases, {report.totals.reports_routed:,} reports.[/green]"
    )
