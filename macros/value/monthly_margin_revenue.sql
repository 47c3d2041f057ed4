{#
    Monthly net interest revenue of a balance (SPEC section 2): balance x annual margin / 12,
    as a double. A missing balance earns nothing (0, not null), so a customer without a
    snapshot in the month still has a revenue.

    Usage: {{ monthly_margin_revenue('deposit_balance', var('deposit_margin_annual', 0.02)) }}
#}
{% macro monthly_margin_revenue(balance, annual_margin) -%}
    cast(coalesce({{ balance }}, 0) as {{ type_double() }}) * {{ annual_margin }} / 12.0
{%- endmacro %}
