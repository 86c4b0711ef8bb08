"""The evidence pack: a PDF summary (timeline, items with triage, platforms' responses, an
excerpt of the audit chain) and a ZIP holding it, every original file byte for byte, each
text item as a file, `manifest.json` (each file's SHA-256, size and provenance) and
`SHA256SUMS`, which `sha256sum -c SHA256SUMS` checks in the unpacked folder.

Originals are read through the evidence store, which re-hashes them: a pack is never built
from an altered file.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from hustings.audit.service import entries_for
from hustings.cases import evidence_store, geography, routing
from hustings.cases.images import IMAGE_TYPES
from hustings.cases.models import Case, EvidenceItem, ItemKind
from hustings.cases.notifications import when
from hustings.cases.policy_link import platform_name
from hustings.cases.service import audit, case_severity, timeline
from hustings.db import utcnow

_EXTENSIONS = {**IMAGE_TYPES, "application/json": "json", "text/csv": "csv"}


@dataclass(frozen=True)
class PackFile:
    path: str
    data: bytes
    item: EvidenceItem | None
    role: str  # "original", "text", "summary" or "manifest"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _item_files(case: Case) -> list[PackFile]:
    files: list[PackFile] = []
    for n, item in enumerate(case.items, start=1):
        if item.sha256:
            ext = _EXTENSIONS.get(item.media_type or "", "bin")
            files.append(
                PackFile(
                    f"originals/{n:03d}-item{item.id}.{ext}",
                    evidence_store.read(item.sha256),
                    item,
                    "original",
                )
            )
        if item.text or item.url:
            body = "\n".join(part for part in (item.text, item.url) if part) + "\n"
            files.append(
                PackFile(f"texts/{n:03d}-item{item.id}.txt", body.encode("utf-8"), item, "text")
            )
    return files


def _manifest(case: Case, files: list[PackFile], generated_by: str) -> dict[str, Any]:
    entries = []
    for f in files:
        item = f.item
        entry: dict[str, Any] = {
            "path": f.path,
            "sha256": f.sha256,
            "size": len(f.data),
            "role": f.role,
        }
        if item is not None:
            entry.update(
                {
                    "item_id": item.id,
                    "kind": item.kind.value,
                    "media_type": item.media_type,
                    "original_name": item.original_name,
                    "platform": item.platform_slug,
                    "provenance": item.provenance,
                    "added_at": item.added_at.isoformat(),
                    "added_by": f"user:{item.added_by_id}",
                    "added_on_behalf_of": (
                        f"user:{item.added_on_behalf_of_id}" if item.added_on_behalf_of_id else None
                    ),
                    "labels": item.labels,
                    "severity": item.severity,
                }
            )
            if item.sha256 and f.role == "original" and f.sha256 != item.sha256:
                raise evidence_store.EvidenceCorrupted(item.sha256, "changed while packing")
        entries.append(entry)
    return {
        "format": "hustings-evidence-pack/1",
        "case_id": case.id,
        "generated_at": utcnow().isoformat(),
        "generated_by": generated_by,
        "hash_algorithm": "sha256",
        "files": entries,
    }


def _thumbnail(item: EvidenceItem) -> str | None:
    if item.kind != ItemKind.IMAGE or not item.sha256:
        return None
    png = evidence_store.display_copy(item.sha256)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def summary_pdf(session: Session, case: Case, generated_at: datetime) -> bytes:
    """The PDF a person reads first: what happened, when, where, and what was done."""
    from weasyprint import HTML

    from hustings.web.templating import environment

    escalation = case.escalation
    force = geography.force(escalation.force_slug) if escalation else None
    html = (
        environment()
        .get_template("cases/pack.html")
        .render(
            case=case,
            generated_at=generated_at,
            severity=case_severity(case),
            steps=timeline(session=session, case=case),
            audit_entries=entries_for(session=session, subject_type="case", subject_id=case.id),
            items=[(item, _thumbnail(item)) for item in case.items],
            reports=case.reports,
            platform_name=platform_name,
            status_words=routing.status_words,
            escalation=escalation,
            force=force,
            when=when,
        )
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def build(*, session: Session, case: Case, actor: str, on_behalf_of: str | None = None) -> bytes:
    """The ZIP; recorded on the audit chain as an export."""
    generated_at = utcnow()
    files = _item_files(case)
    files.append(PackFile("summary.pdf", summary_pdf(session, case, generated_at), None, "summary"))
    manifest = json.dumps(_manifest(case, files, actor), indent=2, ensure_ascii=False).encode()
    files.append(PackFile("manifest.json", manifest, None, "manifest"))
    sums = "".join(f"{f.sha256}  {f.path}\n" for f in files).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.writestr(f.path, f.data)
        archive.writestr("SHA256SUMS", sums)
    data = buffer.getvalue()
    audit(
        session,
        actor,
        "pack.exported",
        case,
        on_behalf_of,
        files=len(files),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return data
