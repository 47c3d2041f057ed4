{#
    Business-time arithmetic on top of int_business_hours_daily (one row per branch profile and
    calendar date with the day's opening interval and the business seconds accumulated before
    that day). With

        cum(t) = cumulative_open_seconds_before(date(t))
                 + clamp(seconds_since_midnight(t) - opens_at_second, 0, open_seconds)

    the business time between two timestamps is cum(end) - cum(start): O(1) per pair, two
    equality joins to the daily model, no exploding of day ranges. Closed days have
    open_seconds = 0, so a timestamp on a weekend or holiday counts as the end of the last
    open day; before opening it counts as the start of the day, after closing as its end.
#}

{#
    Business seconds from the start of the calendar to timestamp `ts`, given the columns of the
    int_business_hours_daily row of date(ts) for the right branch profile (day_alias.*).
    Null when the day row is missing (date outside business_calendar).
#}
{% macro business_seconds_at(ts, day_alias) -%}
    (
        {{ day_alias }}.cumulative_open_seconds_before
        + least(
            greatest(
                {{ seconds_since_midnight(ts) }} - coalesce({{ day_alias }}.opens_at_second, 0),
                0
            ),
            {{ day_alias }}.open_seconds
        )
    )
{%- endmacro %}

{#
    Business seconds between two points already converted with business_seconds_at.
    Null when either is null; null (not negative) when the end is before the start (bad data).
#}
{% macro business_seconds_diff(start_business_second, end_business_second) -%}
    case
        when {{ end_business_second }} >= {{ start_business_second }}
            then {{ end_business_second }} - {{ start_business_second }}
    end
{%- endmacro %}

{#
    Business hours between two timestamps, given the int_business_hours_daily rows joined for
    the date of each (same branch profile). Null when either timestamp or day row is missing or
    when end_ts < start_ts.
        {{ business_hours_between('c.received_at', 'c.acknowledged_at', 'rd', 'ad') }}
#}
{% macro business_hours_between(start_ts, end_ts, start_day_alias, end_day_alias) -%}
    (
        {{ business_seconds_diff(
            business_seconds_at(start_ts, start_day_alias),
            business_seconds_at(end_ts, end_day_alias)
        ) }}
    ) / 3600.0
{%- endmacro %}

{#
    The timestamp at which `target_business_second` (a cum() value) is reached, given the
    int_business_hours_daily row of the open day whose interval contains it (joined with
    cumulative_open_seconds_before < target <= cumulative_open_seconds_before + open_seconds).
#}
{% macro business_second_to_timestamp(target_business_second, day_alias) -%}
    {{ dbt.dateadd(
        'second',
        'cast(' ~ day_alias ~ '.opens_at_second + ' ~ target_business_second ~ ' - '
            ~ day_alias ~ '.cumulative_open_seconds_before as ' ~ dbt.type_int() ~ ')',
        'cast(' ~ day_alias ~ '.date_day as ' ~ dbt.type_timestamp() ~ ')'
    ) }}
{%- endmacro %}
