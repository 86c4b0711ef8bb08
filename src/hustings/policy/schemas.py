"""The shape of the policy knowledge base: every data file is validated against these models.

Every fact carries where it came from (`source_url`), when someone last checked it against that
source (`last_reviewed`) and whether the source confirms it (`confirmed`). An unconfirmed fact is
still shown, because a candidate is better off with a lead to check than with nothing, but the
pages and the PDF label it as unconfirmed. For an unconfirmed fact, `source_url` is the page to
check it against.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

Language = Literal["en", "cy"]


class HarmSlug(StrEnum):
    """The harm taxonomy's stable identifiers; other domains store these, so never rename one."""

    THREAT_OF_VIOLENCE = "threat_of_violence"
    HARASSMENT_AND_BULLYING = "harassment_and_bullying"
    HATE = "hate"
    SEXUAL_HARASSMENT = "sexual_harassment"
    PRIVATE_INFORMATION = "private_information"
    INTIMIDATION = "intimidation"
    IMPERSONATION = "impersonation"
    FALSE_STATEMENTS = "false_statements"


class Jurisdiction(StrEnum):
    """The UK's three legal jurisdictions: criminal law differs between them."""

    ENGLAND_AND_WALES = "england_and_wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


class Strict(BaseModel):
    """Unknown keys are typing mistakes in a data file, so they are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in English and Welsh; both are required (Wales: every page works in Welsh)."""

    en: str = Field(min_length=1)
    cy: str = Field(min_length=1)

    def get(self, language: Language) -> str:
        return self.cy if language == "cy" else self.en

    def as_dict(self) -> dict[str, str]:
        """The {'en': ..., 'cy': ...} form that `pick()` in templates understands."""
        return {"en": self.en, "cy": self.cy}


class Fact(Strict):
    """Anything we state about the world: it must say where it came from and when we checked."""

    source_url: AnyHttpUrl
    last_reviewed: date
    confirmed: bool


class DataFile(Strict):
    """Every data file carries a version; bump it when its content changes."""

    version: int = Field(ge=1)


# ---------------------------------------------------------------- harms


class Harm(Fact):
    """One kind of harm in the taxonomy, with what it is and what it is not."""

    slug: HarmSlug
    name: Text
    summary: Text
    not_this: Text = Field(description="What falls short of this harm: robust debate stays.")
    examples: list[Text] = Field(min_length=1)


class HarmsFile(DataFile):
    harms: list[Harm] = Field(min_length=1)


# ---------------------------------------------------------------- offences


class Applies(StrEnum):
    """Whether an offence applies in a jurisdiction; `check` means our sources do not say."""

    APPLIES = "applies"
    DOES_NOT_APPLY = "does_not_apply"
    CHECK = "check"


class JurisdictionStatus(Strict):
    applies: Applies
    confirmed: bool
    note: Text | None = None

    @model_validator(mode="after")
    def _check_is_unconfirmed(self) -> JurisdictionStatus:
        if self.applies == Applies.CHECK and self.confirmed:
            raise ValueError("an entry marked 'check' cannot be confirmed")
        return self


class Offence(Fact):
    """A criminal offence that online abuse of a candidate may amount to."""

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text
    summary: Text
    penalty: Text | None = None
    harms: list[HarmSlug] = Field(min_length=1)
    jurisdictions: dict[Jurisdiction, JurisdictionStatus]

    @model_validator(mode="after")
    def _every_jurisdiction(self) -> Offence:
        missing = set(Jurisdiction) - set(self.jurisdictions)
        if missing:
            raise ValueError(
                "say for every jurisdiction whether it applies; missing: "
                + ", ".join(sorted(missing))
            )
        return self

    def status_in(self, jurisdiction: Jurisdiction) -> JurisdictionStatus:
        return self.jurisdictions[jurisdiction]


class OffencesFile(DataFile):
    offences: list[Offence] = Field(min_length=1)


# ---------------------------------------------------------------- police and other routes


