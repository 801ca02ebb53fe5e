"""The report's "published at" is shown in EQUITY_TIMEZONE and names that zone."""

import datetime as dt

import duckdb

from equity_pipeline.report.pvr import write_reports


def test_report_shows_published_at_in_the_given_zone(tmp_path) -> None:
    path = tmp_path / "published.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table publication_log (publish_id varchar, published_at timestamptz)")
        # 03:48 UTC on 24 November is 18:48 the day before in Anchorage (AKST, UTC-9)
        con.execute("insert into publication_log values ('P1', ?)", [dt.datetime(2026, 11, 24, 3, 48, tzinfo=dt.UTC)])
        con.execute(
            "create table pvr_quarterly as select 'attendance' as series_id, 'Attendance' as series_name, "
            "'table' as measure_id, 2026 as fiscal_year, 1 as fiscal_quarter, date '2026-03-31' as quarter_end_date, "
            "5.0 as value, true as is_complete"
        )
        con.execute(
            "create table pvr_annual as select 'attendance' as series_id, 'Attendance' as series_name, "
            "'table' as measure_id, 2026 as fiscal_year, 5.0 as actual, null::double as target, "
            "'no baseline' as status, false as is_complete, 'people' as unit"
        )
        con.execute("create table wc_claims_monthly (month date, department_code varchar, new_claims int, "
                    "lost_time_claims int)")  # fmt: skip
        con.execute("create table wc_report_lag (fiscal_year int, lag_bucket varchar, bucket_order int, claims int, "
                    "share double)")  # fmt: skip
    written = write_reports(path, tmp_path / "reports", timezone="America/Anchorage")
    assert [p.name for p in written] == ["pvr_2026.html", "pvr_latest.html"]
    html = (tmp_path / "reports" / "pvr_latest.html").read_text(encoding="utf-8")
    assert "Publication P1, published 2026-11-23 18:48 AKST (America/Anchorage)." in html
