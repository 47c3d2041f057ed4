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
    built (macro first_changed_month), and a filtered data test compares with the start of the
    run in which it last passed (macro get_where_subquery).

    Usage (after invocation_id_column()): {{ written_at_column() }}
#}
{% macro written_at_column() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
        as _written_at
{%- endmacro %}


{#
    dbt's get_where_subquery (the `where` config of a data test), with three placeholders:
    - `__rows_not_yet_passed__`: the rows written since the test last passed,
      "_written_at > '<run_started_at of that run>'" (macro _last_test_pass; the on-run-end
      hooks record the passes, macros/incremental/test_passes.sql). That is the partitions
      this run rebuilt, and those of any earlier run whose test failed, errored or was skipped
      (a refresh that stopped): they are read again until the test passes on them. Every
      other row was written before a run in which the test passed, and has not changed since
      (a run writes whole partitions, and a rewritten row carries the new run's time).
    - `__relation__`: the relation tested.
    - `__earlier_failing_values__`: the values in the test's stored failures (below).
    The forms in use:
    - A key test whose duplicates can only lie in one partition (a key that holds the
      partition column): `where: __rows_not_yet_passed__`.
    - A key test whose duplicates may span partitions reads the rows sharing a key with a row
      not yet passed: `where: "transaction_id in (select transaction_id from __relation__
      where __rows_not_yet_passed__)"`. Every new duplicate has a row not yet passed, so this
      finds them all.
    - A relationships test (orphan keys, store_failures) reads the rows not yet passed and the
      rows whose key failed the test's last run: `where: "__rows_not_yet_passed__ or
      customer_id in __earlier_failing_values__"`. The placeholder becomes the list of the
      values in the test's stored failures (read when the test compiles, before the test
      replaces that table). A row that passed can only fail later if its parent key
      disappears, and parent keys never do (a parent holds every key ever landed with a valid
      row, and raw loads are never deleted), so the orphans among the rows that passed are
      exactly the earlier failures, which are tested again. With no stored failures table
      (the first run, store_failures off or a view), or more than 1,000 failing values, the
      test reads every row.
    Where this run wrote every row (a full build) and the `where` is one of these forms, which
    then keep every row (but null keys, which a key test passes anyway), the test reads the
    relation itself, without the filter; a first query (one row at most) looks for a row
    another run wrote. On 33.9M transactions the key test takes 4.1 s that way, against 8 to
    11 s through `key in (select key ...)`, which keeps every row. When this invocation did not
    build the model (`dbt test`, or a build that did not select it), or the test never passed,
    `__rows_not_yet_passed__` is `true` and the test reads every row. The placeholders are
    replaced when the test runs: the `where` config itself is rendered when dbt parses, and a
    partial parse keeps it from an earlier invocation.
#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- set built_here = flags.WHICH == 'build'
            and model.attached_node is not none
            and model.attached_node in selected_resources -%}
        {#- the rows written since the test last passed (macro _last_test_pass): every row
            when this invocation did not build the model, or the test never passed -#}
        {%- set last_pass = _last_test_pass() if built_here and execute else none -%}
        {%- set this_run = 'true' if last_pass is none
            else "_written_at > cast('" ~ last_pass ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
        {%- if '__earlier_failing_values__' in where -%}
            {%- set earlier = _earlier_failing_values() if built_here and execute else none -%}
            {%- if earlier is none -%}
                {#- nothing to go on for the rows of earlier runs: every row -#}
                {%- do return(relation) -%}
            {%- endif -%}
            {#- no failing value: `<column> in __earlier_failing_values__` is false, written so
                (DuckDB folds `... or false` and keeps the scan's filter on this run's rows) -#}
            {%- set where = modules.re.sub('[\\w."]+\\s+in\\s+__earlier_failing_values__', 'false', where)
                if earlier | length == 0
                else where | replace('__earlier_failing_values__', '(' ~ earlier | join(', ') ~ ')') -%}
        {%- endif -%}
        {%- if built_here and execute and _keeps_every_row_this_run_wrote(where)
            and not _rows_of_other_runs(relation) -%}
            {%- do return(relation) -%}
        {%- endif -%}
        {%- set where = where
            | replace('__rows_not_yet_passed__', this_run)
            | replace('__relation__', relation | string) -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}


{#- The values in the first column of this test's stored failures (the table its last run
    wrote), as a list of SQL literals (empty when there are none). None (read every row) when
    there is no such table (first run, store_failures off, failures stored as a view) or it
    holds more than 1,000 distinct values (get_where_subquery). -#}
{% macro _earlier_failing_values(max_values=1000) -%}
    {%- if not should_store_failures() -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set failures = adapter.get_relation(
        database=model.database, schema=model.schema, identifier=model.alias
    ) -%}
    {%- if failures is none or failures.type != 'table' -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(failures) -%}
    {%- set column = adapter.quote(columns[0].name) -%}
    {%- set values_sql -%}
        select distinct {{ column }} as failing_value
        from {{ failures }}
        where {{ column }} is not null
        limit {{ max_values + 1 }}
    {%- endset -%}
    {%- set values = run_query(values_sql).columns[0].values() -%}
    {%- if values | length > max_values -%}
        {%- do return(none) -%}
    {%- endif -%}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(
            value | string if value is number
            else "'" ~ (value | string | replace("'", "''")) ~ "'"
        ) -%}
    {%- endfor -%}
    {%- do return(literals) -%}
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


{#- Whether a test's `where` is one of get_where_subquery's forms that keep every row this run
    wrote: `__rows_not_yet_passed__`, `__rows_not_yet_passed__ or <anything>`, or `<key> in
    (select <key> from __relation__ where __rows_not_yet_passed__)`. -#}
{% macro _keeps_every_row_this_run_wrote(where) -%}
    {%- set text = where | trim -%}
    {%- set key_form = modules.re.fullmatch(
        '(\\w+) in \\(select (\\w+) from __relation__\\s+where __rows_not_yet_passed__\\)',
        modules.re.sub('\\s+', ' ', text)
    ) -%}
    {%- do return(
        text == '__rows_not_yet_passed__'
        or text.startswith('__rows_not_yet_passed__ or ')
        or (key_form is not none and key_form.group(1) == key_form.group(2))
    ) -%}
{%- endmacro %}
