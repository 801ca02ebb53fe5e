"""The report's Workforce Equity section, from the published tables workforce_disparity and
workforce_representation (issue 12).

Per decision (training participation, promotion, retention) and dimension, each group's rate against the
reference group's (the EEOC four-fifths rule and a significance test), then the workforce and the year's hires
against the community. Only published figures are shown; nothing is recomputed except which of the two
published p-values decided the flag (from the published counts, as the model decides it).
"""

from __future__ import annotations

import datetime as dt
import html
from typing import NamedTuple

import duckdb

from equity_pipeline.config import settings_from
from equity_pipeline.report.figures import percent
from equity_pipeline.report.workforce_disparity import (
    FLAG_WORDS,
    NOT_REPORTED,
    Disparity,
    decimals,
    disparity_part,
    suppressed_text,
)

TABLES = ("workforce_disparity", "workforce_representation")
# The settings' defaults, from their one home (not written again here), for a caller that published with them (the
# other sections' tests); the pipeline passes its settings, which the published file does not record.
DEFAULTS = settings_from({})
LEFT = "<td style='text-align:left'>"  # the report's CSS aligns every column but the first right, for figures
REPRESENTATION_DIMENSIONS = {
    "race": "Race (2020 Census scheme)",
    "hispanic_ethnicity": "Hispanic or Latino ethnicity",
    "sex": "Sex",
}


class Representation(NamedTuple):
    """One row of workforce_representation, in the published column order."""

    fiscal_year: int
    as_of_date: dt.date
    is_complete: bool
    eeo4_job_category: str
    dimension: str
    group_name: str
    employees: int | None
    workforce_share: float | None
    hires: int | None
    hire_share: float | None
    population_share: float | None
    workforce_parity_index: float | None
    hire_parity_index: float | None
    response_rate: float | None
    employees_suppressed: bool
    hires_suppressed: bool
    suppressed: bool
    population_source: str | None
    population_year: int | None


class WorkforceData(NamedTuple):
    disparity: list[Disparity]
    representation: list[Representation]
    # The settings the tables were published with (the published file does not record them), for the words
    small_cell_threshold: int  # EQUITY_SMALL_CELL_THRESHOLD
    disparity_min_eligible: int  # EQUITY_DISPARITY_MIN_ELIGIBLE


def read_workforce(
    con: duckdb.DuckDBPyConnection, *, small_cell_threshold: int, disparity_min_eligible: int
) -> WorkforceData | None:
    """Both tables' rows, or None when neither is published or both are empty."""
    present = {
        name
        for (name,) in con.execute(
            "select table_name from information_schema.tables where list_contains(?, table_name)", [list(TABLES)]
        ).fetchall()
    }
    disparity, representation = [], []
    if "workforce_disparity" in present:
        columns = ", ".join(Disparity._fields)
        disparity = [Disparity._make(r) for r in con.execute(f"select {columns} from workforce_disparity").fetchall()]
    if "workforce_representation" in present:
        columns = ", ".join(Representation._fields)
        representation = [
            Representation._make(r)
            for r in con.execute(f"select {columns} from workforce_representation order by all").fetchall()
        ]
    if not disparity and not representation:
        return None
    return WorkforceData(disparity, representation, small_cell_threshold, disparity_min_eligible)


def _count(value: int | None, suppressed: bool) -> str:
    return "suppressed" if suppressed else "" if value is None else f"{value:,}"


def _share(value: float | None, suppressed: bool, group: str) -> str:
    if suppressed:
        return "suppressed"
    return "excluded" if group == NOT_REPORTED else percent(value, 2)


