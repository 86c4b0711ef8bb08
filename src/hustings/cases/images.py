"""Images: what a file really is (from its bytes, never its name), and clean copies to show.

HEIC photos from phones are read through pillow-heif. Display copies are re-encoded PNGs made
from the pixels alone, so no EXIF (camera, time, GPS position), XMP or comment survives.
"""

from __future__ import annotations

import io
from functools import cache

import structlog
from PIL import Image, ImageOps

IMAGE_TYPES: dict[str, str] = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
}
_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MAX_PIXELS = 80_000_000  # refuse decompression bombs well before memory runs out
OCR_MAX_SIDE = 2400  # enough for the text on any phone screenshot


@cache
def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()


def sniff_image(data: bytes) -> str | None:
    """The image media type the bytes really are, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if len(data) >= 12 and data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "image/heic"
    return None


def open_image(data: bytes) -> Image.Image:
    """Decode fully (so a truncated or fake file fails here, at upload, not later).

    `verify()` checks the file's structure (PNG chunk checksums and so on) even when another
    library has told Pillow to load truncated images, which would otherwise pass a cut file.
    """
    _register_heif()
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    Image.open(io.BytesIO(data)).verify()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def strip_to_png(data: bytes) -> bytes:
    """Pixels only, upright, as PNG: nothing from the original's metadata is carried over."""
    image = ImageOps.exif_transpose(open_image(data))
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, format="PNG", optimize=False)
    return out.getvalue()


def words_in(data: bytes) -> str:
    """The text OCR finds in a screenshot or photo (triage's OCR, after scaling large photos
    down to what it needs); empty when there is none or OCR fails."""
    from hustings.cases.config import cases_settings
    from hustings.triage.ocr import text_from_picture

    image = open_image(data).convert("RGB")
    image.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE), Image.Resampling.LANCZOS)
    try:
        return text_from_picture(image, languages=cases_settings().ocr_languages)
    except (OSError, RuntimeError) as error:
        structlog.get_logger().warning("ocr_failed", error=type(error).__name__)
        return ""
