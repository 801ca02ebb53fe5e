"""The report's workers' compensation chart reads the ALL rows, whose claim figures may be suppressed."""

import datetime as dt

from equity_pipeline.report.pvr import monthly_claims_chart


def test_a_suppressed_all_month_is_drawn_as_suppressed_not_as_zero():
    svg = monthly_claims_chart([
        (dt.date(2024, 1, 1), 4, 1),
        (dt.date(2024, 2, 1), None, None),  # the ALL row's claim figures are suppressed (small numbers)
    ])  # fmt: skip
    assert "<title>Jan 2024: 4 new</title>" in svg and "<title>Jan 2024: 1 lost-time</title>" in svg
    assert "<title>Feb 2024: suppressed (small numbers)</title>" in svg
    # no bar for February (a bar of 0 would claim there were none), only an unfilled hover area
    assert svg.count('fill="#') == 2 and svg.count('fill="none"') == 1
