{#
    The dbt invocation that wrote a row, as the column `_invocation_id` (dbt's invocation_id)
    of the incremental models. A run writes whole partitions (month ends, loads), so on an
    incremental run the rows with this run's id are exactly the partitions it rebuilt, and the
    rows of every other partition are as an earlier run wrote and tested them.

    Usage (last column of the model's select): {{ invocation_id_column() }}
#}
{% macro invocation_id_column() -%}
    cast('{{ invocation_id }}' as {{ type_varchar() }}) as _invocation_id
{%- endmacro %}


{#
    dbt's get_where_subquery (the `where` config of a data test), with one placeholder:
    `__rows_built_this_run__` becomes "_invocation_id = '<this run's invocation_id>'". A test
    whose failures can only lie in the partitions a run rebuilt (a key that holds the partition
    column, a condition on each row) sets `where: __rows_built_this_run__` and so reads only
    those rows on an incremental run; on a full build every row has this run's id and the test
    reads the whole table. The id is put in when the test runs: the `where` config itself is
    rendered when dbt parses, and a partial parse keeps it from an earlier invocation.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set where = where | replace(
            '__rows_built_this_run__', "_invocation_id = '" ~ invocation_id ~ "'"
        ) -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
