"""The evidence pack as a download, shared by the JSON API and the pages: who may have it is
checked object by object (cases.permissions), and every download goes on the audit chain."""

from __future__ import annotations

from fastapi.responses import Response
from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.cases import pack, permissions

ZIP = "application/zip"


def zip_response(data: bytes, case_id: int) -> Response:
    """The pack as an attachment named after the case."""
    return Response(
        data,
        media_type=ZIP,
        headers={"Content-Disposition": f'attachment; filename="case-{case_id}-evidence.zip"'},
    )


def own_pack(db: Session, user: User, case_id: int) -> Response:
    """For the candidate, or staff acting for them (recorded as on their behalf)."""
    case, acting = permissions.writable_case(db, user, case_id)
    data = pack.build(session=db, case=case, actor=acting.actor, on_behalf_of=acting.on_behalf_of)
    db.commit()
    return zip_response(data, case_id)


def police_pack(db: Session, user: User, case_id: int) -> Response:
    """For a liaison officer of the force the case was sent to."""
    escalation = permissions.police_escalation(db, user, case_id)
    data = pack.build(session=db, case=escalation.case, actor=f"user:{user.id}")
    db.commit()
    return zip_response(data, case_id)
