"""The python-threatexchange extension, driven through the real `threatexchange` CLI against a
running hub: add the extension, configure a collaboration and the key, fetch, match.
The CLI keeps its state under $HOME, so each test gives it a fresh temporary home.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session
from tests.factories.exchange import flip_bits, make_member, random_pdq, signal_body
from threatexchange.exchanges import fetch_state as state
from threatexchange.signal_type.pdq.signal import PdqSignal

from hustings.exchange.tx_extension.api import (
    HubError,
    HustingsCollabConfig,
    HustingsSignalExchangeAPI,
)

CLI = Path(sys.executable).parent / "threatexchange"
COLLAB = "Hustings UK"


def share(base: str, headers: dict[str, str], bodies: list[dict[str, Any]]) -> list[Any]:
    response = httpx.post(
        f"{base}/api/v1/exchange/signals", json={"signals": bodies}, headers=headers, timeout=10
    )
    assert response.status_code == 201, response.text
    return list(response.json()["signals"])


class Tx:
    """The threatexchange CLI with its own home directory and a Hustings key."""

    def __init__(self, home: Path, key: str) -> None:
        self.env = {
            "HOME": str(home),
            "PATH": os.environ.get("PATH", ""),
            "TX_HUSTINGS_API_KEY": key,
        }

    def __call__(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(CLI), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        if ok:
            assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done


@pytest.mark.skipif(not CLI.exists(), reason="the threatexchange CLI is not installed")
def test_the_threatexchange_cli_fetches_and_matches(
    live_server: str, db: Session, tmp_path: Path
) -> None:
    a, b = make_member(db, "tx-a"), make_member(db, "tx-b")
    db.commit()
    pdq = random_pdq()
    kept, withdrawn = share(
        live_server,
        a.headers,
        [
            signal_body("pdq", hash=pdq, quality=95),
            signal_body("url", url="https://example.org/p/gone"),
        ],
    )
    # Two images: python-threatexchange 1.2.17's PDQ index of exactly one hash loses it
    # when the CLI saves and reloads the index (faiss), whoever the hashes came from.
    share(
        live_server,
        a.headers,
        [signal_body("url", url="https://Example.org/p/1?utm_x=1"), signal_body("pdq")],
    )
    gone = httpx.delete(
        f"{live_server}/api/v1/exchange/signals/{withdrawn['id']}", headers=a.headers
    )
    assert gone.status_code == 200

    tx = Tx(tmp_path, b.key.token)
    added = tx("config", "extensions", "add", "hustings.exchange.tx_extension")
    assert "hustings" in added.stdout
    tx("config", "collab", "edit", "hustings", COLLAB, "--create", "--hub-url", live_server)
    fetched = tx("fetch")
    assert "Hustings UK" in fetched.stderr + fetched.stdout

    near = flip_bits(pdq, 6)
    matched = tx("match", "-H", "-S", "pdq", "photo", "--", near)
    assert f"({COLLAB})" in matched.stdout
    assert "POSITIVE_CLASS" in matched.stdout and "threat_of_violence" in matched.stdout
    url = tx("match", "url", "--", "https://example.org/p/1")
    assert f"({COLLAB})" in url.stdout
    assert "(" not in tx("match", "url", "--", "https://example.org/p/gone").stdout
    assert "(" not in tx("match", "-H", "-S", "pdq", "photo", "--", random_pdq()).stdout

    # B disputes the image through the extension: a fresh fetch shows it disputed.
    api = HustingsSignalExchangeAPI(
        HustingsCollabConfig(hub_url=live_server, name=COLLAB), b.key.token
    )
    api.report_opinion(
        PdqSignal, pdq, state.SignalOpinion(True, state.SignalOpinionCategory.NEGATIVE_CLASS, set())
    )
    tx("fetch")
    again = tx("match", "-H", "-S", "pdq", "photo", "--", pdq)
    assert "DISPUTED" in again.stdout
    view = httpx.get(f"{live_server}/api/v1/exchange/signals/{kept['id']}", headers=b.headers)
    assert view.json()["your_opinions"] == ["negative"]

    # The label command reports a positive opinion through the same extension.
    tx("label", "-H", "pdq", "-l", "threat_of_violence", COLLAB, "photo", "--", pdq)
    view = httpx.get(f"{live_server}/api/v1/exchange/signals/{kept['id']}", headers=b.headers)
    assert view.json()["your_opinions"] == ["positive"]

    # A's own signal: the hub refuses opinions on it, and the extension says why.
    own = HustingsSignalExchangeAPI(
        HustingsCollabConfig(hub_url=live_server, name=COLLAB), a.key.token
    )
    with pytest.raises(HubError, match="your own"):
        own.report_opinion(
            PdqSignal,
            pdq,
            state.SignalOpinion(True, state.SignalOpinionCategory.POSITIVE_CLASS, set()),
        )


@pytest.mark.skipif(not CLI.exists(), reason="the threatexchange CLI is not installed")
def test_a_bad_key_fails_the_fetch(live_server: str, db: Session, tmp_path: Path) -> None:
    tx = Tx(tmp_path, "hk_nope_nope")
    tx("config", "extensions", "add", "hustings.exchange.tx_extension")
    tx("config", "collab", "edit", "hustings", COLLAB, "--create", "--hub-url", live_server)
    failed = tx("--verbose", "fetch", ok=False)
    assert failed.returncode != 0
    assert "401" in failed.stderr and "failed to fetch" in failed.stderr
