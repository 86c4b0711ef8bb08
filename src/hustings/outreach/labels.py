"""Words for the registry's kinds and roles, in the page's language."""

from __future__ import annotations

from hustings.outreach.models import Person, PersonKind, Position, PositionRole
from hustings.web.i18n import gettext as _
from hustings.web.i18n import lazy_gettext

KIND_LABELS = {
    PersonKind.CANDIDATE: lazy_gettext("Candidates"),
    PersonKind.AGENT: lazy_gettext("Agents"),
    PersonKind.ELECTORAL_STAFF: lazy_gettext("Electoral staff"),
}
ROLE_LABELS = {
    PositionRole.CANDIDATE: lazy_gettext("Candidate"),
    PositionRole.AGENT: lazy_gettext("Agent"),
    PositionRole.RETURNING_OFFICER: lazy_gettext("Returning officer"),
    PositionRole.DEPUTY_RETURNING_OFFICER: lazy_gettext("Deputy returning officer"),
    PositionRole.ELECTORAL_SERVICES: lazy_gettext("Electoral services"),
    PositionRole.POLLING_STATION: lazy_gettext("Polling station staff"),
    PositionRole.COUNT: lazy_gettext("Count staff"),
}


def kind_labels() -> dict[str, str]:
    return {kind.value: str(label) for kind, label in KIND_LABELS.items()}


def role_label(role: PositionRole | str) -> str:
    return str(ROLE_LABELS[PositionRole(role)])


def describe_position(position: Position) -> str:
    """'Candidate, Green Valley Party, Cardiff East' in the current language."""
    parts = [role_label(position.role)]
    if position.party is not None:
        parts.append(position.party.name)
    if position.area is not None:
        parts.append(position.area.name)
    return ", ".join(parts)


def describe_person(person: Person) -> str:
    """What the registry says someone is, for emails and letters."""
    if not person.positions:
        return _("a person taking part in the election")
    return "; ".join(describe_position(p) for p in person.positions)
