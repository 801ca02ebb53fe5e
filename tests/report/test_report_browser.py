"""The offline PVR report of the sample run, opened from disk in Chromium (tests/browser.py).

It must render, not merely exist: its tables hold the published figures, its charts are drawn SVG
with a size on screen, and it asks nothing of the internet (every request off the loopback is
refused and recorded). A screenshot is kept under the test's tmp_path.
"""

import duckdb

from equity_pipeline.publish.publisher import published_path
from tests.browser import browser_page


def _published(sample_run, sql: str) -> list[tuple]:
    with duckdb.connect(str(published_path(sample_run["settings"])), read_only=True) as con:
        return con.execute(sql).fetchall()


def _whole(value: float) -> str:
    """A count as a reader sees it: 1,083 (the report's thousands separator)."""
    return f"{round(value):,}"


def test_the_offline_report_renders_the_published_figures_with_no_external_request(sample_run, tmp_path) -> None:
    report = sample_run["settings"].warehouse_dir / "reports" / "pvr_latest.html"
    (fiscal_year,) = _published(sample_run, "select max(fiscal_year) from pvr_quarterly")[0]
    attendance = [
        _whole(v)
        for (v,) in _published(
            sample_run,
            f"select value from pvr_quarterly where series_id = 'attendance' and fiscal_year = {fiscal_year} "
            "order by fiscal_quarter",
        )
    ]
    series = _published(
        sample_run,
        "select distinct series_name from pvr_annual where measure_id is not null and measure_id <> 'table' order by 1",
    )
    participation = _published(
        sample_run,
        f"select actual from pvr_annual where series_id = 'dei_training_participation' and fiscal_year = {fiscal_year}",
    )[0][0]

    with browser_page() as (page, seen):
        page.goto(report.as_uri())
        page.wait_for_load_state("load")
        # the department's quarterly table: the Attendance row holds pvr_quarterly's values, quarter by quarter
        header = page.locator("table").first.locator("thead th").all_inner_texts()
        assert header == [f"FY{fiscal_year}", "Q1", "Q2", "Q3", "Q4", "Year"]
        row = page.locator("table").first.locator("tr", has_text="Attendance").locator("td").all_inner_texts()
        assert [cell.rstrip("*") for cell in row[1:5]] == attendance
        # every measure series has its chart (titled by the series) with bars drawn, and a visible size
        titles = page.locator("svg > title").all_text_contents()  # SVG titles are not laid out
        for (name,) in series:
            assert f"{name}: actual and target by fiscal year" in titles
        charts = page.locator("svg")
        assert charts.count() >= len(series)
        assert page.locator("svg rect").count() >= len(series)
        box = charts.first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100
        assert page.locator("tbody tr").count() > 50  # the measure, claims, workforce, board and language tables
        # a measure's actual is in its table (the #1 participation figure of the latest year)
        assert (
            _whole(participation)
            in page.locator("h3", has_text="DEI training participation")
            .locator("xpath=following-sibling::table[1]")
            .inner_text()
        )
        assert page.locator("#catalog-link").get_attribute("href") == "../catalog/index.html"
        shot = tmp_path / "pvr_latest.png"
        page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert seen.external == []
    assert seen.local == [report.as_uri()]  # one self-contained file: nothing else was even asked for
