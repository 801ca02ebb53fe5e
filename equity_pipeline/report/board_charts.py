"""The Boards and Commissions section's two inline-SVG charts, and the formats they share with its tables.

Every figure a chart draws is also written as text (a label or a <title>), so neither chart relies on
colour alone, and a suppressed figure is written as suppressed, never drawn as 0.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from typing import NamedTuple

from equity_pipeline.report.figures import format_figure, percent

SUPPRESSED = "suppressed (small numbers)"
MEMBERS_COLOUR, COMMUNITY_COLOUR = "#2b4a6f", "#9bb3cf"
PANEL_W, PANEL_H = 250, 110  # one small multiple of the trend chart


class Representation(NamedTuple):
    """One row of board_representation / board_representation_history, in the published column order."""

    as_of_date: dt.date
    dimension: str
    group_name: str
    members: int | None
    seat_share: float | None
    population_share: float | None
    parity_index: float | None
    response_rate: float | None
    suppressed: bool
    population_source: str | None
    population_year: int | None


def parity(value: float | None) -> str:
    """The parity index with 2 decimals (1.25); 1.00 is parity."""
    return "" if value is None else format_figure(value, "index")


def _nice_top(values: list[float]) -> float:
    """The axis end: the largest value rounded up to the next 10%, within 10%..100%."""
    # round() first: 0.6 * 100 is 60.00000000000001, whose ceiling would be 70%
    tenths = math.ceil(round(max(values, default=0.0) * 100, 6) / 10)
    return min(10, max(1, tenths)) / 10


def representation_chart(rows: list[Representation], label: str) -> str:
    """Paired horizontal bars per group: members' share (dark) over the community's share (light).

    The parity index is written at the right of each group, the dimension's response rate in the heading.
    """
    width, label_w, parity_w, row_h, top = 760, 250, 90, 34, 34
    bar_w = width - label_w - parity_w - 120  # room after a bar for its value label
    scale = _nice_top([v for r in rows for v in (r.seat_share, r.population_share) if v is not None])
    height = top + row_h * len(rows) + 8
    response = rows[0].response_rate if rows else None
    heading = f"{label}: " + (
        f"{percent(response)} of members reported" if response is not None else f"response rate {SUPPRESSED}"
    )
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{html.escape(heading)}</title>",
        f'<text x="0" y="14" font-weight="600">{html.escape(heading)}</text>',
        f'<text x="{width - 4}" y="14" text-anchor="end">parity index</text>',
        f'<text x="{label_w}" y="28">dark: members\' share; light: community\'s share (axis 0-{percent(scale)})</text>',
    ]
    for i, row in enumerate(rows):
        y = top + i * row_h
        name = html.escape(row.group_name)
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{name}</text>')
        if row.suppressed or row.seat_share is None:
            # no bar: a bar of 0 would say nobody in the group serves
            why = SUPPRESSED if row.suppressed else "no member reported"
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 10}" font-style="italic">{why}'
                f"<title>{name}, members: {why}</title></text>"
            )
        else:
            length = bar_w * row.seat_share / scale
            counted = f"{percent(row.seat_share, 1)} of members who reported ({row.members:,})"
            parts.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{length:.1f}" height="10" fill="{MEMBERS_COLOUR}">'
                f"<title>{name}, members: {counted}</title></rect>"
                f'<text x="{label_w + length + 4:.1f}" y="{y + 11}">members {percent(row.seat_share, 1)}</text>'
            )
        if row.population_share is not None:
            length = bar_w * row.population_share / scale
            parts.append(
                f'<rect x="{label_w}" y="{y + 14}" width="{length:.1f}" height="10" fill="{COMMUNITY_COLOUR}">'
                f"<title>{name}, community: {percent(row.population_share, 1)}</title></rect>"
                f'<text x="{label_w + length + 4:.1f}" y="{y + 23}">community {percent(row.population_share, 1)}'
                "</text>"
            )
        if row.parity_index is not None:
            parts.append(f'<text x="{width - 4}" y="{y + 15}" text-anchor="end">{parity(row.parity_index)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _panel(
    origin: tuple[float, float],
    title: str,
    points: list[tuple[dt.date, float | None, bool]],
    reference: float | None,
    span: tuple[dt.date, dt.date],
    decimals: int,
) -> list[str]:
    """One small line chart: a line through the points (date, value, suppressed), broken where a value is
    null, with a mark where it is suppressed; the community's share as a dashed line."""
    (x0, y0), w, h = origin, PANEL_W - 8, PANEL_H
    first, last = span
    values = [v for _, v, _ in points if v is not None]
    top = _nice_top(values + ([reference] if reference is not None else []))
    plot_top, plot_bottom, plot_left, plot_right = y0 + 26, y0 + h - 16, x0 + 34, x0 + w - 10

    def xy(day: dt.date, value: float) -> tuple[float, float]:
        share = 0.5 if last == first else (day - first).days / (last - first).days
        return (
            plot_left + (plot_right - plot_left) * share,
            plot_bottom - (plot_bottom - plot_top) * value / top,
        )

    name = html.escape(title)
    parts = [
        f'<text x="{x0}" y="{y0 + 11}" font-weight="600">{name}</text>',
        f'<line x1="{plot_left}" y1="{plot_bottom}" x2="{plot_right}" y2="{plot_bottom}" stroke="#888"/>',
        f'<text x="{plot_left - 4}" y="{plot_top + 4}" text-anchor="end">{percent(top)}</text>',
        f'<text x="{plot_left - 4}" y="{plot_bottom}" text-anchor="end">0%</text>',
        f'<text x="{plot_left}" y="{y0 + h - 3}">{first:%Y-%m}</text>',
        f'<text x="{plot_right}" y="{y0 + h - 3}" text-anchor="end">{last:%Y-%m}</text>',
    ]
    if reference is not None:
        ref_y = plot_bottom - (plot_bottom - plot_top) * reference / top
        parts.append(
            f'<line x1="{plot_left}" y1="{ref_y:.1f}" x2="{plot_right}" y2="{ref_y:.1f}" stroke="{COMMUNITY_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="4 3"><title>{name}: community {percent(reference, 1)}</title></line>'
        )
    segment: list[str] = []
    for day, value, suppressed in [*points, (None, None, False)]:
        if value is None:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{MEMBERS_COLOUR}"/>')
            segment = []
            if suppressed:  # a gap in the line, and a mark that says why
                x, _ = xy(day, 0)
                parts.append(
                    f'<text x="{x:.1f}" y="{plot_bottom - 3}" text-anchor="middle">s'
                    f"<title>{name}, {day}: {SUPPRESSED}</title></text>"
                )
            continue
        x, y = xy(day, value)
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{MEMBERS_COLOUR}">'
            f"<title>{name}, {day}: {percent(value, decimals)}</title></circle>"
        )
    return parts


