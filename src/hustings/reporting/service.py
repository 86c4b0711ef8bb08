"""Making campaign update reports: compute the figures, render them in the chosen format, and
put each one on the audit chain (who made which report for which range).

Functions flush but never commit; the command, request or job owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.reporting import render
from hustings.reporting.campaign import (
    STAGES,
    EmptyRange,
    Progress,
    ReportRangeError,
    campaign_report,
    check_range,
    parse_day,
)
from hustings.reporting.schemas import CampaignReport
from hustings.web.i18n import Language

__all__ = [
    "STAGES",
    "EmptyRange",
    "Format",
    "Produced",
    "ReportRangeError",
    "check_range",
    "compute",
    "filename",
    "parse_day",
    "produce",
    "record_generated",
    "render_as",
]


class Format(StrEnum):
    PDF = "pdf"
    HTML = "html"
    JSON = "json"

    @property
    def media_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "html": "text/html; charset=utf-8",
            "json": "application/json",
        }[self.value]


@dataclass(frozen=True)
class Produced:
    report: CampaignReport
    content: bytes
    format: Format

    @property
    def filename(self) -> str:
        return filename(self.report, self.format)


def filename(report: CampaignReport, fmt: Format) -> str:
    return f"campaign-report-{report.start.isoformat()}-to-{report.end.isoformat()}.{fmt.value}"


def render_as(report: CampaignReport, fmt: Format, language: Language) -> bytes:
    """The report's bytes in one format; JSON is language-neutral (slugs, not names)."""
    if fmt == Format.JSON:
        return report.model_dump_json(indent=2).encode()
    if fmt == Format.HTML:
        return render.render_document(report, language).encode()
    return render.render_pdf(report, language)


def compute(
    *,
    session: Session,
    start: date,
    end: date,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> CampaignReport:
    """The report's figures (see campaign.campaign_report)."""
    return campaign_report(session=session, start=start, end=end, now=now, progress=progress)


def record_generated(
    *, session: Session, report: CampaignReport, fmt: Format | str, language: Language, actor: str
) -> None:
    """Put the making of a report on the audit chain: who, which range, which format."""
    record(
        session=session,
        actor=actor,
        action="report.generated",
        subject_type="campaign_report",
        subject_id=f"{report.start.isoformat()}..{report.end.isoformat()}",
        details={
            "format": str(fmt),
            "language": language,
            "cases": report.totals.cases_submitted,
        },
    )


def produce(
    *,
    session: Session,
    start: date,
    end: date,
    fmt: Format,
    language: Language,
    actor: str,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> Produced:
    """Compute and render one report, and record that `actor` made it."""
    report = compute(session=session, start=start, end=end, now=now, progress=progress)
    content = render_as(report, fmt, language)
    record_generated(session=session, report=report, fmt=fmt, language=language, actor=actor)
    return Produced(report=report, content=content, format=fmt)
