"""The SignalExchangeAPI over a Hustings hub's feed (GET /api/v1/exchange/signals?since=...).

Records are keyed by the hub's signal id, so a withdrawal, an expiry or a change of one
signal touches only that record even when two platforms shared the same hash. The
checkpoint is the feed cursor: the hub guarantees it never skips or repeats a change, so a
fetch that stops anywhere resumes exactly where it stopped.
"""

# No `from __future__ import annotations` here: the threatexchange CLI reads the collab
# config's field types at run time to build its command line, and needs real types.
import time
import typing as t
from dataclasses import dataclass, field
from datetime import UTC, datetime

import requests
from threatexchange.exchanges import auth
from threatexchange.exchanges import fetch_state as state
from threatexchange.exchanges.collab_config import CollaborationConfigWithDefaults
from threatexchange.exchanges.signal_exchange_api import SignalExchangeAPI
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.signal_base import SignalType
from threatexchange.signal_type.url import URLSignal

API_NAME = "hustings"
PAGE = 500
TIMEOUT = 30

# Hustings signal type -> python-threatexchange signal type (the others have no equivalent
# there and are skipped: account, sha256, text fingerprints).
SIGNAL_TYPES: dict[str, type[SignalType]] = {
    "pdq": PdqSignal,
    "md5": VideoMD5Signal,
    "url": URLSignal,
}
QUERY_FIELD = {"pdq": "hash", "md5": "hash", "url": "url"}


@dataclass
class _RequiredFields:
    hub_url: str = field(
        metadata={"help": "the hub's address, e.g. https://hub.example.org", "metavar": "URL"}
    )


@dataclass
class HustingsCollabConfig(CollaborationConfigWithDefaults, _RequiredFields):
    api: str = field(init=False, default=API_NAME)
    sharing_group: t.Optional[str] = field(  # noqa: UP045 - the CLI reads Optional[...]
        default=None,
        metadata={"help": "only this sharing group (its slug); every group you are in if unset"},
    )


@dataclass
class HustingsCredentials(auth.CredentialHelper):
    """The platform's Hustings API key (scopes exchange:read, and exchange:write to report)."""

    ENV_VARIABLE: t.ClassVar[str] = "TX_HUSTINGS_API_KEY"
    FILE_NAME: t.ClassVar[str] = "~/.tx_hustings_api_key"

    api_key: str

    @classmethod
    def _from_str(cls, s: str) -> "HustingsCredentials":
        return cls(api_key=s.strip())

    def _are_valid(self) -> bool:
        return self.api_key.startswith("hk_")


@dataclass
class HustingsCheckpoint(state.FetchCheckpointBase):
    cursor: int
    fetched_at: int

    def get_progress_timestamp(self) -> int | None:
        return self.fetched_at


@dataclass
class HustingsSignalMetadata(state.FetchedSignalMetadata):
    """What a match needs to decide: the hub's labels, confidence and disputes."""

    signal_id: int
    source: str
    sharing_group: str
    labels: set[str]
    confidence: float
    disputed: bool
    is_mine: bool

    def get_as_opinions(self) -> t.Sequence[state.SignalOpinion]:
        opinions = [
            state.SignalOpinion(
                self.is_mine, state.SignalOpinionCategory.POSITIVE_CLASS, set(self.labels)
            )
        ]
        if self.disputed:  # a member reported a false positive
            opinions.append(
                state.SignalOpinion(False, state.SignalOpinionCategory.NEGATIVE_CLASS, set())
            )
        return opinions


@dataclass
class HustingsRecord:
    signal_type: str  # python-threatexchange's name for it
    signal: str
    metadata: HustingsSignalMetadata


class HubError(Exception):
    """The hub refused a request; the message carries its explanation."""


def _expired(expires_at: str) -> bool:
    return datetime.fromisoformat(expires_at) <= datetime.now(UTC)


def record_of(item: dict[str, t.Any], collab: HustingsCollabConfig) -> HustingsRecord | None:
    """One feed item as a record, or None when receivers should drop it (withdrawn, expired,
    suppressed by disputes, another sharing group, or a type the library has no name for).
    """
    s_type = SIGNAL_TYPES.get(item["type"])
    if (
        s_type is None
        or item["status"] != "active"
        or item.get("suppressed")
        or _expired(item["expires_at"])
        or (collab.sharing_group and item["sharing_group"] != collab.sharing_group)
    ):
        return None
    return HustingsRecord(
        signal_type=s_type.get_name(),
        signal=item["value"],
        metadata=HustingsSignalMetadata(
            signal_id=int(item["id"]),
            source=item["source"],
            sharing_group=item["sharing_group"],
            labels=set(item["labels"]),
            confidence=float(item["confidence"]),
            disputed=bool(item["disputed"]),
            is_mine=False,
        ),
    )


