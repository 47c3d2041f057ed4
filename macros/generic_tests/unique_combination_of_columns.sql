{#
    Generic test: no two rows share the same values in `combination_of_columns`
    (the composite-key test dbt_utils would give us; no hub packages in this project).

    data_tests:
      - unique_combination_of_columns:
          arguments:
            combination_of_columns: [customer_id, month]
#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

    {%- set columns_csv = combination_of_columns | join(', ') %}

    with

    grouped as (
        select
            {{ columns_csv }},
            count(*) as n_records
        from {{ model }}
        group by {{ columns_csv }}
    )

    select * from grouped
    where n_records > 1

{% endtest %}
