"""`hustings worker`: run queued tasks and the schedule."""

from __future__ import annotations

import typer
from huey.consumer import Consumer

from hustings.domains import DOMAINS
from hustings.jobs.queue import huey
from hustings.jobs.schedule import SCHEDULE

IDLE_POLL_SECONDS = 0.5


def worker(
    workers: int = typer.Option(2, help="tasks run at once"),
) -> None:
    """Run the background worker: queued tasks (webhooks, emails, reports) and the schedule."""
    for domain in DOMAINS:
        domain.module("jobs")
    for entry in SCHEDULE:
        task = entry.resolve()
        huey.periodic_task(entry.crontab(), name=entry.task)(task)
    # Huey's default idle back-off grows to 10 s between polls of a SQLite queue; webhook
    # pushes are promised within a second, so an idle worker polls twice a second instead
    # (a Redis queue blocks on the list and is woken at once either way).
    Consumer(
        huey, workers=workers, worker_type="thread", periodic=True, max_delay=IDLE_POLL_SECONDS
    ).run()


commands = [worker]
