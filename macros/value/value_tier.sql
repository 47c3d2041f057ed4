{#
    Value tier of a row ranked within its group (SPEC section 2, customer value): 'top' for the
    first top_share of the rows, 'bottom' for the last bottom_share, 'middle' otherwise.
    value_rank is 1 for the most valuable row and must be unique within the group (rank with
    row_number and a tie-breaker, so ties land deterministically); group_size is the number
    of ranked rows. A row is in the top tier when fewer than group_size x top_share rows rank
    above it (so at least one row is top whenever top_share > 0), and likewise for the bottom;
    top wins over bottom in groups too small for both.

    Usage: {{ value_tier('value_rank', 'customers_in_month', var('value_top_share', 0.2),
                          var('value_bottom_share', 0.2)) }} as value_tier
#}
{% macro value_tier(value_rank, group_size, top_share, bottom_share) -%}
    case
        when {{ value_rank }} - 1 < {{ group_size }} * {{ top_share }} then 'top'
        when {{ group_size }} - {{ value_rank }} < {{ group_size }} * {{ bottom_share }}
            then 'bottom'
        else 'middle'
    end
{%- endmacro %}
