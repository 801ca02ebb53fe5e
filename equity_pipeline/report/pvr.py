"""The PVR report: one self-contained HTML file per fiscal year (inline CSS and SVG, no scripts).

Read from the published file only, so the report shows exactly what was published.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from pathlib import Path

import duckdb

from equity_pipeline.report import boards, language, workforce
from equity_pipeline.report.figures import catalog_note, format_published_at

# The department's published quarterly table: its row labels and the series behind them.
DEPARTMENT_TABLE = (
    ("Training Sessions", "training_sessions"),
    ("DEI community engagement opportunity", "community_engagement_opportunities"),
    ("Attendance", "attendance"),
)
DEPARTMENT_TABLE_TITLE = "Employee Equal Opportunity & Contractors Compliance Training"
STATUS_COLOURS = {"met": "#1b7837", "on track": "#1b7837", "not met": "#b2182b", "behind": "#b2182b"}

CSS = """
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; margin: 2rem auto; max-width: 60rem;
       color: #1a1a1a; line-height: 1.4; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.2rem; } h3 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #eef1f5; }
.status { font-weight: 600; }
.meta, .note { color: #555; font-size: .85rem; }
svg text { font-family: inherit; font-size: 11px; fill: #333; }
"""


@dataclass(frozen=True)
class ReportData:
    publish_id: str
    published_at: str
    quarterly: list[tuple]  # series_id, series_name, measure_id, fiscal_year, fiscal_quarter, value, is_complete
    annual: list[tuple]  # series_id, series_name, measure_id, fiscal_year, actual, target, status, is_complete, unit
    wc_monthly: list[tuple]  # month, new_claims, lost_time_claims (the ALL rows)
    wc_lag: list[tuple]  # fiscal_year, lag_bucket, claims, share
    # Last day of each fiscal year's published quarters, from pvr_quarterly (dbt's fiscal calendar, not redone
    # here): the year's end, or for the current year the end of its newest quarter.
    fiscal_year_ends: dict[int, dt.date]
    board_tables: boards.BoardsData | None = None  # None: no board table or roster published
    language_tables: language.LanguageData | None = None  # None: no language table or request published
    workforce_tables: workforce.WorkforceData | None = None  # None: no workforce table or row published


def read_published(
    path: Path,
    timezone: str,
    *,
    small_cell_threshold: int = workforce.DEFAULTS.small_cell_threshold,
    disparity_min_eligible: int = workforce.DEFAULTS.disparity_min_eligible,
) -> ReportData:
    """The published tables the report shows; "published at" in `timezone`, labelled with it; the thresholds the
    tables were published with, which the workforce section names."""
    with duckdb.connect(str(path), read_only=True) as con:
        publish_id, published_at = con.execute(
            "select publish_id, published_at from publication_log order by published_at desc limit 1"
        ).fetchall()[0]
        quarterly = con.execute(
            "select series_id, series_name, measure_id, fiscal_year, fiscal_quarter, value, is_complete "
            "from pvr_quarterly order by series_id, fiscal_year, fiscal_quarter"
        ).fetchall()
        annual = con.execute(
            "select series_id, series_name, measure_id, fiscal_year, actual, target, status, is_complete, unit "
            "from pvr_annual order by measure_id, series_id, fiscal_year"
        ).fetchall()
        wc_monthly = con.execute(
            "select month, new_claims, lost_time_claims from wc_claims_monthly where department_code = 'ALL' "
            "order by month"
        ).fetchall()
        wc_lag = con.execute(
            "select fiscal_year, lag_bucket, claims, share from wc_report_lag order by fiscal_year, bucket_order"
        ).fetchall()
        year_ends = dict(
            con.execute("select fiscal_year, max(quarter_end_date) from pvr_quarterly group by fiscal_year").fetchall()
        )
        people = workforce.read_workforce(
            con, small_cell_threshold=small_cell_threshold, disparity_min_eligible=disparity_min_eligible
        )
        sections = boards.read_boards(con), language.read_language(con), people
    shown_at = format_published_at(published_at, timezone)
    return ReportData(publish_id, shown_at, quarterly, annual, wc_monthly, wc_lag, year_ends, *sections)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def department_table(data: ReportData, fiscal_year: int) -> str:
    """Rows Training Sessions / engagement opportunities / Attendance; columns Q1-Q4 and the year."""
    cells = {(s, q): (v, c) for s, _, _, fy, q, v, c in data.quarterly if fy == fiscal_year}
    rows = []
    for label, series in DEPARTMENT_TABLE:
        tds = []
        for quarter in (1, 2, 3, 4):
            value, complete = cells.get((series, quarter), (None, False))
            mark = "" if value is None or complete else "*"
            tds.append(f"<td>{_number(value)}{mark}</td>")
        total = sum(v for (s, _), (v, _) in cells.items() if s == series)
        rows.append(f"<tr><td>{html.escape(label)}</td>{''.join(tds)}<td>{_number(total)}</td></tr>")
    return (
        f"<table><thead><tr><th>FY{fiscal_year}</th><th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th>"
        f"<th>Year</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def chart(points: list[tuple[int, float, float | None, str]], title: str) -> str:
    """Bars of actual per fiscal year, with the target as a dark tick; inline SVG."""
    width, height, left, bottom, top = 560, 220, 48, 28, 16
    top_value = max([max(a or 0, t or 0) for _, a, t, _ in points] + [1]) * 1.1
    step = (width - left - 10) / max(len(points), 1)
    bar = step * 0.55

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / top_value)

    parts = [
        f'<svg role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{html.escape(title)}</title>',
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 10}" y2="{y(0):.1f}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{y(top_value / 1.1):.1f}" text-anchor="end">{_number(top_value / 1.1)}</text>',
        f'<text x="{left - 6}" y="{y(0):.1f}" text-anchor="end">0</text>',
    ]
    for i, (fy, actual, target, status) in enumerate(points):
        x = left + i * step + (step - bar) / 2
        colour = STATUS_COLOURS.get(status, "#7a8ca3")
        if actual is None:
            # a rate without estimated hours: no bar (a bar of 0 would claim a rate of 0)
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y(0) - 4:.1f}" text-anchor="middle">n/a'
                f"<title>FY{fy}: no data (no estimated hours)</title></text>"
            )
        else:
            parts.append(
                f'<rect x="{x:.1f}" y="{y(actual):.1f}" width="{bar:.1f}" height="{y(0) - y(actual):.1f}" '
                f'fill="{colour}"><title>FY{fy}: {_number(actual)} ({status})</title></rect>'
            )
        if target is not None:
            parts.append(
                f'<line x1="{x - 4:.1f}" y1="{y(target):.1f}" x2="{x + bar + 4:.1f}" y2="{y(target):.1f}" '
                f'stroke="#111" stroke-width="2.5"><title>FY{fy} target: {_number(target)}</title></line>'
            )
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle">FY{fy}</text>')
    parts.append("</svg>")
    return "".join(parts)


def measure_sections(data: ReportData, up_to: int) -> str:
    """Per measure, each series' actual against target for every fiscal year up to `up_to`."""
    sections = []
    measures = sorted({m for _, _, m, *_ in data.annual if m and m != "table"})
    for measure in measures:
        sections.append(f"<h2>Measure #{html.escape(measure)}</h2>")
        series_ids = sorted({s for s, _, m, *_ in data.annual if m == measure})
        for series in series_ids:
            rows = [r for r in data.annual if r[0] == series and r[3] <= up_to]
            name = rows[0][1]
            points = [(fy, actual, target, status) for _, _, _, fy, actual, target, status, _, _ in rows]
            table_rows = "".join(
                f"<tr><td>FY{fy}{'' if complete else ' (year to date)'}</td><td>{_number(actual)}</td>"
                f"<td>{_number(target)}</td><td class='status' style='color:{STATUS_COLOURS.get(status, '#555')}'>"
                f"{html.escape(status)}</td></tr>"
                for _, _, _, fy, actual, target, status, complete, _ in rows
            )
            sections.append(
                f"<h3>{html.escape(name)}</h3>{chart(points, f'{name}: actual and target by fiscal year')}"
                f"<table><thead><tr><th>Fiscal year</th><th>Actual</th><th>Target</th><th>Status</th></tr></thead>"
                f"<tbody>{table_rows}</tbody></table>"
            )
    return "".join(sections)


def monthly_claims_chart(months: list[tuple]) -> str:
    """New claims (light bars) and lost-time claims (dark bars) per month; inline SVG."""
    width, height, left, bottom, top = 760, 220, 40, 40, 16
    top_value = max([n or 0 for _, n, _ in months] + [1]) * 1.15
    step = (width - left - 10) / max(len(months), 1)

    def y(value: float) -> float:
        return top + (height - top - bottom) * (1 - value / top_value)

    parts = [
        f'<svg role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        "<title>New and lost-time claims per month</title>",
        f'<line x1="{left}" y1="{y(0):.1f}" x2="{width - 10}" y2="{y(0):.1f}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{y(0):.1f}" text-anchor="end">0</text>',
        f'<text x="{left - 6}" y="{y(top_value / 1.15):.1f}" text-anchor="end">{_number(top_value / 1.15)}</text>',
    ]
    for i, (month, new, lost) in enumerate(months):
        x = left + i * step
        if new is None and lost is None:
            # The ALL row's claim figures are suppressed (one small department and no complement):
            # no bar, since a bar of 0 would claim there were no claims.
            parts.append(
                f'<rect x="{x + 0.1 * step:.1f}" y="{top}" width="{step * 0.8:.1f}" height="{y(0) - top:.1f}" '
                f'fill="none"><title>{month:%b %Y}: suppressed (small numbers)</title></rect>'
            )
            continue
        for offset, value, colour, label in ((0.1, new, "#9bb3cf", "new"), (0.5, lost, "#2b4a6f", "lost-time")):
            parts.append(
                f'<rect x="{x + offset * step:.1f}" y="{y(value or 0):.1f}" width="{step * 0.38:.1f}" '
                f'height="{y(0) - y(value or 0):.1f}" fill="{colour}"><title>{month:%b %Y}: {_number(value)} '
                f"{label}</title></rect>"
            )
        if month.month in (1, 7):
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 22}" text-anchor="middle">{month:%b %Y}</text>')
    parts.append("</svg>")
    return "".join(parts)


def wc_section(data: ReportData, fiscal_year: int) -> str:
    """Workers' compensation detail: 24 months of claims, and the report-lag distribution by year."""
    if not data.wc_monthly:
        return ""
    # The months of fiscal years up to this one. For the current year pvr_quarterly ends at its newest
    # quarter, which holds the newest loss run's month (the WC series are among its series).
    year_end = data.fiscal_year_ends[fiscal_year]
    fiscal_months = [m for m in data.wc_monthly if m[0] <= year_end]
    last_24 = fiscal_months[-24:]
    lag_rows = "".join(
        f"<tr><td>FY{fy}</td><td>{html.escape(bucket)}</td><td>{_number(claims)}</td>"
        f"<td>{'' if share is None else f'{share:.0%}'}</td></tr>"
        for fy, bucket, claims, share in data.wc_lag
        if fy <= fiscal_year
    )
    return (
        "<h2 id='wc-detail'>Workers' compensation detail</h2>"
        "<h3>New claims (light) and lost-time claims (dark), last 24 months</h3>"
        f"{monthly_claims_chart(last_24)}"
        "<h3>Report lag (days from injury to report)</h3>"
        "<table><thead><tr><th>Fiscal year</th><th>Lag (days)</th><th>Claims</th><th>Share</th></tr></thead>"
        f"<tbody>{lag_rows}</tbody></table>"
        "<p class='note'>TRIR and DART rates are per 200,000 hours worked, and hours worked are "
        "<strong>estimated</strong> from the workforce exports (fte x 2,080 hours a year, prorated by days "
        "employed): no payroll hours are exported. Claims reported more than two weeks after the injury cost "
        "markedly more.</p>"
    )


def render(data: ReportData, fiscal_year: int) -> str:
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PVR report FY{fiscal_year}</title>
<style>{CSS}</style></head><body>
<h1>Performance. Value. Results. — Equity &amp; Justice, FY{fiscal_year}</h1>
<p class="meta">Publication {html.escape(data.publish_id)}, published {html.escape(data.published_at)}.
Figures are those of the published tables pvr_quarterly and pvr_annual.</p>
{catalog_note()}
<h2>{html.escape(DEPARTMENT_TABLE_TITLE)}</h2>
{department_table(data, fiscal_year)}
<p class="note">* quarter not complete: its source's newest export is dated before the quarter's last day.
Targets: prior fiscal year's actual x 1.05 for increase measures, x 0.95 for decrease measures (workers'
compensation). Status for the current year compares the year-to-date actual of complete quarters with the
prior year's same quarters times the same factor.</p>
{measure_sections(data, fiscal_year)}
{wc_section(data, fiscal_year)}
{workforce.workforce_section(data.workforce_tables, fiscal_year)}
{boards.boards_section(data.board_tables, fiscal_year, data.fiscal_year_ends)}
{language.language_section(data.language_tables, fiscal_year)}
</body></html>
"""


def write_reports(
    published: Path,
    reports_dir: Path,
    *,
    timezone: str,
    small_cell_threshold: int = workforce.DEFAULTS.small_cell_threshold,
    disparity_min_eligible: int = workforce.DEFAULTS.disparity_min_eligible,
) -> list[Path]:
    """Write pvr_<fy>.html for every fiscal year, and pvr_latest.html; return the paths.

    `timezone` (EQUITY_TIMEZONE, passed in by the asset) is the zone "published at" is shown in;
    EQUITY_SMALL_CELL_THRESHOLD and EQUITY_DISPARITY_MIN_ELIGIBLE (passed in too) the thresholds the text names.
    """
    data = read_published(
        published, timezone, small_cell_threshold=small_cell_threshold, disparity_min_eligible=disparity_min_eligible
    )
    years = sorted({fy for _, _, _, fy, *_ in data.quarterly})
    reports_dir.mkdir(parents=True, exist_ok=True)
    pages = [(f"pvr_{fy}.html", fy) for fy in years] + ([("pvr_latest.html", years[-1])] if years else [])
    written = []
    for name, fiscal_year in pages:
        path = reports_dir / name
        tmp = path.with_suffix(".tmp")
        tmp.write_text(render(data, fiscal_year), encoding="utf-8")
        tmp.replace(path)  # readers never see a half-written report
        written.append(path)
    return written
