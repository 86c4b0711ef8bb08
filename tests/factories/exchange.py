"""Builders for the exchange: platforms with keys in one sharing group, and signal bodies."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from hustings.auth.apikeys import IssuedKey
from hustings.auth.models import Organisation
from hustings.auth.roles import OrgKind
from hustings.exchange import service
from hustings.exchange.models import SharingGroup
from hustings.exchange.textprint import fingerprint
from tests.factories.auth import make_api_key, make_org

GROUP = "uk-test"


SIGNALS_API = "/api/v1/exchange/signals"


@dataclass
class Member:
    org: Organisation
    key: IssuedKey

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.key.token}"}


def share_via_api(client: Any, member: Member, *bodies: dict[str, Any]) -> list[dict[str, Any]]:
    """Share signals as `member` through the API; the signals as the API gives them back."""
    response = client.post(SIGNALS_API, json={"signals": list(bodies)}, headers=member.headers)
    assert response.status_code == 201, response.text
    return list(response.json()["signals"])


def make_group(db: Session, slug: str = GROUP) -> SharingGroup:
    group = service.group_by_slug(db, slug)
    if group is None:
        group = service.create_group(session=db, slug=slug, name=slug.title(), actor="test")
    return group


def make_member(
    db: Session, slug: str | None = None, groups: tuple[str, ...] = (GROUP,), scopes: Any = None
) -> Member:
    org = make_org(db, OrgKind.PLATFORM, slug=slug)
    for group_slug in groups:
        service.add_member(
            session=db, group=make_group(db, group_slug), organisation=org, actor="test"
        )
    return Member(org=org, key=make_api_key(db, org, scopes))


def random_pdq(rng: random.Random | None = None) -> str:
    rng = rng or random.Random()
    return f"{rng.getrandbits(256):064x}"


def flip_bits(pdq: str, count: int, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(1)
    value = int(pdq, 16)
    for bit in rng.sample(range(256), count):
        value ^= 1 << bit
    return f"{value:064x}"


def signal_body(kind: str = "pdq", group: str = GROUP, **fields: Any) -> dict[str, Any]:
    """A valid signal for POST /api/v1/exchange/signals; `fields` override or add."""
    base: dict[str, Any] = {
        "labels": ["threat_of_violence"],
        "confidence": 0.9,
        "action": "removed",
        "acted_at": (datetime.now(UTC) - timedelta(minutes=2)).isoformat(),
        "sharing_group": group,
        "tlp": "amber",
    }
    if kind == "pdq":
        base.update(type="pdq", hash=random_pdq(), quality=90)
    elif kind == "md5":
        base.update(type="md5", hash=f"{random.getrandbits(128):032x}")
    elif kind == "sha256":
        base.update(type="sha256", hash=f"{random.getrandbits(256):064x}")
    elif kind == "url":
        base.update(type="url", url=f"https://example.org/post/{random.getrandbits(32)}")
    elif kind == "account":
        base.update(
            type="account",
            platform="x",
            account_id=str(random.getrandbits(40)),
            handle=f"@troll{random.getrandbits(16)}",
            display_name="Troll",
            profile_url="https://x.com/troll",
        )
    elif kind == "text":
        printed = fingerprint(f"we know where you live {random.getrandbits(32)} watch out")
        base.update(type="text", exact=printed.exact, minhash=printed.minhash)
    base.update(fields)
    return base


def pdq_data_dir() -> Path:
    """../shared/data/pdq beside the checkout (a worktree under /work/wt looks one level up)."""
    root = Path(__file__).resolve().parents[2]
    for base in (root.parent, root.parent.parent):
        candidate = base / "shared" / "data" / "pdq"
        if candidate.is_dir():
            return candidate
    return root.parent / "shared" / "data" / "pdq"
