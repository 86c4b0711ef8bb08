"""Where triage meets the knowledge base (`hustings.policy`): the platform rules a verdict
likely breaks and the offences it may amount to. `resolve()` is the one place that asks.
"""

from __future__ import annotations

from functools import lru_cache

from hustings.policy import service as policy
from hustings.policy.schemas import Applies, Jurisdiction, Language, RuleStatus
from hustings.triage.labels import HARM_SLUGS, Label, Severity
from hustings.triage.schemas import OffenceRef, RuleRef

# What people type for a platform, to the knowledge base's platform slugs.
_PLATFORM_ALIASES: dict[str, tuple[str, ...]] = {
    "twitter": ("x",),
    "meta": ("facebook", "instagram", "threads"),
    "fb": ("facebook",),
    "ig": ("instagram",),
    "yt": ("youtube",),
}
_JURISDICTION_NAMES: dict[Jurisdiction, dict[Language, str]] = {
    Jurisdiction.ENGLAND_AND_WALES: {"en": "England and Wales", "cy": "Cymru a Lloegr"},
    Jurisdiction.SCOTLAND: {"en": "Scotland", "cy": "Yr Alban"},
    Jurisdiction.NORTHERN_IRELAND: {"en": "Northern Ireland", "cy": "Gogledd Iwerddon"},
}


def harm_slugs(labels: list[Label]) -> list[str]:
    """The knowledge base's harm slugs for triage labels, in label order."""
    return [HARM_SLUGS[label] for label in labels]


@lru_cache(maxsize=64)
def _platform_slugs(platform: str | None) -> tuple[str, ...]:
    """The platforms to list rules for: the one named, or all of them when none or unknown."""
    known = tuple(p.slug for p in policy.platforms())
    wanted = (platform or "").strip().casefold()
    if not wanted:
        return known
    if wanted in known:
        return (wanted,)
    aliased = tuple(s for s in _PLATFORM_ALIASES.get(wanted, ()) if s in known)
    return aliased or known


_UNCONFIRMED = {"en": "not confirmed by our sources", "cy": "heb ei gadarnhau gan ein ffynonellau"}


def _where(applies: dict[Jurisdiction, Applies], language: Language) -> str:
    """Where an offence applies; places our sources do not confirm are said to be so."""
    places = []
    for jurisdiction in Jurisdiction:
        name = _JURISDICTION_NAMES[jurisdiction][language]
        if applies.get(jurisdiction) == Applies.APPLIES:
            places.append(name)
        elif applies.get(jurisdiction) == Applies.CHECK:
            places.append(f"{name} ({_UNCONFIRMED[language]})")
    return ", ".join(places)


@lru_cache(maxsize=1024)
def _resolve(
    labels: tuple[Label, ...], with_offences: bool, platform: str | None, language: Language
) -> tuple[tuple[RuleRef, ...], tuple[OffenceRef, ...]]:
    slugs = _platform_slugs(platform)
    rules: list[RuleRef] = []
    offences: list[OffenceRef] = []
    seen: set[str] = set()
    for harm in harm_slugs(list(labels)):
        for platform_slug in slugs:
            item = policy.platform(platform_slug)
            rule = item.rule(harm)
            if rule.status == RuleStatus.NO_SPECIFIC_RULE:
                continue
            title = rule.name.get(language) if rule.name else rule.summary.get(language)
            rules.append(
                RuleRef(
                    platform=platform_slug,
                    slug=f"{platform_slug}:{harm}",
                    title=title,
                    url=str(rule.source_url),
                    harm=harm,
                    confirmed=rule.confirmed,
                )
            )
        if not with_offences:
            continue
        for offence in policy.offences_for(harm):
            if offence.slug in seen:
                continue
            seen.add(offence.slug)
            applies = {j: offence.status_in(j).applies for j in Jurisdiction}
            offences.append(
                OffenceRef(
                    slug=offence.slug,
                    title=offence.name.get(language),
                    jurisdiction=_where(applies, language) or None,
                    url=str(offence.source_url),
                    harm=harm,
                    confirmed=offence.confirmed,
                )
            )
    return tuple(rules), tuple(offences)


def resolve(
    labels: list[Label],
    severity: Severity,
    platform: str | None = None,
    language: Language = "en",
) -> tuple[list[RuleRef], list[OffenceRef]]:
    """Platform rules likely broken and offences possibly committed, for these labels.

    Offences are listed only when the severity is `possible_crime` or `urgent`: a rude message
    is not a crime, and saying it might be would mislead. Rules the platform does not name for
    a harm ("no specific rule") are left out.
    """
    with_offences = severity in (Severity.POSSIBLE_CRIME, Severity.URGENT)
    rules, offences = _resolve(tuple(labels), with_offences, platform, language)
    return list(rules), list(offences)
