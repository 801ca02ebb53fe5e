"""publication_log.source_freshness: each source's freshness as of the publish, in the audit log and the
publication's own log; a warehouse and a live publication from before the column keep working.

The hand-made warehouse of test_crash_safety, with a manifest of two loaded exports: hr_workforce as of
2026-03-31 (quarterly, 45 days: the 2026-06-30 export is due 2026-08-14) and wc_claims as of 2025-12-31
(monthly, 30 days: the 2026-01-31 export was due 2026-03-02); the other three sources sent nothing.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import duckdb

from equity_pipeline.publish.publisher import publish
from tests.publish.test_crash_safety import make_warehouse
from tests.publish.test_layout_upgrade import make_legacy_publication

OLD_LOG = """
create table audit.publication_log (
    publish_id varchar primary key, published_at timestamptz not null, run_id varchar, code_version varchar,
    source_files json, checks_passed integer, checks_warned integer, tables json
);
insert into audit.publication_log values ('OLD', '2026-01-01 00:00:00+00', 'r0', 'abc', '[]', 1, 0, '{}');
"""


def test_an_old_log_gains_the_column_and_the_new_row_holds_each_source(make_settings) -> None:
    settings = make_settings()
    make_warehouse(settings)
    make_legacy_publication(settings)  # a live publication whose own log has no source_freshness
    with duckdb.connect(str(settings.warehouse_path)) as con:
        con.execute(OLD_LOG)
        con.execute(
            "insert into audit.ingest_manifest (source, file_name, as_of, status) values "
            "('hr_workforce', 'hr_workforce_2026-03-31.csv', '2026-03-31', 'loaded'), "
            "('wc_claims', 'wc_claims_2025-12-31.csv', '2025-12-31', 'loaded')"
        )
    new = publish(settings, "run00010", checks_passed=1, checks_warned=0)
    today = dt.datetime.now(ZoneInfo("America/Anchorage")).date()
    hr_late = max((today - dt.date(2026, 8, 14)).days, 0)
    wc_late = (today - dt.date(2026, 3, 2)).days
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        columns = [d[0] for d in con.execute("select * from audit.publication_log limit 0").description]
        logged = dict(con.execute("select publish_id, source_freshness::varchar from audit.publication_log").fetchall())
    assert columns[-2:] == ["tables", "source_freshness"]  # appended to the old table
    assert set(logged) == {"OLD", "L0", new.publish_id}
    assert logged["OLD"] is None and logged["L0"] is None  # published before the column: nothing claimed
    with duckdb.connect(str(new.published_path), read_only=True) as con:
        (own,) = con.execute(
            "select source_freshness::varchar from publication_log where publish_id = ?", [new.publish_id]
        ).fetchall()[0]
    assert own == logged[new.publish_id]  # the publication's own log holds the same
    rows = {f["source"]: f for f in json.loads(own)}
    assert sorted(rows) == ["board_roster", "hr_workforce", "language_access", "training_roster", "wc_claims"]
    hr, wc = rows["hr_workforce"], rows["wc_claims"]
    assert (hr["newest_as_of"], hr["next_as_of"], hr["due_by"], hr["days_late"]) == (
        "2026-03-31", "2026-06-30", "2026-08-14", hr_late
    )  # fmt: skip
    assert (wc["newest_as_of"], wc["due_by"], wc["days_late"], wc["late"]) == (
        "2025-12-31",
        "2026-03-02",
        wc_late,
        True,
    )
    assert rows["board_roster"]["description"] == "board_roster: no export received yet"
    assert rows["board_roster"]["late"] is True and rows["board_roster"]["newest_as_of"] is None
