"""What roles, organisation kinds and API scopes are called on pages, in either language."""

from __future__ import annotations

from babel.support import LazyProxy

from hustings.auth.roles import OrgKind, Role
from hustings.auth.scopes import Scope
from hustings.web.i18n import lazy_gettext

ROLE_LABELS: dict[Role, LazyProxy] = {
    Role.CANDIDATE: lazy_gettext("Candidate"),
    Role.CANDIDATE_STAFF: lazy_gettext("Campaign staff"),
    Role.PARTY_OFFICER: lazy_gettext("Party officer"),
    Role.ELECTORAL_OFFICIAL: lazy_gettext("Electoral official"),
    Role.PLATFORM_MEMBER: lazy_gettext("Platform team member"),
    Role.POLICE_LIAISON: lazy_gettext("Police liaison"),
    Role.COORDINATOR: lazy_gettext("Coordinator"),
    Role.ADMIN: lazy_gettext("Administrator"),
}

ORG_KIND_LABELS: dict[OrgKind, LazyProxy] = {
    OrgKind.PLATFORM: lazy_gettext("Platform"),
    OrgKind.PARTY: lazy_gettext("Political party"),
    OrgKind.POLICE_FORCE: lazy_gettext("Police force"),
    OrgKind.ELECTORAL_AUTHORITY: lazy_gettext("Electoral authority"),
}

SCOPE_LABELS: dict[str, LazyProxy] = {
    Scope.EXCHANGE_READ.value: lazy_gettext("Read signals shared through the exchange"),
    Scope.EXCHANGE_WRITE.value: lazy_gettext("Share signals and opinions through the exchange"),
    Scope.REPORTS_READ.value: lazy_gettext("Read reports routed to your platform"),
    Scope.REPORTS_WRITE.value: lazy_gettext("Respond to reports routed to your platform"),
    Scope.TRIAGE.value: lazy_gettext("Ask the triage model about a message"),
    Scope.ACCOUNTS_READ.value: lazy_gettext("Read candidates' known accounts on your platforms"),
}
