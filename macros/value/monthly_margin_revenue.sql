{#
    Monthly net interest revenue of a balance (SPEC section 2): balance x annual margin / 12,
    as money (macro type_money: exact decimals, so sums are the same on every build). A missing
    balance earns nothing (0, not null), so a customer without a snapshot in the month still
    has a revenue.

    Usage: {{ monthly_margin_revenue('deposit_balance', var('deposit_margin_annual', 0.02)) }}
#}
{% macro monthly_margin_revenue(balance, annual_margin) -%}
    cast(round(coalesce({{ balance }}, 0) * {{ annual_margin }} / 12.0, 6) as {{ type_money() }})
{%- endmacro %}
