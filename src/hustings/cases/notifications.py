"""Email at each step of a case, in each recipient's own language.

The service decides who hears about what (`case_submitted`, `report_routed`...) and queues
one job per recipient after commit; the job composes the message in the recipient's language
and sends it through the shared EmailNotifier. Emails say what happened and link to the
service; they never carry the abusive text or evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Delegation, User
from hustings.auth.roles import HUB_STAFF_ROLES, OrgKind, Role
from hustings.cases.hooks import after_commit
from hustings.cases.models import Case, PoliceEscalation, RoutedReport
from hustings.cases.policy_link import platform_name
from hustings.config import get_settings
from hustings.notify.base import Message
from hustings.web.i18n import Language, current_language, set_language
from hustings.web.i18n import gettext as _

LONDON = ZoneInfo("Europe/London")


def when(value: datetime | None) -> str:
    """A time as people in the UK read it, in the current language."""
    if value is None:
        return "—"
    return format_datetime(value, "d MMMM y, HH:mm", tzinfo=LONDON, locale=current_language())


def _queue(session: Session, kind: str, object_id: int, users: Iterable[User]) -> None:
    ids = sorted({user.id for user in users if user.is_active})
    if not ids:
        return

    def hand_over() -> None:
        from hustings.cases.jobs import send_case_email

        for user_id in ids:
            send_case_email(kind, object_id, user_id)

    after_commit(session, hand_over)


def _case_people(session: Session, case: Case) -> list[User]:
    """The candidate and the staff they have named."""
    people = [u for u in [session.get(User, case.candidate_id)] if u is not None]
    people += list(
        session.scalars(
            select(User)
            .join(Delegation, Delegation.staff_id == User.id)
            .where(Delegation.candidate_id == case.candidate_id)
            .where(Delegation.revoked_at.is_(None))
        )
    )
    return people


def _platform_people(session: Session, report: RoutedReport) -> list[User]:
    if report.organisation_id is None:
        return []
    return list(
        session.scalars(
            select(User)
            .where(User.organisation_id == report.organisation_id)
            .where(User.role == Role.PLATFORM_MEMBER)
        )
    )


def _coordinators(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.role.in_(list(HUB_STAFF_ROLES)))))


def _police_people(session: Session, escalation: PoliceEscalation) -> list[User]:
    from hustings.auth.models import Organisation

    return list(
        session.scalars(
            select(User)
            .join(Organisation, User.organisation_id == Organisation.id)
            .where(Organisation.kind == OrgKind.POLICE_FORCE)
            .where(Organisation.slug == escalation.force_slug)
            .where(User.role == Role.POLICE_LIAISON)
        )
    )


# ---------------------------------------------------------------- who hears what


def case_submitted(session: Session, case: Case) -> None:
    _queue(session, "case_submitted", case.id, _case_people(session, case))


def report_routed(session: Session, report: RoutedReport) -> None:
    _queue(session, "report_routed", report.id, _platform_people(session, report))


def report_changed(session: Session, report: RoutedReport) -> None:
    _queue(session, "report_changed", report.id, _case_people(session, report.case))


def report_overdue(session: Session, report: RoutedReport) -> None:
    people = _platform_people(session, report) + _coordinators(session)
    people += _case_people(session, report.case)
    _queue(session, "report_overdue", report.id, people)


def police_escalated(session: Session, escalation: PoliceEscalation) -> None:
    _queue(session, "police_escalated", escalation.id, _police_people(session, escalation))


def police_updated(session: Session, escalation: PoliceEscalation) -> None:
    _queue(session, "police_updated", escalation.id, _case_people(session, escalation.case))


# ---------------------------------------------------------------- composing


def _link(path: str, language: Language) -> str:
    prefix = "/cy" if language == "cy" else ""
    return get_settings().base_url.rstrip("/") + prefix + path


def _case_submitted(session: Session, case_id: int, language: Language) -> tuple[str, str] | None:
    case = session.get(Case, case_id)
    if case is None:
        return None
    platforms = ", ".join(platform_name(r.platform_slug) for r in case.reports)
    return (
        _("Your report has been sent (case %(id)s)", id=case.id),
        _(
            "We have sent your report to: %(platforms)s. You can see where each report "
            "stands, and when an answer is due, at %(link)s",
            platforms=platforms or "—",
            link=_link(f"/cases/{case.id}", language),
        ),
    )


def _report_routed(session: Session, report_id: int, language: Language) -> tuple[str, str] | None:
    report = session.get(RoutedReport, report_id)
    if report is None:
        return None
    return (
        _("New report in your Hustings queue (report %(id)s)", id=report.id),
        _(
            "A candidate has reported abuse on %(platform)s. Please acknowledge it by "
            "%(ack)s and decide by %(decide)s (UK time): %(link)s",
            platform=platform_name(report.platform_slug),
            ack=when(report.acknowledge_due),
            decide=when(report.decide_due),
            link=_link(f"/platform/reports/{report.id}", language),
        ),
    )


def _report_changed(session: Session, report_id: int, language: Language) -> tuple[str, str] | None:
    from hustings.cases.routing import status_words

    report = session.get(RoutedReport, report_id)
    if report is None:
        return None
    return (
        _(
            "%(platform)s has answered your report (case %(id)s)",
            platform=platform_name(report.platform_slug),
            id=report.case_id,
        ),
        _(
            "Your report to %(platform)s now stands at: %(status)s. See the details at %(link)s",
            platform=platform_name(report.platform_slug),
            status=status_words(report),
            link=_link(f"/cases/{report.case_id}", language),
        ),
    )


def _report_overdue(session: Session, report_id: int, language: Language) -> tuple[str, str] | None:
    report = session.get(RoutedReport, report_id)
    if report is None:
        return None
    return (
        _(
            "Overdue: report %(id)s to %(platform)s",
            id=report.id,
            platform=platform_name(report.platform_slug),
        ),
        _(
            "Report %(id)s to %(platform)s has not been answered in the time promised "
            "(acknowledge by %(ack)s, decide by %(decide)s, UK time). We have told the "
            "platform and the coordinators. %(link)s",
            id=report.id,
            platform=platform_name(report.platform_slug),
            ack=when(report.acknowledge_due),
            decide=when(report.decide_due),
            link=_link("/cases", language),
        ),
    )


def _police_escalated(
    session: Session, escalation_id: int, language: Language
) -> tuple[str, str] | None:
    escalation = session.get(PoliceEscalation, escalation_id)
    if escalation is None:
        return None
    return (
        _("A candidate's case has been sent to your force (case %(id)s)", id=escalation.case_id),
        _(
            "A candidate has asked for their case to be looked at by your force, with their "
            "consent recorded. The evidence pack is ready: %(link)s",
            link=_link(f"/police/cases/{escalation.case_id}", language),
        ),
    )


def _police_updated(
    session: Session, escalation_id: int, language: Language
) -> tuple[str, str] | None:
    from hustings.cases.police import status_words

    escalation = session.get(PoliceEscalation, escalation_id)
    if escalation is None:
        return None
    return (
        _("The police have updated your case (case %(id)s)", id=escalation.case_id),
        _(
            "Your case with the police now stands at: %(status)s. %(link)s",
            status=status_words(escalation.status),
            link=_link(f"/cases/{escalation.case_id}", language),
        ),
    )


COMPOSERS: dict[str, Callable[[Session, int, Language], tuple[str, str] | None]] = {
    "case_submitted": _case_submitted,
    "report_routed": _report_routed,
    "report_changed": _report_changed,
    "report_overdue": _report_overdue,
    "police_escalated": _police_escalated,
    "police_updated": _police_updated,
}


def compose(session: Session, kind: str, object_id: int, user: User) -> Message | None:
    """The message for one recipient, in their language (None if its subject is gone)."""
    language: Language = "cy" if user.preferred_language == "cy" else "en"
    previous = current_language()
    set_language(language)
    try:
        parts = COMPOSERS[kind](session, object_id, language)
        if parts is None:
            return None
        subject, text = parts
        footer = _("You are getting this because you use Hustings. Do not reply to this email.")
        return Message(to=user.email, subject=subject, text=f"{text}\n\n{footer}\n")
    finally:
        set_language(previous)
