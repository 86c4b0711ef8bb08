"""Where triage meets the knowledge base: the platform rules and offences a verdict points to.

`resolve()` is the one place that asks. The knowledge base proper is `hustings.policy` (harms,
platforms, rules, offences, with slugs); until its service is available this module answers
from a small interim table written from ../shared/facts (platforms.md, uk-law.md), keyed by the
same harm slugs, so the swap touches only `resolve()`.
"""

from __future__ import annotations

from hustings.triage.labels import HARM_SLUGS, Label, Severity
from hustings.triage.schemas import OffenceRef, RuleRef

_META = "https://transparency.meta.com/en-gb/policies/community-standards/"
_X = "https://help.twitter.com/rules-and-policies/abusive-behavior"
_YT = "https://support.google.com/youtube/answer/2801920"

# harm slug -> [(platform, rule slug, rule title, url)]
_RULES: dict[str, list[tuple[str, str, str, str | None]]] = {
    "threat_of_violence": [
        ("meta", "meta-violence-and-incitement", "Violence and Incitement", _META),
        ("x", "x-violent-speech", "Violent Speech", _X),
        ("youtube", "youtube-violent-or-dangerous", "Violent or dangerous content", _YT),
    ],
    "harassment_and_bullying": [
        ("meta", "meta-bullying-and-harassment", "Bullying and Harassment", _META),
        ("x", "x-abuse-and-harassment", "Abuse and Harassment", _X),
        ("youtube", "youtube-harassment", "Harassment and cyberbullying", _YT),
    ],
    "hate": [
        ("meta", "meta-hateful-conduct", "Hateful Conduct", _META),
        ("x", "x-hateful-conduct", "Hateful Conduct", _X),
        ("youtube", "youtube-hate-speech", "Hate speech", _YT),
    ],
    "sexual_harassment": [
        ("meta", "meta-bullying-and-harassment", "Bullying and Harassment", _META),
        ("x", "x-abuse-and-harassment", "Abuse and Harassment", _X),
        ("youtube", "youtube-harassment", "Harassment and cyberbullying", _YT),
    ],
    "private_information": [
        ("meta", "meta-privacy-violations", "Privacy Violations", _META),
        ("x", "x-private-information", "Private Information", _X),
        ("youtube", "youtube-privacy", "Privacy complaint process", _YT),
    ],
    "intimidation": [
        ("meta", "meta-bullying-and-harassment", "Bullying and Harassment", _META),
        ("x", "x-abuse-and-harassment", "Abuse and Harassment", _X),
        ("youtube", "youtube-harassment", "Harassment and cyberbullying", _YT),
    ],
}

_CPS_COMMS = "https://www.cps.gov.uk/node/5627"
_OSA_181 = "https://legislation.gov.uk/id/ukpga/2023/50/section/181"
_CPS_ELECTIONS = "https://cps.gov.uk/cy/node/23675"
# slug, title, jurisdiction, url
_OFFENCES: dict[str, tuple[str, str, str, str | None]] = {
    "osa-2023-s181": (
        "osa-2023-s181",
        "Threatening communications (Online Safety Act 2023 s181)",
        "England and Wales",
        _OSA_181,
    ),
    "oapa-1861-s16": (
        "oapa-1861-s16",
        "Threat to kill (Offences Against the Person Act 1861 s16)",
        "England and Wales",
        None,
    ),
    "mca-1988-s1": (
        "mca-1988-s1",
        "Sending a grossly offensive communication (Malicious Communications Act 1988 s1)",
        "England and Wales",
        _CPS_COMMS,
    ),
    "ca-2003-s127": (
        "ca-2003-s127",
        "Improper use of a public communications network (Communications Act 2003 s127)",
        "England, Wales and Scotland",
        _CPS_COMMS,
    ),
    "pha-1997": (
        "pha-1997",
        "Harassment, stalking or putting people in fear of violence "
        "(Protection from Harassment Act 1997)",
        "England and Wales",
        _CPS_ELECTIONS,
    ),
    "poa-1986": (
        "poa-1986",
        "Threatening or abusive words, or stirring up hatred (Public Order Act 1986)",
        "England and Wales",
        _CPS_ELECTIONS,
    ),
    "cjpa-2001-s42a": (
        "cjpa-2001-s42a",
        "Harassment of a person in their home (Criminal Justice and Police Act 2001 s42A)",
        "England and Wales",
        _CPS_ELECTIONS,
    ),
}
_HARM_OFFENCES: dict[str, list[str]] = {
    "threat_of_violence": ["osa-2023-s181", "oapa-1861-s16", "pha-1997"],
    "harassment_and_bullying": ["mca-1988-s1", "ca-2003-s127", "pha-1997"],
    "hate": ["poa-1986", "mca-1988-s1"],
    "sexual_harassment": ["mca-1988-s1", "ca-2003-s127", "pha-1997"],
    "private_information": ["pha-1997", "cjpa-2001-s42a"],
    "intimidation": ["pha-1997", "cjpa-2001-s42a", "ca-2003-s127"],
}


def harm_slugs(labels: list[Label]) -> list[str]:
    """The knowledge base's harm slugs for triage labels, in label order."""
    return [HARM_SLUGS[label] for label in labels]


def resolve(
    labels: list[Label], severity: Severity, platform: str | None = None
) -> tuple[list[RuleRef], list[OffenceRef]]:
    """Platform rules likely broken and offences possibly committed, for these labels.

    Offences are listed only when the severity is `possible_crime` or `urgent`: a rude message
    is not a crime and saying otherwise would mislead.
    """
    wanted = (platform or "").strip().casefold() or None
    if wanted == "twitter":
        wanted = "x"
    if wanted in ("facebook", "instagram", "threads"):
        wanted = "meta"
    rules: list[RuleRef] = []
    offences: list[OffenceRef] = []
    seen_rules: set[str] = set()
    seen_offences: set[str] = set()
    for harm in harm_slugs(labels):
        for plat, slug, title, url in _RULES.get(harm, []):
            if (wanted and plat != wanted) or slug in seen_rules:
                continue
            seen_rules.add(slug)
            rules.append(RuleRef(platform=plat, slug=slug, title=title, url=url, harm=harm))
        if severity in (Severity.POSSIBLE_CRIME, Severity.URGENT):
            for offence in _HARM_OFFENCES.get(harm, []):
                if offence in seen_offences:
                    continue
                seen_offences.add(offence)
                slug, title, where, url = _OFFENCES[offence]
                offences.append(
                    OffenceRef(slug=slug, title=title, jurisdiction=where, url=url, harm=harm)
                )
    return rules, offences
