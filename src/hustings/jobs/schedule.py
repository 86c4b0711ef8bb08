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


SCHEDULE: tuple[Scheduled, ...] = ()
