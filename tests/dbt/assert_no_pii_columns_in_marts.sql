-- PII (customers.full_name, customers.phone) stays in raw and staging. Fails when any relation
-- in the marts or data_quality schemas exposes a column with one of those names.
-- Runs after the marts that hold customer data (dbt orders it by these references):
-- depends_on: {{ ref('dim_customers') }}
-- depends_on: {{ ref('fct_transactions') }}
-- depends_on: {{ ref('dq_rejected_rows') }}

with

final as (
    {{ columns_named_in_schemas(['marts', 'data_quality'], ['full_name', 'phone']) }}
)

select * from final
