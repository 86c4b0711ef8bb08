"""Settings that only the case flow reads (prefix HUSTINGS_CASES_), kept out of the shared
config so that tuning uploads, deadlines or webhook retries touches one domain only.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict

MEBIBYTE = 1024 * 1024


class CasesSettings(BaseSettings):
    """Defaults a coordinator can override in the service's own settings tables."""

    model_config = SettingsConfigDict(env_prefix="HUSTINGS_CASES_", env_file=".env", extra="ignore")

    max_upload_bytes: int = 20 * MEBIBYTE
    max_files_per_upload: int = 50
    max_posts_per_export: int = 2000
    # Deadlines used when neither the coordinator nor the platform has set any.
    default_acknowledge_hours: int = 24
    default_decide_hours: int = 72
    # Retention: election day plus this many months, unless the coordinator says otherwise.
    election_day: date = date(2026, 5, 7)
    retention_months: int = 12
    # Webhooks: exponential back-off from `webhook_retry_base_seconds`, capped, then give up.
    webhook_retry_base_seconds: float = 30.0
    webhook_retry_max_seconds: float = 6 * 3600.0
    webhook_max_attempts: int = 12
    webhook_timeout_seconds: float = 10.0
    # How long a worker holds a delivery it is sending; one that dies mid-call frees it then.
    webhook_lease_seconds: float = 60.0
    # Orphaned evidence files (a crash between writing a file and committing) older than this
    # are removed by `hustings cases sweep-evidence` and the nightly job.
    orphan_grace_minutes: int = 60
    ocr_languages: str = "eng+cym"


@lru_cache
def cases_settings() -> CasesSettings:
    return CasesSettings()
