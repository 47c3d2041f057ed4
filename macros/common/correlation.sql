{#
    Aggregate: Pearson correlation of two numeric expressions over the rows where both are
    present, as a double. Null when fewer than two such rows or when either side has zero
    variance (DuckDB's corr returns NaN there, which BI tools would read as a number). Rounded
    to 12 decimals: the last bits of a floating-point correlation depend on the order rows are
    aggregated in, and a mart must not change between two builds of the same data.

    Usage: {{ correlation('perception', 'csat_score') }} as importance
#}
{% macro correlation(x, y) -%}
    {%- set x_paired = 'case when ' ~ y ~ ' is not null then ' ~ x ~ ' end' -%}
    {%- set y_paired = 'case when ' ~ x ~ ' is not null then ' ~ y ~ ' end' -%}
    cast(
        cast(
            case
                when
                    count({{ x_paired }}) > 1
                    and var_pop({{ x_paired }}) > 0
                    and var_pop({{ y_paired }}) > 0
                    then {{ adapter.dispatch('pearson_correlation', 'cx_warehouse')(x, y) }}
            end as decimal(18, 12)
        ) as {{ type_double() }}
    )
{%- endmacro %}

{# PostgreSQL, DuckDB (and the SQL standard): corr(y, x), symmetric. #}
{% macro default__pearson_correlation(x, y) -%}
    corr({{ y }}, {{ x }})
{%- endmacro %}

{% macro spark__pearson_correlation(x, y) -%}
    corr({{ x }}, {{ y }})
{%- endmacro %}
