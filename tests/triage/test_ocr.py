"""OCR reads the words of a rendered screenshot, light or dark, and refuses non-images."""

from __future__ import annotations

import pytest

from hustings.triage.ocr import UnreadableImage, text_from_image
from tests.triage.screenshots import render_screenshot


@pytest.mark.parametrize("dark", [False, True])
def test_reads_a_rendered_screenshot(dark: bool) -> None:
    data = render_screenshot(["@angry_voter replying to you", "we know where you live"], dark=dark)
    text = text_from_image(data).lower()
    assert "we know where you live" in text


def test_refuses_what_is_not_an_image() -> None:
    with pytest.raises(UnreadableImage):
        text_from_image(b"%PDF-1.4 not an image")
