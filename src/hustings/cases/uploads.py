"""Checking uploaded files before anything is stored: the real type from the bytes, the size,
and for exports of many posts, every row read into a post.

Each problem names the file and says what to do, in the person's language, so that one bad
file among many is easy to find and fix; nothing is stored when any file is refused.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PIL import UnidentifiedImageError

from hustings.cases.config import cases_settings
from hustings.cases.images import IMAGE_TYPES, open_image, sniff_image
from hustings.web.i18n import gettext as _

EXPORT_TYPES = ("application/json", "text/csv")
_TEXT_KEYS = ("text", "full_text", "content", "message", "body", "caption", "comment", "post")
_URL_KEYS = ("url", "link", "permalink", "post_url")
_AUTHOR_KEYS = ("author", "username", "user", "handle", "screen_name", "account", "from")
_TIME_KEYS = ("posted_at", "created_at", "date", "timestamp", "time", "published")
_PLATFORM_KEYS = ("platform", "site", "network")


@dataclass(frozen=True)
class ExportPost:
    """One post read from an export, with the row it came from (its provenance)."""

    row: int
    text: str
    url: str | None = None
    author: str | None = None
    posted_at: datetime | None = None
    platform: str | None = None


@dataclass
class CheckedFile:
    name: str
    data: bytes
    media_type: str
    posts: list[ExportPost] = field(default_factory=list)

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES


class UploadRefused(Exception):
    """One file cannot be accepted; `message` tells the person why and what to do."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def check_file(name: str, data: bytes) -> CheckedFile:
    """The file's real type and content, or UploadRefused saying what is wrong with it."""
    settings = cases_settings()
    if not data:
        raise UploadRefused(name, _("The file is empty. Choose the file again."))
    if len(data) > settings.max_upload_bytes:
        raise UploadRefused(
            name,
            _(
                "The file is larger than %(mb)s MB. Make it smaller or take a new screenshot.",
                mb=settings.max_upload_bytes // (1024 * 1024),
            ),
        )
    image_type = sniff_image(data)
    if image_type is not None:
        try:
            open_image(data)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
            raise UploadRefused(
                name, _("The image is damaged or incomplete. Save it again and upload it.")
            ) from error
        except Exception as error:  # Pillow raises DecompressionBombError and others
            raise UploadRefused(name, _("The image could not be read.")) from error
        return CheckedFile(name, data, image_type)
    posts, media_type = _read_export(name, data)
    if not posts:
        raise UploadRefused(
            name,
            _(
                "The file must be a JPEG, PNG, WebP or HEIC image, or a CSV or JSON export "
                "of posts with a text column."
            ),
        )
    if len(posts) > settings.max_posts_per_export:
        raise UploadRefused(
            name,
            _(
                "The export has more than %(n)s posts. Split it into smaller files.",
                n=settings.max_posts_per_export,
            ),
        )
    return CheckedFile(name, data, media_type, posts)


def _read_export(name: str, data: bytes) -> tuple[list[ExportPost], str]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], ""
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            parsed = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise UploadRefused(
                name,
                _("The JSON export could not be read (line %(line)s).", line=error.lineno),
            ) from error
        return _posts_from_records(_json_records(parsed)), "application/json"
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as error:
        raise UploadRefused(name, _("The CSV export could not be read.")) from error
    return _posts_from_records(rows), "text/csv"


def _json_records(parsed: Any) -> list[Any]:
    if isinstance(parsed, list):
        return parsed
    if isinstance(parsed, dict):
        for key in ("posts", "data", "items", "messages", "tweets", "comments", "results"):
            if isinstance(parsed.get(key), list):
                return list(parsed[key])
    return []


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, dict):  # {"user": {"screen_name": "..."}}
            value = _pick(value, (*_AUTHOR_KEYS, "name"))
        if value not in (None, ""):
            return str(value).strip()
    return None


def _posts_from_records(records: list[Any]) -> list[ExportPost]:
    posts: list[ExportPost] = []
    for row, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            continue
        text = _pick(record, _TEXT_KEYS)
        if not text:
            continue
        posts.append(
            ExportPost(
                row=row,
                text=text[:20_000],
                url=(_pick(record, _URL_KEYS) or None),
                author=_pick(record, _AUTHOR_KEYS),
                posted_at=_parse_time(_pick(record, _TIME_KEYS)),
                platform=(_pick(record, _PLATFORM_KEYS) or "").lower() or None,
            )
        )
    return posts


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    if value.isdigit():
        try:
            return datetime.fromtimestamp(int(value), UTC)
        except (ValueError, OverflowError, OSError):
            return None
    for candidate in (value, value.replace("Z", "+00:00")):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:  # Twitter's archive style: "Wed Oct 10 20:19:24 +0000 2018"
        return datetime.strptime(value, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        return None
