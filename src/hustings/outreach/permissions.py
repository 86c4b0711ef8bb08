"""Who sees which people in the registry.

- coordinators and administrators: everyone;
- party officers: people with a position for a party linked to their party organisation
  (its candidates and agents);
- electoral officials: people with a position in an area their authority runs, or working
  for their authority (candidates, agents and staff there);
- everyone else: nobody.

A person outside the caller's scope is "not found", so nobody learns who is registered.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, false, or_, select, true
from sqlalchemy.orm import Session

from hustings.auth.models import User
from hustings.auth.roles import HUB_STAFF_ROLES, OrgKind, Role
from hustings.outreach.models import Area, Party, Person, Position
from hustings.web.errors import NotFound

OUTREACH_ROLES: tuple[Role, ...] = (
    Role.COORDINATOR,
    Role.ADMIN,
    Role.PARTY_OFFICER,
    Role.ELECTORAL_OFFICIAL,
)


@dataclass(frozen=True)
class Scope:
    """The part of the registry one caller may see: all, one party's or one authority's."""

    everyone: bool = False
    party_org_id: int | None = None
    authority_id: int | None = None

    def condition(self) -> ColumnElement[bool]:
        """A WHERE clause on Person for this scope (one EXISTS, no per-row lookups)."""
        if self.everyone:
            return true()
        if self.party_org_id is not None:
            return exists(
                select(Position.id)
                .join(Party, Party.id == Position.party_id)
                .where(Position.person_id == Person.id)
                .where(Party.organisation_id == self.party_org_id)
            )
        if self.authority_id is not None:
            return exists(
                select(Position.id)
                .outerjoin(Area, Area.id == Position.area_id)
                .where(Position.person_id == Person.id)
                .where(
                    or_(
                        Area.authority_id == self.authority_id,
                        Position.authority_id == self.authority_id,
                    )
                )
            )
        return false()


def scope_for(user: User) -> Scope:
    if user.role in HUB_STAFF_ROLES:
        return Scope(everyone=True)
    org = user.organisation
    if user.role == Role.PARTY_OFFICER and org is not None and org.kind == OrgKind.PARTY:
        return Scope(party_org_id=org.id)
    if (
        user.role == Role.ELECTORAL_OFFICIAL
        and org is not None
        and org.kind == OrgKind.ELECTORAL_AUTHORITY
    ):
        return Scope(authority_id=org.id)
    return Scope()


def people_in_scope(scope: Scope) -> Select[Person]:
    return select(Person).where(scope.condition())


def visible_person(session: Session, user: User, person_id: int) -> Person:
    """A person the user may see and act for; anyone else is not found."""
    if not 0 < person_id <= 2**31 - 1:
        raise NotFound()
    person = session.scalar(people_in_scope(scope_for(user)).where(Person.id == person_id))
    if person is None:
        raise NotFound()
    return person
