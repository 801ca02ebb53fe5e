"""The Workforce Equity section's disparity part (workforce_disparity): its rows, formats and plain words, the
table of each breakdown and its chart of rates.

Every figure is the published one, written with the decimals it was published with (rates and ratios 4, p-values
6), so a reader can find it in workforce_disparity. The chart writes each figure as text too (a label or a
<title>): a bar's colour never carries a flag alone, and a suppressed rate is written as suppressed, never drawn.
The thresholds the words name are the settings', passed in: the published file does not record them.
"""

from __future__ import annotations

import html
import math
from typing import NamedTuple

from equity_pipeline.report.figures import half_up, percent

NOT_REPORTED = "Not reported"
FLAG_WORDS = {
    "adverse impact": "the rate is below four-fifths of the reference group's and the difference is unlikely to "
    "be chance (p < 0.05)",
    "four-fifths only": "the rate is below four-fifths of the reference group's, but with these numbers the "
    "difference could be chance (p ≥ 0.05)",
    "significant only": "the rate is at least four-fifths of the reference group's, but the difference is "
    "unlikely to be chance (p < 0.05)",
    "no impact": "the rate is at least four-fifths of the reference group's and the difference could be chance",
}
FLAG_COLOURS = {"adverse impact": "#b2182b", "four-fifths only": "#d6604d", "significant only": "#7a8ca3"}
BAR, REFERENCE_COLOUR, FOUR_FIFTHS_COLOUR = "#2b4a6f", "#111", "#b2182b"
LEFT = "<td style='text-align:left'>"  # the report's CSS aligns every column but the first right, for figures
DECISIONS = {
    "training_participation": (
        "Training participation",
        "eligible: employees active on any day of the fiscal year; selected: attended or completed at least one "
        "DEI Training or EEO Training session in it",
    ),
    "promotion": ("Promotion", "eligible: employees active on the year's first day; selected: promoted in the year"),
    "retention": (
        "Retention",
        "eligible: employees active on the year's first day who did not retire in the year; selected: still "
        "employed, not separated in the year",
    ),
}
DIMENSIONS = {"race_ethnicity": "race/ethnicity", "sex": "sex"}
# seeds/disparity_groups.csv's group order (the published table has none); a group added later comes after
GROUP_ORDER = (
    "American Indian or Alaska Native", "Asian", "Black or African American", "Hispanic or Latino",
    "Middle Eastern or North African", "Native Hawaiian or Pacific Islander", "White", "Multiracial",
    "Female", "Male", "Nonbinary", NOT_REPORTED,
)  # fmt: skip


class Disparity(NamedTuple):
    """One row of workforce_disparity, in the published column order."""

    fiscal_year: int
    decision: str
    dimension: str
    group_name: str
    eligible: int | None
    selected: int | None
    rate: float | None
    reference_group: str | None
    impact_ratio: float | None
    impact_ratio_ci_low: float | None
    impact_ratio_ci_high: float | None
    z_score: float | None
    p_value: float | None
    fisher_p_value: float | None
    flag: str | None
    small_numbers: bool
    suppressed: bool
    is_complete: bool


def suppressed_text(threshold: int) -> str:
    # "or hidden with such a row": a complementary cell may count more people, and must not be told apart
    return f"suppressed ({threshold} or fewer people, or hidden with such a row)"


def decimals(value: float | None, places: int) -> str:
    return "" if value is None else str(half_up(value, places))


def rate_text(value: float | None) -> str:
    """A published rate (4 decimals) as a percent with 2: 0.6875 -> '68.75%', no precision lost or invented."""
    return percent(value, 2)


def fisher_decides(row: Disparity, reference: Disparity) -> bool:
    """Whether Fisher's exact p decided the flag: an expected cell of the 2x2 table below 5.

    expected = row total x column total / N, compared as row x column < 5 N to stay in whole numbers.
    """
    a, n1, c, n2 = row.selected, row.eligible, reference.selected, reference.eligible
    total = n1 + n2
    return any(r * k < 5 * total for r in (n1, n2) for k in (a + c, total - a - c))


def zero_reference(reference: Disparity | None) -> bool:
    """Whether the (published) reference group selected no one: every impact ratio is then undefined (a rate / 0),
    so no ratio, interval or flag is published, while the tests still compare the rates."""
    return reference is not None and not reference.suppressed and reference.selected == 0


def p_used(row: Disparity, reference: Disparity | None) -> str:
    """The p-value deciding the flag (or that would, against a reference rate of 0), named by its test; '' if none."""
    compared = row.flag is not None or (zero_reference(reference) and row.eligible)
    if not compared or reference is None or row.group_name == row.reference_group:
        return ""
    if fisher_decides(row, reference):
        value, test = row.fisher_p_value, "Fisher exact"
    else:
        value, test = row.p_value, "z-test"
    if value is None:  # everyone or no one selected in both groups: the z-test has no variance
        return f"none ({test})"
    shown = decimals(value, 6)
    return f"{'< 0.000001' if float(shown) == 0 else shown} ({test})"


