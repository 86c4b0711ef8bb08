"""Questions about the policy knowledge base, for the guide, the API and the other domains.

The data is read once per data folder and kept (it only changes with a deploy); every query
works on that validated copy. Unknown slugs raise `UnknownSlug`, which routes turn into a 404.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from hustings.config import get_settings
from hustings.policy.loader import DATA_DIR, PolicyDataError, load
from hustings.policy.schemas import (
    Applies,
    Contact,
    Expectation,
    Harm,
    HarmSlug,
    Jurisdiction,
    KnowledgeBase,
    Language,
    Offence,
    Platform,
    Route,
    Rule,
    RuleStatus,
)

__all__ = [
    "PolicyDataError",
    "ReadyMadeReport",
    "UnknownSlug",
    "cross_platform_routes",
    "data_dir",
    "harm",
    "harms",
    "knowledge_base",
    "offences_for",
    "platform",
    "platforms",
    "ready_made_report",
    "reload",
    "reporting_routes",
    "response_for",
    "rule",
    "rules_for",
]


class UnknownSlug(LookupError):
    """No harm, platform or jurisdiction has this identifier."""

    def __init__(self, kind: str, slug: str) -> None:
        super().__init__(f"no {kind} called '{slug}'")
        self.kind = kind
        self.slug = slug


def data_dir() -> Path:
    """The data folder: the packaged one unless HUSTINGS_POLICY_DATA_DIR points elsewhere."""
    return get_settings().policy_data_dir or DATA_DIR


@lru_cache(maxsize=4)
def _load(root: Path) -> KnowledgeBase:
    return load(root)


def knowledge_base() -> KnowledgeBase:
    """The validated knowledge base; raises PolicyDataError when the data is invalid."""
    return _load(data_dir())


def reload() -> KnowledgeBase:
    """Forget the cached copy and read the files again (after editing the data)."""
    _load.cache_clear()
    return knowledge_base()


# ---------------------------------------------------------------- lookups


def harms() -> list[Harm]:
    return list(knowledge_base().harms)


def harm(slug: str) -> Harm:
    for item in knowledge_base().harms:
        if item.slug == slug:
            return item
    raise UnknownSlug("harm", slug)


def platforms() -> list[Platform]:
    return list(knowledge_base().platforms)


def platform(slug: str) -> Platform:
    for item in knowledge_base().platforms:
        if item.slug == slug:
            return item
    raise UnknownSlug("platform", slug)


def _harm_slug(slug: str) -> HarmSlug:
    return harm(slug).slug


def rule(platform_slug: str, harm_slug: str) -> Rule:
    """One cell of the matrix: what this platform's rules say about this harm."""
    return platform(platform_slug).rule(_harm_slug(harm_slug))


def rules_for(harm_slug: str) -> list[tuple[Platform, Rule]]:
    """Every platform's rule for a harm, in platform order (one row of the matrix)."""
    key = _harm_slug(harm_slug)
    return [(item, item.rule(key)) for item in knowledge_base().platforms]


def reporting_routes(platform_slug: str, harm_slug: str) -> list[Route]:
    """The platform's own routes that take this harm, most direct first (as in the data)."""
    return platform(platform_slug).routes_for(_harm_slug(harm_slug))


def response_for(platform_slug: str, harm_slug: str) -> list[Expectation]:
    """What the platform has said (or not) about how fast it answers reports of this harm."""
    return platform(platform_slug).response_for(_harm_slug(harm_slug))


def cross_platform_routes(harm_slug: str | None = None) -> list[Contact]:
    """Routes beyond the platform (Report Harmful Content, Ofcom), optionally for one harm."""
    routes = knowledge_base().support.cross_platform
    if harm_slug is None:
        return list(routes)
    key = _harm_slug(harm_slug)
    return [route for route in routes if route.applies_to is None or key in route.applies_to]


def offences_for(harm_slug: str, jurisdiction: Jurisdiction | str | None = None) -> list[Offence]:
    """Offences this harm may amount to. With a jurisdiction, those not ruled out there.

    Offences whose status in that jurisdiction is `check` are kept: our sources do not rule
    them out, and callers must show them as unconfirmed (`offence.status_in(jurisdiction)`).
    """
    key = _harm_slug(harm_slug)
    found = [offence for offence in knowledge_base().offences if key in offence.harms]
    if jurisdiction is None:
        return found
    try:
        place = Jurisdiction(jurisdiction)
    except ValueError as error:
        raise UnknownSlug("jurisdiction", str(jurisdiction)) from error
    return [o for o in found if o.status_in(place).applies != Applies.DOES_NOT_APPLY]


