"""Text fingerprints that a platform can compute on its own side, so that abusive text is
shared as numbers and never as words.

Standard library only, on purpose: copy this one file into a moderation tool and it produces
exactly what the hub stores. Two parts:

- `exact`: SHA-256 of the normalised text (same words, same punctuation-free form);
- `minhash`: a 64-value MinHash over character 5-shingles of the normalised text, written as
  "mh1:" and 512 hex digits. The share of equal values estimates the Jaccard similarity of the
  two texts' shingle sets, which survives a changed word, an added emoji or re-spaced text.

Normalisation: Unicode NFKC, case folded, accents kept apart from letters and dropped (so
"ŵ" and "w" agree, as people type both), links and @mentions replaced by a placeholder (they
change between copies), punctuation dropped, whitespace collapsed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

VERSION = "mh1"
PERMUTATIONS = 64
SHINGLE = 5
_PRIME = (1 << 61) - 1
_MASK32 = 0xFFFFFFFF
_URL = re.compile(r"(https?://\S+|www\.\S+)", re.IGNORECASE)
_MENTION = re.compile(r"@\w+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def _coefficients() -> list[tuple[int, int]]:
    """Fixed (a, b) pairs for the hash family, derived from a public seed: never change them."""
    pairs = []
    for i in range(PERMUTATIONS):
        digest = hashlib.sha256(f"hustings-minhash-{i}".encode()).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:16], "big") % _PRIME
        pairs.append((a, b))
    return pairs


_PAIRS = _coefficients()


def normalise(text: str) -> str:
    """The form both sides hash: see the module docstring."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _URL.sub(" url ", text)
    text = _MENTION.sub(" user ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", text).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def exact_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingles(normalised: str) -> set[bytes]:
    if len(normalised) <= SHINGLE:
        return {normalised.encode()} if normalised else set()
    return {normalised[i : i + SHINGLE].encode() for i in range(len(normalised) - SHINGLE + 1)}


def minhash_values(text: str) -> list[int]:
    """The 64 minimum hash values of the text's shingles (all 0xFFFFFFFF for empty text)."""
    items = [
        int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "big")
        for s in shingles(normalise(text))
    ]
    if not items:
        return [_MASK32] * PERMUTATIONS
    return [min(((a * x + b) % _PRIME) & _MASK32 for x in items) for a, b in _PAIRS]


def encode(values: list[int]) -> str:
    return VERSION + ":" + "".join(f"{v:08x}" for v in values)


def decode(fingerprint: str) -> list[int]:
    """The values of a "mh1:..." fingerprint; ValueError if it is not one."""
    prefix, _, digits = fingerprint.partition(":")
    if prefix != VERSION or len(digits) != PERMUTATIONS * 8:
        raise ValueError(f"a text fingerprint is '{VERSION}:' and {PERMUTATIONS * 8} hex digits")
    try:
        return [int(digits[i : i + 8], 16) for i in range(0, len(digits), 8)]
    except ValueError as error:
        raise ValueError("a text fingerprint holds hex digits only") from error


def similarity(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (0 to 1)."""
    if len(first) != len(second) or not first:
        return 0.0
    return sum(1 for a, b in zip(first, second, strict=True) if a == b) / len(first)


@dataclass(frozen=True)
class TextPrint:
    exact: str
    minhash: str


def fingerprint(text: str) -> TextPrint:
    """Both parts, ready to share: the text itself stays with the caller."""
    return TextPrint(exact=exact_hash(text), minhash=encode(minhash_values(text)))
