{#
    Importance-performance quadrant of a SERVQUAL dimension, against the medians of the period.
    Ties: a value equal to the median counts as high. Null when importance or performance is null.
#}
{% macro servqual_quadrant(importance, performance, importance_median, performance_median) -%}
    case
        when {{ importance }} is null or {{ performance }} is null then null
        when {{ importance }} >= {{ importance_median }}
            and {{ performance }} < {{ performance_median }}
            then 'concentrate here'
        when {{ importance }} >= {{ importance_median }}
            then 'keep up the good work'
        when {{ performance }} < {{ performance_median }}
            then 'low priority'
        else 'possible overkill'
    end
{%- endmacro %}
