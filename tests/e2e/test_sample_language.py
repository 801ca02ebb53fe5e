"""End to end, language access (issue 11): the published tables of the committed sample against the
generator's own figures (equity_pipeline.sample_data.language_figures: plain pandas over the generated
logs, not the dbt SQL), and hand checks of the scripted requests (language_access.SCRIPT)."""

import datetime as dt
from decimal import Decimal

import pytest

from equity_pipeline.config import PROJECT_ROOT
from tests.sample_run import published

MONTHLY = (
    "select month, department_code, language_code, language_name, requests, fulfilled, fulfillment_rate, "
    "on_time_rate, median_response_hours, interpretation_minutes, words_translated, cost, fulfilled_on_time, "
    "fulfilled_with_needed_by from language_access_monthly"
)
SAFE_HARBOR = (
    "select fiscal_year, language_code, language_name, lep_population, safe_harbor, vital_translations_fulfilled, "
    "status, requests, requests_per_1000_lep from language_access_safe_harbor"
)


@pytest.fixture(scope="module")
def requests(sample_run):
    from equity_pipeline.sample_data import language_figures

    s = sample_run["settings"]
    logs = language_figures.read_logs(
        sample_run["generated"] / "language_access", sample_run["expected"]["language_access"].bad_rows
    )
    return language_figures.current_requests(logs, s.timezone, s.fiscal_year_start_month)


def _differences(rows: list[tuple], figures: list[tuple], rounded: set[int]) -> list[tuple]:
    """(published, figure) pairs that differ: the columns at `rounded` to 4 decimals (half a unit of the
    4th decimal, either rounding of a tie), every other column exactly; rows paired by position."""
    wrong = [(len(rows), len(figures))] if len(rows) != len(figures) else []
    for row, fig in zip(rows, figures, strict=False):
        for i, (got, want) in enumerate(zip(row, fig, strict=True)):
            if i in rounded and got is not None and want is not None:
                same = abs(float(got) - want) <= 5e-5 + 1e-9
            else:
                same = got == want
            if not same:
                wrong.append((row, fig))
                break
    return wrong


def test_monthly_is_the_generators_figures_every_row_and_column(sample_run, requests):
    from equity_pipeline.sample_data.language_figures import monthly

    rows = published(sample_run, MONTHLY + " order by month, department_code, language_code")
    figures = monthly(requests)
    assert _differences(rows, figures, rounded={6, 7, 8}) == []
    assert len(rows) > 1000  # 60 months of about 20 languages in 15 departments, plus ALL rows


def test_all_rows_sum_the_departments_and_recompute_the_rates(sample_run):
    """Hand check (SCRIPT, May 2023, Arabic): PLN 1 request, Partially Fulfilled (0 fulfilled, 3,000 words,
    $450.00); OEJ 2 requests both fulfilled (0.75 h and 1.5 h; 25 + 30 minutes; $35.00 + $40.00) ->
    ALL 3 requests, 2 fulfilled, rate 2/3 = 0.6667 (not the departments' mean (0 + 1) / 2), on time 1/1 (only
    LAS-0005 had a needed_by), median (0.75 + 1.5) / 2 = 1.125 h, 55 minutes, 3,000 words, $525.00."""
    departments = published(
        sample_run,
        "select month, language_code, sum(requests), sum(fulfilled), sum(interpretation_minutes), "
        "sum(words_translated), sum(cost), sum(fulfilled_on_time), sum(fulfilled_with_needed_by) "
        "from language_access_monthly where department_code <> 'ALL' "
        "group by all order by all",
    )
    all_rows = published(
        sample_run,
        "select month, language_code, requests, fulfilled, interpretation_minutes, words_translated, cost, "
        "fulfilled_on_time, fulfilled_with_needed_by from language_access_monthly where department_code = 'ALL' "
        "order by all",
    )
    assert all_rows == departments
    may = published(sample_run, MONTHLY + " where month = '2023-05-01' and language_code = 'ara' order by all")
    assert may == [
        (dt.date(2023, 5, 1), "ALL", "ara", "Arabic", 3, 2, 0.6667, 1.0, 1.125, 55, 3000, Decimal("525.00"), 1, 1),
        (dt.date(2023, 5, 1), "OEJ", "ara", "Arabic", 2, 2, 1.0, 1.0, 1.125, 55, 0, Decimal("75.00"), 1, 1),
        (dt.date(2023, 5, 1), "PLN", "ara", "Arabic", 1, 0, 0.0, None, None, 0, 3000, Decimal("450.00"), 0, 0),
    ]


