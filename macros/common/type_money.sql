{#
    The type of money amounts computed in the warehouse (revenue, cost, profit): an exact
    decimal with 6 places. Sums of doubles depend on the order rows are added in and differ in
    the last bits between builds; sums of decimals do not.
#}
{% macro type_money() -%}
    decimal(38, 6)
{%- endmacro %}
