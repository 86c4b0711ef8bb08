"""Start-up check: the app refuses to start when the policy data does not validate.

A guide that sends a candidate to the wrong form, or shows a fact without its source, does harm;
failing at start-up with the file and field at fault is safer than serving it.
"""

from __future__ import annotations

from hustings.policy import service


def run() -> None:
    """Load and validate every policy data file; raises PolicyDataError naming what is wrong."""
    service.reload()
