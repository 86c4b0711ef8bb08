"""Migrations are numbered and linear, and leave the schema exactly as the models describe."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from hustings.db import Base, build_engine
from hustings.domains import import_all_models
from hustings.migrations.config import alembic_config

VERSIONS = Path(__file__).resolve().parents[1] / "src" / "hustings" / "migrations" / "versions"


def test_migrations_are_numbered_and_linear() -> None:
    files = sorted(p.name for p in VERSIONS.glob("*.py"))
    numbers = [int(m.group(1)) for f in files if (m := re.match(r"(\d{4})_[a-z0-9_]+\.py$", f))]
    assert len(numbers) == len(files), f"badly named migrations: {files}"
    assert numbers == list(range(1, len(numbers) + 1))
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    for revision in script.walk_revisions():
        expected_previous = (
            f"{int(revision.revision) - 1:04d}" if revision.revision != "0001" else None
        )
        assert revision.down_revision == expected_previous


def test_migrated_schema_matches_the_models(database_url: str) -> None:
    import_all_models()
    engine = build_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences: list[Any] = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []
