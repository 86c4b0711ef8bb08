"""The case flow for candidates and their staff: a draft saved step by step, evidence added
and triaged, labels confirmed, then submission, which routes the case to every platform.

Functions flush but never commit: the request or job owns the transaction. Evidence files are
written before the commit and removed again if it rolls back (evidence_store), so a failed or
interrupted upload leaves the case exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.audit.service import entries_for, record
from hustings.auth.models import Delegation, User
from hustings.auth.roles import HUB_STAFF_ROLES, Role
from hustings.cases import evidence_store, triage_link
from hustings.cases.images import words_in
from hustings.cases.models import Case, CaseStatus, EvidenceItem, ItemKind
from hustings.cases.permissions import Acting
from hustings.cases.policy_link import platform_slugs
from hustings.cases.uploads import CheckedFile, UploadRefused, check_file
from hustings.db import utcnow
from hustings.web.i18n import gettext as _

MAX_SUMMARY = 5000
MAX_ACCOUNTS = 50


class CaseInvalid(Exception):
    """The case cannot move on as it is; `problems` map a field to what to fix."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class UploadsRefused(Exception):
    """One or more files were refused; nothing from this upload was kept."""

    def __init__(self, refused: list[UploadRefused]) -> None:
        super().__init__("; ".join(str(r) for r in refused))
        self.refused = refused


def audit(
    session: Session,
    acting_actor: str,
    action: str,
    case: Case,
    on_behalf_of: str | None = None,
    **details: Any,
) -> None:
    """Every case event goes on the chain under the case, with ids and labels only."""
    record(
        session=session,
        actor=acting_actor,
        on_behalf_of=on_behalf_of,
        action=action,
        subject_type="case",
        subject_id=case.id,
        details=details,
    )


def _audit_acting(
    session: Session, acting: Acting, action: str, case: Case, **details: Any
) -> None:
    if acting.delegated:
        details["delegated"] = True
    audit(session, acting.actor, action, case, acting.on_behalf_of, **details)


# ---------------------------------------------------------------- drafts


def start_case(*, session: Session, acting: Acting) -> Case:
    """A new draft for the candidate; saved at once so that nothing typed later is lost."""
    case = Case(
        candidate_id=acting.candidate_id,
        created_by_id=acting.user.id,
        status=CaseStatus.DRAFT,
        platforms=[],
        accounts=[],
    )
    session.add(case)
    session.flush()
    _audit_acting(session, acting, "case.created", case)
    return case


@dataclass
class Details:
    """What the candidate says about the case; None leaves a field as it was (drafts)."""

    summary: str | None = None
    platforms: list[str] | None = None
    accounts: list[str] | None = None
    happened_on: date | None = None
    in_danger_now: bool | None = None
    candidate_thinks_crime: bool | None = None
    constituency: str | None = None


def _require_draft(case: Case) -> None:
    if case.status != CaseStatus.DRAFT:
        raise CaseInvalid({"case": _("This case has been sent and can no longer be changed.")})


def update_details(*, session: Session, case: Case, acting: Acting, details: Details) -> Case:
    """Save one step of the form. Validates what was given, keeps everything else."""
    _require_draft(case)
    problems: dict[str, str] = {}
    changed: list[str] = []
    if details.summary is not None:
        if len(details.summary) > MAX_SUMMARY:
            problems["summary"] = _(
                "Describe what happened in %(n)s characters or fewer.", n=MAX_SUMMARY
            )
        else:
            case.summary = details.summary.strip()
            changed.append("summary")
    if details.platforms is not None:
        unknown = [p for p in details.platforms if p not in platform_slugs()]
        if unknown:
            problems["platforms"] = _("Choose platforms from the list.")
        else:
            case.platforms = [p for p in platform_slugs() if p in set(details.platforms)]
            changed.append("platforms")
    if details.accounts is not None:
        accounts = [a.strip()[:200] for a in details.accounts if a.strip()]
        if len(accounts) > MAX_ACCOUNTS:
            problems["accounts"] = _("List %(n)s accounts or fewer.", n=MAX_ACCOUNTS)
        else:
            case.accounts = list(dict.fromkeys(accounts))
            changed.append("accounts")
    if details.happened_on is not None:
        if details.happened_on > utcnow().date():
            problems["happened_on"] = _("The date must be today or in the past.")
        else:
            case.happened_on = details.happened_on
            changed.append("happened_on")
    if details.in_danger_now is not None:
        case.in_danger_now = details.in_danger_now
        changed.append("in_danger_now")
    if details.candidate_thinks_crime is not None:
        case.candidate_thinks_crime = details.candidate_thinks_crime
        changed.append("candidate_thinks_crime")
    if details.constituency is not None:
        case.constituency = details.constituency.strip()[:120] or None
        changed.append("constituency")
    if problems:
        raise CaseInvalid(problems)
    case.updated_at = utcnow()
    session.flush()
    if changed:
        _audit_acting(session, acting, "case.updated", case, fields=changed)
    return case


