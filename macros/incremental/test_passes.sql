{#
    The record of when each filtered data test last completed: one row per test and dbt run in
    the table <raw schema>._dbt_test_passes (test_id, invocation_id, run_started_at), appended
    by the on-run-end hooks (dbt_project.yml) for every test whose `where` uses
    `__rows_not_yet_passed__` and that passed, or warned with its failures stored. A test of a
    later build reads the rows written since then (macro get_where_subquery): those of every
    run after that pass, so rows whose test failed, errored or was skipped (a refresh that
    stopped) are read again until the test passes on them.
    Append-only, so the same statements run on DuckDB, PostgreSQL and Spark (Parquet tables
    take no delete).
#}
{% macro test_passes_relation() -%}
    {#- Spark has no database level: its target defines none -#}
    {%- do return(api.Relation.create(
        database=target.database if target.database is defined else none,
        schema=var('raw_schema', 'raw'),
        identifier='_dbt_test_passes'
    )) -%}
{%- endmacro %}


{#- on-run-end: create the record if it does not exist yet. -#}
{% macro create_test_passes_table() -%}
    {{ return(adapter.dispatch('create_test_passes_table', 'cx_warehouse')()) }}
{%- endmacro %}

{% macro default__create_test_passes_table() -%}
    create table if not exists {{ test_passes_relation() }} (
        test_id {{ type_varchar() }},
        invocation_id {{ type_varchar() }},
        run_started_at {{ dbt.type_timestamp() }}
    )
{%- endmacro %}

{% macro spark__create_test_passes_table() -%}
    create table if not exists {{ test_passes_relation() }} (
        test_id string,
        invocation_id string,
        run_started_at timestamp
    ) using parquet
{%- endmacro %}


{#- on-run-end: one row per filtered test of this run that passed (or warned, failures
    stored); empty SQL, which dbt skips, when there is none. -#}
{% macro record_test_passes(results) -%}
    {%- set rows = [] -%}
    {%- for result in results
        if result.node.resource_type == 'test'
        and '__rows_not_yet_passed__' in (result.node.config.get('where') or '')
        and (result.status == 'pass'
            or (result.status == 'warn' and result.node.config.get('store_failures'))) -%}
        {%- do rows.append(
            "(" ~ dbt.string_literal(result.node.unique_id) ~ ", "
            ~ dbt.string_literal(invocation_id) ~ ", "
            ~ "cast('" ~ run_started_at.strftime('%Y-%m-%d %H:%M:%S.%f') ~ "' as "
            ~ dbt.type_timestamp() ~ "))"
        ) -%}
    {%- endfor -%}
    {%- if rows -%}
        insert into {{ test_passes_relation() }} (test_id, invocation_id, run_started_at)
        values
        {{ rows | join(',\n        ') }}
    {%- endif -%}
{%- endmacro %}


{#- When the calling test last completed (run_started_at of that dbt run, as SQL timestamp
    text), or none: no record table yet, or no completed run of this test in it. -#}
{% macro _last_test_pass() -%}
    {%- set expected = test_passes_relation() -%}
    {%- set record = adapter.get_relation(
        database=expected.database, schema=expected.schema, identifier=expected.identifier
    ) -%}
    {%- if record is none -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set last_sql -%}
        select cast(max(run_started_at) as {{ type_varchar() }}) as last_pass
        from {{ record }}
        where test_id = {{ dbt.string_literal(model.unique_id) }}
    {%- endset -%}
    {%- do return(run_query(last_sql).columns[0].values()[0]) -%}
{%- endmacro %}
