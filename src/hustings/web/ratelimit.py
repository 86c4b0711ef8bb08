"""Rate limits (the `limits` library): in memory for one process, Redis when configured.

Used for sign-in attempts, public forms and per-API-key quotas. A limit is a string such as
"10/minute"; the key names who is limited (an IP address, an account, an API key prefix).
"""

from __future__ import annotations

from functools import cache

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter

from hustings.config import get_settings
from hustings.web.errors import TooManyRequests


@cache
def _limiter() -> MovingWindowRateLimiter:
    redis_url = get_settings().redis_url
    storage: Storage = RedisStorage(redis_url) if redis_url else MemoryStorage()
    return MovingWindowRateLimiter(storage)


@cache
def _item(limit: str) -> RateLimitItem:
    return parse(limit)


def hit(limit: str, *key: str) -> bool:
    """Count one event; False when the limit is already reached."""
    return _limiter().hit(_item(limit), *key)


def enforce(limit: str, *key: str) -> None:
    """Count one event, raising TooManyRequests (429) when over the limit."""
    if not hit(limit, *key):
        raise TooManyRequests()


def reset() -> None:
    """Forget every count (tests)."""
    _limiter.cache_clear()


def remaining(limit: str, *key: str) -> tuple[int, float]:
    """Events left under the limit, and when (epoch seconds) the oldest one leaves the window."""
    stats = _limiter().get_window_stats(_item(limit), *key)
    return stats.remaining, stats.reset_time
