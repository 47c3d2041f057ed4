-- PII (customers.full_name, customers.phone) stays in raw and staging. Fails when any relation
-- in the marts or data_quality schemas exposes a column with one of those names.
-- Runs after the marts that hold customer data (dbt orders it by these references):
-- depends_on: {{ ref('dim_customers') }}
-- depends_on: {{ ref('fct_transactions') }}
-- depends_on: {{ ref('dq_rejected_rows') }}

with

columns as (
    select
        table_schema,
        table_name,
        column_name
    from information_schema.columns
),

final as (
    select
        table_schema,
        table_name,
        column_name
    from columns
    where
        lower(table_schema) in ('marts', 'data_quality')
        and lower(column_name) in ('full_name', 'phone')
)

select * from final
