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
    When the dbt run that wrote a row started, as the column `_written_at` (dbt's
    run_started_at, UTC) of the incremental models: the watermark a downstream monthly model
    compares with its own latest `_written_at` to find the input rows written since it was last
    built (macro first_changed_month).

    Usage (after invocation_id_column()): {{ written_at_column() }}
#}
{% macro written_at_column() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
        as _written_at
{%- endmacro %}


{#
    dbt's get_where_subquery (the `where` config of a data test), with two placeholders:
    `__rows_built_this_run__` becomes "_invocation_id = '<this run's invocation_id>'", and
    `__relation__` the relation tested.
    - A test whose failures can only lie in the partitions a run rebuilt (a key that holds the
      partition column) sets `where: __rows_built_this_run__`.
    - A key test whose duplicates may span partitions reads the rows sharing a key with a row
      the run wrote: `where: "transaction_id in (select transaction_id from __relation__ where
      __rows_built_this_run__)"`. Every duplicate of a run has a row the run wrote (the other
      rows were tested by the run that wrote them), so this finds them all.
    On an incremental `dbt build` the test reads only those rows. Where this run wrote every row
    (a full build) and the `where` is one of these two forms, which then keep every row (but
    null keys, which a key test passes anyway), the test reads the relation itself, without
    the filter; a first query (one row at most) looks for a row another run wrote. On 33.9M
    transactions the key test takes 4.1 s that way, against 8 to 11 s through
    `key in (select key ...)`, which keeps every row. When this invocation did not build the model (`dbt test`, or a build that did not
    select it) the placeholder is `true` and the test reads every row. The id is put in when
    the test runs: the `where` config itself is rendered when dbt parses, and a partial parse
    keeps it from an earlier invocation.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set built_here = flags.WHICH == 'build'
            and model.attached_node is not none
            and model.attached_node in selected_resources -%}
        {%- set this_run = "_invocation_id = '" ~ invocation_id ~ "'" if built_here else 'true' -%}
        {%- if built_here and execute and _keeps_every_row_this_run_wrote(where)
            and not _rows_of_other_runs(relation) -%}
            {%- do return(relation) -%}
        {%- endif -%}
        {%- set where = where
            | replace('__rows_built_this_run__', this_run)
            | replace('__relation__', relation | string) -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}


{#- Whether `relation` holds a row that another dbt run wrote (_invocation_id not this run's):
    a query that stops at the first such row (get_where_subquery). -#}
{% macro _rows_of_other_runs(relation) -%}
    {%- set probe -%}
        select 1 as found from {{ relation }}
        where _invocation_id is distinct from '{{ invocation_id }}'
        limit 1
    {%- endset -%}
    {%- do return(run_query(probe).rows | length > 0) -%}
{%- endmacro %}


{#- Whether a test's `where` is one of get_where_subquery's two forms: `__rows_built_this_run__`,
    or `<key> in (select <key> from __relation__ where __rows_built_this_run__)`. -#}
{% macro _keeps_every_row_this_run_wrote(where) -%}
    {%- set text = where | trim -%}
    {%- set key_form = modules.re.fullmatch(
        '(\\w+) in \\(select (\\w+) from __relation__\\s+where __rows_built_this_run__\\)',
        modules.re.sub('\\s+', ' ', text)
    ) -%}
    {%- do return(
        text == '__rows_built_this_run__'
        or (key_form is not none and key_form.group(1) == key_form.group(2))
    ) -%}
{%- endmacro %}
