"""`reference.languages` and the lookup the language columns are typed with, as the loader builds them."""

from __future__ import annotations

import duckdb
import pandas as pd
import pycountry


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def build_languages(con: duckdb.DuckDBPyConnection) -> None:
    """`reference.languages` from pycountry, as the loader builds it (ISO 639-3 and 639-5)."""
    rows = [(lang.alpha_3, lang.name, getattr(lang, "inverted_name", None)) for lang in pycountry.languages]
    rows += [(fam.alpha_3, fam.name, None) for fam in pycountry.language_families]
    frame = pd.DataFrame(rows, columns=["code", "name", "inverted_name"]).drop_duplicates("code")
    con.register("_languages_frame", frame)
    con.execute(
        "create or replace table reference.languages as select code::varchar as code, name::varchar as name, "
        "inverted_name::varchar as inverted_name from _languages_frame order by code"
    )


def language_lookup(con: duckdb.DuckDBPyConnection, aliases: dict[str, str]) -> None:
    """`_language_lookup(lookup, code)`: codes first, then the contract's aliases, then unambiguous names."""
    values = ", ".join(f"({_lit(k)}, {_lit(v)})" for k, v in aliases.items()) or "(null, null)"
    con.execute(
        f"""
        create or replace temp table _language_lookup as
        with names as (
            select lower(name) as lookup, code from reference.languages
            union
            select lower(inverted_name), code from reference.languages where inverted_name is not null
        )
        select lookup, arg_min(code, priority) as code from (
            select lower(code) as lookup, code, 1 as priority from reference.languages
            union all
            select lookup, code, 2 from (values {values}) as a(lookup, code) where lookup is not null
            union all
            select lookup, any_value(code), 3 from names group by lookup having count(distinct code) = 1
        ) group by lookup
        """
    )