def trend_chart(
    history: list[Representation],
    groups: list[str],
    dimension: str = "race",
    label: str = "Race groups",
    rate_label: str = "race",
) -> str:
    """Small multiples over roster dates: each group's seat_share (members' share of those who reported) in
    one dimension, and its response rate; one panel each, so no line is told apart by colour."""
    race = [r for r in history if r.dimension == dimension]
    dates = sorted({r.as_of_date for r in race})
    if not dates:
        return ""
    share = {(r.as_of_date, r.group_name): (None if r.suppressed else r.seat_share, r.suppressed) for r in race}
    # the community's share does not change with the roster date; the newest row's is drawn
    community = {r.group_name: r.population_share for r in race if r.as_of_date == dates[-1]}
    rate = {r.as_of_date: r.response_rate for r in race}  # the same on every row of a date
    # a null rate is suppressed when the whole dimension is (every group hidden); else nobody served
    hidden = {d: all(r.suppressed for r in race if r.as_of_date == d) for d in dates}
    panels = [(g, [(d, *share.get((d, g), (None, False))) for d in dates], community.get(g)) for g in groups]
    rates = [(d, rate[d], rate[d] is None and hidden[d]) for d in dates]
    panels.append((f"Response rate ({rate_label})", rates, None))
    columns = 3
    width, height = columns * PANEL_W, -(-len(panels) // columns) * PANEL_H
    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{html.escape(label)}' share of board members who reported, by roster date, {dates[0]} to {dates[-1]}"
        "</title>"
    ]
    for i, (title, points, reference) in enumerate(panels):
        origin = ((i % columns) * PANEL_W + 4, (i // columns) * PANEL_H)
        # shares with 1 decimal as in the bars; the response rate whole, as in the headings
        decimals = 0 if i == len(groups) else 1
        parts.extend(_panel(origin, title, points, reference, (dates[0], dates[-1]), decimals))
    parts.append("</svg>")
    return "".join(parts)
