{#
    Recovery outcome of one callback attempt (SPEC section 2, closed loop): the customer was
    reached and said the issue was resolved to their satisfaction (resolution_satisfied = 'yes')
    or gave a score of at least var recovery_min_score (default 4). Never null: an attempt that
    was not reached, or reached with neither a 'yes' nor a qualifying score, is not a recovery.

    Usage: {{ is_recovered('outcome', 'resolution_satisfied', 'score') }} as is_recovered
#}
{% macro is_recovered(outcome, resolution_satisfied, score) -%}
    coalesce(
        {{ outcome }} = 'reached'
        and (
            {{ resolution_satisfied }} = 'yes'
            or {{ score }} >= {{ var('recovery_min_score', 4) }}
        ),
        false
    )
{%- endmacro %}
