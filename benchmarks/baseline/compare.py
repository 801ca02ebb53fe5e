"""Compare the baseline's published tables with a publication's, both ways, and say every difference."""

from __future__ import annotations

from pathlib import Path

import duckdb

# The publisher's own column (the publication's id): not a figure, not in the baseline.
PUBLISH_ID = "publish_id"
EXAMPLES = 3


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = ? and table_name = ? order by ordinal_position",
        [catalog, schema, table],
    ).fetchall()
    return {name: data_type for name, data_type in rows if name != PUBLISH_ID}


def _tables(con: duckdb.DuckDBPyConnection, catalog: str, schema: str) -> set[str]:
    rows = con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = ?",
        [catalog, schema],
    ).fetchall()
    return {r[0] for r in rows}


def compare(baseline: Path, published: Path) -> list[str]:
    """Every difference between the baseline's `published.*` and the publication's tables (none: []).

    Per table: present on both sides, the same columns and types (publish_id aside), the same row
    count, and the same rows as multisets (EXCEPT ALL both ways, with a few example rows each way).
    """
    differences: list[str] = []
    with duckdb.connect() as con:
        con.execute(f"attach '{baseline}' as base (read_only)")
        con.execute(f"attach '{published}' as pub (read_only)")
        ours = _tables(con, "base", "published")
        theirs = _tables(con, "pub", "main") - {"publication_log"}
        for name in sorted(theirs - ours):
            differences.append(f"{name}: published, missing from the baseline")
        for name in sorted(ours - theirs):
            differences.append(f"{name}: in the baseline, not published")
        for name in sorted(ours & theirs):
            differences += _compare_table(con, name)
    return differences


def _compare_table(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    ours = _columns(con, "base", "published", name)
    theirs = _columns(con, "pub", "main", name)
    if ours != theirs:
        return [f"{name}: columns differ: baseline {ours}, published {theirs}"]
    out = []
    base, pub = f'base.published."{name}"', f'pub.main."{name}"'
    names = ", ".join(f'"{c}"' for c in theirs)
    (n_base,), (n_pub,) = (con.execute(f"select count(*) from {t}").fetchone() for t in (base, pub))  # type: ignore[misc]
    if n_base != n_pub:
        out.append(f"{name}: {n_base} rows in the baseline, {n_pub} published")
    for left, right, label in ((base, pub, "only in the baseline"), (pub, base, "only published")):
        query = f"select {names} from {left} except all select {names} from {right}"
        (count,) = con.execute(f"select count(*) from ({query})").fetchone()  # type: ignore[misc]
        if count:
            examples = con.execute(f"{query} limit {EXAMPLES}").fetchall()
            out.append(f"{name}: {count} row(s) {label}, e.g. {examples}")
    return out


# Lineage columns that say when and by which run a row was landed: the baseline's own.
RUN_COLUMNS = ("_loaded_at", "_run_id")


def compare_landed(baseline_warehouse: Path, pipeline_warehouse: Path, sources: list[str]) -> list[str]:
    """Differences between the baseline's `landed.<source>` tables and the pipeline's (when and by
    which run aside): the load phase checked on its own, not only through the marts."""
    differences: list[str] = []
    with duckdb.connect() as con:
        con.execute(f"attach '{baseline_warehouse}' as base (read_only)")
        con.execute(f"attach '{pipeline_warehouse}' as pub (read_only)")
        for source in sources:
            ours = _columns(con, "base", "landed", source)
            theirs = _columns(con, "pub", "landed", source)
            if ours != theirs:
                differences.append(f"landed.{source}: columns differ: baseline {ours}, pipeline {theirs}")
                continue
            names = ", ".join(f'"{c}"' for c in theirs if c not in RUN_COLUMNS)
            for left, right, label in (("base", "pub", "only in the baseline"), ("pub", "base", "only the pipeline's")):
                query = (
                    f'select {names} from {left}.landed."{source}" '
                    f'except all select {names} from {right}.landed."{source}"'
                )
                (count,) = con.execute(f"select count(*) from ({query})").fetchone()  # type: ignore[misc]
                if count:
                    differences.append(
                        f"landed.{source}: {count} row(s) {label}, e.g. {con.execute(query + ' limit 2').fetchall()}"
                    )
    return differences
