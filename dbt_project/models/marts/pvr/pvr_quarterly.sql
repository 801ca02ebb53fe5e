with

quarterly as (
    select * from {{ ref('int_pvr__quarterly_values') }}
),

definitions as (
    select * from {{ ref('measure_definitions') }}
),

final as (
    select
        quarterly.series_id,
        definitions.series_name,
        definitions.measure_id,
        definitions.unit,
        quarterly.fiscal_year,
        quarterly.fiscal_quarter,
        quarterly.quarter_start_date,
        quarterly.quarter_end_date,
        -- declared precision: 4 decimals (counts are whole, dollars whole cents)
        {{ published_round('quarterly.value', 4) }} as value,
        quarterly.is_complete
    from quarterly
    inner join definitions on quarterly.series_id = definitions.series_id
)

select * from final
