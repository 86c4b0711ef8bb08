"""The huey instance every domain's jobs.py registers its tasks on.

SQLite storage under the data folder by default, so that `make run` needs no broker, and Redis
when HUSTINGS_REDIS_URL is set. Tasks take ids, never ORM objects, and are retried by huey.
In tests (HUSTINGS_JOBS_IMMEDIATE=true) tasks run at once, in process.
"""

from __future__ import annotations

from huey import Huey, RedisHuey, SqliteHuey

from hustings.config import Settings, get_settings


def build_huey(settings: Settings) -> Huey:
    if settings.redis_url:
        return RedisHuey("hustings", url=settings.redis_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("hustings", filename=str(settings.data_dir / "jobs.db"))


huey: Huey = build_huey(get_settings())
huey.immediate = get_settings().jobs_immediate


def set_immediate(immediate: bool) -> None:
    """Run tasks in process (tests) or hand them to the worker."""
    huey.immediate = immediate