class Contact(Fact):
    """A way to get help outside the platforms: the police, a helpline, a regulator, a guide."""

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text
    summary: Text
    when: Text | None = None
    steps: list[Text] = []
    phone: str | None = None
    url: AnyHttpUrl | None = None
    applies_to: list[HarmSlug] | None = Field(
        default=None, description="The harms this route takes; None means every harm."
    )


class PoliceFile(DataFile):
    """Emergency and police routes, and the joint guidance for candidates."""

    emergency_test: list[Text] = Field(min_length=1)
    routes: list[Contact] = Field(min_length=1)
    guidance: list[Contact] = Field(min_length=1)
    emergency_source: Fact


class Advice(Fact):
    """One piece of "protect yourself" advice, grouped under a topic heading."""

    topic: Literal["evidence", "personal_information", "canvassing", "reporting"]
    text: Text


class SupportFile(DataFile):
    """Routes that span platforms (Report Harmful Content, Ofcom) and self-protection advice."""

    cross_platform: list[Contact] = Field(min_length=1)
    protect_yourself: list[Advice] = Field(min_length=1)


# ---------------------------------------------------------------- platforms


class RuleStatus(StrEnum):
    """How a platform's rules cover a harm.

    named_rule: a published rule section covers it (name given).
    general_rule: the platform's rules cover it, but which section, or its name, is not known.
    no_specific_rule: our sources name no rule for it; use the platform's general route.
    """

    NAMED_RULE = "named_rule"
    GENERAL_RULE = "general_rule"
    NO_SPECIFIC_RULE = "no_specific_rule"


class Rule(Fact):
    """What one platform's rules say about one harm: one cell of the matrix."""

    status: RuleStatus
    name: Text | None = None
    summary: Text

    @model_validator(mode="after")
    def _named_rule_has_name(self) -> Rule:
        if self.status == RuleStatus.NAMED_RULE and self.name is None:
            raise ValueError("a named_rule needs its name")
        return self


class RouteKind(StrEnum):
    IN_APP = "in_app"
    WEB_FORM = "web_form"
    CANDIDATE_CHANNEL = "candidate_channel"
    HELP_CENTRE = "help_centre"


class Route(Fact):
    """A way to report to the platform, step by step."""

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: RouteKind
    name: Text
    steps: list[Text] = Field(min_length=1)
    url: AnyHttpUrl | None = None
    applies_to: list[HarmSlug] | None = Field(
        default=None, description="The harms this route takes; None means every harm."
    )

    def takes(self, harm: HarmSlug | str) -> bool:
        return self.applies_to is None or harm in self.applies_to


class ResponseKind(StrEnum):
    """What a platform has said about how fast it answers."""

    NONE_PUBLISHED = "none_published"
    PUBLISHED = "published"
    CLAIMED = "claimed"


class Expectation(Fact):
    """What response to expect after reporting, and on what evidence we say so."""

    kind: ResponseKind
    text: Text
    applies_to: list[HarmSlug] | None = None

    def takes(self, harm: HarmSlug | str) -> bool:
        return self.applies_to is None or harm in self.applies_to


class Link(Fact):
    """A page we send people to (a help centre); confirmed only when a source gives its URL."""

    url: AnyHttpUrl


class Note(Fact):
    """Something else a candidate should know about the platform (election support...)."""

    text: Text


class Platform(DataFile):
    """One platform: one file under data/platforms/. Adding a platform is adding a file."""

    slug: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text
    owner: Text
    help_centre: Link
    rules: dict[HarmSlug, Rule]
    routes: list[Route] = Field(min_length=1)
    response: list[Expectation] = Field(min_length=1)
    notes: list[Note] = []

    @model_validator(mode="after")
    def _every_harm_has_a_cell(self) -> Platform:
        missing = set(HarmSlug) - set(self.rules)
        if missing:
            raise ValueError(
                "every harm needs a rule entry (use status no_specific_rule if none is known); "
                "missing: " + ", ".join(sorted(missing))
            )
        for harm in HarmSlug:
            if not any(route.takes(harm) for route in self.routes):
                raise ValueError(f"no reporting route takes the harm {harm.value}")
        return self

    def rule(self, harm: HarmSlug | str) -> Rule:
        return self.rules[HarmSlug(harm)]

    def routes_for(self, harm: HarmSlug | str) -> list[Route]:
        return [route for route in self.routes if route.takes(harm)]

    def response_for(self, harm: HarmSlug | str) -> list[Expectation]:
        return [item for item in self.response if item.takes(harm)]


