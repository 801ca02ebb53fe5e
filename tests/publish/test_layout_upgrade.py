"""A warehouse published before versioning (a real published.duckdb and published/ folder) is adopted.

Not a defect test: it guards the upgrade path of the crash-safe layout (layout.adopt_legacy).
"""

import duckdb

from equity_pipeline.publish.publisher import publish
from tests.publish.test_crash_safety import TABLES, audit_log, leftovers, make_warehouse, reader_view


def make_legacy_publication(settings) -> None:
    """What the old publisher left: published.duckdb and published/<table>.parquet, id L0, not in audit."""
    wh = settings.warehouse_dir
    (wh / "published").mkdir(parents=True)
    with duckdb.connect(str(wh / "published.duckdb")) as con:
        con.execute("attach ? as work (read_only)", [str(settings.warehouse_path)])
        for name in TABLES[:-1]:
            con.execute(f"create table {name} as select 'L0' as publish_id, * from work.marts.{name}")
        con.execute(
            "create table publication_log as select 'L0' as publish_id, timestamptz '2026-01-01 00:00:00+00' "
            "as published_at, 'old-run' as run_id, 'abc' as code_version, '[]'::json as source_files, "
            "1 as checks_passed, 0 as checks_warned, '{}'::json as tables"
        )
        for name in TABLES:
            con.execute(f"copy {name} to '{wh / 'published' / name}.parquet' (format parquet)")


def test_a_legacy_publication_is_adopted_logged_and_then_replaced(make_settings) -> None:
    settings = make_settings()
    make_warehouse(settings)
    make_legacy_publication(settings)
    assert reader_view(settings) == "L0"
    new = publish(settings, "run00009", checks_passed=1, checks_warned=0)
    assert reader_view(settings) == new.publish_id
    wh = settings.warehouse_dir
    assert (wh / "published.duckdb").is_symlink() and (wh / "published").is_symlink()
    # the legacy publication readers saw is in the audit log, then the new one
    assert audit_log(settings) == ["L0", new.publish_id]
    # kept as the previous version, so a reader who resolved it a moment ago still finds it
    assert sorted(p.name for p in (wh / "publications").iterdir()) == sorted(["L0", new.publish_id, "current"])
    assert leftovers(settings) == []
