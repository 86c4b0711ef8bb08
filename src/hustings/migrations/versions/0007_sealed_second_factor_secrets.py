"""sealed_second_factor_secrets: TOTP seeds encrypted at rest (hustings.auth.sealing)

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from hustings.auth.sealing import seal, unseal

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_USERS = sa.table(
    "users", sa.column("id"), sa.column("totp_secret"), sa.column("totp_pending_secret")
)


def _convert(change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite every stored seed with `change` (seal on the way up, unseal on the way down)."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_USERS.c.id, _USERS.c.totp_secret, _USERS.c.totp_pending_secret)
    ).all()
    for user_id, current, pending in rows:
        if current is None and pending is None:
            continue
        bind.execute(
            sa.update(_USERS)
            .where(_USERS.c.id == user_id)
            .values(
                totp_secret=None if current is None else change(current),
                totp_pending_secret=None if pending is None else change(pending),
            )
        )


def _resize(old: int, new: int) -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        for name in ("totp_secret", "totp_pending_secret"):
            batch_op.alter_column(
                name, existing_type=sa.String(length=old), type_=sa.String(length=new),
                existing_nullable=True,
            )


def upgrade() -> None:
    _resize(64, 255)  # a sealed 32-character seed takes 140 characters
    _convert(seal)


def downgrade() -> None:
    _convert(unseal)
    _resize(255, 64)
