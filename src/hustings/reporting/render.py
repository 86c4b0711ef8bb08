"""The campaign report as people read it: an HTML document (a file to keep or send), the same
document as a PDF through WeasyPrint (as the guide pack is made), and the pieces the
coordinator's page shows. Everything is drawn from the report's JSON, in English or Welsh.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from babel.numbers import format_decimal, format_percent

from hustings.cases import geography, police, routing
from hustings.cases.models import Decision, PoliceStatus
from hustings.policy import service as policy
from hustings.reporting import charts
from hustings.reporting.schemas import CampaignReport
from hustings.web import i18n
from hustings.web.i18n import Language
from hustings.web.i18n import gettext as _
from hustings.web.templating import environment

LOCALES = {"en": "en_GB", "cy": "cy"}


@contextmanager
def in_language(language: Language) -> Iterator[None]:
    previous = i18n.current_language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(previous)


def platform_names(language: Language) -> dict[str, str]:
    return {p.slug: p.name.get(language) for p in policy.platforms()}


def harm_names(language: Language) -> dict[str, str]:
    return {str(h.slug): h.name.get(language) for h in policy.harms()}


def force_name(slug: str, language: Language) -> str:
    force = geography.force(slug)
    return force.name.get(language, slug) if force else slug


def signal_kind_names() -> dict[str, str]:
    """What each kind of signal is, in words (the exchange's kinds)."""
    return {
        "pdq": _("Image fingerprint (PDQ)"),
        "md5": _("File hash (MD5)"),
        "sha256": _("File hash (SHA-256)"),
        "url": _("Link"),
        "account": _("Account"),
        "text": _("Text fingerprint"),
    }


def percent(value: float | None) -> str:
    """A share as a percentage, or a dash when there was nothing to divide by."""
    if value is None:
        return "–"
    return format_percent(value, "#,##0.0%", locale=LOCALES[i18n.current_language()])


def number(value: int) -> str:
    return format_decimal(value, locale=LOCALES[i18n.current_language()])


def hours(seconds: int | None) -> str:
    """A duration in hours to one decimal place, or a dash when nothing was measured."""
    if seconds is None:
        return "–"
    value = format_decimal(
        round(seconds / 3600, 1), "#,##0.0", locale=LOCALES[i18n.current_language()]
    )
    return _("%(n)s hours", n=value)


def chart_svgs(report: CampaignReport, language: Language) -> dict[str, str]:
    """The three charts, labelled in `language`."""
    with in_language(language):
        names = platform_names(language)
        return {
            "daily": charts.daily_chart(
                report,
                {
                    "title": _("Reports by day"),
                    "cases": _("Cases sent"),
                    "routed": _("Reports routed to platforms"),
                    "decided": _("Decisions made by platforms"),
                    "escalated": _("Cases sent to the police"),
                    "y_axis": _("Number per day"),
                },
                language,
            ),
            "platforms": charts.platform_chart(
                report,
                names,
                {
                    "title": _("Reports by platform"),
                    "received": _("Received"),
                    "decided": _("Decided"),
                    "actioned": _("Actioned"),
                    "x_axis": _("Number of reports"),
                },
            ),
            "platform_days": charts.platform_daily_chart(
                report,
                names,
                {
                    "title": _("Reports routed each day, by platform"),
                    "y_axis": _("Reports routed per day"),
                },
                language,
            ),
        }


def context(report: CampaignReport, language: Language) -> dict[str, Any]:
    """What the report templates need, in `language`."""
    with in_language(language):
        return {
            "report": report,
            "charts": chart_svgs(report, language),
            "platform_names": platform_names(language),
            "harm_names": harm_names(language),
            "force_names": {slug: force_name(slug, language) for slug in report.police.by_force},
            "decision_names": {d.value: routing.decision_words(d) for d in Decision},
            "police_status_names": {s.value: police.status_words(s) for s in PoliceStatus},
            "signal_kind_names": signal_kind_names(),
            "percent": percent,
            "number": number,
            "hours": hours,
        }


def render_document(report: CampaignReport, language: Language) -> str:
    """The report as a self-contained HTML document (styles and charts inline)."""
    with in_language(language):
        template = environment().get_template("reporting/campaign_document.html")
        return template.render(**context(report, language), language=language, print=True)


def render_pdf(report: CampaignReport, language: Language) -> bytes:
    """The same document as a PDF, through WeasyPrint."""
    from weasyprint import HTML  # Imported late: it loads pango and fonts.

    html = render_document(report, language)
    with in_language(language):
        document: bytes = HTML(string=html).write_pdf()
    return document
