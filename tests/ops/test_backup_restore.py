"""Backup and restore, for real: the session's sample warehouse is backed up, restored into an empty
folder and refreshed there; the re-published figures must equal the sample run's, row for row.

The sample warehouse is only read (the backup takes its lock and CHECKPOINTs it, which changes no row).
One refresh in the module: the fixture's.
"""

import os
import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from equity_pipeline.config import PROJECT_ROOT, get_settings
from tests.ops.test_lock import HOLDER

KEY = "e2e-key"
FIGURE = "select value from pvr_quarterly where fiscal_year = 2023 and fiscal_quarter = 3 and series_id = 'attendance'"


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"} | env
    return subprocess.run(
        [sys.executable, "-m", "equity_pipeline.backup", *args],
        cwd=PROJECT_ROOT, env=full, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def restored(sample_run, tmp_path_factory) -> dict:
    from equity_pipeline.backup import create_backup, restore_backup
    from equity_pipeline.definitions import defs
    from equity_pipeline.instance import ensure_dagster_home

    assert sample_run["result"].success
    tmp = tmp_path_factory.mktemp("backup")
    (tmp / "backups").mkdir()
    backup = create_backup(sample_run["settings"], tmp / "backups")
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("EQUITY_PUBLISH_POSTGRES_URL", raising=False)
        mp.delenv("EQUITY_QUARANTINE_THRESHOLD", raising=False)
        mp.setenv("EQUITY_RAW_DIR", str(PROJECT_ROOT / "data_raw"))
        mp.setenv("EQUITY_WAREHOUSE_DIR", str(tmp / "restored"))
        mp.setenv("EQUITY_PSEUDONYM_KEY", KEY)
        settings = get_settings()
        restore_backup(settings, backup)
        assert not (settings.warehouse_dir / "publications").exists()  # a backup holds no publication
        with dg.DagsterInstance.from_config(str(ensure_dagster_home(settings))) as instance:
            result = defs.resolve_job_def("refresh").execute_in_process(instance=instance, raise_on_error=False)
    return {"backup": backup, "settings": settings, "result": result, "tmp": tmp}


def test_a_restored_backup_re_publishes_identical_figures(sample_run, restored) -> None:
    from equity_pipeline.publish.catalog import published_tables
    from equity_pipeline.publish.layout import current_id
    from equity_pipeline.publish.publisher import published_path

    assert restored["result"].success
    original = current_id(sample_run["settings"].warehouse_dir)
    again = current_id(restored["settings"].warehouse_dir)
    assert again is not None and again != original  # a new publication, made by the refresh after the restore
    with duckdb.connect() as con:
        con.execute(f"attach '{published_path(sample_run['settings'])}' as a (read_only)")
        con.execute(f"attach '{published_path(restored['settings'])}' as b (read_only)")
        for table in published_tables():
            columns = [
                r[0]
                for r in con.execute(
                    "select column_name from duckdb_columns() where database_name = 'a' and table_name = ? "
                    "and column_name != 'publish_id' order by column_index",
                    [table.name],
                ).fetchall()
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            for left, right in (("a", "b"), ("b", "a")):
                extra = con.execute(
                    f'select count(*) from (select {listed} from {left}."{table.name}" '
                    f'except all select {listed} from {right}."{table.name}")'
                ).fetchone()[0]
                assert extra == 0, f"{table.name}: {extra} rows of {left} not in {right}"
            counts = [con.execute(f'select count(*) from {db}."{table.name}"').fetchone()[0] for db in "ab"]
            assert counts[0] == counts[1]
        # one figure by hand: the README's trace example
        figures = [con.execute(FIGURE.replace("pvr_quarterly", f"{db}.pvr_quarterly")).fetchall() for db in "ab"]
    assert len(figures[0]) == 1 and figures[0] == figures[1] and figures[0][0][0] is not None


def test_the_backup_holds_the_warehouse_and_archive_but_no_publication(sample_run, restored) -> None:
    import json

    manifest = json.loads((restored["backup"] / "backup-manifest.json").read_text())
    paths = {f["path"] for f in manifest["files"]}
    assert "equity.duckdb" in paths
    archive = sample_run["settings"].archive_dir
    assert {p.relative_to(archive.parent).as_posix() for p in archive.rglob("*") if p.is_file()} <= paths
    assert not any(p.startswith("publications") or "published" in p for p in paths)
    assert manifest["pseudonym_key_fingerprints"] and KEY not in json.dumps(manifest)
    assert not list(restored["backup"].parent.glob(".building-*"))
    assert cli("verify", "--from", str(restored["backup"]), env={}).returncode == 0


def test_an_altered_file_is_refused_naming_it(restored, tmp_path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(restored["backup"], copy)
    victim = next(p for p in sorted((copy / "archive").rglob("*")) if p.is_file())
    data = bytearray(victim.read_bytes())
    data[0] ^= 1  # same size: only the SHA-256 can tell
    victim.write_bytes(bytes(data))
    env = {"EQUITY_WAREHOUSE_DIR": str(tmp_path / "target"), "EQUITY_PSEUDONYM_KEY": KEY}
    line = one_line(cli("restore", "--from", str(copy), env=env))
    assert str(victim) in line and "altered" in line
    assert not (tmp_path / "target" / "equity.duckdb").exists()
    assert not list((tmp_path / "target").glob(".building-*"))


def test_a_restore_never_overwrites_a_warehouse(restored) -> None:
    env = {"EQUITY_WAREHOUSE_DIR": str(restored["settings"].warehouse_dir), "EQUITY_PSEUDONYM_KEY": KEY}
    line = one_line(cli("restore", "--from", str(restored["backup"]), env=env))
    assert "already has a warehouse" in line and "equity.duckdb" in line and "Move it aside" in line


@pytest.mark.parametrize("case", ["missing", "not a backup", "wrong key"])
def test_bad_input_is_one_line(restored, tmp_path, case) -> None:
    source = {"missing": tmp_path / "nowhere", "not a backup": tmp_path, "wrong key": restored["backup"]}[case]
    key = "another-key" if case == "wrong key" else KEY
    env = {"EQUITY_WAREHOUSE_DIR": str(tmp_path / "target"), "EQUITY_PSEUDONYM_KEY": key}
    line = one_line(cli("restore", "--from", str(source), env=env))
    expected = {"missing": "does not exist", "not a backup": "is not a backup", "wrong key": "EQUITY_PSEUDONYM_KEY"}
    assert expected[case] in line
    assert not (tmp_path / "target" / "equity.duckdb").exists()


def test_a_backup_during_a_refresh_is_refused(restored, tmp_path) -> None:
    warehouse = restored["settings"].warehouse_dir
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(warehouse)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=PROJECT_ROOT,
    )  # fmt: skip
    try:
        assert proc.stdout.readline().strip() == "held"
        env = {"EQUITY_WAREHOUSE_DIR": str(warehouse), "EQUITY_PSEUDONYM_KEY": KEY}
        line = one_line(cli("create", "--to", str(tmp_path), env=env))
    finally:
        proc.communicate("done\n", timeout=30)
    assert line.startswith("a refresh is running (pid ") and f"pid {proc.pid}," in line
    assert list(tmp_path.iterdir()) == []  # no half backup left behind
