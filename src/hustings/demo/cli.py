"""`hustings demo load`: every domain's demo data, in domain order, once.

A domain's `demo.py` has `load(session, demo)` that adds its rows and may read what earlier
domains put on the shared `DemoData` (users, organisations...). Loading twice changes nothing.
"""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from hustings.auth.models import User
from hustings.db import session_scope
from hustings.demo.data import DemoData
from hustings.domains import DOMAINS

app = typer.Typer(help="Demo data for trying Hustings out.", no_args_is_help=True)


@app.command("load")
def load() -> None:
    """Load the demo election, organisations and users; print the passwords once."""
    console = Console(width=200)
    with session_scope() as session:
        if session.scalar(select(User).limit(1)) is not None:
            console.print("Demo data already loaded (the database has users): nothing to do.")
            return
        demo = DemoData()
        for domain in DOMAINS:
            module = domain.module("demo")
            if module is not None:
                module.load(session, demo)
    table = Table(title="Demo users (shown once: write them down)")
    for column in ("role", "email", "password", "second factor"):
        table.add_column(column)
    for account in demo.accounts:
        table.add_row(account.role, account.email, account.password, account.second_factor)
    console.print(table)
