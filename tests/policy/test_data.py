"""The knowledge base's data: it validates, every fact is sourced and dated, and what our
sources leave open is marked unconfirmed rather than presented as fact."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from hustings.policy.loader import DATA_DIR, PolicyDataError, load
from hustings.policy.schemas import (
    Applies,
    Fact,
    HarmSlug,
    Jurisdiction,
    KnowledgeBase,
    ResponseKind,
    RuleStatus,
    Text,
)

PLATFORM_SLUGS = {"facebook", "instagram", "threads", "x", "youtube", "tiktok"}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load(DATA_DIR)


def walk(value: Any) -> Iterator[Any]:
    """Every model, list item and dict value inside `value`, depth first."""
    yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from walk(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from walk(item)


def test_the_shipped_data_validates_with_every_harm_and_platform(kb: KnowledgeBase) -> None:
    assert {h.slug for h in kb.harms} == set(HarmSlug)
    assert {p.slug for p in kb.platforms} >= PLATFORM_SLUGS
    assert all(version >= 1 for version in kb.versions.values())
    assert len(kb.versions) == 4 + len(kb.platforms)


def test_every_fact_has_a_source_url_and_a_review_date(kb: KnowledgeBase) -> None:
    facts = [item for item in walk(kb) if isinstance(item, Fact)]
    kinds = {type(item).__name__ for item in facts}
    assert kinds >= {
        "Harm",
        "Offence",
        "Contact",
        "Advice",
        "Rule",
        "Route",
        "Expectation",
        "Note",
        "Link",
    }
    for fact in facts:
        assert str(fact.source_url).startswith(("http://", "https://")), fact
        assert date(2019, 1, 1) <= fact.last_reviewed <= date.today(), fact
    assert len(facts) > 100


def test_every_matrix_cell_is_a_rule_or_an_explicit_entry(kb: KnowledgeBase) -> None:
    for platform in kb.platforms:
        assert set(platform.rules) == set(HarmSlug), platform.slug
        for harm, rule in platform.rules.items():
            assert rule.status in set(RuleStatus)
            assert rule.summary.en and rule.summary.cy
            if rule.status == RuleStatus.NAMED_RULE:
                assert rule.name is not None, (platform.slug, harm)
            else:
                # Anything short of a confirmed named rule must say so on the page.
                assert not rule.confirmed, (platform.slug, harm)
            assert platform.routes_for(harm), (platform.slug, harm)
            assert platform.response_for(harm), (platform.slug, harm)


def test_what_the_sources_say_to_check_is_unconfirmed(kb: KnowledgeBase) -> None:
    platforms = {p.slug: p for p in kb.platforms}
    # TikTok's section names: "check before use".
    assert not any(rule.confirmed for rule in platforms["tiktok"].rules.values())
    # X's old 24-hour claim and YouTube's 48-hour privacy window: both "check".
    for slug, hours in (("x", "24"), ("youtube", "48")):
        claims = [e for e in platforms[slug].response if e.kind == ResponseKind.CLAIMED]
        assert claims and all(not c.confirmed and hours in c.text.en for c in claims)
    # Help-centre addresses our sources do not give are pointers to check, not facts.
    assert platforms["x"].help_centre.confirmed
    assert not any(platforms[s].help_centre.confirmed for s in ("facebook", "tiktok", "threads"))
    # Nothing specific to Threads is in our sources.
    assert not any(rule.confirmed for rule in platforms["threads"].rules.values())
    offences = {o.slug: o for o in kb.offences}
    assert not offences["public_order"].confirmed and not offences["threat_to_kill"].confirmed


def test_no_platform_claims_a_published_response_time(kb: KnowledgeBase) -> None:
    """None publishes one (CSPL 2020 for Twitter, Facebook, Google): say so plainly."""
    for platform in kb.platforms:
        kinds = {e.kind for e in platform.response}
        assert ResponseKind.NONE_PUBLISHED in kinds, platform.slug
        assert ResponseKind.PUBLISHED not in kinds, platform.slug


def test_scotland_and_northern_ireland_are_never_guessed(kb: KnowledgeBase) -> None:
    for offence in kb.offences:
        assert set(offence.jurisdictions) == set(Jurisdiction)
        for place in (Jurisdiction.SCOTLAND, Jurisdiction.NORTHERN_IRELAND):
            status = offence.status_in(place)
            assert status.applies == Applies.CHECK and not status.confirmed
            assert status.note is not None and "differ" in status.note.en


def test_every_text_is_written_in_welsh_too(kb: KnowledgeBase) -> None:
    """Proper names may be the same in both languages; sentences may not."""
    same = [t.en for t in walk(kb) if isinstance(t, Text) and t.en == t.cy and " " in t.en]
    short_names = {"X Corp."}
    assert not [text for text in same if text not in short_names], same


def test_offence_sources_are_official(kb: KnowledgeBase) -> None:
    hosts = {str(o.source_url).split("/")[2] for o in kb.offences}
    assert hosts <= {
        "www.cps.gov.uk",
        "cps.gov.uk",
        "legislation.gov.uk",
        "www.legislation.gov.uk",
        "commonslibrary.parliament.uk",
    }


# ---------------------------------------------------------------- broken data is refused


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(path: Path, change: Any) -> None:
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")


def test_a_missing_source_is_rejected_naming_the_file_and_field(data_copy: Path) -> None:
    edit(data_copy / "platforms" / "x.yaml", lambda d: d["rules"]["hate"].pop("source_url"))
    with pytest.raises(PolicyDataError) as error:
        load(data_copy)
    message = str(error.value)
    assert "platforms/x.yaml" in message
    assert "rules.hate.source_url" in message and "Field required" in message


def test_a_bad_date_is_rejected(data_copy: Path) -> None:
    edit(data_copy / "harms.yaml", lambda d: d["harms"][2].update(last_reviewed="last week"))
    with pytest.raises(PolicyDataError, match=r"harms\.yaml: field harms\[2\]\.last_reviewed"):
        load(data_copy)


def test_a_platform_without_a_cell_for_every_harm_is_rejected(data_copy: Path) -> None:
    edit(data_copy / "platforms" / "tiktok.yaml", lambda d: d["rules"].pop("impersonation"))
    with pytest.raises(PolicyDataError, match=r"platforms/tiktok\.yaml.*missing: impersonation"):
        load(data_copy)


def test_a_named_rule_needs_its_name(data_copy: Path) -> None:
    edit(data_copy / "platforms" / "facebook.yaml", lambda d: d["rules"]["hate"].pop("name"))
    with pytest.raises(PolicyDataError, match=r"facebook\.yaml: field rules\.hate.*needs its name"):
        load(data_copy)


def test_a_check_cannot_be_marked_confirmed(data_copy: Path) -> None:
    def confirm(d: dict[str, Any]) -> None:
        d["offences"][0]["jurisdictions"]["scotland"]["confirmed"] = True

    edit(data_copy / "offences.yaml", confirm)
    with pytest.raises(PolicyDataError, match="cannot be confirmed"):
        load(data_copy)


def test_missing_welsh_is_rejected(data_copy: Path) -> None:
    edit(data_copy / "police.yaml", lambda d: d["routes"][0]["name"].pop("cy"))
    with pytest.raises(PolicyDataError, match=r"police\.yaml: field routes\[0\]\.name\.cy"):
        load(data_copy)


def test_a_file_name_must_match_its_slug(data_copy: Path) -> None:
    shutil.copy(data_copy / "platforms" / "x.yaml", data_copy / "platforms" / "bluesky.yaml")
    with pytest.raises(PolicyDataError, match="must match the file name"):
        load(data_copy)


def test_adding_a_platform_is_adding_a_file(data_copy: Path) -> None:
    source = yaml.safe_load((data_copy / "platforms" / "x.yaml").read_text(encoding="utf-8"))
    source["slug"] = "bluesky"
    source["name"] = {"en": "Bluesky", "cy": "Bluesky"}
    (data_copy / "platforms" / "bluesky.yaml").write_text(yaml.safe_dump(source))
    kb = load(data_copy)
    assert "bluesky" in {p.slug for p in kb.platforms}
    assert kb.digest != load(DATA_DIR).digest


def test_invalid_yaml_is_reported_with_the_file(data_copy: Path) -> None:
    (data_copy / "support.yaml").write_text("version: 1\ncross_platform: [unclosed\n")
    with pytest.raises(PolicyDataError, match=r"support\.yaml: not valid YAML"):
        load(data_copy)


def test_the_app_refuses_to_start_on_invalid_data(
    data_copy: Path, settings_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hustings.config import get_settings
    from hustings.main import create_app
    from hustings.policy import service

    edit(data_copy / "platforms" / "youtube.yaml", lambda d: d.update(version=0))
    monkeypatch.setenv("HUSTINGS_POLICY_DATA_DIR", str(data_copy))
    get_settings.cache_clear()
    try:
        with pytest.raises(PolicyDataError, match=r"youtube\.yaml: field version"):
            create_app()
    finally:
        monkeypatch.delenv("HUSTINGS_POLICY_DATA_DIR")
        get_settings.cache_clear()
        service.reload()
