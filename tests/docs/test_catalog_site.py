"""The data catalog (`make docs`): dbt's static docs page built from the sample warehouse, opened in Chromium.

It must work offline: the page is self-contained and dbt's usage tracker (a script from a CDN) stays
off, which only a page served over HTTP would reveal (from file:// a protocol-relative URL stays a
file URL), so the page is opened through the same 127.0.0.1 server `make docs` runs. The report's
relative link reaches it from disk, and building it takes the warehouse's writer lock.
"""

import subprocess
import sys
import threading
import time

import pytest

from equity_pipeline.docs import MODEL_ROUTE, BuiltCatalog, build_catalog, catalog_server
from equity_pipeline.lock import RefreshLocked
from equity_pipeline.publish.catalog import published_table
from tests.browser import browser_page
from tests.conftest import settings_under


@pytest.fixture(scope="module")
def catalog(sample_run) -> BuiltCatalog:
    built = build_catalog(sample_run["settings"])
    print(f"catalog built in {built.seconds:.1f} s")  # the figure behind `make run` building it each time
    return built


def test_the_page_is_self_contained_and_keeps_dbts_tracker_off(catalog: BuiltCatalog) -> None:
    page = catalog.path.read_text(encoding="utf-8")
    # dbt docs inserts its tracker's <script> only when the inlined manifest allows usage stats
    assert '"send_anonymous_usage_stats": false' in page
    for reference in ('<script src="http', '<link rel="stylesheet" href="http', "fonts.googleapis", "@import url("):
        assert reference not in page


def test_the_served_catalog_shows_a_published_tables_description_and_units(catalog: BuiltCatalog, tmp_path) -> None:
    quarterly = published_table("pvr_quarterly")
    server = catalog_server(catalog.path.parent, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with browser_page() as (page, seen):
            page.goto(root + MODEL_ROUTE.format(name="pvr_quarterly"))
            page.get_by_text(quarterly.description[:60]).first.wait_for()
            # a column's meta shows when its row is opened: the unit, and that the figure may be estimated
            page.locator("tr.column-row", has=page.get_by_text("value", exact=True)).click()
            details = page.locator("dd.detail-value:visible").all_inner_texts()
            assert "see unit" in details and "true" in details
            assert page.locator("dt.detail-label:visible", has_text="estimated").count() == 1
            page.screenshot(path=str(tmp_path / "catalog_pvr_quarterly.png"))
    finally:
        server.shutdown()
    assert seen.external == []
    assert seen.local and all(url.startswith(root) for url in seen.local)


def test_the_reports_link_opens_the_catalog_from_disk(sample_run, catalog: BuiltCatalog) -> None:
    report = sample_run["settings"].warehouse_dir / "reports" / "pvr_latest.html"
    with browser_page() as (page, seen):
        page.goto(report.as_uri())
        page.locator("#catalog-link").click()
        page.wait_for_url(catalog.path.as_uri())
        page.get_by_text("The equity pipeline's data catalog").wait_for()  # the overview (models/overview.md)
    assert seen.external == []


def test_building_it_is_refused_at_once_while_another_process_holds_the_writer_lock(tmp_path) -> None:
    settings = settings_under(tmp_path)
    settings.warehouse_dir.mkdir(parents=True)
    settings.warehouse_path.touch()  # never opened: the lock is taken before dbt runs
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from equity_pipeline.lock import "
         f"refresh_lock\nwith refresh_lock(Path({str(settings.warehouse_dir)!r})):\n print('held', flush=True)\n"
         " time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        started = time.monotonic()
        with pytest.raises(RefreshLocked, match=f"pid {holder.pid},"):
            build_catalog(settings)
        assert time.monotonic() - started < 5  # refused at once, not after dbt ran
    finally:
        holder.kill()
        holder.wait()


def test_the_catalog_stays_current_until_the_dbt_project_changes(
    sample_run, catalog: BuiltCatalog, monkeypatch
) -> None:
    """`make run` rebuilds the page only when the project changed (it holds no row counts)."""
    from equity_pipeline import docs

    assert docs.catalog_is_current(sample_run["settings"])
    monkeypatch.setattr(docs, "project_digest", lambda: "another project")
    assert not docs.catalog_is_current(sample_run["settings"])
