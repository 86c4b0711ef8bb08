"""Screenshots rendered from text with Pillow, for OCR tests (a real image, not a fixture file)."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def render_screenshot(lines: list[str], dark: bool = False) -> bytes:
    """A phone-style message screenshot as PNG bytes."""
    font = ImageFont.truetype(str(FONT), 28)
    width, height = 900, 80 + 50 * len(lines)
    background, ink = ((20, 20, 20), (235, 235, 235)) if dark else ((255, 255, 255), (15, 15, 15))
    image = Image.new("RGB", (width, height), background)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 50 * i), line, fill=ink, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
