"""The one schedule table: every periodic job, when it runs, and why.

Each entry names a task function as "module:function"; `hustings worker` registers them with
huey's scheduler. A test imports every entry, so a renamed job fails the suite, not production.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from huey import crontab


@dataclass(frozen=True)
class Scheduled:
    task: str  # "hustings.cases.jobs:flag_overdue_reports"
    when: dict[str, str]  # crontab fields, e.g. {"minute": "*/5"}
    why: str

    def resolve(self) -> Callable[..., Any]:
        module_name, _, function_name = self.task.partition(":")
        function: Callable[..., Any] = getattr(importlib.import_module(module_name), function_name)
        return function

    def crontab(self) -> Callable[..., bool]:
        validate: Callable[..., bool] = crontab(**self.when)
        return validate


SCHEDULE: tuple[Scheduled, ...] = (
    Scheduled(
        "hustings.cases.jobs:flag_overdue_reports",
        {"minute": "*/5"},
        "flag routed reports past their deadlines and tell the platform and coordinators",
    ),
    Scheduled(
        "hustings.cases.jobs:dispatch_due_webhooks",
        {"minute": "*"},
        "re-scan the webhook outbox so no delivery is lost to a crash or restart",
    ),
    Scheduled(
        "hustings.cases.jobs:apply_retention",
        {"minute": "17", "hour": "3"},
        "delete cases past their retention date (never while the police are working on them)",
    ),
    Scheduled(
        "hustings.cases.jobs:sweep_evidence",
        {"minute": "47", "hour": "3"},
        "remove evidence files left without a case by an interrupted upload",
    ),
    Scheduled(
        "hustings.reporting.jobs:weekly_campaign_report",
        {"minute": "0", "hour": "7", "day_of_week": "1"},
        "email last week's campaign update report (PDF attached) to every coordinator",
    ),
    Scheduled(
        "hustings.exchange.jobs:save_index_snapshot",
        {"minute": "*/5"},
        "snapshot the signal matching index so a restart replays only the latest changes",
    ),
    Scheduled(
        "hustings.outreach.jobs:send_reminders",
        {"minute": "30", "hour": "10"},
        "remind people who have not signed in (a fresh link) or not acknowledged the guide",
    ),
)
