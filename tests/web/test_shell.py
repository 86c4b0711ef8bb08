"""The web shell: pages in English and Welsh, errors in one shape per audience, health."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("path", ["/", "/accessibility"])
def test_each_page_links_to_its_other_language(client: Any, path: str) -> None:
    english = client.get(path)
    welsh = client.get("/cy" + (path if path != "/" else ""))
    assert english.status_code == welsh.status_code == 200
    assert 'lang="en"' in english.text and 'lang="cy"' in welsh.text
    cy_path = "/cy" + (path if path != "/" else "")
    assert f'href="{cy_path}"' in english.text
    assert f'href="{path}"' in welsh.text


def test_welsh_pages_are_in_welsh(client: Any) -> None:
    page = client.get("/cy/accessibility").text
    assert "Datganiad hygyrchedd" in page
    assert "Accessibility statement for Hustings" not in page


def test_not_found_is_a_page_for_people_and_problem_json_for_machines(client: Any) -> None:
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert api.json()["status"] == 404


def test_healthz_checks_the_database(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_security_headers(client: Any) -> None:
    headers = client.get("/").headers
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/", "/cy/accessibility", "/no-such-page"])
def test_no_gov_uk_brand(client: Any, path: str) -> None:
    """Hustings is not on GOV.UK: no crown, no Crown copyright, no GOV.UK logo or icons."""
    page = client.get(path).text
    for brand in ("govuk-footer__crown", "Crown copyright", "govuk-logo", "favicon.ico", "GOV.UK"):
        assert brand not in page, brand


def test_every_inline_script_is_allowed_by_the_content_security_policy(client: Any) -> None:
    import base64
    import hashlib
    import re

    response = client.get("/")
    policy = response.headers["content-security-policy"]
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", response.text, re.S)
    assert inline, "the GOV.UK template's js-enabled script should be present"
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
