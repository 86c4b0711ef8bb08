"""`hustings policy`: check the knowledge base's data files, and render the guide pack.

For whoever edits the data: `check` says what is wrong (file and field) before a deploy would
refuse to start, and counts what is still unconfirmed so that it can be checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from hustings.policy.loader import PolicyDataError, load
from hustings.policy.schemas import Language, all_facts
from hustings.policy.service import data_dir

app = typer.Typer(help="The policy knowledge base and the guide pack.", no_args_is_help=True)


@app.command()
def check(
    folder: Annotated[
        Path | None, typer.Argument(help="A data folder; the app's own by default.")
    ] = None,
) -> None:
    """Validate every data file; list each file's version and how many facts are unconfirmed."""
    console = Console()
    root = folder or data_dir()
    try:
        kb = load(root)
    except PolicyDataError as error:
        console.print(f"[red]{error}[/red]", highlight=False)
        raise typer.Exit(1) from error
    table = Table("file", "version", "facts", "unconfirmed", title=f"Policy data in {root}")
    parts: dict[str, object] = {
        "harms.yaml": kb.harms,
        "offences.yaml": kb.offences,
        "police.yaml": kb.police,
        "support.yaml": kb.support,
        **{f"platforms/{p.slug}.yaml": p for p in kb.platforms},
    }
    for name, part in parts.items():
        facts = all_facts(part)
        unconfirmed = sum(not fact.confirmed for fact in facts)
        table.add_row(name, str(kb.versions[name]), str(len(facts)), str(unconfirmed))
    console.print(table)
    console.print(f"Data version {kb.data_version}: valid.")


@app.command()
def pdf(
    output: Annotated[Path, typer.Argument(help="Where to write the PDF.")],
    language: Annotated[str, typer.Option(help="en (English) or cy (Welsh).")] = "en",
) -> None:
    """Render the printable guide pack to a file (the same PDF as GET /guide.pdf)."""
    if language not in ("en", "cy"):
        raise typer.BadParameter("the language must be 'en' (English) or 'cy' (Welsh)")
    from hustings.policy.pdf import render_pdf

    chosen: Language = "cy" if language == "cy" else "en"
    output.write_bytes(render_pdf(chosen))
    Console().print(f"Wrote {output} ({output.stat().st_size // 1024} KiB).")
