"""Alembic configured in code, so `hustings db ...` works from any directory."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if database_url:
        config.attributes["database_url"] = database_url
    return config
