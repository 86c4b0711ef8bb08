"""Signals as platforms see them: never the case link, only the viewer's own opinions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hustings.auth.models import Organisation
from hustings.exchange import service
from hustings.exchange.models import Opinion, SharingGroup, Signal, SignalStatus
from hustings.exchange.schemas import OpinionCounts, SignalOut


class Names:
    """Organisation and group slugs, read once per response."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._orgs: dict[int, str] = {}
        self._groups: dict[int, str] = {}

    def org(self, organisation_id: int) -> str:
        if organisation_id not in self._orgs:
            org = self.session.get(Organisation, organisation_id)
            self._orgs[organisation_id] = org.slug if org else ""
        return self._orgs[organisation_id]

    def group(self, group_id: int) -> str:
        if group_id not in self._groups:
            group = self.session.get(SharingGroup, group_id)
            self._groups[group_id] = group.slug if group else ""
        return self._groups[group_id]


def signals_out(session: Session, signals: list[Signal], viewer_org_id: int) -> list[SignalOut]:
    names = Names(session)
    ids = [s.id for s in signals]
    mine: dict[int, list[str]] = {}
    if ids:
        for signal_id, kind in session.execute(
            select(Opinion.signal_id, Opinion.kind)
            .where(Opinion.signal_id.in_(ids))
            .where(Opinion.organisation_id == viewer_org_id)
            .order_by(Opinion.kind)
        ):
            mine.setdefault(signal_id, []).append(kind)
    return [signal_out(s, names, mine.get(s.id, [])) for s in signals]


def signal_out(signal: Signal, names: Names, your_opinions: list[str]) -> SignalOut:
    if signal.status == SignalStatus.WITHDRAWN:
        event = "withdrawn"
    else:
        event = "new" if signal.version == 1 else "changed"
    return SignalOut.model_validate(
        {
            "id": signal.id,
            "seq": signal.seq,
            "version": signal.version,
            "event": event,
            "type": signal.kind,
            "value": signal.value,
            "details": signal.details,
            "labels": signal.labels,
            "confidence": signal.confidence,
            "source": names.org(signal.source_org_id),
            "action": signal.source_action,
            "acted_at": signal.source_acted_at,
            "sharing_group": names.group(signal.sharing_group_id),
            "tlp": signal.tlp,
            "expires_at": signal.expires_at,
            "status": signal.status,
            "withdrawn_at": signal.withdrawn_at,
            "disputed": signal.disputed,
            "suppressed": service.suppressed(signal),
            "opinions": OpinionCounts(
                positive=signal.positive_count,
                negative=signal.negative_count,
                actioned=signal.actioned_count,
            ),
            "your_opinions": your_opinions,
        }
    )
