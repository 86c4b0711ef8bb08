"""Reading the words in a screenshot (Debian's tesseract through pytesseract), so that
screenshots are triaged like pasted text. English and Welsh by default.
"""

from __future__ import annotations

import structlog

from hustings.cases.config import cases_settings
from hustings.cases.images import open_image

log = structlog.get_logger()


def read_text(data: bytes) -> str:
    """The text tesseract finds in the image; empty when there is none or OCR is unavailable."""
    import pytesseract

    image = open_image(data).convert("RGB")
    try:
        text: str = pytesseract.image_to_string(image, lang=cases_settings().ocr_languages)
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError) as error:
        log.warning("ocr_failed", error=type(error).__name__)
        return ""
    return " ".join(text.split())