def ratio_text(row: Disparity) -> str:
    """The impact ratio and its 95% confidence interval, as published (4 decimals)."""
    if row.impact_ratio is None:
        return ""
    if row.group_name == row.reference_group:
        return f"{decimals(row.impact_ratio, 4)} (reference)"
    if row.impact_ratio_ci_low is None:  # Katz's interval needs a selected person in both groups
        return f"{decimals(row.impact_ratio, 4)} (no interval: none selected)"
    low, high = decimals(row.impact_ratio_ci_low, 4), decimals(row.impact_ratio_ci_high, 4)
    return f"{decimals(row.impact_ratio, 4)} ({low} to {high})"


def _axis_top(values: list[float]) -> float:
    """The axis end: the largest rate rounded up to the next 10%, within 10%..100%."""
    tenths = math.ceil(round(max(values, default=0.0) * 100, 6) / 10)  # round(): 0.6 * 100 is 60.000...01
    return min(10, max(1, tenths)) / 10


def rates_chart(rows: list[Disparity], reference: Disparity | None, label: str) -> str:
    """Horizontal bars of each group's rate, a solid line at the reference group's rate and a dashed line at
    four-fifths of it (0.8 x the published reference rate). `Not reported` is not compared, so not drawn."""
    rows = [r for r in rows if r.group_name != NOT_REPORTED]
    width, label_w, row_h, top = 760, 250, 22, 46
    bar_w = width - label_w - 200  # room after a bar for its value and flag
    ref_rate = None if reference is None or reference.rate is None else reference.rate
    scale = _axis_top([r.rate for r in rows if r.rate is not None] + ([ref_rate] if ref_rate is not None else []))
    height = top + row_h * len(rows) + 8

    def x(value: float) -> float:
        return label_w + bar_w * value / scale

    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        f"<title>{html.escape(label)}</title>",
        f'<text x="0" y="14" font-weight="600">{html.escape(label)}</text>',
        f'<text x="{label_w}" y="{top - 6}">0%</text>',
        f'<text x="{x(scale):.1f}" y="{top - 6}" text-anchor="end">{percent(scale)}</text>',
    ]
    if zero_reference(reference):
        # four-fifths of 0 is 0: a second line on the axis would suggest a test that was not made
        parts.append(
            f'<text x="{label_w}" y="28">reference rate ({html.escape(reference.group_name)}) 0.00%: no impact '
            "ratio, no four-fifths line</text>"
        )
    elif ref_rate is not None:
        bottom, fifths = height - 4, 0.8 * ref_rate
        parts.append(
            f'<line x1="{x(ref_rate):.1f}" y1="{top - 2}" x2="{x(ref_rate):.1f}" y2="{bottom}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="1.5"><title>reference rate '
            f"({html.escape(reference.group_name)}): {rate_text(ref_rate)}</title></line>"
            f'<line x1="{x(fifths):.1f}" y1="{top - 2}" x2="{x(fifths):.1f}" y2="{bottom}" '
            f'stroke="{FOUR_FIFTHS_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"><title>four-fifths of the '
            f"reference rate: {rate_text(fifths)}</title></line>"
            f'<text x="{label_w}" y="28">solid: reference rate {rate_text(ref_rate)}; dashed: four-fifths of it, '
            f"{rate_text(fifths)}</text>"
        )
    for i, row in enumerate(rows):
        y = top + i * row_h
        name = html.escape(row.group_name)
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{name}</text>')
        if row.rate is None:
            why = "suppressed" if row.suppressed else "no one eligible"
            parts.append(f'<text x="{label_w + 4}" y="{y + 13}" font-style="italic">{why}<title>{name}: {why}'
                         "</title></text>")  # fmt: skip
            continue
        counted = f"{rate_text(row.rate)} ({row.selected:,} of {row.eligible:,})"
        flag = row.flag if row.flag and row.flag != "no impact" else ""
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{x(row.rate) - label_w:.1f}" height="14" '
            f'fill="{FLAG_COLOURS.get(row.flag, BAR)}"><title>{name}: {counted}</title></rect>'
            f'<text x="{x(row.rate) + 4:.1f}" y="{y + 14}">{rate_text(row.rate)}{f" {flag}" if flag else ""}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _group_key(name: str) -> tuple[float, str]:
    # a group missing from GROUP_ORDER goes just before Not reported, the last
    return (GROUP_ORDER.index(name) if name in GROUP_ORDER else len(GROUP_ORDER) - 1.5, name)


def _reference_sentence(rows: list[Disparity], reference: Disparity | None, min_eligible: int) -> str:
    name = rows[0].reference_group
    if name is None:
        return (
            f"<p>No group (other than {NOT_REPORTED}) has {min_eligible} or more eligible: there is no reference "
            "group, so no group is compared.</p>"
        )
    if reference is None or reference.suppressed:
        return (
            f"<p>Reference group: <strong>{html.escape(name)}</strong>. Its figures are suppressed, so no impact "
            "ratio or test is published for this breakdown (they would give its counts back).</p>"
        )
    zero = " No one in it was selected: no impact ratio (a rate / 0) or flag; the p-values still compare the rates."
    return (
        f"<p>Reference group: <strong>{html.escape(name)}</strong>, the highest rate ({rate_text(reference.rate)}) "
        f"among groups with at least {min_eligible} eligible.{zero if zero_reference(reference) else ''}</p>"
    )


