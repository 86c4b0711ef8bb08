"""`hustings db`: upgrade, downgrade, current, revision."""

from __future__ import annotations

import re

import typer
from alembic import command
from alembic.script import ScriptDirectory

from hustings.migrations.config import alembic_config

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


@app.command()
def upgrade(revision: str = typer.Argument("head")) -> None:
    """Bring the schema up to REVISION (default: the newest)."""
    command.upgrade(alembic_config(), revision)


@app.command()
def downgrade(revision: str = typer.Argument(...)) -> None:
    """Step the schema back to REVISION."""
    command.downgrade(alembic_config(), revision)


@app.command()
def current() -> None:
    """Show the schema's current revision."""
    command.current(alembic_config())


@app.command()
def revision(message: str = typer.Option(..., "-m", help="a short slug, e.g. add_cases")) -> None:
    """Autogenerate the next numbered migration from the models; read what it wrote."""
    config = alembic_config()
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    number = int(head) + 1 if head and head.isdigit() else 1
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")
    command.revision(config, message=slug, autogenerate=True, rev_id=f"{number:04d}")
