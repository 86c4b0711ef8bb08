"""The lag chart: a horizontal bar per platform pair (median and 90th percentile), drawn with
matplotlib as SVG and served inline as an image; the page's table carries the same figures.
"""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from hustings.exchange.lag import PairLag


def lag_chart(pairs: list[PairLag], *, median_label: str, p90_label: str, axis_label: str) -> str:
    """A data: URI of the SVG chart of match lag per pair (empty string when no data)."""
    rows = [p for p in pairs if p.match_median is not None]
    if not rows:
        return ""
    labels = [f"{p.source} → {p.receiver}" for p in rows]
    height = 1.2 + 0.5 * len(rows)
    figure, axes = plt.subplots(figsize=(7.5, height))
    positions = range(len(rows))
    axes.barh(
        [y + 0.2 for y in positions],
        [p.match_p90 or 0 for p in rows],
        height=0.4,
        color="#1d70b8",
        label=p90_label,
    )
    axes.barh(
        [y - 0.2 for y in positions],
        [p.match_median or 0 for p in rows],
        height=0.4,
        color="#0b0c0c",
        label=median_label,
    )
    axes.set_yticks(list(positions), labels)
    axes.invert_yaxis()
    axes.set_xlabel(axis_label)
    axes.legend(loc="lower right", frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()
