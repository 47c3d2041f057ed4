{#
    Aggregate: interpolated percentile of a decimal expression with `scale` decimals, as the
    engines agree on it to the last decimal. DuckDB interpolates a decimal's scaled integers
    in double precision and drops the digits past the scale (rounds down); PostgreSQL's
    percentile_cont works on doubles only, so the postgres__ version interpolates the scaled
    values the same way and rounds down likewise. Cast the result to the column's type.

    Usage: cast({{ percentile_continuous_decimal('days_to_resolve', 0.5) }} as {{ dbt.type_numeric() }})
#}
{% macro percentile_continuous_decimal(expr, fraction, scale=6) -%}
    {{ return(adapter.dispatch('percentile_continuous_decimal', 'cx_warehouse')(expr, fraction, scale)) }}
{%- endmacro %}

{% macro default__percentile_continuous_decimal(expr, fraction, scale=6) -%}
    {{ percentile_continuous(expr, fraction) }}
{%- endmacro %}

{% macro postgres__percentile_continuous_decimal(expr, fraction, scale=6) -%}
    (
        cast(
            floor(
                percentile_cont({{ fraction }}) within group (
                    order by cast({{ expr }} * 1e{{ scale }} as {{ type_double() }})
                )
            ) as numeric
        ) / 1e{{ scale }}
    )
{%- endmacro %}

{#
    Spark: percentile interpolates doubles; as on PostgreSQL, interpolate the scaled values
    and round down, then divide by an integer power of ten (exact in decimal arithmetic).
#}
{% macro spark__percentile_continuous_decimal(expr, fraction, scale=6) -%}
    (
        cast(
            floor(percentile(cast({{ expr }} * {{ 10 ** scale }} as double), {{ fraction }}))
            as decimal(38, 0)
        ) / {{ 10 ** scale }}
    )
{%- endmacro %}
