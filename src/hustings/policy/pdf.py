"""The printable guide pack: the guide's content as one PDF, in English or Welsh.

Rendered by WeasyPrint from a print template with CSS paged media (cover, contents page with
page numbers, a section per harm and per platform). Rendering takes seconds, so the bytes are
kept per language and data version: a change to any data file makes a new pack.
"""

from __future__ import annotations

import threading
from datetime import date

from hustings.policy import service
from hustings.policy.presenting import guide_context
from hustings.policy.schemas import Language, all_facts
from hustings.web import i18n
from hustings.web.templating import environment

_cache: dict[tuple[Language, str], bytes] = {}
_lock = threading.Lock()


def latest_review() -> date:
    """The most recent review date of any fact: printed on the cover."""
    return max(fact.last_reviewed for fact in all_facts(service.knowledge_base()))


def render_html(language: Language) -> str:
    """The print template filled in for `language` (also handy to debug the layout)."""
    previous = i18n.current_language()
    i18n.set_language(language)
    try:
        template = environment().get_template("policy/print.html")
        return template.render(
            **guide_context(),
            language=language,
            latest_review=latest_review(),
            data_version=service.knowledge_base().data_version,
        )
    finally:
        i18n.set_language(previous)


def render_pdf(language: Language) -> bytes:
    """Render the pack afresh (slow: seconds). Use guide_pdf() to get the cached copy."""
    from weasyprint import HTML  # Imported late: it loads pango and fonts.

    html = render_html(language)
    previous = i18n.current_language()
    i18n.set_language(language)
    try:
        document: bytes = HTML(string=html).write_pdf()
    finally:
        i18n.set_language(previous)
    return document


def guide_pdf(language: Language) -> bytes:
    """The guide pack for `language`, rendered once per data version."""
    key = (language, service.knowledge_base().data_version)
    with _lock:
        cached = _cache.get(key)
        if cached is None:
            cached = render_pdf(language)
            for old in [k for k in _cache if k[0] == language]:
                del _cache[old]
            _cache[key] = cached
        return cached


def clear_cache() -> None:
    with _lock:
        _cache.clear()