def representation_table(rows: list[Representation]) -> str:
    """One category's groups per dimension: employees and hires, their shares, the community's, the indices."""
    body = []
    # race, Hispanic ethnicity, sex (as the boards' section); a dimension added later after them
    dimensions = [d for d in REPRESENTATION_DIMENSIONS if any(r.dimension == d for r in rows)]
    dimensions += sorted({r.dimension for r in rows} - set(REPRESENTATION_DIMENSIONS))
    for dimension in dimensions:
        groups = sorted(
            [r for r in rows if r.dimension == dimension],
            key=lambda r: (r.group_name == NOT_REPORTED, -(r.population_share or 0.0), r.group_name),
        )
        response = groups[0].response_rate
        answered = "response rate suppressed" if response is None else f"{percent(response, 2)} of employees answered"
        label = REPRESENTATION_DIMENSIONS.get(dimension, dimension.replace("_", " ").capitalize())
        body.append(f"<tr><th colspan='8'>{html.escape(label)}: {answered}</th></tr>")
        body.extend(
            f"<tr><td>{html.escape(r.group_name)}</td><td>{_count(r.employees, r.employees_suppressed)}</td>"
            f"<td>{_share(r.workforce_share, r.employees_suppressed, r.group_name)}</td>"
            f"<td>{_count(r.hires, r.hires_suppressed)}</td>"
            f"<td>{_share(r.hire_share, r.hires_suppressed, r.group_name)}</td>"
            f"<td>{percent(r.population_share, 2)}</td><td>{decimals(r.workforce_parity_index, 4)}</td>"
            f"<td>{decimals(r.hire_parity_index, 4)}</td></tr>"
            for r in groups
        )
    return (
        "<table><thead><tr><th>Group</th><th>Employees</th><th>Workforce share</th><th>Hires</th><th>Hire share</th>"
        "<th>Community share</th><th>Workforce parity index</th><th>Hire parity index</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def representation_part(rows: list[Representation], fiscal_year: int) -> str:
    everyone = [r for r in rows if r.eeo4_job_category == "ALL"]
    as_of = max(r.as_of_date for r in rows)
    to_date = "" if all(r.is_complete for r in rows) else " (year to date)"
    sources = sorted({(r.population_source, r.population_year) for r in rows if r.population_source is not None})
    cited = "".join(
        f"<p class='note'>Community shares: {html.escape(source)}{'' if year is None else f', {year}'}.</p>"
        for source, year in sources
    )
    categories = sorted({r.eeo4_job_category for r in rows} - {"ALL"})
    by_category = "".join(
        f"<h4>{html.escape(c)}</h4>{representation_table([r for r in rows if r.eeo4_job_category == c])}"
        for c in categories
    )
    return (
        f"<h3>Employees and hires against the community, FY{fiscal_year}{to_date}</h3>"
        f"<p class='meta'>Employees on {as_of}; hires from the fiscal year's first day to {as_of}. All EEO-4 job "
        "categories.</p>"
        f"{representation_table(everyone)}{cited}"
        "<p class='note'>Workforce share = the group's employees / employees who answered (Not reported is "
        "excluded from shares); hire share likewise over the year's hires. Parity index = share / community share "
        "(1.0000 = parity); no community figures for sex. <strong>Hiring utilization</strong> compares who was "
        "hired with the community: the exports hold no applicants, so it is not a selection rate. A hire parity "
        "index below 1 says the group is hired less often than its share of the community, not that its "
        "applicants were turned down more often (who applied is not known).</p>"
        + (f"<details><summary>By EEO-4 job category</summary>{by_category}</details>" if categories else "")
    )


def workforce_section(workforce: WorkforceData | None, fiscal_year: int) -> str:
    """The section for one fiscal year's report; "" when the workforce tables are not published or empty."""
    if workforce is None:
        return ""
    heading = "<h2 id='workforce'>Workforce Equity</h2>"
    disparity = [r for r in workforce.disparity if r.fiscal_year == fiscal_year]
    representation = [r for r in workforce.representation if r.fiscal_year == fiscal_year]
    if not disparity and not representation:
        return f"{heading}<p>No workforce figures were published for FY{fiscal_year}.</p>"
    complete = all(r.is_complete for r in disparity + representation)
    threshold, min_eligible = workforce.small_cell_threshold, workforce.disparity_min_eligible
    flags = "".join(
        f"<li><strong>{html.escape(flag)}</strong>: {html.escape(words, quote=False)}.</li>"
        for flag, words in FLAG_WORDS.items()
    )
    hidden = (
        f"{html.escape(suppressed_text(threshold)).capitalize()}: a count of 1 to {threshold} people (eligible, "
        "selected, not selected, or the hires or retirements that two decisions' eligible would give by "
        "difference) is not published, nor a row that would let it be worked out from the others or from the "
        "representation table."
        if threshold
        else "No count is suppressed: the small-cell threshold is 0."  # "1 to 0 people" would say nothing
    )
    parts = disparity_part(disparity, fiscal_year, small_cell_threshold=threshold, min_eligible=min_eligible)
    return (
        f"{heading}<p class='meta'>FY{fiscal_year}{'' if complete else ', year to date: the fiscal year is not over'}"
        ". Figures are those of the published tables workforce_disparity and workforce_representation.</p>"
        "<p class='note'>Rate = selected / eligible. The reference group is the group with the highest rate among "
        f"those with at least {min_eligible} eligible; impact ratio = a group's rate / the reference rate (the EEOC "
        "four-fifths rule, 29 CFR 1607.4(D)), with its 95% confidence interval (Katz). The p-value compares the "
        "group with the reference group: Fisher's exact test where the numbers are small (an expected cell below "
        f"5), else a two-proportion z-test. Flags:</p><ul class='note'>{flags}</ul>"
        f"<p class='note'><em>Too few to conclude</em>: fewer than {min_eligible} eligible. {hidden}</p>"
        f"{parts}{representation_part(representation, fiscal_year) if representation else ''}"
    )
