"""Small helpers the pages share: reading forms, error summaries, safe redirects."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from fastapi import Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from hustings.web.i18n import Language, current_language, localise_path, strip_language

UK = ZoneInfo("Europe/London")
FLASH_KEY = "flash"


async def read_form(request: Request) -> FormData:
    """The posted form, read on the event loop so that the route itself can be a plain def.

    FastAPI runs a plain def route in a worker thread, where its database work belongs (see
    hustings.db: on SQLite a wait for the write lock on the loop stalls every request). The
    request keeps the parsed form, so this returns what the CSRF check has already read.
    """
    return await request.form()


PostedForm = Annotated[FormData, Depends(read_form)]
"""A route parameter holding the posted form (fields and uploaded files)."""


def text(form: FormData, name: str) -> str:
    """A form field as text ('' when missing or a file); never raises on odd input."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """The GOV.UK error summary's list: each message links to its field."""
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


def field_error(errors: dict[str, str], field: str) -> dict[str, str] | None:
    """The `errorMessage` parameter of a GOV.UK form macro for one field."""
    return {"text": errors[field]} if field in errors else None


def language(request: Request) -> Language:
    lang: Language = request.scope.get("state", {}).get("language", "en")
    return lang


def redirect(request: Request, path: str) -> RedirectResponse:
    """303 to a path of ours, in the language of the page the person is on."""
    return RedirectResponse(localise_path(path, language(request)), status_code=303)


def safe_next(value: str | None) -> str | None:
    """A same-site relative path to return to after signing in, or None.

    Refuses absolute URLs, scheme-relative ('//evil.example') and backslash tricks
    ('/\\evil.example'), and anything with control characters.
    """
    if not value or len(value) > 2000 or any(ord(c) < 32 or c == "\\" for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//"):
        return None
    path = strip_language(parts.path)[0]
    return path + (f"?{parts.query}" if parts.query else "")


def client_ip(request: Request) -> str:
    """The caller's address (uvicorn's --proxy-headers sets it from a trusted proxy)."""
    return request.client.host if request.client else "unknown"


def uk_time(moment: datetime) -> str:
    """A time people can act on, in UK time, with the date when it is not today."""
    local = moment.astimezone(UK)
    lang = current_language()
    shown = format_time(local, format="HH:mm", locale=lang)
    if local.date() != datetime.now(UK).date():
        # A pattern, not "long": English's long date is American ("November 25, 2026").
        shown += " " + format_date(local, format="d MMMM y", locale=lang)
    return shown


def flash(request: Request, key: str) -> None:
    """Remember a success message (by key, so it shows in the language of the next page)."""
    request.session[FLASH_KEY] = key


def pop_flash(request: Request) -> str | None:
    value: Any = request.session.pop(FLASH_KEY, None)
    return value if isinstance(value, str) else None
