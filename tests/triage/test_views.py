"""The public "Check a message" page, in English and Welsh, by text or screenshot."""

from __future__ import annotations

from typing import Any

from hustings.web import ratelimit
from tests.triage.screenshots import render_screenshot


def test_form_page_in_both_languages(client: Any) -> None:
    english = client.get("/check")
    welsh = client.get("/cy/check")
    assert english.status_code == welsh.status_code == 200
    assert "Check a message" in english.text
    assert "Gwirio neges" in welsh.text and "Paste the message" not in welsh.text


def test_abusive_text_gets_a_blurred_verdict_with_rules_and_next_steps(client: Any) -> None:
    response = client.post_form(
        "/check", {"message": "I'm going to kill you at the count tonight", "platform": "x"}
    )
    assert response.status_code == 200
    page = response.text
    assert 'data-abusive="true"' in page and 'data-severity="urgent"' in page
    assert 'data-label="threat"' in page
    assert "hustings-blurred" in page and 'aria-hidden="true"' in page
    assert "999" in page and "Violent Speech" in page


def test_robust_criticism_is_not_blurred(client: Any) -> None:
    response = client.post_form("/check", {"message": "Your bus plan is rubbish. Resign."})
    assert 'data-abusive="false"' in response.text
    assert "hustings-blurred" not in response.text


def test_an_empty_form_shows_the_error_summary(client: Any) -> None:
    response = client.post_form("/check", {"message": "  "})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text and 'href="#message"' in response.text


def test_welsh_result(client: Any) -> None:
    response = client.post_form("/cy/check", {"message": "you are a worthless piece of shit"})
    assert response.status_code == 200
    assert "Mae hyn yn edrych fel camdriniaeth" in response.text


def test_a_screenshot_is_read_and_triaged(client: Any) -> None:
    png = render_screenshot(["we know where you live"])
    response = client.post(
        "/check",
        data={"csrf_token": client.csrf},
        files={"screenshot": ("shot.png", png, "image/png")},
    )
    assert response.status_code == 200
    assert 'data-label="intimidation"' in response.text


def test_an_unreadable_upload_is_an_error(client: Any) -> None:
    response = client.post(
        "/check",
        data={"csrf_token": client.csrf},
        files={"screenshot": ("shot.png", b"not an image", "image/png")},
    )
    assert response.status_code == 400 and 'href="#screenshot"' in response.text


def test_the_page_is_rate_limited(client: Any) -> None:
    ratelimit.reset()
    try:
        codes = [client.post_form("/check", {"message": "hello"}).status_code for _ in range(31)]
        assert codes[:30] == [200] * 30 and codes[30] == 429
    finally:
        ratelimit.reset()


def test_a_post_without_csrf_is_refused(client: Any) -> None:
    response = client.post("/check", data={"message": "hello"})
    assert response.status_code == 403


def test_the_platform_list_offers_every_platform(client: Any) -> None:
    page = client.get("/check").text
    for name in ("Facebook", "Instagram", "Threads", "TikTok", "YouTube"):
        assert f">{name}</option>" in page, name
