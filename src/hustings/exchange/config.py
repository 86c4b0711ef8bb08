"""Settings only the exchange reads (prefix HUSTINGS_EXCHANGE_)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class ExchangeSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="HUSTINGS_EXCHANGE_", env_file=".env", extra="ignore"
    )

    # Signals expire this long after election day unless the sender says otherwise. Election
    # day comes from here, else the coordinator's case retention setting, else the cases default.
    election_day: date | None = None
    expiry_days_after_election: int = 30
    # Used when election day plus the days above has already passed (between elections).
    fallback_expiry_days: int = 30
    max_batch: int = 500  # signals per POST; more is 413
    max_match_batch: int = 1000  # queries per match request; more is 413
    max_feed_limit: int = 1000
    max_upload_bytes: int = 20 * 1024 * 1024
    pdq_threshold: int = 31
    pdq_max_threshold: int = 63
    text_min_similarity: float = 0.5
    # Negative opinions from this many organisations stop a signal matching by default.
    negatives_to_suppress: int = 2
    rate_limit: str = "600/minute"  # per API key (or member), every exchange route together
    # Where the matching index keeps its snapshot (relative to the data folder).
    snapshot_name: str = "exchange-index.pickle"


@lru_cache
def exchange_settings() -> ExchangeSettings:
    return ExchangeSettings()
