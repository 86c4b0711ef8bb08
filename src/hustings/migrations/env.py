"""Alembic environment: the app's engine and every domain's tables."""

from __future__ import annotations

from alembic import context

from hustings.db import Base, build_engine, get_engine
from hustings.domains import import_all_models

import_all_models()
target_metadata = Base.metadata


def run_migrations_online() -> None:
    url = context.config.attributes.get("database_url")
    engine = build_engine(url) if url else get_engine()
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    if url:
        engine.dispose()


run_migrations_online()
