"""Hashes of a file, so a platform can share what it removed without sending the content:
PDQ (images, with quality, through python-threatexchange's hasher), MD5 and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from threatexchange.signal_type.pdq.pdq_hasher import pdq_from_bytes


@dataclass(frozen=True)
class FileHashes:
    md5: str
    sha256: str
    pdq: str | None  # None when the file is not an image PIL can read
    quality: int | None


def _as_hashed(data: bytes) -> bytes:
    """The bytes python-threatexchange's hasher should see: an RGB or greyscale image. It reads
    the pixel array as it is, so a CMYK photo would hash inverted and a palette image would
    hash its palette indices; those (rare) images are converted and re-encoded losslessly
    first. EXIF orientation is left alone, as other python-threatexchange users hash it, so
    that hashes agree across platforms.
    """
    with Image.open(io.BytesIO(data)) as image:
        if image.mode in ("RGB", "L"):
            return data
        converted = image.convert("RGB")
    buffer = io.BytesIO()
    converted.save(buffer, format="PNG")
    return buffer.getvalue()


def pdq_of(data: bytes) -> tuple[str, int] | None:
    """PDQ hash and quality (0-100) of an image, or None if the bytes are not an image."""
    try:
        digest, quality = pdq_from_bytes(_as_hashed(data))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return digest, int(quality)


def hash_bytes(data: bytes) -> FileHashes:
    pdq = pdq_of(data)
    return FileHashes(
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
        sha256=hashlib.sha256(data).hexdigest(),
        pdq=pdq[0] if pdq else None,
        quality=pdq[1] if pdq else None,
    )
