-- Board members against the community as of the newest roster: board_representation_history's
-- rows of the newest roster date (the same figures and suppression).
with

history as (
    select * from {{ ref('board_representation_history') }}
),

newest as (
    select max(as_of_date) as as_of_date from history
),

final as (
    select history.*
    from history
    inner join newest on history.as_of_date = newest.as_of_date
)

select * from final
