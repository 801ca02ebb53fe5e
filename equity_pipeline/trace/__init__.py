"""`make trace TABLE=... KEY=...`: where one published figure comes from.

For one row of a published table, picked by its full key, the trace prints the row as published, the
publication that holds it, the Dagster run that built it and the checks that run evaluated on the
figure's path, the dbt models, seeds and sources on that path, and the source files whose rows feed
the figure (the dbt views of models/lineage, read from the working warehouse under its writer lock).

request.py parses and checks the input, published.py reads the publication, run.py the Dagster
instance, path.py the dbt manifest (and column lineage where sqlglot can follow it), sources.py the
lineage views; command.py puts them together and prints.
"""

from equity_pipeline.trace.command import trace_command

__all__ = ["trace_command"]
