"""The baseline's load phase: raw files -> `landed.<source>`, set-based, one DuckDB connection.

Per source, the files to land are chosen by their names and bytes (newest version of each as-of,
a re-delivered identical file once), then cross-checked against the pipeline's manifest (see
baseline_duckdb's docstring); all chosen CSVs of a source are read by one `read_csv` statement
(the Windows-1252 ones first decoded whole to a UTF-8 copy), the .xlsx ones by pandas.read_excel,
and one CREATE TABLE AS per source types every column, hashes the ids and adds the lineage columns.

Not reproduced (each refused loudly rather than landed differently, or noted): a CSV whose
records are not one per physical line (blank lines, multi-line quoted records, a `sep=,` line);
in an .xlsx, how Excel displays a number (a zero-padded format's 000777, 15 significant digits):
pandas gives the stored value, rendered here by DuckDB's shortest round-trip text.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from benchmarks.baseline.languages import build_languages, language_lookup
from benchmarks.baseline.typing_sql import key_sql, typed_sql
from equity_pipeline.contracts import Contract
from equity_pipeline.ingest.files import FileRejected, parse_export_name, sha256_of
from equity_pipeline.ingest.sql_text import SPACE_CHARS

RUN_ID = "baseline"
# A run's verdicts that keep a file's rows out of landed (every status but 'loaded').
LOADED = "loaded"


@dataclass(frozen=True)
class RawFile:
    path: Path
    name: str
    sha256: str
    as_of: dt.date
    version: int
    fmt: str
    utf8: bool
    # Physical lines, header included (a CSV's newlines, a last line without one counted too).
    lines: int


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def scan_files(contract: Contract, folder: Path) -> list[RawFile]:
    """Every file of the folder whose name follows the naming rule (the loader's parser: the rule has one
    home), hashed as the manifest records it (one read per file)."""
    files = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if not path.is_file():
            continue
        try:
            export = parse_export_name(contract.source, path.name, contract.formats)
        except FileRejected:
            continue  # the run rejected it too: the verdict check below says so if not
        data = path.read_bytes()
        try:
            data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        files.append(
            RawFile(
                path=path,
                name=path.name,
                sha256=sha256_of(data),
                as_of=export.as_of,
                version=export.version,
                fmt=export.fmt,
                utf8=utf8,
                lines=data.count(b"\n") + (0 if data.endswith(b"\n") else 1),
            )
        )
    return files


def choose_files(con: duckdb.DuckDBPyConnection, source: str, files: list[RawFile]) -> list[RawFile]:
    """Newest version per as-of, identical bytes once; minus the files the run did not load.

    The pipeline's verdicts (audit.ingest_manifest) decide rejections, quarantined files and
    withdrawals; the choice must then be exactly the run's loaded files, else this raises.
    """
    seen: set[str] = set()
    unique = []
    for f in sorted(files, key=lambda f: (f.as_of, f.version, f.name)):
        if f.sha256 not in seen:  # a re-delivery of bytes already chosen is not read again
            seen.add(f.sha256)
            unique.append(f)
    newest: dict[dt.date, RawFile] = {}
    for f in unique:
        newest[f.as_of] = f  # sorted by version: the last one of an as-of wins
    verdicts = dict(
        ((name, sha), status)
        for name, sha, status in con.execute(
            "select file_name, file_sha256, status from audit.ingest_manifest where source = ?", [source]
        ).fetchall()
    )
    chosen = [f for f in newest.values() if verdicts.get((f.name, f.sha256)) == LOADED]
    loaded = {key for key, status in verdicts.items() if status == LOADED}
    mine = {(f.name, f.sha256) for f in chosen}
    if mine != loaded:
        raise RuntimeError(
            f"{source}: the baseline's choice of files differs from the run's loaded files: "
            f"only the baseline {sorted(mine - loaded)}, only the run {sorted(loaded - mine)}"
        )
    return chosen


def _csv_relation(files: list[RawFile], scratch: Path) -> str:
    """One read_csv over the source's CSVs; a Windows-1252 file is read from a UTF-8 copy."""
    paths = []
    for f in files:
        if f.utf8:
            paths.append(str(f.path))
        else:
            # Whole-file decoding: DuckDB's reader takes UTF-8 only (no Windows-1252 offline).
            copy = scratch / f.name
            copy.write_text(f.path.read_bytes().decode("cp1252"), encoding="utf-8")
            paths.append(str(copy))
    listing = ", ".join(_lit(p) for p in paths)
    return (
        f"read_csv([{listing}], header = true, all_varchar = true, filename = true, union_by_name = true, "
        "delim = ',', quote = '\"', escape = '\"')"
    )


