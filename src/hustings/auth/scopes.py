"""What an API key may be used for. A key holds one or more scopes."""

from __future__ import annotations

from enum import StrEnum


class Scope(StrEnum):
    EXCHANGE_READ = "exchange:read"
    EXCHANGE_WRITE = "exchange:write"
    REPORTS_READ = "reports:read"
    REPORTS_WRITE = "reports:write"
    TRIAGE = "triage"
    ACCOUNTS_READ = "accounts:read"


ALL_SCOPES: tuple[str, ...] = tuple(s.value for s in Scope)