# ---------------------------------------------------------------- ready-made report

_REPORT_TEXT: dict[str, dict[Language, str]] = {
    "intro": {
        "en": "I am a candidate in a UK election and I am reporting content aimed at me.",
        "cy": "Rwy'n ymgeisydd mewn etholiad yn y DU ac rwy'n rhoi gwybod am gynnwys sydd wedi'i "
        "anelu ataf.",
    },
    "what": {"en": "What it is: {items}.", "cy": "Beth ydyw: {items}."},
    "rules": {
        "en": "The rules I believe it breaks: {items}.",
        "cy": "Y rheolau y credaf ei fod yn eu torri: {items}.",
    },
    "your_rules_on": {"en": "your rules on {harm}", "cy": "eich rheolau ynghylch {harm}"},
    "links": {"en": "Links:", "cy": "Dolenni:"},
    "no_links": {
        "en": "I have screenshots and can send them on request.",
        "cy": "Mae gennyf sgrinluniau a gallaf eu hanfon os gofynnwch.",
    },
    "ask": {
        "en": "I have kept copies. Please review and remove this content, and tell me what you "
        "decide.",
        "cy": "Rwyf wedi cadw copïau. Adolygwch y cynnwys hwn a'i dynnu i lawr, a rhowch wybod "
        "i mi beth rydych yn ei benderfynu.",
    },
}


@dataclass(frozen=True)
class ReadyMadeReport:
    """Text a candidate pastes into a platform's own form, and where that form is.

    `route` is the platform route to use (candidate channels first only when confirmed);
    `text` is what to paste; `unconfirmed` is True when any rule or the route used is not
    confirmed by a source, so the caller can say so.
    """

    platform: Platform
    harms: tuple[Harm, ...]
    rules: tuple[Rule, ...]
    route: Route
    text: str
    language: Language
    unconfirmed: bool


def _rule_label(rule_: Rule, harm_: Harm, language: Language) -> str:
    if rule_.status == RuleStatus.NAMED_RULE and rule_.name is not None and rule_.confirmed:
        return rule_.name.en  # Platforms publish rule names in English: quote that name.
    return _REPORT_TEXT["your_rules_on"][language].format(harm=harm_.name.get(language).lower())


def _best_route(routes: Sequence[Route]) -> Route:
    """A confirmed route first, in data order; otherwise the first route the data lists."""
    return next((route for route in routes if route.confirmed), routes[0])


def ready_made_report(
    platform_slug: str,
    harm_slugs: Iterable[str],
    *,
    links: Iterable[str] = (),
    language: Language = "en",
) -> ReadyMadeReport:
    """Build the text to paste into a platform's report form, for a platform not in Hustings.

    `harm_slugs` are the harms the content shows (at least one); `links` the URLs of the posts.
    Nothing personal goes in: the candidate adds their own name if the form asks for it.
    """
    item = platform(platform_slug)
    chosen: list[Harm] = []
    for slug in harm_slugs:
        found = harm(slug)
        if found not in chosen:
            chosen.append(found)
    if not chosen:
        raise ValueError("a report needs at least one harm")
    rules = [item.rule(h.slug) for h in chosen]
    routes = [r for r in item.routes if all(r.takes(h.slug) for h in chosen)]
    route = _best_route(routes or item.routes_for(chosen[0].slug))
    text = _REPORT_TEXT
    lines = [
        text["intro"][language],
        text["what"][language].format(items="; ".join(h.name.get(language) for h in chosen)),
        text["rules"][language].format(
            items="; ".join(
                dict.fromkeys(
                    _rule_label(r, h, language) for r, h in zip(rules, chosen, strict=True)
                )
            )
        ),
    ]
    clean_links = [link.strip() for link in links if link and link.strip()]
    if clean_links:
        lines.append(text["links"][language])
        lines.extend(f"- {link}" for link in clean_links)
    else:
        lines.append(text["no_links"][language])
    lines.append(text["ask"][language])
    return ReadyMadeReport(
        platform=item,
        harms=tuple(chosen),
        rules=tuple(rules),
        route=route,
        text="\n".join(lines),
        language=language,
        unconfirmed=not route.confirmed or not all(r.confirmed for r in rules),
    )
