{#
    Incremental month filter of the loyalty models: on an incremental run, keep the month ends
    after the last stored one, plus the last var activity_restate_months stored ones (rows that
    arrive late are picked up); on a full build, `true`.

    Usage: where {{ incremental_month_filter('month_end_date') }}
#}
{% macro incremental_month_filter(month_end_column) -%}
    {%- if is_incremental() -%}
        {{ month_end_column }} > (
            select
                cast(
                    {{ dbt.dateadd(
                        'month', -1 * var('activity_restate_months', 1), 'max(month_end_date)'
                    ) }} as date
                )
            from {{ this }}
        )
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