# ---------------------------------------------------------------- evidence


@dataclass(frozen=True)
class NewText:
    """Pasted text and/or a link to the post, as the candidate gives it."""

    text: str | None = None
    url: str | None = None
    platform_slug: str | None = None
    author_handle: str | None = None
    posted_at: datetime | None = None


def _check_platform(case: Case, platform_slug: str | None) -> str | None:
    if platform_slug is None:
        return case.platforms[0] if len(case.platforms) == 1 else None
    if platform_slug not in platform_slugs():
        raise CaseInvalid({"platform": _("Choose platforms from the list.")})
    if platform_slug not in case.platforms:
        case.platforms = [p for p in platform_slugs() if p in {*case.platforms, platform_slug}]
    return platform_slug


def _apply_triage(items: Sequence[EvidenceItem]) -> None:
    """Triage every item that has words (pasted, from an export, or read from a screenshot)."""
    worded = [item for item in items if (item.text or item.ocr_text)]
    verdicts = triage_link.triage_texts(
        [(item.text or item.ocr_text or "") for item in worded],
        [item.platform_slug for item in worded],
    )
    for item, verdict in zip(worded, verdicts, strict=True):
        item.triage = verdict.as_json()
        item.severity = verdict.severity
        item.labels = list(verdict.labels)


def add_texts(
    *, session: Session, case: Case, acting: Acting, entries: Sequence[NewText]
) -> list[EvidenceItem]:
    """Add pasted texts and links (one item each), triaged together."""
    _require_draft(case)
    items: list[EvidenceItem] = []
    for entry in entries:
        text = (entry.text or "").strip() or None
        url = (entry.url or "").strip() or None
        if text is None and url is None:
            raise CaseInvalid({"text": _("Paste the message or give a link to it.")})
        if url is not None and not url.startswith(("https://", "http://")):
            raise CaseInvalid({"url": _("Enter a link starting with https://")})
        if text is not None and len(text) > 20_000:
            raise CaseInvalid({"text": _("Paste 20,000 characters or fewer for each message.")})
        items.append(
            EvidenceItem(
                case_id=case.id,
                kind=ItemKind.TEXT if text else ItemKind.LINK,
                platform_slug=_check_platform(case, entry.platform_slug),
                text=text,
                url=url,
                author_handle=(entry.author_handle or "").strip()[:200] or None,
                posted_at=entry.posted_at,
                provenance={"source": "paste"},
                added_by_id=acting.user.id,
                added_on_behalf_of_id=acting.candidate_id if acting.delegated else None,
                labels=[],
            )
        )
    _apply_triage(items)
    session.add_all(items)
    session.flush()
    for item in items:
        _audit_acting(
            session, acting, "evidence.added", case, item_id=item.id, kind=item.kind.value
        )
    case.updated_at = utcnow()
    return items


@dataclass(frozen=True)
class PreparedFile:
    """A file that passed the checks, with the words OCR found in it (screenshots)."""

    checked: CheckedFile
    ocr_text: str | None


def prepare_files(files: Sequence[tuple[str, bytes]]) -> list[PreparedFile]:
    """Check every file and read the words in the images: the slow part of an upload, which
    needs no database, so callers can run it without holding a transaction (on SQLite every
    transaction holds the write lock). One bad file refuses the whole upload."""
    checked: list[CheckedFile] = []
    refused: list[UploadRefused] = []
    for name, data in files:
        try:
            checked.append(check_file(name, data))
        except UploadRefused as problem:
            refused.append(problem)
    if refused:
        raise UploadsRefused(refused)
    return [PreparedFile(c, (words_in(c.data) or None) if c.is_image else None) for c in checked]


