"""Text from screenshots of abuse, with Debian's tesseract-ocr through pytesseract.

Screenshots are read in memory and never stored here: a check is not a report.
"""

from __future__ import annotations

import io

import pytesseract
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF", "BMP"})


class UnreadableImage(ValueError):
    """The upload is not an image we can read, or is too large."""


def text_from_image(data: bytes, languages: str = "eng") -> str:
    """The text in a screenshot, whitespace tidied; empty when none was found."""
    if len(data) > MAX_BYTES:
        raise UnreadableImage("too large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise UnreadableImage("not a supported image format")
            if probe.width * probe.height > MAX_PIXELS:
                raise UnreadableImage("too many pixels")
            image = probe.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise UnreadableImage("not an image") from error
    return text_from_picture(image, languages)


def text_from_picture(picture: Image.Image, languages: str = "eng") -> str:
    """The text in an image already decoded (cases decode HEIC photos and scale them first)."""
    image = picture.convert("L")
    # Small phone screenshots OCR better when enlarged; dark mode reads better inverted.
    if image.width < 1000:
        factor = max(2, 1000 // max(image.width, 1))
        image = image.resize(
            (image.width * factor, image.height * factor), Image.Resampling.LANCZOS
        )
    histogram = image.histogram()
    if sum(histogram[:128]) > sum(histogram[128:]):
        image = ImageOps.invert(image)
    text = pytesseract.image_to_string(image, lang=languages, config="--psm 6")
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
