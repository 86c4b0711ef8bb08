"""Signal types: each turns what a platform sends into the one normalised value the hub stores
and matches on, plus a few extras (details). Adding a type is one class and one registry line,
after python-threatexchange's SignalType.

Every `normalise` raises ValueError with a message a platform engineer can act on.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal

from hustings.exchange import textprint
from hustings.exchange.models import SignalKind

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

# Query parameters that only say where a click came from; dropped so copies of a link agree.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "igsh",
        "mc_cid",
        "mc_eid",
        "ref_src",
        "ref_url",
        "s_cid",
        "si",
        "ttclid",
        "twclid",
        "_ga",
        "_gl",
        "mibextid",
        "share_id",
        "rdt",
        "feature",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "hsa_")
# Link shorteners: the short form is kept as given (the hub never follows links).
SHORTENERS = frozenset(
    {
        "bit.ly",
        "buff.ly",
        "dlvr.it",
        "goo.gl",
        "is.gd",
        "lnkd.in",
        "ow.ly",
        "rb.gy",
        "shorturl.at",
        "t.co",
        "t.ly",
        "tiny.cc",
        "tinyurl.com",
        "trib.al",
        "youtu.be",
        "fb.me",
        "vm.tiktok.com",
    }
)


@dataclass(frozen=True)
class Normalised:
    kind: SignalKind
    value: str
    details: dict[str, Any] = field(default_factory=dict)


class SignalType(ABC):
    """One kind of signal: how to check and normalise it."""

    kind: ClassVar[SignalKind]

    @classmethod
    @abstractmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised: ...


def _text(raw: dict[str, Any], name: str, *, max_length: int = 2048) -> str:
    value = raw.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{name}' is required")
    if len(value) > max_length:
        raise ValueError(f"'{name}' is longer than {max_length} characters")
    return value.strip()


class PdqType(SignalType):
    """Image similarity hashes (PDQ), checked with python-threatexchange's PdqSignal."""

    kind = SignalKind.PDQ
    QUALITY_MIN = PdqSignal.QUALITY_THRESHOLD

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        value = _text(raw, "hash", max_length=64).lower()
        try:
            PdqSignal.validate_signal_str(value)
        except ValueError as error:
            raise ValueError("a PDQ hash is 64 hexadecimal digits") from error
        details: dict[str, Any] = {}
        quality = raw.get("quality")
        if quality is not None:
            if not isinstance(quality, int) or isinstance(quality, bool) or not 0 <= quality <= 100:
                raise ValueError("PDQ quality is a whole number from 0 to 100")
            if quality < cls.QUALITY_MIN:
                raise ValueError(f"PDQ quality below {cls.QUALITY_MIN} is too unreliable to share")
            details["quality"] = quality
        return Normalised(cls.kind, value, details)


class Md5Type(SignalType):
    kind = SignalKind.MD5

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        value = _text(raw, "hash", max_length=32).lower()
        try:
            VideoMD5Signal.validate_signal_str(value)
        except ValueError as error:
            raise ValueError("an MD5 hash is 32 hexadecimal digits") from error
        return Normalised(cls.kind, value)


class Sha256Type(SignalType):
    kind = SignalKind.SHA256

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        value = _text(raw, "hash", max_length=64).lower()
        if not _HEX64.match(value):
            raise ValueError("a SHA-256 hash is 64 hexadecimal digits")
        return Normalised(cls.kind, value)


def normalise_url(given: str) -> str:
    """Scheme and host in lower case (http counts as https, "www." dropped), default port,
    fragment and tracking parameters dropped, remaining parameters sorted, no trailing slash.
    """
    parts = urlsplit(given.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError("a URL starts with http:// or https://")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError("the URL has no host")
    try:
        host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise ValueError("the URL's host is not a valid name") from error
    host = host.removeprefix("www.")
    try:
        port = parts.port
    except ValueError as error:
        raise ValueError("the URL's port is not a number") from error
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit(("https", netloc, path, urlencode(sorted(query)), ""))


class UrlType(SignalType):
    kind = SignalKind.URL

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        given = _text(raw, "url")
        value = normalise_url(given)
        host = urlsplit(value).hostname or ""
        details: dict[str, Any] = {"as_given": given} if given != value else {}
        if host in SHORTENERS:
            details["short_link"] = True
        return Normalised(cls.kind, value, details)


def normalise_handle(handle: str) -> str:
    return handle.strip().removeprefix("@").casefold()


class AccountType(SignalType):
    """An account on a platform: matched on (platform, stable id) or (platform, handle)."""

    kind = SignalKind.ACCOUNT

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        platform = _text(raw, "platform", max_length=64).lower()
        if not _SLUG.match(platform):
            raise ValueError("'platform' is a short slug such as 'facebook'")
        account_id = _text(raw, "account_id", max_length=200)
        details: dict[str, Any] = {"platform": platform, "account_id": account_id}
        handle = raw.get("handle")
        if handle is not None:
            details["handle"] = normalise_handle(_text(raw, "handle", max_length=200))
        display_name = raw.get("display_name")
        if display_name is not None:
            details["display_name"] = _text(raw, "display_name", max_length=200)
        profile_url = raw.get("profile_url")
        if profile_url is not None:
            details["profile_url"] = normalise_url(_text(raw, "profile_url"))
        return Normalised(cls.kind, account_key(platform, account_id), details)


def account_key(platform: str, account_id: str) -> str:
    return f"{platform.lower()}:{account_id.strip()}"


class TextType(SignalType):
    """A text fingerprint (textprint): the exact hash plus a MinHash; never the words."""

    kind = SignalKind.TEXT

    @classmethod
    def normalise(cls, raw: dict[str, Any]) -> Normalised:
        if raw.get("text") is not None:
            raise ValueError(
                "send the text's fingerprint ('exact' and 'minhash'), never the text: "
                "see `hustings hash --text` or hustings/exchange/textprint.py"
            )
        exact = _text(raw, "exact", max_length=64).lower()
        if not _HEX64.match(exact):
            raise ValueError("'exact' is a SHA-256: 64 hexadecimal digits")
        minhash = _text(raw, "minhash", max_length=600).lower()
        textprint.decode(minhash)
        return Normalised(cls.kind, exact, {"minhash": minhash})


REGISTRY: dict[SignalKind, type[SignalType]] = {
    t.kind: t for t in (PdqType, Md5Type, Sha256Type, UrlType, AccountType, TextType)
}


def normalise(raw: dict[str, Any]) -> Normalised:
    """Normalise one submitted indicator (its "type" names the signal type)."""
    try:
        kind = SignalKind(str(raw.get("type")))
    except ValueError as error:
        names = ", ".join(k.value for k in SignalKind)
        raise ValueError(f"'type' is one of: {names}") from error
    return REGISTRY[kind].normalise(raw)
