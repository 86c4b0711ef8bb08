"""Reading the words in a screenshot so that it is triaged like pasted text.

Uses triage's OCR (tesseract, with its enlarging and dark-mode handling) on a clean PNG of
the image, which also lets HEIC photos and large photos (up to the 20 MB upload limit) through:
they are scaled down to what OCR needs first. English and Welsh by default.
"""

from __future__ import annotations

import io

import structlog
from PIL import Image

from hustings.cases.config import cases_settings
from hustings.cases.images import open_image
from hustings.triage.ocr import MAX_BYTES, UnreadableImage, text_from_image

log = structlog.get_logger()
OCR_MAX_SIDE = 2400  # enough for text on any phone screenshot


def read_text(data: bytes) -> str:
    """The text tesseract finds in the image; empty when there is none or OCR fails."""
    image = open_image(data).convert("RGB")
    image.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG")
    png = out.getvalue()
    if len(png) > MAX_BYTES:
        return ""
    try:
        return text_from_image(png, languages=cases_settings().ocr_languages)
    except (UnreadableImage, OSError, RuntimeError) as error:
        log.warning("ocr_failed", error=type(error).__name__)
        return ""
