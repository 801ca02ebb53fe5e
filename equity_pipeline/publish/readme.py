"""The README's list of published tables, written from the dbt manifest (publish/catalog.py).

`python -m equity_pipeline.publish.readme` rewrites the block between the markers; a test fails
when the committed block differs from what the manifest declares. Each column shows its unit
(publish/units.py) and each table links to its page in the data catalog that `make docs` serves
(equity_pipeline/docs.py), which holds the same descriptions with the lineage, SQL and tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

from equity_pipeline.config import PROJECT_ROOT
from equity_pipeline.dbt_runtime import prepare_manifest
from equity_pipeline.docs import DEFAULT_PORT, MODEL_ROUTE
from equity_pipeline.publish.catalog import Column, PublishedTable, published_tables

START = "<!-- published-tables:start -->"
END = "<!-- published-tables:end -->"
README = PROJECT_ROOT / "README.md"


CATALOG_URL = f"http://127.0.0.1:{DEFAULT_PORT}/"


def _column(column: Column) -> str:
    name = f"`{column.name}` ({column.unit})" if column.unit else f"`{column.name}`"
    return f"{name} — {column.description}" if column.description else name


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def tables_block(tables: tuple[PublishedTable, ...]) -> str:
    """The markdown table of the published tables: name (linked to its catalog page), grain, and the columns in
    order, each with its unit and description."""
    lines = ["| table | grain | columns |", "| --- | --- | --- |"]
    for t in tables:
        cells = [_cell(_column(c)) for c in t.columns] + ([_cell(t.summary)] if t.summary else [])
        link = f"[`{t.name}`]({CATALOG_URL}{MODEL_ROUTE.format(name=t.name)})"
        lines.append(f"| {link} | {_cell(t.grain)} | {'<br>'.join(cells)} |")
    return "\n".join(lines)


def with_block(readme: str, block: str) -> str:
    """The README text with the block between the markers replaced."""
    start, end = readme.index(START) + len(START), readme.index(END)
    return f"{readme[:start]}\n{block}\n{readme[end:]}"


def current_block(readme: str) -> str:
    return readme[readme.index(START) + len(START) : readme.index(END)].strip("\n")


def main(path: Path = README) -> None:
    prepare_manifest(force=True)  # a maintenance command: the block follows the yml as it is now
    text = path.read_text(encoding="utf-8")
    path.write_text(with_block(text, tables_block(published_tables())), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else README)
