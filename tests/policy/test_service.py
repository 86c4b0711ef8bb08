"""The queries other domains call: lookups, matrix cells, offences and ready-made reports."""

from __future__ import annotations

import pytest

from hustings.policy import service
from hustings.policy.schemas import Applies, HarmSlug, Jurisdiction, RuleStatus


def test_lookups_by_slug() -> None:
    assert service.harm("hate").name.en == "Hate"
    assert service.platform("x").name.cy == "X (Twitter gynt)"
    with pytest.raises(service.UnknownSlug, match="no platform called 'myspace'"):
        service.platform("myspace")
    with pytest.raises(service.UnknownSlug, match="no harm called 'rudeness'"):
        service.rule("x", "rudeness")


def test_the_knowledge_base_is_read_once() -> None:
    assert service.knowledge_base() is service.knowledge_base()


def test_rules_for_gives_one_rule_per_platform() -> None:
    row = service.rules_for("threat_of_violence")
    assert [p.slug for p, _ in row] == [p.slug for p in service.platforms()]
    named = {p.slug: r.name.en for p, r in row if r.name is not None}
    assert named["x"] == "Violent Speech"
    assert named["facebook"] == "Violence and Incitement"


def test_rule_for_one_cell() -> None:
    rule = service.rule("facebook", "private_information")
    assert rule.status == RuleStatus.NAMED_RULE and rule.confirmed
    assert "address" in rule.summary.en


def test_reporting_routes_only_those_that_take_the_harm() -> None:
    privacy = [r.slug for r in service.reporting_routes("youtube", "private_information")]
    threats = [r.slug for r in service.reporting_routes("youtube", "threat_of_violence")]
    assert "privacy_complaint" in privacy and "privacy_complaint" not in threats


def test_offences_for_a_harm_and_a_jurisdiction() -> None:
    threats = {o.slug for o in service.offences_for("threat_of_violence")}
    assert {"threatening_communications", "threat_to_kill"} <= threats
    assert "false_statement_about_candidate" not in threats
    scotland = service.offences_for("threat_of_violence", Jurisdiction.SCOTLAND)
    assert scotland and all(
        o.status_in(Jurisdiction.SCOTLAND).applies == Applies.CHECK for o in scotland
    )
    with pytest.raises(service.UnknownSlug, match="jurisdiction"):
        service.offences_for("hate", "wales")


def test_cross_platform_routes_filter_by_harm() -> None:
    everything = {c.slug for c in service.cross_platform_routes()}
    assert {"report_harmful_content", "ofcom"} <= everything
    doxxing = {c.slug for c in service.cross_platform_routes("private_information")}
    assert "report_harmful_content" not in doxxing and "ofcom" in doxxing


def test_ready_made_report_names_the_rules_and_the_form() -> None:
    report = service.ready_made_report(
        "x", ["threat_of_violence", "hate", "hate"], links=[" https://x.com/a/1 ", ""]
    )
    assert [h.slug for h in report.harms] == [HarmSlug.THREAT_OF_VIOLENCE, HarmSlug.HATE]
    assert report.route.slug == "in_app" and report.route.confirmed
    assert "Violent Speech; Hateful Conduct" in report.text
    assert "- https://x.com/a/1" in report.text and "\n- \n" not in report.text
    assert not report.unconfirmed


def test_ready_made_report_flags_what_is_unconfirmed_and_speaks_welsh() -> None:
    report = service.ready_made_report("tiktok", ["harassment_and_bullying"], language="cy")
    assert report.unconfirmed
    assert report.text.startswith("Rwy'n ymgeisydd")
    assert "eich rheolau ynghylch aflonyddu a bwlio" in report.text
    assert "sgrinluniau" in report.text


def test_ready_made_report_refuses_nonsense() -> None:
    with pytest.raises(ValueError, match="at least one harm"):
        service.ready_made_report("x", [])
    with pytest.raises(service.UnknownSlug):
        service.ready_made_report("x", ["not_a_harm"])
