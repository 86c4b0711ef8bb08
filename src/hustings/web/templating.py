"""Jinja2 set up with the govuk-frontend-jinja macros, translations and per-request context."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from starlette.responses import HTMLResponse

from hustings.web import i18n
from hustings.web.csrf import csrf_input, csrf_token

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SERVICE_NAME = "Hustings"


def template_dirs() -> list[str]:
    """Each domain keeps its templates in <domain>/templates/<domain>/."""
    return sorted(str(p) for p in PACKAGE_DIR.glob("*/templates") if p.is_dir())


@cache
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(template_dirs()),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda message, **kw: i18n.gettext(message, **kw),
        lambda singular, plural, n, **kw: i18n.ngettext(singular, plural, n, **kw),
        newstyle=True,
    )
    # British English dates (23 November 2026), not Babel's US default for plain "en".
    env.filters["long_date"] = lambda value: format_date(
        value, format="long", locale={"en": "en_GB", "cy": "cy"}[i18n.current_language()]
    )
    env.globals.update(
        service_name=SERVICE_NAME,
        pick=i18n.pick,
        language_names=i18n.LANGUAGE_NAMES,
    )
    return env


@cache
def templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment())


def page_context(request: Request) -> dict[str, Any]:
    """What every page needs: language, the other language's URL, CSRF, the signed-in user."""
    language: i18n.Language = request.scope.get("state", {}).get("language", "en")
    other: i18n.Language = "cy" if language == "en" else "en"
    query = f"?{request.url.query}" if request.url.query else ""
    return {
        "request": request,
        "language": language,
        "other_language": other,
        "other_language_url": i18n.localise_path(request.url.path, other) + query,
        "url": lambda path: i18n.localise_path(path, language),
        "csrf_input": lambda: csrf_input(request),
        "csrf_token": lambda: csrf_token(request),
        "current_user": getattr(request.state, "user", None),
        "current_role": getattr(request.state, "user_role", None),
        "current_path": request.url.path,
    }


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render a page in the request's language."""
    full = page_context(request)
    full.update(context or {})
    return templates().TemplateResponse(
        request, template, full, status_code=status_code, headers=headers
    )
