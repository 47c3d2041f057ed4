{#
    Parsing landed text into contract types. `parse_contract_value` picks the parser for a
    contract type; each parser is adapter-dispatched (duckdb__ uses try_cast / try_strptime /
    timezone(); default__ is a regex-guarded standard cast, enough for PostgreSQL except
    timezone handling, see default__parse_timestamp). Every parser takes an expression that
    is already trimmed with '' turned into null and returns null when the text does not parse,
    so "present but null after parsing" means invalid_type.
#}

{% macro contract_types() -%}
    {{ return(['text', 'integer', 'decimal', 'date', 'timestamp', 'month']) }}
{%- endmacro %}


{% macro parse_contract_value(expression, contract_type) -%}
    {%- if contract_type == 'text' -%}
        {{ expression }}
    {%- elif contract_type == 'integer' -%}
        {{ parse_integer(expression) }}
    {%- elif contract_type == 'decimal' -%}
        {{ parse_decimal(expression) }}
    {%- elif contract_type == 'date' -%}
        {{ parse_date(expression) }}
    {%- elif contract_type == 'timestamp' -%}
        {{ parse_timestamp(expression) }}
    {%- elif contract_type == 'month' -%}
        {{ parse_month(expression) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            'parse_contract_value: unknown contract_type ' ~ contract_type
            ~ ' (expected one of ' ~ contract_types() | join(', ') ~ ')'
        ) }}
    {%- endif -%}
{%- endmacro %}