def _register_xlsx(con: duckdb.DuckDBPyConnection, f: RawFile, index: int) -> str:
    """The first sheet as a frame (pandas.read_excel: a library call, no row loop of ours), as text.

    Dates come out as datetimes and numbers as numbers: they are rendered to text in SQL the way
    a CSV export would carry them, so the same typing applies.
    """
    # Only an empty cell is missing: the words NA, None, null... are values (a department "NA").
    frame = pd.read_excel(f.path, sheet_name=0, keep_default_na=False, na_values=[""])
    frame.insert(0, "_line", range(2, len(frame) + 2))  # the sheet's row number: header = row 1
    frame["filename"] = f.name
    view = f"_xlsx_{index}"
    con.register(view + "_frame", frame)
    columns = []
    for name, dtype in frame.dtypes.items():
        if name in ("_line", "filename"):
            columns.append(f'"{name}"')
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            columns.append(
                f'case when "{name}" = date_trunc(\'day\', "{name}") then strftime("{name}", \'%Y-%m-%d\') '
                f'else strftime("{name}", \'%Y-%m-%d %H:%M:%S\') end as "{name}"'
            )
        else:
            columns.append(f'nullif("{name}"::varchar, \'\') as "{name}"')
    con.execute(f"create or replace temp view {view} as select {', '.join(columns)} from {view}_frame")
    return view


# Blank around a value is every Unicode space, as the loader trims (equity_pipeline.ingest.sql_text);
# the set trim is costly, so it runs only on values a cheap anchored pattern finds padded.
_TRIM = _lit(SPACE_CHARS)
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in SPACE_CHARS) + "]"
_PADDED = _lit(f"^{_SPACE_CLASS}|{_SPACE_CLASS}$")


def _raw_column(name: str, relation_columns: list[str]) -> str:
    """The trimmed, blank-as-NULL text of a contract column: its header matched case-insensitively."""
    matches = [c for c in relation_columns if c.strip(SPACE_CHARS).lower() == name]
    if not matches:
        return "null::varchar"
    value = "coalesce(" + ", ".join(f'"{c}"' for c in matches) + ")" if len(matches) > 1 else f'"{matches[0]}"'
    return f"nullif(case when regexp_matches({value}, {_PADDED}) then trim({value}, {_TRIM}) else {value} end, '')"


