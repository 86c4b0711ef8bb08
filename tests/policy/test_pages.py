"""The guide's pages: every page in English and Welsh, every fact with its date and source,
unconfirmed facts labelled in words, unknown slugs a 404 page, the matrix a real table."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hustings.policy import service

PAGES = [
    "/guide",
    "/guide/matrix",
    "/guide/police",
    "/guide/protect-yourself",
    *[f"/guide/platforms/{p.slug}" for p in service.platforms()],
    *[f"/guide/harms/{h.slug}" for h in service.harms()],
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_exists_in_both_languages_and_links_to_the_other(client: Any, path: str) -> None:
    english = client.get(path)
    welsh = client.get("/cy" + path)
    assert english.status_code == welsh.status_code == 200
    assert 'lang="en"' in english.text and 'lang="cy"' in welsh.text
    assert f'href="/cy{path}"' in english.text
    assert f'href="{path}"' in welsh.text
    assert "call 999" in english.text
    assert "ffoniwch 999" in welsh.text.lower()


def _count(text: str, needle: str) -> int:
    return len(re.findall(re.escape(needle), text))


@pytest.mark.parametrize("slug", [p.slug for p in service.platforms()])
def test_platform_page_dates_and_sources_every_fact(client: Any, slug: str) -> None:
    platform = service.platform(slug)
    page = client.get(f"/guide/platforms/{slug}").text
    facts = [*platform.rules.values(), *platform.routes, *platform.response, *platform.notes]
    facts.append(platform.help_centre)
    facts += service.cross_platform_routes()
    assert _count(page, "Last reviewed 23 November 2026.") == len(facts)
    for fact in facts:
        assert f'href="{fact.source_url}"' in page
    unconfirmed = sum(not fact.confirmed for fact in facts)
    assert _count(page, "Our sources do not confirm this.") == unconfirmed
    for harm in service.harms():
        assert f'id="{harm.slug}"' in page
        assert harm.name.en in page


def test_welsh_platform_page_is_in_welsh(client: Any) -> None:
    page = client.get("/cy/guide/platforms/tiktok").text
    assert "Adolygwyd ddiwethaf 23 Tachwedd 2026." in page
    assert "Heb ei gadarnhau" in page
    assert "Last reviewed" not in page and "Unconfirmed" not in page
    assert "Tynnwch sgrinlun" in page


def test_unconfirmed_rules_say_so_in_words(client: Any) -> None:
    page = client.get("/guide/platforms/tiktok").text
    assert "Covered by the rules, section not confirmed" in page
    assert "govuk-tag--yellow" in page and "Check it before you rely on it." in page


def test_the_matrix_is_a_real_table(client: Any) -> None:
    page = client.get("/guide/matrix").text
    assert "<caption" in page and 'aria-labelledby="matrix-caption"' in page
    assert _count(page, 'scope="col"') == 1 + len(service.platforms())
    assert _count(page, 'scope="row"') == len(service.harms())
    assert _count(page, '<td class="govuk-table__cell">') == len(service.platforms()) * len(
        service.harms()
    )
    assert "Violent Speech" in page and "No published response time" in page
    assert 'href="/guide/platforms/x#threat_of_violence"' in page


def test_harm_page_lists_offences_with_jurisdictions_and_the_legal_caveat(client: Any) -> None:
    page = client.get("/guide/harms/threat_of_violence").text
    assert "guidance, not legal advice" in page
    assert "Online Safety Act 2023, section 181" in page
    assert "England and Wales" in page and "The law differs: check" in page
    assert "Report Harmful Content" in page


def test_police_page_has_the_routes(client: Any) -> None:
    page = client.get("/guide/police").text
    for text in (
        "Call 999",
        "Call 101 or report online",
        "Operation Bridger",
        "When it goes too far",
    ):
        assert text in page
    assert "Ofcom does not deal with individual complaints" in page
    assert "guidance, not legal advice" in page


def test_protect_yourself_covers_evidence_information_and_canvassing(client: Any) -> None:
    page = client.get("/guide/protect-yourself").text
    for heading in (
        "Keep evidence",
        "Check what personal information is public",
        "Stay safe when canvassing",
    ):
        assert heading in page
    assert "Do not canvass alone" in page


@pytest.mark.parametrize(
    "path", ["/guide/platforms/myspace", "/guide/harms/rudeness", "/cy/guide/platforms/myspace"]
)
def test_an_unknown_slug_is_a_404_page(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    if path.startswith("/cy"):
        assert "Nid yw’r canllaw yn ymdrin â phlatfform" in response.text
    else:
        assert "The guide does not cover a" in response.text
