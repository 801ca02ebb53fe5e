"""Every published column says what it counts (its unit), and says so where it can be blank by
small-cell suppression or holds an estimate: declared once in the marts' yml column meta."""

from equity_pipeline.publish.catalog import Column, PublishedTable, published_tables
from equity_pipeline.publish.readme import tables_block
from equity_pipeline.publish.units import UNITS

# The columns the suppression macros (dbt_project/macros/suppression.sql) can blank, read from the marts
# that call them: each is written `if(<hidden>, null, ...)` (or blank when its comparison is not made
# because the group or its reference is hidden) in the mart's final select. The flags themselves
# (suppressed, employees_suppressed, hires_suppressed) are never blank and are not listed.
REPRESENTATION = ("members", "seat_share", "parity_index", "response_rate")
SUPPRESSED = {
    # complementary_suppression; the ALL row too when a lone department has no complement; its hours stay
    "wc_claims_monthly": (
        "new_claims", "incident_reports", "lost_time_claims", "recordable_cases", "dart_cases", "days_away",
        "trir", "dart_rate", "incurred", "paid", "open_claims_eom", "median_report_lag_days",
    ),
    # complementary_suppression per date and dimension; response_rate when the whole dimension is hidden
    "board_representation_history": REPRESENTATION,
    "board_representation": REPRESENTATION,  # the newest date's rows of the history
    # multi_count_suppression; a hidden reference blanks every comparison of its breakdown
    "workforce_disparity": (
        "eligible", "selected", "rate", "impact_ratio", "impact_ratio_ci_low", "impact_ratio_ci_high",
        "z_score", "p_value", "fisher_p_value", "flag",
    ),
    # two_way_suppression of employees and of hires; response_rate when the breakdown is hidden or
    # is_small_cell(non-respondents)
    "workforce_representation": (
        "employees", "workforce_share", "hires", "hire_share", "workforce_parity_index", "hire_parity_index",
        "response_rate",
    ),
}  # fmt: skip
# Estimates: hours worked from fte (and every rate over them), the ACS C16001 LEP population (and what is
# decided or divided by it), the impact ratio's confidence interval, and the PVR figures of the rate series.
ESTIMATED = {
    "wc_claims_monthly": ("hours_worked", "trir", "dart_rate"),
    "language_access_safe_harbor": ("lep_population", "safe_harbor", "requests_per_1000_lep"),
    "workforce_disparity": ("impact_ratio_ci_low", "impact_ratio_ci_high"),
    "pvr_quarterly": ("value",),
    "pvr_annual": (
        "actual", "prior_year_actual", "target", "baseline_value", "pct_change", "ytd_actual", "ytd_target",
    ),
}  # fmt: skip


def _columns() -> list[tuple[PublishedTable, Column]]:
    return [(t, c) for t in published_tables() for c in t.columns]


def test_every_published_table_and_column_is_described() -> None:
    assert [t.name for t in published_tables() if not t.description] == []
    assert [f"{t.name}.{c.name}" for t, c in _columns() if not c.description] == []


def test_every_published_column_has_a_unit_from_the_vocabulary() -> None:
    missing = [f"{t.name}.{c.name}: {c.unit!r}" for t, c in _columns() if c.unit not in UNITS]
    assert missing == [], f"declare `meta: {{unit: ...}}` from equity_pipeline/publish/units.py: {missing}"


def test_the_suppressed_columns_are_those_the_macros_blank_and_each_says_so() -> None:
    declared = {t.name: tuple(c.name for c in t.columns if c.suppressed) for t in published_tables()}
    assert {name: cols for name, cols in declared.items() if cols} == SUPPRESSED
    silent = [f"{t.name}.{c.name}" for t, c in _columns() if c.suppressed and "suppress" not in c.description.lower()]
    assert silent == []


def test_the_estimated_columns_are_declared_and_each_says_so() -> None:
    declared = {t.name: tuple(c.name for c in t.columns if c.estimated) for t in published_tables()}
    assert {name: cols for name, cols in declared.items() if cols} == ESTIMATED
    silent = [f"{t.name}.{c.name}" for t, c in _columns() if c.estimated and "estimat" not in c.description.lower()]
    assert silent == []


def test_the_readme_block_shows_units_and_links_each_table_to_its_catalog_page() -> None:
    block = tables_block(published_tables())
    assert "`members` (people) — " in block and "`trir` (per 200,000 hours) — " in block
    assert "[`pvr_quarterly`](http://127.0.0.1:8080/#!/model/model.equity_pipeline.pvr_quarterly)" in block
