"""What the guide's templates need beyond the raw data: labels in the page's language and a
few small summaries. Shared by the web pages and the PDF so that both say the same thing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from hustings.policy import service
from hustings.policy.schemas import (
    Advice,
    Applies,
    Expectation,
    Jurisdiction,
    Platform,
    ResponseKind,
    RouteKind,
    Rule,
    RuleStatus,
)
from hustings.web.i18n import current_language
from hustings.web.i18n import gettext as _


def rule_heading(rule: Rule) -> str:
    """The rule's name where it has one; otherwise say plainly what we know."""
    if rule.name is not None:
        return rule.name.get(current_language())
    if rule.status == RuleStatus.GENERAL_RULE:
        return _("Covered by the rules, section not confirmed")
    return _("No specific rule known")


def response_heading(items: list[Expectation]) -> str:
    """One line for the matrix: has the platform published how fast it answers?"""
    published = [item for item in items if item.kind == ResponseKind.PUBLISHED and item.confirmed]
    if published:
        return published[0].text.get(current_language())
    return _("No published response time")


def jurisdiction_label(place: Jurisdiction) -> str:
    return {
        Jurisdiction.ENGLAND_AND_WALES: _("England and Wales"),
        Jurisdiction.SCOTLAND: _("Scotland"),
        Jurisdiction.NORTHERN_IRELAND: _("Northern Ireland"),
    }[place]


def applies_label(applies: Applies) -> str:
    return {
        Applies.APPLIES: _("Applies"),
        Applies.DOES_NOT_APPLY: _("Does not apply"),
        Applies.CHECK: _("The law differs: check"),
    }[applies]


def route_kind_label(kind: RouteKind) -> str:
    return {
        RouteKind.IN_APP: _("In the app"),
        RouteKind.WEB_FORM: _("Web form"),
        RouteKind.CANDIDATE_CHANNEL: _("Channel for candidates"),
        RouteKind.HELP_CENTRE: _("Help centre"),
    }[kind]


ADVICE_TOPICS = ("evidence", "personal_information", "canvassing", "reporting")


def advice_topic_label(topic: str) -> str:
    return {
        "evidence": _("Keep evidence"),
        "personal_information": _("Check what personal information is public"),
        "canvassing": _("Stay safe when canvassing"),
        "reporting": _("Report it"),
    }[topic]


def advice_by_topic() -> list[tuple[str, list[Advice]]]:
    items = service.knowledge_base().support.protect_yourself
    return [(topic, [a for a in items if a.topic == topic]) for topic in ADVICE_TOPICS]


def source_label(url: object) -> str:
    """A short, readable name for a source link: the site's host name."""
    host = urlsplit(str(url)).hostname or str(url)
    return host.removeprefix("www.")


def platform_rows(platform: Platform) -> list[tuple[Any, Rule]]:
    """(harm, rule) pairs in the taxonomy's order, so every page lists harms the same way."""
    return [(harm, platform.rule(harm.slug)) for harm in service.harms()]


def guide_context() -> dict[str, Any]:
    """Everything the guide templates use, read from the validated knowledge base."""
    kb = service.knowledge_base()
    return {
        "kb": kb,
        "harms": kb.harms,
        "platforms": kb.platforms,
        "offences": kb.offences,
        "police": kb.police,
        "support": kb.support,
        "jurisdictions": list(Jurisdiction),
        "offences_for": service.offences_for,
        "rules_for": service.rules_for,
        "cross_platform_routes": service.cross_platform_routes,
        "rule_heading": rule_heading,
        "response_heading": response_heading,
        "jurisdiction_label": jurisdiction_label,
        "applies_label": applies_label,
        "route_kind_label": route_kind_label,
        "advice_topic_label": advice_topic_label,
        "advice_by_topic": advice_by_topic,
        "source_label": source_label,
        "platform_rows": platform_rows,
    }
