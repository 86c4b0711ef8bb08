"""`/api/v1/outreach/protected-accounts`: candidates' known accounts, for the platforms that
run them, so their trust and safety teams can watch for abuse aimed at candidates.

A platform organisation (API key with the `accounts:read` scope, or a signed-in member) sees
only accounts on the platforms it runs; each page read is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from hustings.audit.service import record
from hustings.auth.access import PlatformActor, allow_platform
from hustings.auth.scopes import Scope
from hustings.db import get_db
from hustings.outreach import service
from hustings.outreach.schemas import ProtectedAccountListOut, ProtectedAccountOut

router = APIRouter(prefix="/api/v1/outreach", tags=["outreach"])
PAGE = 1000


@router.get("/protected-accounts", response_model=ProtectedAccountListOut)
def protected_accounts(
    actor: Annotated[PlatformActor, allow_platform(Scope.ACCOUNTS_READ)],
    db: Annotated[Session, Depends(get_db)],
    after: Annotated[int, Query(ge=0, le=2_147_483_647)] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE)] = PAGE,
) -> ProtectedAccountListOut:
    """Candidates' accounts on this organisation's platforms, in id order; page with
    `after` (the previous page's `next_after`)."""
    rows = service.protected_accounts(
        session=db,
        platforms=list(actor.organisation.platform_slugs),
        after=after,
        limit=limit,
    )
    record(
        session=db,
        actor=actor.label,
        action="outreach.accounts_export",
        subject_type="organisation",
        subject_id=actor.organisation.id,
        details={"count": len(rows), "after": after},
    )
    db.commit()
    return ProtectedAccountListOut(
        accounts=[ProtectedAccountOut(**row) for row in rows],
        next_after=rows[-1]["id"] if len(rows) == limit else None,
    )
