"""`hustings worker`: run queued tasks and the schedule."""

from __future__ import annotations

import typer
from huey.consumer import Consumer

from hustings.domains import DOMAINS
from hustings.jobs.queue import huey
from hustings.jobs.schedule import SCHEDULE


def worker(
    workers: int = typer.Option(2, help="tasks run at once"),
) -> None:
    """Run the background worker: queued tasks (webhooks, emails, reports) and the schedule."""
    for domain in DOMAINS:
        domain.module("jobs")
    for entry in SCHEDULE:
        task = entry.resolve()
        huey.periodic_task(entry.crontab(), name=entry.task)(task)
    Consumer(huey, workers=workers, worker_type="thread", periodic=True).run()


commands = [worker]
