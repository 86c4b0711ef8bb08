"""JSON API for the knowledge base: harms and platforms, in English or Welsh, public.

Responses resolve every bilingual field to the language asked for (`?lang=cy`), so a client
never has to know our {en, cy} data shape; each fact keeps its source, date and confirmation.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from hustings.auth.access import public
from hustings.policy import service
from hustings.policy.schemas import (
    ExpectationOut,
    Fact,
    FactOut,
    Harm,
    HarmOut,
    HarmSlug,
    HarmsOut,
    JurisdictionOut,
    Language,
    LinkOut,
    NoteOut,
    Offence,
    OffenceOut,
    Platform,
    PlatformOut,
    PlatformsOut,
    PlatformSummaryOut,
    RouteOut,
    RuleOut,
    Text,
)
from hustings.web.errors import NotFound

router = APIRouter(prefix="/api/v1/policy", tags=["policy"])

LangQuery = Query(
    "en",
    description="The language of the text fields: 'en' for English or 'cy' for Welsh.",
)
DISCLAIMER: dict[Language, str] = {
    "en": "Guidance, not legal advice. Facts marked confirmed=false are not confirmed by a "
    "source: check them before relying on them.",
    "cy": "Canllawiau, nid cyngor cyfreithiol. Nid yw ffeithiau sydd wedi'u marcio "
    "confirmed=false wedi'u cadarnhau gan ffynhonnell: gwiriwch nhw cyn dibynnu arnynt.",
}


def _t(text: Text | None, lang: Language) -> str | None:
    return None if text is None else text.get(lang)


def _fact(fact: Fact) -> dict[str, object]:
    return FactOut(
        source_url=str(fact.source_url),
        last_reviewed=fact.last_reviewed,
        confirmed=fact.confirmed,
    ).model_dump()


def _all_harms(harms: list[HarmSlug] | None) -> list[HarmSlug]:
    return list(HarmSlug) if harms is None else list(harms)


def offence_out(offence: Offence, lang: Language) -> OffenceOut:
    return OffenceOut(
        **_fact(offence),
        slug=offence.slug,
        name=offence.name.get(lang),
        summary=offence.summary.get(lang),
        penalty=_t(offence.penalty, lang),
        jurisdictions={
            place: JurisdictionOut(
                applies=status.applies, confirmed=status.confirmed, note=_t(status.note, lang)
            )
            for place, status in offence.jurisdictions.items()
        },
    )


def harm_out(harm: Harm, lang: Language) -> HarmOut:
    return HarmOut(
        **_fact(harm),
        slug=harm.slug,
        name=harm.name.get(lang),
        summary=harm.summary.get(lang),
        not_this=harm.not_this.get(lang),
        examples=[example.get(lang) for example in harm.examples],
        offences=[offence_out(o, lang) for o in service.offences_for(harm.slug)],
    )


def platform_summary(platform: Platform, lang: Language) -> PlatformSummaryOut:
    return PlatformSummaryOut(
        slug=platform.slug,
        name=platform.name.get(lang),
        owner=platform.owner.get(lang),
        help_centre=LinkOut(**_fact(platform.help_centre), url=str(platform.help_centre.url)),
        version=platform.version,
        href=f"/api/v1/policy/platforms/{platform.slug}",
    )


def _envelope(lang: Language) -> dict[str, object]:
    return {
        "data_version": service.knowledge_base().data_version,
        "language": lang,
        "disclaimer": DISCLAIMER[lang],
    }


@router.get("/harms", response_model=HarmsOut, dependencies=[public()])
def list_harms(lang: Literal["en", "cy"] = LangQuery) -> HarmsOut:
    """The harm taxonomy, each harm with the offences it may amount to."""
    return HarmsOut(**_envelope(lang), harms=[harm_out(h, lang) for h in service.harms()])


@router.get("/platforms", response_model=PlatformsOut, dependencies=[public()])
def list_platforms(lang: Literal["en", "cy"] = LangQuery) -> PlatformsOut:
    """The platforms the guide covers, with a link to each one's full entry."""
    return PlatformsOut(
        **_envelope(lang), platforms=[platform_summary(p, lang) for p in service.platforms()]
    )


@router.get(
    "/platforms/{slug}",
    response_model=PlatformOut,
    dependencies=[public()],
    responses={404: {"description": "No platform has this slug (problem+json)."}},
)
def get_platform(slug: str, lang: Literal["en", "cy"] = LangQuery) -> PlatformOut:
    """One platform: its rule for every harm, its reporting routes and what response to expect."""
    try:
        platform = service.platform(slug)
    except service.UnknownSlug as error:
        known = ", ".join(p.slug for p in service.platforms())
        raise NotFound(
            f"There is no platform called '{slug}'. Known platforms: {known}."
        ) from error
    return PlatformOut(
        **_envelope(lang),
        platform=platform_summary(platform, lang),
        rules=[
            RuleOut(
                **_fact(rule),
                harm=harm,
                status=rule.status,
                name=_t(rule.name, lang),
                summary=rule.summary.get(lang),
            )
            for harm, rule in platform.rules.items()
        ],
        routes=[
            RouteOut(
                **_fact(route),
                slug=route.slug,
                kind=route.kind,
                name=route.name.get(lang),
                steps=[step.get(lang) for step in route.steps],
                url=None if route.url is None else str(route.url),
                harms=_all_harms(route.applies_to),
            )
            for route in platform.routes
        ],
        response=[
            ExpectationOut(
                **_fact(item),
                kind=item.kind,
                text=item.text.get(lang),
                harms=_all_harms(item.applies_to),
            )
            for item in platform.response
        ],
        notes=[NoteOut(**_fact(note), text=note.text.get(lang)) for note in platform.notes],
    )


__all__ = ["router"]
