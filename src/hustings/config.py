"""Settings from the environment (prefix HUSTINGS_), with safe defaults for local use only."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET = "dev-only-secret-change-me"  # noqa: S105 - refused in production below


class Settings(BaseSettings):
    """Every tunable of the service; production refuses the development defaults."""

    model_config = SettingsConfigDict(env_prefix="HUSTINGS_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'hustings.db'}"
    secret_key: str = DEFAULT_SECRET
    # Secrets retired by a rotation (a JSON list): sealed TOTP seeds still open with them
    # until `hustings users reseal` seals every one under secret_key.
    previous_secret_keys: list[str] = []
    base_url: str = "http://127.0.0.1:8000"
    data_dir: Path = PROJECT_ROOT / "var"

    # The policy knowledge base's data folder; None means the files shipped in the package.
    policy_data_dir: Path | None = None

    # Mail (SMTP). Tests point this at a local aiosmtpd server.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "Hustings <no-reply@hustings.localhost>"

    # Jobs: huey on SQLite by default, Redis when a URL is given.
    redis_url: str | None = None
    jobs_immediate: bool = False

    # Sign-in protection.
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    session_max_age_hours: int = 12

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("HUSTINGS_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests clear this cache when they change the environment."""
    return Settings()
