{#
    The closed-loop case a callback reason follows up (SPEC section 2: every detractor response
    and every complaint needs a callback): 'complaint' for complaint_follow_up,
    'detractor_response' for detractor_follow_up, null for callbacks outside the closed loop
    (service_visit, transaction_follow_up, win_back).

    Usage: {{ closed_loop_case_type('reason') }} as case_type
#}
{% macro closed_loop_case_type(reason) -%}
    case {{ reason }}
        when 'complaint_follow_up' then 'complaint'
        when 'detractor_follow_up' then 'detractor_response'
    end
{%- endmacro %}