{# The SQL type a contract type is staged as (money needs exact decimals). #}
{% macro contract_sql_type(contract_type) -%}
    {%- if contract_type == 'integer' -%} {{ api.Column.translate_type('bigint') }}
    {%- elif contract_type == 'decimal' -%} {{ contract_decimal_type() }}
    {%- elif contract_type in ('date', 'month') -%} date
    {%- elif contract_type == 'timestamp' -%} {{ api.Column.translate_type('timestamp') }}
    {%- else -%} {{ api.Column.translate_type('string') }}
    {%- endif -%}
{%- endmacro %}


{% macro contract_decimal_type() -%}
    {{ return(adapter.dispatch('contract_decimal_type', 'cx_warehouse')()) }}
{%- endmacro %}

{% macro default__contract_decimal_type() -%}
    numeric(38, 4)
{%- endmacro %}

{% macro duckdb__contract_decimal_type() -%}
    decimal(38, 4)
{%- endmacro %}


{# Trim whitespace (also tab, CR/LF, no-break and ideographic spaces) and turn '' into null. #}
{% macro trim_to_null(expression) -%}
    {{ return(adapter.dispatch('trim_to_null', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__trim_to_null(expression) -%}
    nullif(trim({{ expression }}), '')
{%- endmacro %}

{#- DuckDB: a trim with a set of characters costs three to four times a plain read of the column
    (4.1 s against 1.2 s for 33.9M transaction ids), so it runs only on a value whose first or
    last character is one it removes (ascii() and right() read code points; the same set as the
    trim's). Every other value is kept as it is; '' becomes null. -#}
{% macro duckdb__trim_to_null(expression) -%}
    case
        when {{ expression }} = '' then null
        when ascii({{ expression }}) in (32, 9, 10, 13, 160, 12288)
            or ascii(right({{ expression }}, 1)) in (32, 9, 10, 13, 160, 12288)
            then nullif(trim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288)), '')
        else {{ expression }}
    end
{%- endmacro %}

{#- Spark: chr(n) is chr(n % 256) past 255, so the ideographic space (U+3000) is spelt from its
    UTF-8 bytes. -#}
{% macro spark__trim_to_null(expression) -%}
    nullif(trim(both concat(' ', chr(9), chr(10), chr(13), chr(160), decode(unhex('E38080'), 'UTF-8')) from {{ expression }}), '')
{%- endmacro %}


{# Whole-string regular-expression match. #}
{% macro regex_full_match(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_full_match', 'cx_warehouse')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regex_full_match(expression, pattern) -%}
    ({{ expression }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}

{% macro duckdb__regex_full_match(expression, pattern) -%}
    regexp_full_match({{ expression }}, '{{ pattern }}')
{%- endmacro %}

{# Spark string literals read backslash escapes: double them so the regex sees '\.' as is. #}
{% macro spark__regex_full_match(expression, pattern) -%}
    ({{ expression }} rlike '^(?:{{ pattern | replace("\\", "\\\\") }})$')
{%- endmacro %}


{#- Patterns shared by the parsers. Fractional seconds up to microseconds. -#}
{% macro _integer_pattern() %}[+-]?[0-9]+(\.0+)?{% endmacro %}
{% macro _decimal_pattern() %}[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+){% endmacro %}
{% macro _date_pattern() %}[0-9]{4}-[0-9]{2}-[0-9]{2}{% endmacro %}
{% macro _month_pattern() %}[0-9]{4}-[0-9]{2}{% endmacro %}
{% macro _local_timestamp_pattern() %}[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?{% endmacro %}
{% macro _offset_pattern() %}([Zz]|[+-][0-9]{2}(:?[0-9]{2})?){% endmacro %}


{% macro parse_integer(expression) -%}
    {{ return(adapter.dispatch('parse_integer', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__parse_integer(expression) -%}
    case
        when {{ regex_full_match(expression, _integer_pattern()) }}
            then cast(cast({{ expression }} as {{ contract_decimal_type() }}) as {{ api.Column.translate_type('bigint') }})
    end
{%- endmacro %}

{% macro duckdb__parse_integer(expression) -%}
    case
        when {{ regex_full_match(expression, _integer_pattern()) }}
            then try_cast({{ expression }} as bigint)
    end
{%- endmacro %}


{# Spark (not ANSI): a cast of text out of the bigint range is null, '12.0' is 12. #}
{% macro spark__parse_integer(expression) -%}
    case
        when {{ regex_full_match(expression, _integer_pattern()) }}
            then cast({{ expression }} as bigint)
    end
{%- endmacro %}


{% macro parse_decimal(expression) -%}
    {{ return(adapter.dispatch('parse_decimal', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__parse_decimal(expression) -%}
    case
        when {{ regex_full_match(expression, _decimal_pattern()) }}
            then cast({{ expression }} as {{ contract_decimal_type() }})
    end
{%- endmacro %}

{% macro duckdb__parse_decimal(expression) -%}
    case
        when {{ regex_full_match(expression, _decimal_pattern()) }}
            then try_cast({{ expression }} as {{ contract_decimal_type() }})
    end
{%- endmacro %}


{% macro parse_date(expression) -%}
    {{ return(adapter.dispatch('parse_date', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__parse_date(expression) -%}
    case
        when {{ regex_full_match(expression, _date_pattern()) }}
            then cast({{ expression }} as date)
    end
{%- endmacro %}

{% macro duckdb__parse_date(expression) -%}
    case
        when {{ regex_full_match(expression, _date_pattern()) }}
            then cast(try_strptime({{ expression }}, '%Y-%m-%d') as date)
    end
{%- endmacro %}


{# YYYY-MM becomes the first day of that month. #}
{% macro parse_month(expression) -%}
    {{ return(adapter.dispatch('parse_month', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__parse_month(expression) -%}
    case
        when {{ regex_full_match(expression, _month_pattern()) }}
            then cast({{ dbt.concat([expression, "'-01'"]) }} as date)
    end
{%- endmacro %}

{% macro duckdb__parse_month(expression) -%}
    case
        when {{ regex_full_match(expression, _month_pattern()) }}
            then cast(try_strptime({{ expression }} || '-01', '%Y-%m-%d') as date)
    end
{%- endmacro %}


{#
    ISO 8601 timestamp ('T' or space, optional seconds and fractional seconds, optional offset
    '+08:00', '+0800', '+08' or 'Z'). Without an offset the text is local time in
    var('warehouse_timezone') and is kept as is; with an offset it is converted to that zone.
    The result is always a naive local timestamp.
#}
{% macro parse_timestamp(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'cx_warehouse')(expression)) }}
{%- endmacro %}

{# PostgreSQL semantics (timestamptz, AT TIME ZONE); Spark will need a spark__ version. #}
{% macro default__parse_timestamp(expression) -%}
    case
        when {{ regex_full_match(expression, _local_timestamp_pattern()) }}
            then cast(replace({{ expression }}, 'T', ' ') as timestamp)
        when {{ regex_full_match(expression, _local_timestamp_pattern() ~ _offset_pattern()) }}
            then cast(replace({{ expression }}, 'T', ' ') as timestamp with time zone)
                at time zone '{{ var("warehouse_timezone") }}'
    end
{%- endmacro %}

{% macro duckdb__parse_timestamp(expression) -%}
    case
        when {{ regex_full_match(expression, _local_timestamp_pattern()) }}
            then try_cast(replace({{ expression }}, 'T', ' ') as timestamp)
        when {{ regex_full_match(expression, _local_timestamp_pattern() ~ _offset_pattern()) }}
            then timezone(
                '{{ var("warehouse_timezone") }}',
                try_cast(replace({{ expression }}, 'T', ' ') as timestamptz)
            )
    end
{%- endmacro %}

{#
    Spark: a cast of text to timestamp reads an offset ('+08:00', '+0800', '+08', 'Z') but
    needs the seconds when an offset follows; with the session time zone UTC
    (orchestration/spark_session.py) a timestamp without offset is kept as is, one with an
    offset is an instant that from_utc_timestamp turns into local time of the warehouse zone.
    '24:00[:00]' is the next midnight, as DuckDB reads it; an invalid date or clock is null.
#}
{% macro spark__parse_timestamp(expression) -%}
    {%- set text = "upper(regexp_replace(replace(" ~ expression ~ ", 'T', ' '), '^(.{16})(?!:)', '$1:00'))" -%}
    {%- set next_midnight = "regexp_replace(" ~ text ~ ", '^.{10} 24:00:00(\\\\.0+)?', concat(cast(date_add(cast(substr(" ~ expression ~ ", 1, 10) as date), 1) as string), ' 00:00:00'))" -%}
    {%- set local_text = "case when " ~ text ~ " rlike '^.{10} 24:00:00(\\\\.0+)?($|[Z+-])' then " ~ next_midnight ~ " else " ~ text ~ " end" -%}
    case
        when {{ regex_full_match(expression, _local_timestamp_pattern()) }}
            then cast({{ local_text }} as timestamp)
        when {{ regex_full_match(expression, _local_timestamp_pattern() ~ _offset_pattern()) }}
            then from_utc_timestamp(cast({{ local_text }} as timestamp), '{{ var("warehouse_timezone") }}')
    end
{%- endmacro %}


{#
    PostgreSQL has no try_cast: a cast of text that matches the pattern but is no real value
    ('2020-02-30', '25:00') raises instead of returning null. The postgres__ parsers check the
    calendar and clock fields first (CASE keeps the cast from running on a bad value) and cast
    only then. Differences from DuckDB, at the edges only: year 0000 and offsets beyond +-15:59
    are invalid here (DuckDB reads year 0 as 1 BC and offsets up to +-99 hours).
#}
{% macro _postgres_text_field(expression, start, length) -%}
    cast(substr({{ expression }}, {{ start }}, {{ length }}) as integer)
{%- endmacro %}

{# Whether the text that starts with YYYY-MM-DD names a day of the calendar (year 1 or later). #}
{% macro _postgres_is_calendar_date(expression) -%}
    {%- set year = _postgres_text_field(expression, 1, 4) -%}
    {%- set month = _postgres_text_field(expression, 6, 2) -%}
    {%- set day = _postgres_text_field(expression, 9, 2) -%}
    (
        {{ year }} >= 1
        and {{ month }} between 1 and 12
        and {{ day }} between 1 and case
            when {{ month }} = 2
                then case
                    when mod({{ year }}, 4) = 0 and (mod({{ year }}, 100) <> 0 or mod({{ year }}, 400) = 0)
                        then 29
                    else 28
                end
            when {{ month }} in (4, 6, 9, 11) then 30
            else 31
        end
    )
{%- endmacro %}

{#
    Whether the clock of a text that starts with YYYY-MM-DD[T ]HH:MM[:SS] is valid: hours 0-23
    (or 24:00:00 exactly, the next midnight, as both engines read it), minutes and seconds 0-59,
    and an offset, if any, of at most 15:59.
#}
{% macro _postgres_is_clock_time(expression) -%}
    {%- set hour = _postgres_text_field(expression, 12, 2) -%}
    {%- set minute = _postgres_text_field(expression, 15, 2) -%}
    {%- set second = "coalesce(cast(substring(" ~ expression ~ " from '^.{16}:([0-9]{2})') as integer), 0)" -%}
    {%- set fraction = "coalesce(cast(substring(" ~ expression ~ " from '^.{19}\\.([0-9]+)') as integer), 0)" -%}
    {%- set offset_hour = "coalesce(cast(substring(" ~ expression ~ " from '[+-]([0-9]{2}):?[0-9]{0,2}$') as integer), 0)" -%}
    {%- set offset_minute = "coalesce(cast(substring(" ~ expression ~ " from '[+-][0-9]{2}:?([0-9]{2})$') as integer), 0)" -%}
    (
        ({{ hour }} between 0 and 23 or ({{ hour }} = 24 and {{ minute }} = 0 and {{ second }} = 0 and {{ fraction }} = 0))
        and {{ minute }} between 0 and 59
        and {{ second }} between 0 and 59
        and {{ offset_hour }} <= 15
        and {{ offset_minute }} <= 59
    )
{%- endmacro %}

{% macro postgres__parse_integer(expression) -%}
    case
        when {{ regex_full_match(expression, _integer_pattern()) }}
            then case
                when cast({{ expression }} as numeric) between -9223372036854775808 and 9223372036854775807
                    then cast(cast({{ expression }} as numeric) as bigint)
            end
    end
{%- endmacro %}

{% macro postgres__parse_decimal(expression) -%}
    case
        when {{ regex_full_match(expression, _decimal_pattern()) }}
            then case
                when abs(cast({{ expression }} as numeric)) < 1e34
                    then cast({{ expression }} as {{ contract_decimal_type() }})
            end
    end
{%- endmacro %}

{% macro postgres__parse_date(expression) -%}
    case
        when {{ regex_full_match(expression, _date_pattern()) }}
            then case
                when {{ _postgres_is_calendar_date(expression) }}
                    then cast({{ expression }} as date)
            end
    end
{%- endmacro %}

{% macro postgres__parse_month(expression) -%}
    case
        when {{ regex_full_match(expression, _month_pattern()) }}
            then case
                when {{ _postgres_is_calendar_date(dbt.concat([expression, "'-01'"])) }}
                    then cast({{ dbt.concat([expression, "'-01'"]) }} as date)
            end
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(expression) -%}
    case
        when {{ regex_full_match(expression, _local_timestamp_pattern()) }}
            then case
                when {{ _postgres_is_calendar_date(expression) }} and {{ _postgres_is_clock_time(expression) }}
                    then cast(replace({{ expression }}, 'T', ' ') as timestamp)
            end
        when {{ regex_full_match(expression, _local_timestamp_pattern() ~ _offset_pattern()) }}
            then case
                when {{ _postgres_is_calendar_date(expression) }} and {{ _postgres_is_clock_time(expression) }}
                    then cast(replace({{ expression }}, 'T', ' ') as timestamp with time zone)
                        at time zone '{{ var("warehouse_timezone") }}'
            end
    end
{%- endmacro %}

{% macro postgres__trim_to_null(expression) -%}
    nullif(btrim({{ expression }}, ' ' || chr(9) || chr(10) || chr(13) || chr(160) || chr(12288)), '')
{%- endmacro %}
