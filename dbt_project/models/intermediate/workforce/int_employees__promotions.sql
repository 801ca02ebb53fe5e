-- Every promotion date any export has shown for an employee: an export holds only the latest one,
-- so an earlier promotion survives only in the exports from before the next.
with

snapshots as (
    select * from {{ ref('stg_hr_workforce__employees') }}
),

final as (
    select distinct
        employee_key,
        last_promotion_date as promotion_date
    from snapshots
    where last_promotion_date is not null
)

select * from final
