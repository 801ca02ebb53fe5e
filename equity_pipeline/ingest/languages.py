"""The language reference (ISO 639-3 and 639-5, from pycountry) and the lookup the contract's language columns use."""

from __future__ import annotations

import duckdb
import pandas as pd
import pycountry

from equity_pipeline.ingest.manifest import ensure_audit_schema


def build_language_reference(con: duckdb.DuckDBPyConnection) -> int:
    """Write `reference.languages`: ISO 639-3 plus ISO 639-5 collectives (such as `ypk`), from pycountry."""
    ensure_audit_schema(con)
    rows = [(lang.alpha_3, lang.name, getattr(lang, "inverted_name", None)) for lang in pycountry.languages]
    rows += [(fam.alpha_3, fam.name, None) for fam in pycountry.language_families]
    languages = pd.DataFrame(rows, columns=["code", "name", "inverted_name"]).drop_duplicates("code")
    con.register("_languages_frame", languages)
    con.execute(
        """
        create or replace table reference.languages as
        select code::varchar as code, name::varchar as name, inverted_name::varchar as inverted_name
        from _languages_frame order by code
        """
    )
    con.unregister("_languages_frame")
    return len(languages)


def ensure_language_lookup(con: duckdb.DuckDBPyConnection, aliases: dict[str, str]) -> None:
    """Temp table `_language_lookup(lookup, code)`: codes, the contract's aliases, then English names.

    A name two codes share is ambiguous and left out; codes always resolve.
    """
    ((exists,),) = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'reference' and table_name = 'languages'"
    ).fetchall()
    if not exists:
        build_language_reference(con)
    alias_frame = pd.DataFrame(list(aliases.items()), columns=["lookup", "code"], dtype="string")
    con.register("_aliases_frame", alias_frame)
    con.execute("create or replace temp table _language_aliases as select lookup, code from _aliases_frame")
    con.unregister("_aliases_frame")
    con.execute(
        """
        create or replace temp table _language_lookup as
        with
        names as (
            select lower(name) as lookup, code from reference.languages
            union
            select lower(inverted_name), code from reference.languages where inverted_name is not null
        ),

        unambiguous_names as (
            select lookup, any_value(code) as code from names group by lookup having count(distinct code) = 1
        ),

        candidates as (
            select lower(code) as lookup, code, 1 as priority from reference.languages
            union all
            select lookup, code, 2 from _language_aliases
            union all
            select lookup, code, 3 from unambiguous_names
        )

        select lookup, arg_min(code, priority) as code from candidates group by lookup
        """
    )
