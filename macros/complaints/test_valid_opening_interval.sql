{#
    Generic test: an opening interval is either fully empty (closed) or has both ends with the
    closing time after the opening time. Fails on rows where only one end is set or where
    closes_column <= opens_column.
#}
{% test valid_opening_interval(model, opens_column, closes_column) %}

    select *
    from {{ model }}
    where
        ({{ opens_column }} is null and {{ closes_column }} is not null)
        or ({{ opens_column }} is not null and {{ closes_column }} is null)
        or {{ closes_column }} <= {{ opens_column }}

{% endtest %}