def add_files(
    *,
    session: Session,
    case: Case,
    acting: Acting,
    files: Sequence[tuple[str, bytes]] = (),
    prepared: Sequence[PreparedFile] | None = None,
    platform_slug: str | None = None,
) -> list[EvidenceItem]:
    """Store checked files (`prepared`, or `files` checked and read here) and their items.

    Screenshots are triaged on the words OCR found; an export becomes one item for the file
    and one for each post in it, each post pointing back at the file and its row.
    """
    _require_draft(case)
    if prepared is None:
        prepared = prepare_files(files)
    platform = _check_platform(case, platform_slug)
    items: list[EvidenceItem] = []
    for ready in prepared:
        upload = ready.checked
        stored = evidence_store.put(upload.data, session=session)
        parent = EvidenceItem(
            case_id=case.id,
            kind=ItemKind.IMAGE if upload.is_image else ItemKind.EXPORT,
            platform_slug=platform,
            sha256=stored.sha256,
            size=stored.size,
            media_type=upload.media_type,
            original_name=upload.name[:255],
            provenance={"source": "upload", "filename": upload.name[:255]},
            ocr_text=ready.ocr_text,
            added_by_id=acting.user.id,
            added_on_behalf_of_id=acting.candidate_id if acting.delegated else None,
            labels=[],
        )
        session.add(parent)
        session.flush()
        items.append(parent)
        for post in upload.posts:
            post_platform = platform
            if post.platform in platform_slugs():
                post_platform = _check_platform(case, post.platform)
            items.append(
                EvidenceItem(
                    case_id=case.id,
                    parent_id=parent.id,
                    kind=ItemKind.POST,
                    platform_slug=post_platform,
                    text=post.text,
                    url=post.url,
                    author_handle=post.author,
                    posted_at=post.posted_at,
                    provenance={
                        "source": "export",
                        "export_sha256": stored.sha256,
                        "filename": upload.name[:255],
                        "row": post.row,
                    },
                    added_by_id=acting.user.id,
                    added_on_behalf_of_id=acting.candidate_id if acting.delegated else None,
                    labels=[],
                )
            )
    _apply_triage([i for i in items if i.kind != ItemKind.EXPORT])
    session.add_all(items)
    session.flush()
    for item in items:
        if item.kind == ItemKind.POST:
            continue
        posts = sum(1 for i in items if i.parent_id == item.id)
        _audit_acting(
            session,
            acting,
            "evidence.added",
            case,
            item_id=item.id,
            kind=item.kind.value,
            sha256=item.sha256,
            size=item.size,
            posts=posts,
        )
    case.updated_at = utcnow()
    return items


def remove_item(*, session: Session, case: Case, acting: Acting, item_id: int) -> None:
    """Take an item out of a draft (a wrong file). The file goes if nothing else uses it."""
    _require_draft(case)
    item = session.get(EvidenceItem, item_id)
    if item is None or item.case_id != case.id:
        raise CaseInvalid({"item": _("That item is not part of this case.")})
    sha = item.sha256
    session.delete(item)
    session.flush()
    _audit_acting(session, acting, "evidence.removed", case, item_id=item_id)
    if sha and not session.scalar(select(EvidenceItem.id).where(EvidenceItem.sha256 == sha)):
        from hustings.cases.hooks import after_commit

        after_commit(session, lambda: evidence_store.remove(sha))


def set_labels(
    *, session: Session, case: Case, acting: Acting, labels: dict[int, list[str]]
) -> None:
    """The candidate confirms or corrects each item's labels."""
    _require_draft(case)
    by_id = {item.id: item for item in case.items}
    for item_id, chosen in labels.items():
        item = by_id.get(item_id)
        if item is None:
            raise CaseInvalid({"labels": _("That item is not part of this case.")})
        unknown = [label for label in chosen if label not in triage_link.LABELS]
        if unknown:
            raise CaseInvalid({"labels": _("Choose labels from the list.")})
        ordered = [label for label in triage_link.LABELS if label in set(chosen)]
        model_labels = (item.triage or {}).get("labels")
        corrected = model_labels is None or sorted(model_labels) != sorted(ordered)
        item.labels = ordered
        item.labels_confirmed = True
        if corrected:
            item.severity = triage_link.severity_for_labels(ordered)
        else:
            item.severity = (item.triage or {}).get("severity") or item.severity
        _audit_acting(
            session,
            acting,
            "evidence.labels_confirmed",
            case,
            item_id=item.id,
            corrected=corrected,
            labels=ordered,
        )
    session.flush()


# ---------------------------------------------------------------- reading


def evidence_items(case: Case) -> list[EvidenceItem]:
    """Items a person reviews (posts from exports included, the export file itself too)."""
    return list(case.items)


def case_severity(case: Case) -> str:
    return triage_link.worst([item.severity for item in case.items])


def is_urgent(case: Case) -> bool:
    """Show "call 999 now" first: someone is in danger, or a threat reads as imminent."""
    return case.in_danger_now or case_severity(case) == "urgent"


