"""Demo data: one sharing group holding every platform organisation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.exchange import service


def load(session: Session, demo: Any) -> None:
    group = service.create_group(
        session=session,
        slug="uk-elections",
        name="UK elections: all member platforms",
        actor="demo",
    )
    for organisation in session.scalars(
        select(Organisation).where(Organisation.kind == OrgKind.PLATFORM).order_by(Organisation.id)
    ):
        service.add_member(session=session, group=group, organisation=organisation, actor="demo")
    demo.rows["exchange:group"] = group