# ---------------------------------------------------------------- the whole knowledge base


class KnowledgeBase(Strict):
    """Every data file, checked against each other (slugs unique, every harm described)."""

    harms: list[Harm]
    offences: list[Offence]
    police: PoliceFile
    support: SupportFile
    platforms: list[Platform]
    versions: dict[str, int] = Field(description="Each data file's own version, by file name.")
    digest: str = Field(description="A hash of every data file: changes whenever any does.")

    @model_validator(mode="after")
    def _consistent(self) -> KnowledgeBase:
        harm_slugs = [str(harm.slug) for harm in self.harms]
        missing = sorted(set(HarmSlug) - set(harm_slugs))
        if missing:
            raise ValueError("harms.yaml must describe every harm; missing: " + ", ".join(missing))
        for label, slugs in (
            ("harm", harm_slugs),
            ("offence", [offence.slug for offence in self.offences]),
            ("platform", [platform.slug for platform in self.platforms]),
        ):
            doubled = {slug for slug in slugs if slugs.count(slug) > 1}
            if doubled:
                raise ValueError(f"{label} slugs used twice: {', '.join(sorted(doubled))}")
        return self

    @property
    def data_version(self) -> str:
        """What the rendered guide pack is cached under: it changes when any file changes."""
        return self.digest


# ---------------------------------------------------------------- JSON API output (one language)


class FactOut(BaseModel):
    """Where a fact came from, when it was last checked, and whether a source confirms it."""

    source_url: str
    last_reviewed: date
    confirmed: bool


class JurisdictionOut(BaseModel):
    applies: Applies
    confirmed: bool
    note: str | None = None


class OffenceOut(FactOut):
    slug: str
    name: str
    summary: str
    penalty: str | None = None
    jurisdictions: dict[Jurisdiction, JurisdictionOut]


class HarmOut(FactOut):
    slug: HarmSlug
    name: str
    summary: str
    not_this: str
    examples: list[str]
    offences: list[OffenceOut] = Field(description="Offences this harm may amount to.")


class PolicyEnvelope(BaseModel):
    """What every policy response says about itself: data version, language, caveat."""

    data_version: str = Field(description="Changes whenever any policy data file changes.")
    language: Language
    disclaimer: str


class HarmsOut(PolicyEnvelope):
    harms: list[HarmOut]


class LinkOut(FactOut):
    url: str


class PlatformSummaryOut(BaseModel):
    slug: str
    name: str
    owner: str
    help_centre: LinkOut
    version: int
    href: str = Field(description="This platform's full entry in the API.")


class PlatformsOut(PolicyEnvelope):
    platforms: list[PlatformSummaryOut]


class RuleOut(FactOut):
    harm: HarmSlug
    status: RuleStatus
    name: str | None = None
    summary: str


class RouteOut(FactOut):
    slug: str
    kind: RouteKind
    name: str
    steps: list[str]
    url: str | None = None
    harms: list[HarmSlug] = Field(description="The harms this route takes.")


class ExpectationOut(FactOut):
    kind: ResponseKind
    text: str
    harms: list[HarmSlug]


class NoteOut(FactOut):
    text: str


class PlatformOut(PolicyEnvelope):
    platform: PlatformSummaryOut
    rules: list[RuleOut] = Field(
        description="One entry per harm: the matrix row for this platform."
    )
    routes: list[RouteOut]
    response: list[ExpectationOut]
    notes: list[NoteOut]


def all_facts(value: object) -> list[Fact]:
    """Every Fact inside a model, list or dict, depth first (for checks and the PDF cover)."""
    found: list[Fact] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Fact):
            found.append(item)
        if isinstance(item, BaseModel):
            stack.extend(getattr(item, name) for name in type(item).model_fields)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found