def _flag_cell(row: Disparity, reference: Disparity | None, min_eligible: int) -> str:
    if row.eligible == 0:
        text = "no one eligible"
    elif row.flag is not None:
        flag = html.escape(row.flag)
        text = f"<span title='{html.escape(FLAG_WORDS.get(row.flag, ''))}'>{flag}</span>"
    elif row.reference_group is None:
        text = "no comparison (no reference group)"
    elif reference is None or reference.suppressed:
        text = "no comparison (the reference group is suppressed)"
    elif zero_reference(reference):
        text = "no impact ratio: the reference group's rate is 0"
    else:  # not a case the model publishes: say so rather than guess why
        text = "no comparison published"
    if row.small_numbers and row.eligible:
        text += f"; <em>too few to conclude</em> (fewer than {min_eligible} eligible)"
    return f"{LEFT}{text}</td>"


def _disparity_row(
    row: Disparity, reference: Disparity | None, threshold: int, min_eligible: int, label: str | None = None
) -> str:
    name = label or html.escape(row.group_name)
    if row.group_name == row.reference_group and reference is not None:
        name = f"<strong>{name}</strong> (reference)"
    if row.suppressed:
        return f"<tr><td>{name}</td>{LEFT[:-1]} colspan='6'>{suppressed_text(threshold)}</td></tr>"
    figures = f"<td>{row.eligible:,}</td><td>{row.selected:,}</td><td>{rate_text(row.rate)}</td>"
    if label:  # Not reported: counted, never compared
        return f"<tr><td>{name}</td>{figures}<td colspan='3'></td></tr>"
    used = html.escape(p_used(row, reference))  # '< 0.000001' is text, not a tag
    flag = _flag_cell(row, reference, min_eligible)
    return f"<tr><td>{name}</td>{figures}<td>{ratio_text(row)}</td><td>{used}</td>{flag}</tr>"


def disparity_table(rows: list[Disparity], *, small_cell_threshold: int, min_eligible: int) -> str:
    """One breakdown (fiscal year x decision x dimension): the groups compared, then Not reported apart."""
    rows = sorted(rows, key=lambda r: _group_key(r.group_name))
    reference = next((r for r in rows if r.group_name == r.reference_group), None)
    settings = small_cell_threshold, min_eligible
    compared = "".join(_disparity_row(r, reference, *settings) for r in rows if r.group_name != NOT_REPORTED)
    apart = "".join(
        _disparity_row(r, None, *settings, "Not reported (excluded from the comparison)")
        for r in rows
        if r.group_name == NOT_REPORTED
    )
    return (
        f"{_reference_sentence(rows, reference, min_eligible)}"
        "<table><thead><tr><th>Group</th><th>Eligible</th><th>Selected</th><th>Rate</th>"
        "<th>Impact ratio (95% CI)</th><th>p-value used</th><th>Flag</th></tr></thead>"
        f"<tbody>{compared}</tbody><tfoot>{apart}</tfoot></table>"
    )


def disparity_part(rows: list[Disparity], fiscal_year: int, *, small_cell_threshold: int, min_eligible: int) -> str:
    """One fiscal year's rows: per decision, per dimension a chart and a table of its groups."""
    parts = []
    decisions = [d for d in DECISIONS if any(r.decision == d for r in rows)]
    decisions += sorted({r.decision for r in rows} - set(DECISIONS))
    for decision in decisions:
        title, who = DECISIONS.get(decision, (decision.replace("_", " ").capitalize(), ""))
        of_decision = [r for r in rows if r.decision == decision]
        to_date = "" if all(r.is_complete for r in of_decision) else " (year to date)"
        parts.append(f"<h3>{html.escape(title)}, FY{fiscal_year}{to_date}</h3>")
        if who:
            parts.append(f"<p class='note'>{html.escape(who)}.</p>")
        dimensions = [d for d in DIMENSIONS if any(r.dimension == d for r in of_decision)]
        for dimension in dimensions + sorted({r.dimension for r in of_decision} - set(DIMENSIONS)):
            breakdown = sorted((r for r in of_decision if r.dimension == dimension), key=lambda r: _group_key(r[3]))
            label = f"{title} by {DIMENSIONS.get(dimension, dimension.replace('_', ' '))}"
            reference = next((r for r in breakdown if r.group_name == r.reference_group and not r.suppressed), None)
            parts.append(
                f"<h4>{html.escape(label)}</h4>"
                f"{rates_chart(breakdown, reference, f'{label}, FY{fiscal_year}{to_date}: rate by group')}"
                f"{disparity_table(breakdown, small_cell_threshold=small_cell_threshold, min_eligible=min_eligible)}"
            )
    return "".join(parts)
