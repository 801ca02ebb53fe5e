{#-
    Complementary small-cell suppression (measures.md, "Privacy of published figures"): one rule
    for every breakdown of a published total by cells of people.

    relation      a relation (or CTE) with one row per cell of a breakdown
    partition_by  the columns naming one breakdown, whose cells add up to its total row (['month'])
    cell_key      the column that orders cells with equal counts, so the choice is reproducible
    people        the column counting the distinct people behind a cell
    is_primary    a SQL condition: the cell is hidden on its own (1 to threshold people, ...)

    Adds two columns:
    suppressed        the cell is hidden: on its own, or as the complement of the breakdown's only
                      primary cell. The complement is the unhidden cell with the fewest people
                      *above zero*: hiding a cell of 0 hides nothing, since the total minus the
                      published cells would still give the primary cell away.
    total_suppressed  the breakdown's total row must hide its figures: exactly one cell is hidden
                      on its own and no other cell has people to hide with it.

    Every mart that publishes counts of people goes through it: wc_claims_monthly and the board
    representation call it directly (one count per cell); workforce_disparity (several counts per
    cell) through multi_count_suppression and workforce_representation (cells adding up along
    rows and columns) through two_way_suppression, both built on suppression_pass below. A cell
    is hidden on its own by `is_small_cell` (never a literal threshold); the mart then nulls the
    counts of hidden cells and everything derived from them:

        cells as (
            select *, {{ is_small_cell('members') }} as is_small_cell
            from by_board_and_category
        ),
        suppressed_cells as (
            {{ complementary_suppression('cells', ['fiscal_year', 'board_id'], 'category', 'members', 'is_small_cell') }}
        )

    Workers' compensation also limits the rule to small departments: its is_primary adds
    `employees_at_month_end < small_department_employees()`.
-#}
{#- The published threshold (EQUITY_SMALL_CELL_THRESHOLD, passed as a dbt var). -#}
{% macro small_cell_threshold() -%}
    {{ var('small_cell_threshold') | int }}
{%- endmacro %}

{#- A cell hidden on its own: 1 to threshold people (a cell of 0 reveals no one). -#}
{% macro is_small_cell(people) -%}
    ({{ people }} between 1 and {{ small_cell_threshold() }})
{%- endmacro %}

{% macro complementary_suppression(relation, partition_by, cell_key, people, is_primary) -%}
    {%- set partition = partition_by | join(', ') -%}
    select
        ranked.* exclude (
            _suppression_primary, _suppression_candidate, _suppression_primaries, _suppression_candidates,
            _suppression_rank
        ),
        ranked._suppression_primary
        or (ranked._suppression_primaries = 1 and ranked._suppression_candidate and ranked._suppression_rank = 1)
            as suppressed,
        ranked._suppression_primaries = 1 and ranked._suppression_candidates = 0 as total_suppressed
    from (
        select
            flagged.*,
            count(*) filter (where flagged._suppression_primary) over (partition by {{ partition }})
                as _suppression_primaries,
            count(*) filter (where flagged._suppression_candidate) over (partition by {{ partition }})
                as _suppression_candidates,
            row_number() over (
                partition by {{ partition }}, flagged._suppression_candidate
                order by flagged.{{ people }}, flagged.{{ cell_key }}
            ) as _suppression_rank
        from (
            select
                *,
                coalesce({{ is_primary }}, false) as _suppression_primary,
                not coalesce({{ is_primary }}, false) and coalesce({{ people }} > 0, false) as _suppression_candidate
            from {{ relation }}
        ) as flagged
    ) as ranked
{%- endmacro %}

{#-
    One pass of the rule over one count column of cells that may already be hidden (`_hidden`): a
    breakdown whose only hidden cell *above zero* in this column is exposed to subtraction hides
    its next smallest cell above zero too, or, with none left, the whole breakdown. (A hidden cell
    of 0 adds no uncertainty, as the complementary rule says.) Keeps `_hidden` for the next pass.
-#}
{% macro suppression_pass(relation, partition_by, cell_key, people) -%}
    select
        passed.* exclude (_hidden, suppressed, total_suppressed),
        passed._hidden or passed.suppressed
        or bool_or(passed.total_suppressed) over (partition by {{ partition_by | join(', ') }}) as _hidden
    from (
        {{ complementary_suppression(relation, partition_by, cell_key, people, '_hidden and ' ~ people ~ ' > 0') }}
    ) as passed
{%- endmacro %}

{#-
    The passes both callers below run: cells hidden on their own (`is_primary`), then `rounds`
    times each pass in `passes` (partition_by, cell_key, people: one suppression_pass), the hidden
    flag named `hidden_as`. A gate checks the result (exposed_hidden_cell), so too few rounds can
    only block the publish, never leak.
-#}
{% macro suppression_passes(relation, is_primary, passes, rounds, hidden_as) -%}
    select * from (
        with
        pass_0 as materialized (
            select *, coalesce({{ is_primary }}, false) as _hidden from {{ relation }}
        ),
    {%- for i in range(rounds) %}
        {%- set outer = loop %}
        {%- for partition_by, cell_key, people in passes %}
            {%- set n = i * (passes | length) + loop.index %}
        pass_{{ n }} as (
            {{ suppression_pass('pass_' ~ (n - 1), partition_by, cell_key, people) }}
        ){{ "," if not (loop.last and outer.last) }}
        {%- endfor %}
    {%- endfor %}
        select * exclude (_hidden), _hidden as {{ hidden_as }} from pass_{{ rounds * (passes | length) }}
    ) as passed_all
{%- endmacro %}

{#-
    Cells with several counts of people (workforce_disparity: per group, each decision's eligible,
    selected and not selected, and the differences between decisions), each count adding up to
    its own total over the breakdown. A cell with any count of 1 to threshold (or `is_primary`) is
    hidden whole; then `rounds` times one pass per count column, so that no column leaves a hidden
    cell above zero alone. Adds `suppressed`.
-#}
{% macro multi_count_suppression(relation, partition_by, cell_key, counts, is_primary='false', rounds=3) -%}
    {%- set small = [] -%}
    {%- set passes = [] -%}
    {%- for count in counts -%}
        {%- do small.append(is_small_cell(count)) -%}
        {%- do passes.append((partition_by, cell_key, count)) -%}
    {%- endfor -%}
    {{ suppression_passes(relation, small | join(' or ') ~ ' or ' ~ is_primary, passes, rounds, 'suppressed') }}
{%- endmacro %}

{#-
    Two-way complementary suppression, for a table whose cells add up along rows AND columns
    (workforce_representation: groups within a category, and categories within the ALL cell).
    `people` is the count; a cell of 1 to threshold is hidden on its own. Then, `rounds` times, a
    pass over the rows (row_partition) and one over the columns (column_partition, whose cells
    include the total cell: hiding one of them alone would leave it recoverable from the others).
    Adds `<people>_suppressed`.
-#}
{% macro two_way_suppression(relation, people, row_partition, row_key, column_partition, column_key, rounds=6) -%}
    {{ suppression_passes(
        relation, is_small_cell(people),
        [(row_partition, row_key, people), (column_partition, column_key, people)], rounds, people ~ '_suppressed'
    ) }}
{%- endmacro %}

{#-
    For gates, an aggregate over one breakdown: a hidden count can be recovered by subtraction.
    True when exactly one hidden cell is above zero (a hidden 0 adds no uncertainty) and something
    in the breakdown is published (a breakdown hidden whole gives nothing to subtract from). Any
    size counts: a recovered complement can unwind the cells it protected, through other totals.
-#}
{% macro exposed_hidden_cell(hidden, people) -%}
    (
        count(*) filter (where {{ hidden }} and {{ people }} > 0) = 1
        and not bool_and({{ hidden }})
    )
{%- endmacro %}
