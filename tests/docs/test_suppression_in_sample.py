"""The suppression declared in the yml against what the sample publication actually hides.

test_units.py holds the list read from the mart SQL; here the sample's suppressed rows check it
both ways: a column not declared suppressed must show a value on some hidden row (else the macros
blank it and its description does not say so), and a declared one must be blank on some hidden row.
"""

import duckdb

from equity_pipeline.publish.catalog import published_tables
from equity_pipeline.publish.publisher import published_path

# Declared, but never blank on the sample: board response rates go only when a whole dimension is hidden,
# which the sample's rosters never cause (the dbt unit test board_representation_history_suppresses_the_
# complement_and_a_lone_group does, with the sex dimension).
NOT_EXERCISED = {("board_representation", "response_rate"), ("board_representation_history", "response_rate")}


def test_the_sample_hides_exactly_the_columns_declared_suppressed(sample_run) -> None:
    undeclared_blank, declared_shown = [], []
    with duckdb.connect(str(published_path(sample_run["settings"])), read_only=True) as con:
        for table in published_tables():
            if "suppressed" not in table.column_names:
                continue
            counts = ", ".join(
                f'count(*) filter (where "{c.name}" is null), count(*) filter (where "{c.name}" is not null)'
                for c in table.columns
            )
            row = con.execute(f"select count(*), {counts} from {table.name} where suppressed").fetchone()
            assert row[0] > 0, f"the sample hides no row of {table.name}: nothing to check"
            for i, column in enumerate(table.columns):
                blank, shown = row[1 + 2 * i], row[2 + 2 * i]
                if not column.suppressed and shown == 0:
                    undeclared_blank.append(f"{table.name}.{column.name}")
                if column.suppressed and blank == 0 and (table.name, column.name) not in NOT_EXERCISED:
                    declared_shown.append(f"{table.name}.{column.name}")
    assert undeclared_blank == [], "blank on every hidden row: declare `suppressed: true` and say so"
    assert declared_shown == [], "declared suppressed, yet shown on every hidden row of the sample"
