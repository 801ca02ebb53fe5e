"""The dbt lineage views (dbt_project/models/lineage) on the sample: one per published table, whose keys are
exactly the published table's, every row with source rows has a file, and where a view is declared exact its
rows reproduce the published counts."""

from __future__ import annotations

import duckdb
import pytest

from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.publisher import published_path
from equity_pipeline.trace.request import key_columns

TABLES = [t.name for t in published_tables()]

# Rows that may have no source row behind them: a figure of 0 (a quarter, year or language without activity).
NO_SOURCE_ALLOWED = {
    "pvr_quarterly": "coalesce(value, 0) = 0",
    "pvr_annual": "coalesce(actual, 0) = 0",
    "language_access_safe_harbor": "requests = 0 and vital_translations_fulfilled = 0",
}

# Exact views: the rows of a file feeding a row sum, over its files, to the published count.
EXACT_COUNTS = {
    "wc_report_lag": ("claims", "true"),
    "language_access_monthly": ("requests", "true"),
    "language_access_annual": ("requests", "true"),
    "data_quality_issues": ("rows_affected", "true"),
    # one latest-valuation row per claim: a count series' rows are its claims
    "pvr_quarterly": ("value", "series_id in ('wc_new_claims', 'wc_incident_reports', 'wc_lost_time_claims', "
                               "'wc_recordable_cases')"),
    "board_seats": ("seats", "true"),
    # a fulfilled vital translation is a request too (not Cancelled): the rows are the requests
    "language_access_safe_harbor": ("requests", "true"),
}  # fmt: skip


@pytest.fixture(scope="module")
def con(sample_run):
    settings = sample_run["settings"]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as connection:
        connection.execute(f"attach '{published_path(settings)}' as pub (read_only)")
        yield connection


def test_there_is_one_lineage_view_per_published_table(con) -> None:
    views = {
        name for (name,) in con.execute("select view_name from duckdb_views() where schema_name = 'lineage'").fetchall()
    }
    assert views == {f"lineage_{name}" for name in TABLES}


@pytest.mark.parametrize("table", TABLES)
def test_its_keys_are_exactly_the_published_tables(con, table: str) -> None:
    keys = ", ".join(key_columns(next(t for t in published_tables() if t.name == table)))
    published = con.execute(f"select distinct {keys} from pub.main.{table}").fetchall()
    lineage = con.execute(f"select distinct {keys} from lineage.lineage_{table}").fetchall()
    assert published, table
    assert set(lineage) == set(published)


@pytest.mark.parametrize("table", TABLES)
def test_every_published_row_with_source_rows_has_a_file(con, table: str) -> None:
    keys = key_columns(next(t for t in published_tables() if t.name == table))
    on = " and ".join(f"p.{k} is not distinct from l.{k}" for k in keys)
    allowed = NO_SOURCE_ALLOWED.get(table, "false")
    missing = con.execute(
        f"""
        select count(*) from pub.main.{table} as p
        where not ({allowed})
            and not exists (select 1 from lineage.lineage_{table} as l where {on} and l.source_file is not null)
        """
    ).fetchall()[0][0]
    assert missing == 0
    # and a figure of 0 has no file: nothing feeds it
    if table in NO_SOURCE_ALLOWED:
        fed = con.execute(
            f"""
            select count(*) from pub.main.{table} as p
            where {allowed}
                and exists (select 1 from lineage.lineage_{table} as l where {on} and l.source_file is not null)
            """
        ).fetchall()[0][0]
        assert fed == 0


@pytest.mark.parametrize("table", sorted(EXACT_COUNTS))
def test_an_exact_views_rows_reproduce_the_published_count(con, table: str) -> None:
    column, which = EXACT_COUNTS[table]
    keys = key_columns(next(t for t in published_tables() if t.name == table))
    on = " and ".join(f"p.{k} is not distinct from l.{k}" for k in keys)
    wrong = con.execute(
        f"""
        select count(*), count(*) filter (where coalesce(p.{column}, 0) <> coalesce(
            (select sum(l.contributing_rows) from lineage.lineage_{table} as l where {on}), 0))
        from pub.main.{table} as p
        where {which}
        """
    ).fetchall()[0]
    assert wrong[0] > 0 and wrong[1] == 0


def test_an_annual_row_is_the_sum_of_its_quarters_rows(con) -> None:
    rows = con.execute(
        """
        select count(*) filter (where a.n is distinct from q.n), count(*) from (
            select series_id, fiscal_year, sum(contributing_rows) as n from lineage.lineage_pvr_annual group by all
        ) as a
        full join (
            select series_id, fiscal_year, sum(contributing_rows) as n from lineage.lineage_pvr_quarterly group by all
        ) as q using (series_id, fiscal_year)
        """
    ).fetchall()[0]
    assert rows[1] > 0 and rows[0] == 0


def test_a_wc_month_is_the_claims_reported_or_injured_in_it_and_the_people_employed(con) -> None:
    """By hand from staging: each claim at its latest valuation, each employee at their newest record."""
    wrong = con.execute(
        """
        with claims as (
            select * from staging.stg_wc_claims__claims
            qualify rank() over (partition by claim_number order by as_of_date desc, export_version desc) = 1
        ),
        claim_months as (
            select date_trunc('month', reported_date)::date as month, department_code, claim_number from claims
            union
            select date_trunc('month', injury_date)::date as month, department_code, claim_number from claims
        ),
        employees as (
            select * from staging.stg_hr_workforce__employees
            qualify rank() over (partition by employee_key order by as_of_date desc, export_version desc) = 1
        ),
        months as (select distinct month from pub.main.wc_claims_monthly),
        employed as (
            select months.month, employees.department_code, employees.employee_key
            from months inner join employees
                on employees.hire_date <= last_day(months.month)
                and (employees.termination_date is null or employees.termination_date >= months.month)
        ),
        by_hand as (
            select month, department_code, 'wc_claims' as source, count(distinct claim_number) as n
            from claim_months group by all
            union all
            select month, 'ALL', 'wc_claims', count(distinct claim_number) from claim_months group by all
            union all
            select month, department_code, 'hr_workforce', count(distinct employee_key) from employed group by all
            union all
            select month, 'ALL', 'hr_workforce', count(distinct employee_key) from employed group by all
        ),
        viewed as (
            select month, department_code, source, sum(contributing_rows) as n
            from lineage.lineage_wc_claims_monthly where source is not null group by all
        )
        select
            count(*) filter (where by_hand.n is distinct from viewed.n),
            count(*) filter (where by_hand.source = 'wc_claims'),
            count(*) filter (where by_hand.source = 'hr_workforce')
        from by_hand
        full join viewed using (month, department_code, source)
        where (month, department_code) in (select month, department_code from pub.main.wc_claims_monthly)
        """
    ).fetchall()[0]
    assert wrong[1] > 0 and wrong[2] > 0 and wrong[0] == 0
