"""The policy JSON API: public, bilingual, documented in /openapi.json, clear about bad input."""

from __future__ import annotations

from typing import Any

import pytest

from hustings.policy import service
from hustings.policy.schemas import HarmSlug


def test_harms_lists_the_taxonomy_with_offences(client: Any) -> None:
    response = client.get("/api/v1/policy/harms")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "en" and "not legal advice" in body["disclaimer"]
    assert body["data_version"] == service.knowledge_base().data_version
    assert [h["slug"] for h in body["harms"]] == [h.slug.value for h in service.harms()]
    threat = next(h for h in body["harms"] if h["slug"] == "threat_of_violence")
    assert threat["name"] == "Threat of violence"
    assert threat["source_url"].startswith("https://") and threat["last_reviewed"] == "2026-11-23"
    offences = {o["slug"]: o for o in threat["offences"]}
    assert offences["threat_to_kill"]["confirmed"] is False
    assert offences["threatening_communications"]["jurisdictions"]["scotland"]["applies"] == "check"


def test_platforms_list_and_detail(client: Any) -> None:
    listing = client.get("/api/v1/policy/platforms").json()
    slugs = [p["slug"] for p in listing["platforms"]]
    assert {"facebook", "instagram", "threads", "x", "youtube", "tiktok"} <= set(slugs)
    x = next(p for p in listing["platforms"] if p["slug"] == "x")
    detail = client.get(x["href"]).json()
    assert detail["platform"]["name"] == "X (formerly Twitter)"
    assert detail["platform"]["help_centre"]["confirmed"] is True
    tiktok = client.get("/api/v1/policy/platforms/tiktok").json()["platform"]["help_centre"]
    assert tiktok["url"] == "https://support.tiktok.com/" and tiktok["confirmed"] is False
    assert {r["harm"] for r in detail["rules"]} == {h.value for h in HarmSlug}
    violent = next(r for r in detail["rules"] if r["harm"] == "threat_of_violence")
    assert violent == {
        "harm": "threat_of_violence",
        "status": "named_rule",
        "name": "Violent Speech",
        "summary": violent["summary"],
        "source_url": "https://help.twitter.com/rules-and-policies/abusive-behavior",
        "last_reviewed": "2026-11-23",
        "confirmed": True,
    }
    kinds = {e["kind"]: e for e in detail["response"]}
    assert kinds["none_published"]["confirmed"] is True
    assert kinds["claimed"]["confirmed"] is False and "24" in kinds["claimed"]["text"]
    assert any(route["kind"] == "in_app" for route in detail["routes"])


def test_welsh_text_with_lang_cy(client: Any) -> None:
    body = client.get("/api/v1/policy/harms", params={"lang": "cy"}).json()
    assert body["language"] == "cy" and "nid cyngor cyfreithiol" in body["disclaimer"]
    names = {h["slug"]: h["name"] for h in body["harms"]}
    assert names["harassment_and_bullying"] == "Aflonyddu a bwlio"
    tiktok = client.get("/api/v1/policy/platforms/tiktok?lang=cy").json()
    assert tiktok["routes"][0]["steps"][0].startswith("Tynnwch sgrinlun")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/policy/harms?lang=fr",
        "/api/v1/policy/platforms?lang=",
        "/api/v1/policy/platforms/x?lang=CY",
    ],
)
def test_an_unknown_language_is_a_clear_422(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["errors"][0]["field"] == "query.lang"
    assert "'en' or 'cy'" in body["detail"]


def test_an_unknown_platform_is_a_404_problem(client: Any) -> None:
    response = client.get("/api/v1/policy/platforms/myspace")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert "myspace" in body["detail"] and "facebook" in body["detail"]


def test_openapi_documents_the_response_models(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/policy/harms",
        "/api/v1/policy/platforms",
        "/api/v1/policy/platforms/{slug}",
    ):
        get = paths[path]["get"]
        assert "$ref" in get["responses"]["200"]["content"]["application/json"]["schema"]
        lang = next(p for p in get["parameters"] if p["name"] == "lang")
        assert lang["schema"]["enum"] == ["en", "cy"]
    assert {"HarmsOut", "PlatformOut", "RuleOut"} <= set(spec["components"]["schemas"])