class HustingsSignalExchangeAPI(
    auth.SignalExchangeWithAuth[HustingsCollabConfig, HustingsCredentials],
    SignalExchangeAPI[
        HustingsCollabConfig,
        HustingsCheckpoint,
        HustingsSignalMetadata,
        int,
        HustingsRecord,
    ],
):
    """Fetch a Hustings hub's signal feed and report opinions on its signals."""

    def __init__(self, collab: HustingsCollabConfig, api_key: str) -> None:
        self.collab = collab
        self.base = collab.hub_url.rstrip("/") + "/api/v1/exchange"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    @classmethod
    def get_name(cls) -> str:
        return API_NAME

    @staticmethod
    def get_config_cls() -> type[HustingsCollabConfig]:
        return HustingsCollabConfig

    @staticmethod
    def get_checkpoint_cls() -> type[HustingsCheckpoint]:
        return HustingsCheckpoint

    @staticmethod
    def get_record_cls() -> type[HustingsSignalMetadata]:
        return HustingsSignalMetadata

    @staticmethod
    def get_credential_cls() -> type[HustingsCredentials]:
        return HustingsCredentials

    @classmethod
    def for_collab(
        cls,
        collab: HustingsCollabConfig,
        credentials: HustingsCredentials | None = None,
    ) -> "HustingsSignalExchangeAPI":
        credentials = credentials or HustingsCredentials.get(cls)
        return cls(collab, credentials.api_key)

    def _call(self, method: str, path: str, **kwargs: t.Any) -> t.Any:
        response = self.session.request(method, self.base + path, timeout=TIMEOUT, **kwargs)
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            raise HubError(f"{method} {path}: {response.status_code} {detail}")
        return response.json()

    def fetch_iter(
        self,
        supported_signal_types: t.Sequence[type[SignalType]],
        checkpoint: HustingsCheckpoint | None,
    ) -> t.Iterator[state.FetchDelta[int, HustingsRecord, HustingsCheckpoint]]:
        cursor = checkpoint.cursor if checkpoint is not None else 0
        while True:
            page = self._call("GET", "/signals", params={"since": cursor, "limit": PAGE})
            updates: dict[int, HustingsRecord | None] = {
                int(item["id"]): record_of(item, self.collab) for item in page["signals"]
            }
            cursor = int(page["next"])
            yield state.FetchDelta(updates, HustingsCheckpoint(cursor, int(time.time())))
            if not page["more"]:
                return

    @classmethod
    def naive_convert_to_signal_type(
        cls,
        signal_types: t.Sequence[type[SignalType]],
        collab: HustingsCollabConfig,
        fetched: t.Mapping[int, HustingsRecord],
    ) -> dict[type[SignalType], dict[str, HustingsSignalMetadata]]:
        by_name = {s.get_name(): s for s in signal_types}
        converted: dict[type[SignalType], dict[str, HustingsSignalMetadata]] = {}
        for record in fetched.values():
            s_type = by_name.get(record.signal_type)
            if s_type is not None:
                converted.setdefault(s_type, {})[record.signal] = record.metadata
        return converted

    def report_opinion(
        self,
        s_type: type[SignalType],
        signal: str,
        opinion: state.SignalOpinion,
    ) -> None:
        """Tell the hub what this signal meant on your service: a positive (true positive)
        or negative (false positive) opinion on every matching signal another platform shared.
        """
        kinds = {
            state.SignalOpinionCategory.POSITIVE_CLASS: "positive",
            state.SignalOpinionCategory.NEGATIVE_CLASS: "negative",
        }
        kind = kinds.get(opinion.category)
        if kind is None:
            raise NotImplementedError("Hustings takes positive or negative opinions")
        hub_type = next((k for k, v in SIGNAL_TYPES.items() if v is s_type), None)
        if hub_type is None:
            raise NotImplementedError(f"Hustings has no signals of type {s_type.get_name()}")
        found = self._call(
            "POST",
            "/match",
            json={
                "queries": [{"type": hub_type, QUERY_FIELD[hub_type]: signal}],
                "pdq_threshold": 0,
                "include_suppressed": True,
            },
        )
        hits = found["results"][0]["matches"]
        if not hits:
            raise HubError(f"no {hub_type} signal {signal} is visible to you on the hub")
        given = 0
        for hit in hits:
            response = self.session.post(
                f"{self.base}/signals/{hit['signal_id']}/opinions",
                json={"kind": kind},
                timeout=TIMEOUT,
            )
            if response.status_code == 409:  # your own signal: nothing to say about it
                continue
            if response.status_code >= 400:
                raise HubError(f"opinion on {hit['signal_id']}: {response.status_code}")
            given += 1
        if not given:
            raise HubError(f"the only {hub_type} signals {signal} on the hub are your own")
