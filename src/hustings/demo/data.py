"""What the demo loaders share: the accounts to print and the rows later loaders build on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    second_factor: str  # the TOTP secret to add to an authenticator app, or "offered"


@dataclass
class DemoData:
    accounts: list[DemoAccount] = field(default_factory=list)
    # Named rows for later loaders: "user:candidate", "org:facebook", "election:..."...
    rows: dict[str, Any] = field(default_factory=dict)