def land_source(
    con: duckdb.DuckDBPyConnection, contract: Contract, files: list[RawFile], key: str, scratch: Path
) -> int:
    """Create `landed.<source>` from the chosen files; return its row count."""
    source = contract.source
    parts = []
    csvs = [f for f in files if f.fmt == "csv"]
    if csvs:
        con.execute(f"create or replace temp table _raw_{source} as select * from {_csv_relation(csvs, scratch)}")
        # The line a clerk sees: header = line 1, one record per line (checked below against the run).
        # `filename` as the file's own name (read_csv gives the path, of the UTF-8 copy for a decoded file).
        parts.append(
            "select * replace (parse_filename(filename) as filename), "
            f"row_number() over (partition by filename order by rowid) + 1 as _line from _raw_{source}"
        )
        _check_one_record_per_line(con, source, csvs)
    for i, f in enumerate(f for f in files if f.fmt == "xlsx"):
        parts.append(f"select * from {_register_xlsx(con, f, i)}")
    meta = pd.DataFrame(
        {
            "filename": [f.name for f in files],
            "_sha256": [f.sha256 for f in files],
            "_as_of": [f.as_of for f in files],
            "_version": [f.version for f in files],
        }
    )
    con.register(f"_files_{source}", meta)
    union = " union all by name ".join(f"({p})" for p in parts)
    columns = [d[0] for d in con.execute(f"select * from ({union}) limit 0").description]
    raws = ", ".join(f'{_raw_column(c.name, columns)} as "{c.name}__raw"' for c in contract.columns)
    typed = [f'{typed_sql(c, f"{c.name}__raw")} as "{c.name}"' for c in contract.columns]
    typed += [f'{key_sql(c.name, key)} as "{c.key_column}"' for c in contract.columns if c.pseudonymise]
    con.execute(
        f"""
        create or replace table landed."{source}" as
        with raw as (
            select r.filename, r._line, {raws} from ({union}) as r
        )
        select {", ".join(typed)},
            raw.filename as _source_file, m._sha256, raw._line::bigint as _line, m._as_of::date as _as_of,
            m._version::integer as _version, now() as _loaded_at, '{RUN_ID}' as _run_id
        from raw
        join _files_{source} as m using (filename)
        -- the run's verdict on each row: its quarantined lines are not landed
        anti join audit.quarantine as q
            on q.source = '{source}' and q.file_name = raw.filename and q.file_sha256 = m._sha256
            and q.line = raw._line
        """
    )
    _check_row_counts(con, source)
    return con.execute(f'select count(*) from landed."{source}"').fetchall()[0][0]


def _check_one_record_per_line(con: duckdb.DuckDBPyConnection, source: str, csvs: list[RawFile]) -> None:
    """Lines are numbered one record per physical line: fail loudly on a file where that is not so.

    A blank line, a multi-line quoted record or a `sep=,` line would shift every later line's number
    (and with it which lines the run's quarantine names); the loader numbers them physically, the
    baseline does not re-implement that: it refuses such a file.
    """
    read = dict(con.execute(f"select parse_filename(filename), count(*) from _raw_{source} group by all").fetchall())
    wrong = [(f.name, f.lines - 1, read.get(f.name, 0)) for f in csvs if read.get(f.name, 0) != f.lines - 1]
    if wrong:
        raise RuntimeError(
            f"{source}: files whose records are not one per line after the header, which the baseline "
            f"does not number (file, lines after the header, records read): {wrong}"
        )


def _check_row_counts(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """Fail loudly when a file's rows (read minus quarantined) are not the run's rows_landed.

    The baseline numbers lines one record per line: a file with blank lines or multi-line records
    would shift them, and then the counts differ.
    """
    wrong = con.execute(
        f"""
        select m.file_name, m.rows_landed, count(l._line)
        from audit.ingest_manifest as m
        left join landed."{source}" as l on l._source_file = m.file_name and l._sha256 = m.file_sha256
        where m.source = ? and m.status = 'loaded'
        group by all having count(l._line) <> m.rows_landed
        """,
        [source],
    ).fetchall()
    if wrong:
        raise RuntimeError(f"{source}: rows landed differ from the run's (file, run, baseline): {wrong}")


def load_all(con: duckdb.DuckDBPyConnection, contracts: dict[str, Contract], raw_dir: Path, key: str) -> dict[str, int]:
    """Land every source; return the row counts."""
    build_languages(con)
    counts = {}
    with tempfile.TemporaryDirectory(prefix="baseline-decoded-") as scratch:
        for source, contract in contracts.items():
            if any(c.type == "language" for c in contract.columns):
                language_lookup(con, contract.language_aliases)
            files = choose_files(con, source, scan_files(contract, raw_dir / source))
            counts[source] = land_source(con, contract, files, key, Path(scratch))
    return counts