def test_a_month_end_evening_lands_in_its_local_month(sample_run):
    """Hand check (LAS-0001): received 2024-01-31T23:30:00-09:00 = 2024-02-01 08:30 UTC -> January 2024 in
    Anchorage; fulfilled 2024-02-01 09:15 AKST: 9 h 45 min = 9.75 h, by its needed_by (10:00): on time.
    Arabic is drawn by no random request, so HD/Arabic/January holds this request alone and February none.
    Likewise LAS-0006, 2023-06-01T07:30:00Z = May 31 23:30 AKDT, is in May 2023 (see the ALL test)."""
    rows = published(
        sample_run, MONTHLY + " where language_code = 'ara' and month between '2024-01-01' and '2024-02-01'"
    )
    assert sorted(rows) == [
        (dt.date(2024, 1, 1), "ALL", "ara", "Arabic", 1, 1, 1.0, 1.0, 9.75, 45, 0, Decimal("67.50"), 1, 1),
        (dt.date(2024, 1, 1), "HD", "ara", "Arabic", 1, 1, 1.0, 1.0, 9.75, 45, 0, Decimal("67.50"), 1, 1),
    ]


def test_a_pending_request_counts_once_as_fulfilled_and_cancelled_ones_not_at_all(sample_run):
    """Hand check (LAS-0002): Unfulfilled in the 2024-03-31 log, re-sent Fulfilled in the 2024-04-30 log ->
    one request, fulfilled, in March 2024 (its received month), not in April. Received 03/28 16:00, fulfilled
    04/08 12:00: 11 days less 4 h = 260 h; needed by 04/05 17:00: late, on-time rate 0/1.
    LAS-0007, pending in September 2023 then Cancelled in October's log, and LAS-0003, a Cancelled request
    alone in March 2022: no row (and the $95.00 fee counted nowhere)."""
    rows = published(
        sample_run, MONTHLY + " where language_code = 'ara' and month between '2024-03-01' and '2024-04-01'"
    )
    assert sorted(rows) == [
        (dt.date(2024, 3, 1), "ALL", "ara", "Arabic", 1, 1, 1.0, 0.0, 260.0, 0, 1200, Decimal("240.00"), 0, 1),
        (dt.date(2024, 3, 1), "LAW", "ara", "Arabic", 1, 1, 1.0, 0.0, 260.0, 0, 1200, Decimal("240.00"), 0, 1),
    ]
    cancelled = published(
        sample_run,
        "select count(*) from language_access_monthly where language_code = 'ara' "
        "and month in ('2022-03-01', '2023-09-01')",
    )
    assert cancelled == [(0,)]


def test_safe_harbor_is_the_generators_figures_with_the_korean_gap(sample_run, requests):
    """Hand check: Korean (LEP 1,400 >= 1,000: safe harbor) has no fulfilled vital translation received in
    FY2024 (the sample's that year are Partially Fulfilled), so 'gap'; LAS-0008, fulfilled in January 2024 but
    received 2024-01-01T08:30:00Z = 2023-12-31 23:30 AKST, counts in FY2023. Arabic (90 < 1,000 and < 5% of
    271,000 = 13,550): 'not required'; FY2024 1 vital translation (LAS-0002) of 2 requests -> 2 / 90 x 1,000 =
    22.2222 per 1,000; FY2023 3 requests (LAS-0004..6; LAS-0007 cancelled) and 0 vital (LAS-0004 partial)."""
    from equity_pipeline.sample_data.language_figures import read_reference, safe_harbor

    s = sample_run["settings"]
    reference = read_reference(PROJECT_ROOT / "dbt_project" / "seeds" / "lep_population.csv")
    figures = safe_harbor(requests, reference, s.safe_harbor_persons, s.safe_harbor_share)
    rows = published(sample_run, SAFE_HARBOR + " order by fiscal_year, language_code")
    assert _differences(rows, figures, rounded={8}) == []
    assert {r[0] for r in rows} == set(range(2021, 2026))
    korean = {r[0]: r[4:7] for r in rows if r[1] == "kor"}
    assert korean[2024] == (True, 0, "gap")
    assert all(status == "met" and vital > 0 for year, (_, vital, status) in korean.items() if year != 2024)
    arabic = {r[0]: (r[4], r[5], r[6], r[7], float(r[8])) for r in rows if r[1] == "ara"}
    assert arabic[2024] == (False, 1, "not required", 2, 22.2222)
    assert arabic[2023] == (False, 0, "not required", 3, 33.3333)


def test_annual_is_the_generators_figures_with_the_years_own_median(sample_run, requests):
    """language_access_annual: the generator's figures over each fiscal year's requests, all departments (its
    ALL cells with the fiscal year in place of the month), so the median is over the year's requests."""
    from equity_pipeline.sample_data.language_figures import monthly

    rows = published(
        sample_run,
        "select fiscal_year, language_code, requests, fulfilled, fulfillment_rate, on_time_rate, "
        "median_response_hours, fulfilled_on_time, fulfilled_with_needed_by from language_access_annual "
        "order by fiscal_year, language_code",
    )
    years = [r for r in monthly(requests.assign(month=requests["fiscal_year"])) if r[1] == "ALL"]
    figures = [(fy, code, *counts[:5], *counts[-2:]) for fy, _, code, _, *counts in years]
    assert _differences(rows, figures, rounded={4, 5, 6}) == []
    assert {r[0] for r in rows} == {2021, 2022, 2023, 2024, 2025}
