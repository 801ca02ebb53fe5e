"""The auditor's UI (issue 14, items 7 and 8): `make ui-audit`'s read-only Dagster webserver on the sample
refresh's instance, opened in Chromium. From the publication's page an auditor reads the source files with
their SHA-256; a landed asset's page shows the files its table holds; the raw folder's page shows what was
observed there; a GE check lists its expectations; and nothing can be launched.

The SHA-256s asserted are recomputed here with hashlib from data_raw/. EQUITY_UPDATE_SCREENSHOT=1 also
writes the screenshots the README shows (docs/screenshots/).
"""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.instance import dagster_home
from tests.browser import browser_page

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
WEBSERVER = Path(sys.executable).parent / "dagster-webserver"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def audit_ui(sample_run, tmp_path_factory):
    """The webserver `make ui-audit` starts (read-only, no daemon), on the sample warehouse's instance."""
    settings = sample_run["settings"]
    port = free_port()
    log = tmp_path_factory.mktemp("audit-ui") / "webserver.log"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(dagster_home(settings, environ={})),
        "EQUITY_WAREHOUSE_DIR": str(settings.warehouse_dir),
        "EQUITY_RAW_DIR": str(settings.raw_dir),
        "EQUITY_PSEUDONYM_KEY": "e2e-key",
    }
    command = [str(WEBSERVER), "--read-only", "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    root = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # the code location imports the Definitions (30-60 s on 2 busy cores)
        while True:
            try:
                urllib.request.urlopen(f"{root}/server_info", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"dagster-webserver did not start:\n{log.read_text()[-3000:]}")
                time.sleep(1)
        yield root
    finally:
        server.terminate()
        server.wait(timeout=30)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def open_page(page, url: str) -> None:
    page.goto(url)
    skip = page.get_by_role("button", name="Skip")  # Dagster's "join the community" dialog, first visit
    try:
        skip.wait_for(timeout=8000)
        skip.click()
    except Exception:  # noqa: BLE001 (Playwright's TimeoutError: the dialog did not show)
        pass


def shoot(page, tmp_path: Path, name: str) -> None:
    page.screenshot(path=str(tmp_path / name))
    if os.environ.get("EQUITY_UPDATE_SCREENSHOT") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(tmp_path / name, SCREENSHOTS / name)


def test_the_publication_page_lists_its_source_files_and_nothing_can_be_launched(audit_ui, sample_run, tmp_path):
    roster = PROJECT_ROOT / "data_raw" / "training_roster" / "training_roster_2023-09-30_v2.csv"
    with browser_page((1500, 1100)) as (page, seen):
        open_page(page, f"{audit_ui}/assets/published/publication")
        page.get_by_text("source_files", exact=True).wait_for(timeout=60000)
        page.get_by_text("training_roster_2023-09-30_v2.csv", exact=True).first.wait_for()
        page.get_by_text(sha256(roster), exact=True).first.wait_for()
        page.get_by_text("published by this run", exact=True).wait_for()
        for heading in ("file", "sha256", "as_of", "rows_loaded", "rows_quarantined"):
            assert page.get_by_role("columnheader", name=heading, exact=True).count() >= 1
        # read-only: the Materialize button is there, and disabled
        materialize = page.get_by_role("button", name="Materialize")
        assert materialize.count() == 1 and not materialize.is_enabled()
        shoot(page, tmp_path, "audit_publication.png")
    assert seen.external == []


def test_a_landed_asset_shows_the_files_its_table_holds(audit_ui, tmp_path):
    newest = PROJECT_ROOT / "data_raw" / "wc_claims" / "wc_claims_2025-12-31.csv"
    with browser_page((1500, 1100)) as (page, seen):
        open_page(page, f"{audit_ui}/assets/landed/wc_claims")
        page.get_by_text("files_held", exact=True).wait_for(timeout=60000)
        page.get_by_text(sha256(newest), exact=True).first.wait_for()
        assert page.get_by_role("columnheader", name="rows_held", exact=True).count() == 1
        shoot(page, tmp_path, "audit_landed.png")
    assert seen.external == []


def test_the_raw_folder_page_shows_the_files_observed_there(audit_ui, tmp_path):
    first = PROJECT_ROOT / "data_raw" / "hr_workforce" / "hr_workforce_2021-06-30.csv"
    with browser_page((1500, 1100)) as (page, seen):
        open_page(page, f"{audit_ui}/assets/raw/hr_workforce")
        page.get_by_text("files_present", exact=True).wait_for(timeout=60000)
        page.get_by_text(sha256(first), exact=True).first.wait_for()
    assert seen.external == []


def test_a_ge_check_lists_each_expectation_with_its_outcome(audit_ui, tmp_path):
    with browser_page((1500, 1100)) as (page, seen):
        open_page(page, f"{audit_ui}/assets/marts/pvr_quarterly?view=checks")
        page.get_by_text("ge_publishable").first.click(timeout=60000)
        page.get_by_text("expectations_run", exact=True).wait_for()
        page.get_by_text("expect_table_columns_to_match_ordered_list").first.wait_for()
        shoot(page, tmp_path, "audit_check.png")
    assert seen.external == []
