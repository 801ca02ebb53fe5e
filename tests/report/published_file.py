"""The tables every report reads besides its section's, for hand-made published files."""

import duckdb


def create_report_base(con: duckdb.DuckDBPyConnection, quarter_ends_sql: str) -> None:
    """publication_log with one publication, pvr_quarterly with one series over the quarters whose
    (fiscal_year, fiscal_quarter, quarter_end_date) `quarter_ends_sql` selects, and empty PVR and WC tables."""
    con.execute("create table publication_log (publish_id varchar, published_at timestamptz)")
    con.execute("insert into publication_log values ('pub-1', '2026-01-15 18:00:00+00')")
    con.execute(
        "create table pvr_quarterly (series_id varchar, series_name varchar, measure_id varchar, "
        "fiscal_year integer, fiscal_quarter integer, quarter_end_date date, value double, is_complete boolean)"
    )
    con.execute(
        "insert into pvr_quarterly select 'training_sessions', 'Training Sessions', 'table', fiscal_year, "
        f"fiscal_quarter, quarter_end_date, 1, true from ({quarter_ends_sql})"
    )
    con.execute(
        "create table pvr_annual (series_id varchar, series_name varchar, measure_id varchar, fiscal_year "
        "integer, actual double, target double, status varchar, is_complete boolean, unit varchar)"
    )
    con.execute(
        "create table wc_claims_monthly (month date, department_code varchar, new_claims integer, "
        "lost_time_claims integer)"
    )
    con.execute(
        "create table wc_report_lag (fiscal_year integer, lag_bucket varchar, bucket_order integer, "
        "claims integer, share double)"
    )
