"""A python-threatexchange extension, so the `threatexchange` CLI and Meta's
Hasher-Matcher-Actioner fetch signals from a Hustings hub and report opinions back.

    threatexchange config extensions add hustings.exchange.tx_extension
    threatexchange config collab edit hustings "Hustings UK" --create \\
        --hub-url https://hub.example.org
    export TX_HUSTINGS_API_KEY=hk_...      # or put the key in ~/.tx_hustings_api_key
    threatexchange fetch && threatexchange match photo picture.jpg

It talks to the hub's public JSON API only (the feed with its cursor, match and opinions),
never to the hub's database, so it runs wherever the platform's tools run.
"""

from __future__ import annotations

from threatexchange.extensions.manifest import ThreatExchangeExtensionManifest

from hustings.exchange.tx_extension.api import HustingsSignalExchangeAPI

TX_MANIFEST = ThreatExchangeExtensionManifest(apis=(HustingsSignalExchangeAPI,))

__all__ = ["TX_MANIFEST", "HustingsSignalExchangeAPI"]
