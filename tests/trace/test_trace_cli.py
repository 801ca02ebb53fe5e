"""`make trace` on the sample: the figures a reader can check by hand, and every bad input in one line."""

from __future__ import annotations

import pytest

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.lock import refresh_lock
from tests.conftest import query
from tests.sample_run import published
from tests.trace.helpers import run_trace, section

ATTENDANCE = "fiscal_year=2023,fiscal_quarter=3,series_id=attendance"

# The current roster rows (each session from the newest file holding it, by as-of date then version,
# raw-exports.md's log semantics) of the sessions held in FY2023 Q3, written here from staging without
# the intermediate models, so a wrong join in the lineage view or the marts cannot agree with it.
CURRENT_Q3_ATTENDANCE = """
with rows as (
    select *, rank() over (partition by session_id order by as_of_date desc, export_version desc) as newest
    from staging.stg_training_roster__attendances
),
current as (select * from rows where newest = 1),
sessions as (
    select session_id from current group by session_id
    having min(session_date) between date '2023-07-01' and date '2023-09-30'
)
select source_file, source_sha256, count(*) as n, sum(attendance_count) as attendance
from current
where session_id in (select session_id from sessions) and attendance_count > 0
group by all order by source_file
"""


@pytest.fixture(scope="module")
def attendance(sample_run):
    return run_trace(sample_run["settings"].warehouse_dir, "pvr_quarterly", ATTENDANCE)


def _files(stdout: str) -> dict[str, int]:
    """file name -> rows feeding the figure, from section 6's table."""
    rows = section(stdout, 6)[2:-1]  # heading, column names ... total
    return {line.split()[1]: int(line.split()[5]) for line in rows if not line.strip().startswith("INTERNAL")}


def test_attendance_figure_names_the_roster_files_whose_rows_sum_to_it(sample_run, attendance) -> None:
    assert attendance.returncode == 0, attendance.stderr
    assert "Traceback" not in attendance.stdout + attendance.stderr
    figure = section(attendance.stdout, 1)
    assert "  value               1532.0" in figure
    (publish_id,) = published(sample_run, "select publish_id from pvr_quarterly limit 1")[0]
    assert f"  publish_id          {publish_id}" in figure
    publication = section(attendance.stdout, 2)
    assert publication[0] == f"2. The publication: {publish_id}"
    assert any(line.split() == ["checks_warned", "5"] for line in publication)  # the five sources' freshness
    expected = query(sample_run["settings"], CURRENT_Q3_ATTENDANCE)
    assert sum(row[3] for row in expected) == 1532  # the current rows reproduce the published figure by hand
    assert _files(attendance.stdout) == {row[0]: row[2] for row in expected}
    sha = {row[0]: row[1] for row in expected}
    assert all(sha[name] in attendance.stdout for name in sha)


def test_the_run_and_its_checks_are_the_instances_and_the_path_is_the_manifests(sample_run, attendance) -> None:
    # the sample refresh ran in the warehouse's own instance (<warehouse>/.dagster), which the trace opens
    ((publish_id, run_id),) = published(sample_run, "select publish_id, run_id from publication_log")
    run = section(attendance.stdout, 3)
    assert run[0] == f"3. The run: {run_id}"
    assert "  status   SUCCESS" in run
    assert any(line.startswith("  tags     ") and f"equity/publish_id={publish_id}" in line for line in run)
    checks = section(attendance.stdout, 4)
    evaluated = len(sample_run["result"].get_asset_check_evaluations())
    # every check passed but the five sources' freshness, which warns on the year-old sample
    assert checks[-1].endswith(f"the whole run: {evaluated} ({evaluated - 5} passed, 5 warned, 0 failed)")
    assert any(line.split()[:3] == ["passed", "marts/pvr_quarterly", "ge_publishable"] for line in checks)
    path = "\n".join(section(attendance.stdout, 5))
    order = [path.index(f" {name} ") for name in (
        "landed.training_roster", "staging.stg_training_roster__attendances",
        "intermediate.int_training_attendances__current", "intermediate.int_pvr__quarterly_values",
        "marts.pvr_quarterly",
    )]  # fmt: skip
    assert order == sorted(order)  # dependency order
    assert "models/marts/pvr/pvr_quarterly.sql" in path and "reference.measure_definitions" in path
    assert "dbt-core records none in its manifest" in path


