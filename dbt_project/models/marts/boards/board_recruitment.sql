-- The seats the Mayor's Office recruits for, as of the newest roster: Vacant, Holdover, or a
-- Filled term ending within 90 days. Seats only: no member id, name or demographic.
with

seats as (
    select * from {{ ref('int_board_seats__recruitment') }}
),

final as (
    select
        as_of_date,
        board_code,
        board_name,
        seat_id,
        seat_type,
        recruitment_status as status,
        term_end,
        days_vacant::bigint as days_vacant,
        days_to_term_end::bigint as days_to_term_end
    from seats
    where recruitment_status is not null
    order by board_code, seat_id
)

select * from final
