"""JSON shapes of the outreach API: the candidates' accounts platforms may protect."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel


class ProtectedAccountOut(BaseModel):
    """One known account of a candidate on one of the caller's platforms."""

    id: int
    platform: str
    account: str
    name: str
    elections: list[str]
    last_election_date: date | None
    areas: list[str]


class ProtectedAccountListOut(BaseModel):
    accounts: list[ProtectedAccountOut]
    # Pass as `after` for the next page; null when this page is the last.
    next_after: int | None
