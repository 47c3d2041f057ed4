{#
    Incremental month filter of the monthly models (loyalty, customer value): on an incremental
    run, keep the months after the last stored one, plus the last var activity_restate_months
    stored ones (rows that arrive late are picked up); on a full build, `true`.
    `stored_column` is the month column of the model's own table ({{ this }}); `lookback_months`
    moves the lower bound that many months further back, for an input a rebuilt month reads
    history from (a trailing 12-month sum reads the 11 months before it).

    Usage: where {{ incremental_month_filter('month_end_date') }}
           where {{ incremental_month_filter('month_start', 'month_start', lookback_months=11) }}
#}
{% macro incremental_month_filter(month_column, stored_column='month_end_date', lookback_months=0) -%}
    {%- if is_incremental() -%}
        {{ month_column }} > (
            select
                cast(
                    {{ dbt.dateadd(
                        'month',
                        -1 * (var('activity_restate_months', 1) + lookback_months),
                        'max(' ~ stored_column ~ ')'
                    ) }} as date
                )
            from {{ this }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
