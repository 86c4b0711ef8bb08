"""English and Welsh. Welsh pages live at /cy/<path>; the rest of the app sees the plain path.

The language of the request is kept in a context variable so that templates, forms and
service messages all translate without passing the language around.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, Literal

from babel.support import LazyProxy, NullTranslations, Translations
from starlette.types import ASGIApp, Receive, Scope, Send

Language = Literal["en", "cy"]
LANGUAGES: tuple[Language, ...] = ("en", "cy")
LANGUAGE_NAMES: dict[Language, str] = {"en": "English", "cy": "Cymraeg"}
PACKAGE_DIR = Path(__file__).resolve().parents[1]
WELSH_PREFIX = "/cy"

_current_language: ContextVar[Language] = ContextVar("hustings_language", default="en")


@cache
def translations_for(language: Language) -> NullTranslations:
    """Every domain's compiled catalogue for a language, merged (English is the source)."""
    merged = Translations()
    if language == "en":
        return NullTranslations()
    for locale_dir in sorted(PACKAGE_DIR.glob("*/locale")):
        catalogue = Translations.load(str(locale_dir), [language], domain="messages")
        if isinstance(catalogue, Translations):
            merged.merge(catalogue)
    return merged


def current_language() -> Language:
    return _current_language.get()


def set_language(language: Language) -> None:
    """Set the language for the rest of this context (a request, a job, a CLI command)."""
    _current_language.set(language)


def gettext(message: str, **variables: Any) -> str:
    """Translate into the current language, then fill in %(name)s variables."""
    text = translations_for(current_language()).gettext(message)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, n: int, **variables: Any) -> str:
    text = translations_for(current_language()).ngettext(singular, plural, n)
    variables.setdefault("num", n)
    return text % variables


def lazy_gettext(message: str, **variables: Any) -> LazyProxy:
    """For module-level strings: translated when shown, in the language of that moment."""
    return LazyProxy(gettext, message, enable_cache=False, **variables)


_ = gettext


def localise_path(path: str, language: Language) -> str:
    """The same page in another language: /x in English is /cy/x in Welsh."""
    plain = strip_language(path)[0]
    if language == "cy":
        return WELSH_PREFIX + (plain if plain != "/" else "")
    return plain


def strip_language(path: str) -> tuple[str, Language]:
    if path == WELSH_PREFIX or path.startswith(WELSH_PREFIX + "/"):
        return path[len(WELSH_PREFIX) :] or "/", "cy"
    return path, "en"


def pick(text: dict[str, str] | str | None, language: Language | None = None) -> str:
    """The right language from a bilingual value {'en': ..., 'cy': ...}; English as fallback."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    language = language or current_language()
    return text.get(language) or text.get("en", "")


class LanguageMiddleware:
    """Strip a leading /cy from the path and remember that the request is in Welsh."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path, language = strip_language(scope["path"])
        scope = dict(scope)
        scope["path"] = path
        scope["raw_path"] = path.encode()
        scope.setdefault("state", {})["language"] = language
        token = _current_language.set(language)
        try:
            await self.app(scope, receive, send)
        finally:
            _current_language.reset(token)
