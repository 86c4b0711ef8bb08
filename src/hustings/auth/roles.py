"""The roles people hold, and which organisation kind each role belongs to."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CANDIDATE = "candidate"
    CANDIDATE_STAFF = "candidate_staff"
    PARTY_OFFICER = "party_officer"
    ELECTORAL_OFFICIAL = "electoral_official"
    PLATFORM_MEMBER = "platform_member"
    POLICE_LIAISON = "police_liaison"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


class OrgKind(StrEnum):
    PLATFORM = "platform"
    PARTY = "party"
    POLICE_FORCE = "police_force"
    ELECTORAL_AUTHORITY = "electoral_authority"


# A role that acts for an organisation must name one of this kind; the others name none.
ROLE_ORG_KIND: dict[Role, OrgKind] = {
    Role.PARTY_OFFICER: OrgKind.PARTY,
    Role.ELECTORAL_OFFICIAL: OrgKind.ELECTORAL_AUTHORITY,
    Role.PLATFORM_MEMBER: OrgKind.PLATFORM,
    Role.POLICE_LIAISON: OrgKind.POLICE_FORCE,
}

# Candidates and their staff are offered a second factor; everyone else must use one.
MFA_OPTIONAL_ROLES: frozenset[Role] = frozenset({Role.CANDIDATE, Role.CANDIDATE_STAFF})

# Roles that see across the whole service.
HUB_STAFF_ROLES: frozenset[Role] = frozenset({Role.COORDINATOR, Role.ADMIN})
