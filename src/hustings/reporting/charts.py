"""Charts for the campaign report, drawn on the server with matplotlib as inline SVG.

Inline SVG shows the same in a browser, in the saved HTML file and in WeasyPrint's PDF, needs
no JavaScript, and keeps its words as text (so a PDF reader can search them). Each series has
its own colour and marker or hatching, so no chart relies on colour alone; every chart sits
next to a table of the same figures.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from hustings.reporting.schemas import CampaignReport

# GOV.UK Frontend's palette: distinct for the common kinds of colour blindness when paired
# with markers and hatching.
COLOURS = ("#1d70b8", "#f47738", "#00703c", "#d4351c", "#4c2c92", "#28a197", "#912b88")
LINE_STYLES = ("solid", "dashed", "dotted", "dashdot", (0, (5, 1, 1, 1)), (0, (1, 3)))
HATCHES = ("", "//", "\\\\", "xx", "--", "||", "++")


def _figure(width: float = 7.5, height: float = 3.2) -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # words stay words
            "svg.hashsalt": "hustings-report",  # the same figures give the same SVG
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial"],
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return Figure(figsize=(width, height), layout="constrained")


def _svg(figure: Any, key: str, label: str) -> str:
    """The figure as an <svg> element: no XML prolog, ids made unique to this chart, and an
    accessible name."""
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = _presentation_attributes(text)
    text = re.sub(r'id="([^"]+)"', rf'id="{key}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{key}-\1)", text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{key}-\1"', text)
    escaped = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg ", f'<svg role="img" aria-label="{escaped}" focusable="false" ', 1)


def _presentation_attributes(svg: str) -> str:
    """Turn matplotlib's style="..." into SVG presentation attributes and drop its <style>
    element: the service's Content-Security-Policy allows no inline styles, and attributes
    draw the same in browsers and in WeasyPrint."""

    def attributes(match: re.Match[str]) -> str:
        pairs = []
        for declaration in match.group(1).split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() and value.strip():
                pairs.append(f'{name.strip()}="{value.strip()}"')
        return " ".join(pairs)

    svg = re.sub(r'style="([^"]*)"', attributes, svg)
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    return svg.replace("<svg ", '<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)


def _day_ticks(axes: Any, days: Sequence[date], language: str) -> None:
    from babel.dates import format_date

    locale = {"en": "en_GB", "cy": "cy"}.get(language, "en_GB")
    step = max(1, len(days) // 10)
    positions = list(range(0, len(days), step))
    axes.set_xticks(positions)
    axes.set_xticklabels(
        [format_date(days[i], "d MMM", locale=locale) for i in positions],
        rotation=0 if len(positions) <= 8 else 45,
        ha="center" if len(positions) <= 8 else "right",
    )


def daily_chart(report: CampaignReport, labels: dict[str, str], language: str) -> str:
    """Cases sent, reports routed and decisions made on each day."""
    figure = _figure()
    axes = figure.add_subplot()
    days = [d.day for d in report.days]
    x = list(range(len(days)))
    series = [
        (labels["cases"], [d.cases_submitted for d in report.days]),
        (labels["routed"], [d.reports_routed for d in report.days]),
        (labels["decided"], [d.reports_decided for d in report.days]),
        (labels["escalated"], [d.police_escalations for d in report.days]),
    ]
    for i, (name, values) in enumerate(series):
        axes.plot(
            x,
            values,
            label=name,
            color=COLOURS[i],
            linestyle=LINE_STYLES[i],
            linewidth=1.6,
        )
    _day_ticks(axes, days, language)
    axes.set_ylabel(labels["y_axis"])
    axes.set_ylim(bottom=0)
    figure.legend(loc="outside upper center", frameon=False, fontsize=8, ncols=2)
    return _svg(figure, "daily", labels["title"])


def platform_chart(report: CampaignReport, names: dict[str, str], labels: dict[str, str]) -> str:
    """Per platform: reports received, decided and actioned, as grouped horizontal bars."""
    platforms = report.platforms
    figure = _figure(height=max(2.0, 0.6 * len(platforms) + 1.0))
    axes = figure.add_subplot()
    series = [
        (labels["received"], [p.received for p in platforms]),
        (labels["decided"], [p.decided for p in platforms]),
        (labels["actioned"], [p.actioned for p in platforms]),
    ]
    height = 0.26
    for i, (name, values) in enumerate(series):
        positions = [n + (i - 1) * height for n in range(len(platforms))]
        bars = axes.barh(
            positions, values, height=height, label=name, color=COLOURS[i], hatch=HATCHES[i]
        )
        axes.bar_label(bars, padding=2, fontsize=7)
    axes.set_yticks(range(len(platforms)))
    axes.set_yticklabels([names.get(p.platform, p.platform) for p in platforms])
    axes.invert_yaxis()
    axes.set_xlabel(labels["x_axis"])
    figure.legend(loc="outside upper center", frameon=False, fontsize=8, ncols=3)
    return _svg(figure, "platforms", labels["title"])


def platform_daily_chart(
    report: CampaignReport, names: dict[str, str], labels: dict[str, str], language: str
) -> str:
    """Reports routed each day, stacked by platform."""
    figure = _figure()
    axes = figure.add_subplot()
    days = [d.day for d in report.days]
    x = list(range(len(days)))
    names_in_order = [names.get(f.platform, f.platform) for f in report.platforms]
    series = [
        [d.routed_by_platform.get(f.platform, 0) for d in report.days] for f in report.platforms
    ]
    colours = [COLOURS[i % len(COLOURS)] for i in range(len(series))]
    # A stacked area, not hundreds of bars: a few shapes, quick to draw in a browser and in
    # WeasyPrint, and each platform hatched differently as well as coloured.
    areas = axes.stackplot(x, series, labels=names_in_order, colors=colours, linewidth=0)
    for i, area in enumerate(areas):
        area.set_hatch(HATCHES[i % len(HATCHES)])
        area.set_edgecolor("white")
    axes.set_xlim(0, max(len(days) - 1, 1))
    axes.set_ylim(bottom=0)
    _day_ticks(axes, days, language)
    axes.set_ylabel(labels["y_axis"])
    figure.legend(
        loc="outside upper center", frameon=False, fontsize=8, ncols=min(4, len(series) or 1)
    )
    return _svg(figure, "platform-days", labels["title"])
