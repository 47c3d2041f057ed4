{#
    Relative change from a base period: (current - base) / |base|, as a double. Null when the
    base is missing or zero (macro safe_ratio). Dividing by the absolute base keeps the sign
    meaningful when the base is negative (a loss that shrinks is positive growth).

    Usage: {{ growth_rate('revenue', 'revenue_prior_month') }} as revenue_growth_mom
#}
{% macro growth_rate(current, base) -%}
    {{ safe_ratio('(' ~ current ~ ') - (' ~ base ~ ')', 'abs(' ~ base ~ ')') }}
{%- endmacro %}
