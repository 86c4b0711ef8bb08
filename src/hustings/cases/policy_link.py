"""The one place the case flow reads the policy knowledge base (hustings.policy.service):
platform names, published response commitments and ready-made reports for platforms that are
not members. When the knowledge base is not installed, each answer says "not known" (None)
and the pages fall back to the platform's slug and the coordinator's deadlines.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType
from typing import Any

# The platforms a candidate can choose when reporting (the knowledge base's platform slugs).
PLATFORM_SLUGS: tuple[str, ...] = ("facebook", "instagram", "threads", "x", "youtube", "tiktok")
PLATFORM_NAMES: dict[str, str] = {
    "facebook": "Facebook",
    "instagram": "Instagram",
    "threads": "Threads",
    "x": "X (Twitter)",
    "youtube": "YouTube",
    "tiktok": "TikTok",
}


def _policy_service() -> ModuleType | None:
    try:
        return importlib.import_module("hustings.policy.service")
    except ModuleNotFoundError as error:
        if error.name in ("hustings.policy", "hustings.policy.service"):
            return None
        raise


def platform_name(slug: str) -> str:
    return PLATFORM_NAMES.get(slug, slug)


def published_response_hours(slug: str) -> tuple[int | None, int | None]:
    """(acknowledge, decide) hours the platform has publicly committed to, where known."""
    service = _policy_service()
    if service is None or not hasattr(service, "platform"):
        return None, None
    try:
        platform: Any = service.platform(slug)
    except (KeyError, LookupError):
        return None, None
    times = getattr(platform, "response_times", None) or getattr(platform, "response", None)
    if times is None:
        return None, None
    ack = getattr(times, "acknowledge_hours", None)
    decide = getattr(times, "decide_hours", None)
    return (int(ack) if ack else None, int(decide) if decide else None)


def ready_made_report(slug: str, harm_slugs: Sequence[str]) -> Any | None:
    """The knowledge base's ready-made report (what to paste into which form), or None."""
    service = _policy_service()
    if service is None or not hasattr(service, "ready_made_report"):
        return None
    try:
        return service.ready_made_report(slug, list(harm_slugs))
    except (KeyError, LookupError, ValueError):
        return None
