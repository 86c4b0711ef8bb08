"""The one place the case flow reads the policy knowledge base (hustings.policy.service):
which platforms exist, their names, any published response commitment, and the ready-made
report (what to paste into which form) for platforms that are not members of Hustings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hustings.policy import service as policy
from hustings.web.i18n import Language, current_language


def platform_slugs() -> tuple[str, ...]:
    """Every platform in the knowledge base, in its order (the choices on the report form)."""
    return tuple(p.slug for p in policy.platforms())


def platform_name(slug: str) -> str:
    try:
        return policy.platform(slug).name.get(current_language())
    except LookupError:
        return slug


def published_response_hours(slug: str) -> tuple[int | None, int | None]:
    """(acknowledge, decide) hours a platform has published, where the knowledge base holds
    them as numbers. Today it records response commitments as text only (most platforms
    publish none), so deadlines come from the coordinator's defaults; a `published`
    expectation that gains `acknowledge_hours` / `decide_hours` is picked up here."""
    try:
        expectations = policy.platform(slug).response
    except LookupError:
        return None, None
    for expectation in expectations:
        if expectation.kind.value != "published" or not expectation.confirmed:
            continue
        ack = getattr(expectation, "acknowledge_hours", None)
        decide = getattr(expectation, "decide_hours", None)
        if ack or decide:
            return (int(ack) if ack else None, int(decide) if decide else None)
    return None, None


@dataclass(frozen=True)
class ReadyMade:
    """What a candidate needs to file a report themselves."""

    platform: str
    route_name: str
    steps: list[str]
    url: str | None
    text: str
    unconfirmed: bool


def ready_made_report(
    slug: str, harm_slugs: Sequence[str], links: Sequence[str] = ()
) -> ReadyMade | None:
    """The knowledge base's ready-made report in the current language, or None when the
    case has no harm to name (nothing labelled yet)."""
    if not harm_slugs:
        return None
    language: Language = current_language()
    try:
        report = policy.ready_made_report(slug, harm_slugs, links=links, language=language)
    except (LookupError, ValueError):
        return None
    return ReadyMade(
        platform=report.platform.name.get(language),
        route_name=report.route.name.get(language),
        steps=[step.get(language) for step in report.route.steps],
        url=str(report.route.url) if report.route.url else None,
        text=report.text,
        unconfirmed=report.unconfirmed,
    )
