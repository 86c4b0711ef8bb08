"""The `hustings` command: one Typer app assembled from each domain's cli.py."""

from __future__ import annotations

import typer

from hustings.domains import DOMAINS
from hustings.migrations.cli import app as db_app

app = typer.Typer(help="Hustings: keep election candidates safe online.", no_args_is_help=True)
app.add_typer(db_app, name="db")

for _domain in DOMAINS:
    _module = _domain.module("cli")
    if _module is None:
        continue
    # A domain's cli may mount under its own name (or NAME), add more groups (`apps`, by name)
    # or add top-level commands (`commands`).
    if hasattr(_module, "app"):
        app.add_typer(_module.app, name=getattr(_module, "NAME", _domain.name))
    for _name, _group in getattr(_module, "apps", {}).items():
        app.add_typer(_group, name=_name)
    for _command in getattr(_module, "commands", ()):
        app.command()(_command)


if __name__ == "__main__":
    app()
