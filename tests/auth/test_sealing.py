"""TOTP seeds are sealed at rest: the database holds no usable second factor, sign-in still
works, a rotated secret key keeps them readable, and `hustings users reseal` moves them on."""

from __future__ import annotations

from typing import Any

import pyotp
import pytest
from alembic import command
from sqlalchemy import column, select, table, update
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from hustings import db as dbmod
from hustings.auth.models import User
from hustings.auth.roles import Role
from hustings.auth.sealing import SealBroken, seal, unseal
from hustings.cli import app
from hustings.migrations.config import alembic_config
from tests.factories.auth import DEFAULT_PASSWORD, make_user

RAW = table("users", column("id"), column("totp_secret"), column("totp_pending_secret"))


def stored(db: Session, user_id: int) -> tuple[str | None, str | None]:
    """The seeds exactly as the database holds them, not through the model's type."""
    row = db.execute(
        select(RAW.c.totp_secret, RAW.c.totp_pending_secret).where(RAW.c.id == user_id)
    ).one()
    db.rollback()  # SQLite: let the app write again
    return row[0], row[1]


def test_the_database_holds_no_seed_in_the_clear(db: Session) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    db.commit()
    seed = user.totp_secret
    assert seed and len(seed) >= 16
    raw, _ = stored(db, user.id)
    assert raw is not None and seed not in raw and raw.startswith("gAAAA")  # a Fernet token
    assert unseal(raw) == seed
    assert seal(seed) != raw  # a fresh IV each time: equal seeds do not look equal
    db.expire_all()
    assert db.get(User, user.id).totp_secret == seed  # type: ignore[union-attr]


def test_signing_in_with_a_sealed_seed_works(client: Any, db: Session) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    db.commit()
    response = client.post_form("/sign-in", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.headers["location"] == "/sign-in/second-factor"
    code = pyotp.TOTP(user.totp_secret).now()
    done = client.post_form("/sign-in/second-factor", {"code": code})
    assert done.status_code == 303 and done.headers["location"] == "/account"


def _use_secret(monkeypatch: pytest.MonkeyPatch, secret: str, previous: str | None) -> None:
    monkeypatch.setenv("HUSTINGS_SECRET_KEY", secret)
    if previous is None:
        monkeypatch.delenv("HUSTINGS_PREVIOUS_SECRET_KEYS", raising=False)
    else:
        monkeypatch.setenv("HUSTINGS_PREVIOUS_SECRET_KEYS", f'["{previous}"]')
    dbmod.get_settings.cache_clear()


def test_rotating_the_secret_key_then_resealing(
    db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    db.commit()
    seed, user_id = user.totp_secret, user.id  # `user` itself would reload through the type
    old_secret = dbmod.get_settings().secret_key
    raw_before, _ = stored(db, user_id)
    assert raw_before is not None

    _use_secret(monkeypatch, "a-new-secret-after-rotation", None)
    with pytest.raises(SealBroken, match="HUSTINGS_PREVIOUS_SECRET_KEYS"):
        unseal(raw_before)
    refused = CliRunner().invoke(app, ["users", "reseal"])
    assert refused.exit_code == 2 and "could not be opened" in refused.output
    assert stored(db, user_id)[0] == raw_before  # nothing written

    _use_secret(monkeypatch, "a-new-secret-after-rotation", old_secret)
    assert unseal(raw_before) == seed  # still readable during the rotation
    done = CliRunner().invoke(app, ["users", "reseal"])
    assert done.exit_code == 0 and "of 1 people" in done.output, done.output
    raw_after, _ = stored(db, user_id)
    assert raw_after is not None and raw_after != raw_before

    _use_secret(monkeypatch, "a-new-secret-after-rotation", None)  # the old key dropped
    assert unseal(raw_after) == seed


def test_the_migration_seals_existing_seeds_and_unseals_on_the_way_down(
    database_url: str, db: Session
) -> None:
    user = make_user(db, Role.POLICE_LIAISON)
    db.commit()
    seed, user_id = user.totp_secret, user.id  # `user` itself would reload through the type
    config = alembic_config(database_url)
    command.downgrade(config, "0006")
    assert stored(db, user_id)[0] == seed  # the old schema held it in the clear
    db.execute(update(RAW).where(RAW.c.id == user_id).values(totp_pending_secret="PENDINGSEED234"))
    db.commit()
    command.upgrade(config, "head")
    raw, pending = stored(db, user_id)
    assert raw is not None and pending is not None
    assert unseal(raw) == seed and unseal(pending) == "PENDINGSEED234"