def test_a_wc_figure_names_the_loss_runs_valuing_the_claims_it_counts(sample_run) -> None:
    (value,) = published(
        sample_run,
        "select value from pvr_quarterly where series_id = 'wc_new_claims' and fiscal_year = 2023 "
        "and fiscal_quarter = 3",
    )[0]
    # each claim at its latest valuation (the newest loss run listing it), by hand from staging
    expected = query(
        sample_run["settings"],
        """
        with latest as (
            select * from staging.stg_wc_claims__claims
            qualify rank() over (partition by claim_number order by as_of_date desc, export_version desc) = 1
        )
        select source_file, count(*) from latest
        where reported_date between date '2023-07-01' and date '2023-09-30'
            and claim_type in ('Medical Only', 'Lost Time')
        group by all
        """,
    )
    assert sum(n for _, n in expected) == value > 0
    done = run_trace(
        sample_run["settings"].warehouse_dir,
        "pvr_quarterly",
        "series_id=wc_new_claims,fiscal_year=2023,fiscal_quarter=3",
    )
    assert done.returncode == 0, done.stderr
    assert _files(done.stdout) == dict(expected)


def test_an_all_departments_row_is_every_departments_requests(sample_run) -> None:
    month, requests = published(
        sample_run,
        "select month, requests from language_access_monthly where department_code = 'ALL' and language_code = 'spa' "
        "order by requests desc limit 1",
    )[0]
    by_hand = query(
        sample_run["settings"],
        """
        with latest as (
            select * from staging.stg_language_access__requests
            qualify rank() over (partition by request_id order by as_of_date desc, export_version desc) = 1
        )
        select source_file, count(*) from latest
        where request_status <> 'Cancelled' and language_code = 'spa'
            and date_trunc('month', timezone('America/Anchorage', received_at))::date = ?
        group by all
        """,
        [month],
    )
    assert sum(n for _, n in by_hand) == requests
    done = run_trace(
        sample_run["settings"].warehouse_dir,
        "language_access_monthly",
        f"month={month},department_code=ALL,language_code=spa",
    )
    assert done.returncode == 0, done.stderr
    assert _files(done.stdout) == dict(by_hand)


def test_a_suppressed_figure_is_traced_and_its_counts_marked_internal(sample_run) -> None:
    month, department = published(
        sample_run, "select month, department_code from wc_claims_monthly where suppressed order by month limit 1"
    )[0]
    done = run_trace(
        sample_run["settings"].warehouse_dir, "wc_claims_monthly", f"month={month},department_code={department}"
    )
    assert done.returncode == 0, done.stderr
    figure = section(done.stdout, 1)
    assert any(line.split() == ["new_claims", "(null)"] for line in figure)
    assert any(line.split() == ["suppressed", "True"] for line in figure)
    files = section(done.stdout, 6)
    assert any(line.strip().startswith("INTERNAL:") for line in files)
    assert any(" wc_claims " in f" {line} " for line in files)  # the claims behind the suppressed count


def trace_in_process(monkeypatch, capsys, warehouse_dir, table: str, key: str) -> tuple[int, str, str]:
    """The CLI's `trace` in this process (a subprocess costs seconds of imports): exit code, stdout, stderr.
    An exception would fail the test, so "no traceback" holds as in a subprocess."""
    from equity_pipeline.cli import main

    monkeypatch.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
    monkeypatch.setenv("EQUITY_WAREHOUSE_DIR", str(warehouse_dir))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    code = main(["trace", table, key])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("table", "key", "message"),
    [
        ("nope", "a=1", "unknown table 'nope'; the published tables are: board_recruitment, "),
        ("pvr_quarterly", "fiscal_year", "malformed KEY 'fiscal_year': expected col=value,col=value"),
        ("pvr_quarterly", "fiscal_year=2023", "pvr_quarterly's key columns are series_id, fiscal_year, fiscal_quarter "
         "(missing series_id, fiscal_quarter)"),
        ("pvr_quarterly", f"{ATTENDANCE},value=3", "pvr_quarterly's key columns are series_id, fiscal_year, "
         "fiscal_quarter (not key columns: value)"),
        ("pvr_quarterly", "series_id=attendance,fiscal_year=2099,fiscal_quarter=3",
         "pvr_quarterly has no row series_id=attendance, fiscal_year=2099, fiscal_quarter=3"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(sample_run, monkeypatch, capsys, table: str, key: str, message: str) -> None:
    code, out, err = trace_in_process(monkeypatch, capsys, sample_run["settings"].warehouse_dir, table, key)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith(message)
    assert out == ""


def test_nothing_published_yet_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys) -> None:
    code, _, err = trace_in_process(monkeypatch, capsys, tmp_path / "wh", "pvr_quarterly", ATTENDANCE)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith("nothing is published yet")


def test_a_running_refresh_is_one_line_and_exit_1(sample_run) -> None:
    warehouse = sample_run["settings"].warehouse_dir
    with refresh_lock(warehouse):  # this process holds the writer lock, as a refresh would
        done = run_trace(warehouse, "pvr_quarterly", ATTENDANCE)
    assert done.returncode == 1
    assert "Traceback" not in done.stdout + done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("a refresh is running (pid ") and line.endswith("; try again when it has finished")