def may_be_crime(case: Case) -> bool:
    return case.candidate_thinks_crime or case_severity(case) in ("possible_crime", "urgent")


def cases_for(*, session: Session, user: User) -> list[Case]:
    """The cases a person may follow, newest first."""
    query = select(Case).order_by(Case.id.desc())
    if user.role in HUB_STAFF_ROLES:
        query = query.where(Case.status != CaseStatus.DRAFT)
    elif user.role == Role.CANDIDATE:
        query = query.where(Case.candidate_id == user.id)
    elif user.role == Role.CANDIDATE_STAFF:
        delegated = select(Delegation.candidate_id).where(
            Delegation.staff_id == user.id, Delegation.revoked_at.is_(None)
        )
        query = query.where(Case.candidate_id.in_(delegated))
    else:
        return []
    return list(session.scalars(query))


def view_case(*, session: Session, case: Case, user: User) -> None:
    """Record that someone looked at the case (every view is on the chain)."""
    on_behalf = None
    if user.role == Role.CANDIDATE_STAFF:
        on_behalf = f"user:{case.candidate_id}"
    audit(session, f"user:{user.id}", "case.viewed", case, on_behalf, role=user.role.value)


def view_item(*, session: Session, case: Case, item: EvidenceItem, actor: str, what: str) -> None:
    audit(session, actor, "evidence.viewed", case, item_id=item.id, what=what)


def item_of(case: Case, item_id: int) -> EvidenceItem | None:
    return next((item for item in case.items if item.id == item_id), None)


# ---------------------------------------------------------------- submission


def submission_problems(case: Case) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not case.summary:
        problems["summary"] = _("Say what happened.")
    if not case.platforms:
        problems["platforms"] = _("Choose at least one platform.")
    if not case.items:
        problems["evidence"] = _("Add at least one piece of evidence.")
    unplaced = [i for i in case.items if i.kind != ItemKind.EXPORT and not i.platform_slug]
    if unplaced:
        problems["evidence"] = _("Say which platform each piece of evidence is on.")
    empty = [p for p in case.platforms if not any(i.platform_slug == p for i in case.items)]
    if empty and "evidence" not in problems:
        problems["platforms"] = _("Add evidence for each platform you chose, or untick it.")
    return problems


def submit_case(*, session: Session, case: Case, acting: Acting) -> Case:
    """Send the case: labels as they stand count as confirmed, and every platform gets its
    report (routing.route_case) in the same transaction."""
    from hustings.cases import retention, routing

    _require_draft(case)
    problems = submission_problems(case)
    if problems:
        raise CaseInvalid(problems)
    for item in case.items:
        if not item.labels_confirmed:
            item.labels_confirmed = True
    case.status = CaseStatus.SUBMITTED
    case.submitted_at = utcnow()
    case.updated_at = case.submitted_at
    case.retain_until = retention.default_retain_until(session)
    session.flush()
    _audit_acting(
        session,
        acting,
        "case.submitted",
        case,
        items=len(case.items),
        severity=case_severity(case),
        platforms=list(case.platforms),
    )
    routing.route_case(session=session, case=case, actor=acting.actor)
    from hustings.cases import notifications

    notifications.case_submitted(session, case)
    return case


# ---------------------------------------------------------------- timeline

# Audit actions that make a step the candidate sees (views are recorded but not listed).
TIMELINE_ACTIONS: frozenset[str] = frozenset(
    {
        "case.created",
        "case.submitted",
        "evidence.added",
        "report.routed",
        "report.acknowledged",
        "report.decided",
        "report.overdue",
        "police.escalated",
        "police.updated",
        "pack.exported",
        "retention.set",
    }
)


@dataclass(frozen=True)
class Step:
    at: datetime
    action: str
    details: dict[str, Any]
    delegated: bool


def timeline(*, session: Session, case: Case, include_views: bool = False) -> list[Step]:
    """The case's history from the audit chain, oldest first."""
    steps: list[Step] = []
    for entry in entries_for(session=session, subject_type="case", subject_id=case.id):
        if include_views or entry.action in TIMELINE_ACTIONS:
            steps.append(
                Step(entry.at, entry.action, dict(entry.details), entry.on_behalf_of is not None)
            )
    return steps


def referenced_hashes(session: Session) -> set[str]:
    """Every evidence file some case still refers to."""
    return {
        digest
        for digest in session.scalars(
            select(EvidenceItem.sha256).where(EvidenceItem.sha256.is_not(None)).distinct()
        )
        if digest
    }
