"""The weekly campaign report by email: each coordinator gets it in their own language, with
the PDF attached and a link to the same report on the service.

The PDF holds only aggregate figures (no candidate is named), so it may travel by email; the
link needs the coordinator to sign in.
"""

from __future__ import annotations

from datetime import date

import structlog
from babel.dates import format_date
from sqlalchemy import select

from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.config import get_settings
from hustings.db import session_scope
from hustings.notify.base import Attachment, DeliveryFailed, Message
from hustings.notify.email import default_notifier
from hustings.reporting import render, runs, service
from hustings.reporting.models import ReportRun, RunStatus
from hustings.reporting.schemas import CampaignReport
from hustings.reporting.service import Format
from hustings.web.i18n import Language
from hustings.web.i18n import gettext as _

log = structlog.get_logger()


def _day(value: date, language: Language) -> str:
    return format_date(value, "d MMMM y", locale={"en": "en_GB", "cy": "cy"}[language])


def _link(run_id: int, language: Language) -> str:
    prefix = "/cy" if language == "cy" else ""
    return f"{get_settings().base_url.rstrip('/')}{prefix}/reports/campaign/runs/{run_id}"


def compose(
    report: CampaignReport | None,
    run_id: int | None,
    first_day: date,
    last_day: date,
    language: Language,
    pdf: bytes | None,
) -> Message:
    """One coordinator's email, in `language` (the caller sets the language)."""
    period = _(
        "%(start)s to %(end)s", start=_day(first_day, language), end=_day(last_day, language)
    )
    subject = _("Weekly campaign update report: %(period)s", period=period)
    if report is None or run_id is None:
        text = _(
            "Nothing was reported to Hustings from %(period)s: no case was sent, no report "
            "was routed to a platform and nothing went to the police.",
            period=period,
        )
        return Message(to="", subject=subject, text=text)
    t = report.totals
    text = "\n\n".join(
        [
            _("The campaign update report for %(period)s is attached as a PDF.", period=period),
            _(
                "Cases sent: %(cases)s. Reports routed to platforms: %(routed)s. Decided: "
                "%(decided)s, of which actioned: %(actioned)s. Open and overdue: %(overdue)s. "
                "Sent to the police: %(police)s.",
                cases=t.cases_submitted,
                routed=t.reports_routed,
                decided=t.reports_decided,
                actioned=t.reports_actioned,
                overdue=t.overdue_open,
                police=t.police_escalations,
            ),
            _(
                "See it on Hustings, with the HTML and JSON versions: %(link)s",
                link=_link(run_id, language),
            ),
        ]
    )
    attachments: tuple[Attachment, ...] = ()
    if pdf is not None:
        attachments = (
            Attachment(
                filename=service.filename(report, Format.PDF),
                content=pdf,
                media_type="application/pdf",
            ),
        )
    return Message(to="", subject=subject, text=text, attachments=attachments)


def send_to_coordinators(*, run_id: int | None, first_day: date, last_day: date) -> int:
    """Email the week's report to every active coordinator; returns how many were sent."""
    with session_scope() as session:
        report = None
        if run_id is not None:
            run = session.get(ReportRun, run_id)
            if run is not None and run.status == RunStatus.DONE:
                report = runs.report_of(run)
        people = [
            (user.id, user.email, "cy" if user.preferred_language == "cy" else "en")
            for user in session.scalars(
                select(User)
                .where(User.role == Role.COORDINATOR, User.is_active.is_(True))
                .order_by(User.id)
            )
        ]
    pdfs: dict[Language, bytes] = {}
    notifier = default_notifier()
    sent = 0
    for user_id, email, language in people:
        lang: Language = "cy" if language == "cy" else "en"
        if report is not None and lang not in pdfs:
            pdfs[lang] = render.render_pdf(report, lang)
        with render.in_language(lang):
            message = compose(
                report, run_id if report else None, first_day, last_day, lang, pdfs.get(lang)
            )
        try:
            notifier.send(
                Message(
                    to=email,
                    subject=message.subject,
                    text=message.text,
                    attachments=message.attachments,
                )
            )
            sent += 1
        except DeliveryFailed as failure:
            log.warning("weekly_report_not_sent", user_id=user_id, permanent=failure.permanent)
    log.info("weekly_report_sent", run_id=run_id, sent=sent)
    return sent
