{#
    Complaint SLA formulas (SPEC section 2), one place each. `as_of` is a SQL date expression,
    normally {{ as_of_date() }}. "Past the deadline as of a date" means the deadline's date is
    before that date (the whole deadline day has gone by).
#}

{# Open as of the end of `as_of`: received on or before it and not resolved by then. #}
{% macro complaint_is_open_as_of(received_at, resolved_at, as_of) -%}
    (
        cast({{ received_at }} as date) <= {{ as_of }}
        and ({{ resolved_at }} is null or cast({{ resolved_at }} as date) > {{ as_of }})
    )
{%- endmacro %}

{# Still open as of `as_of` and its resolution deadline's date is before `as_of`. #}
{% macro complaint_is_open_breach(received_at, resolved_at, resolve_deadline_at, as_of) -%}
    (
        {{ complaint_is_open_as_of(received_at, resolved_at, as_of) }}
        and cast({{ resolve_deadline_at }} as date) < {{ as_of }}
    )
{%- endmacro %}

{# Resolved after its deadline, or still open past it as of `as_of`. Never null. #}
{% macro complaint_is_resolve_sla_breached(received_at, resolved_at, resolve_deadline_at, as_of) -%}
    (
        coalesce({{ resolved_at }} > {{ resolve_deadline_at }}, false)
        or {{ complaint_is_open_breach(received_at, resolved_at, resolve_deadline_at, as_of) }}
    )
{%- endmacro %}

{#
    Resolution SLA outcome: true = resolved by the deadline, false = breached (late or open
    past it), null = still open and not yet due (not decided yet).
#}
{% macro complaint_is_resolved_within_sla(received_at, resolved_at, resolve_deadline_at, as_of) -%}
    case
        when {{ resolved_at }} <= {{ resolve_deadline_at }} then true
        when {{ complaint_is_resolve_sla_breached(
            received_at, resolved_at, resolve_deadline_at, as_of) }} then false
    end
{%- endmacro %}

{#
    Acknowledgement SLA outcome: true = acknowledged within the due business hours, false =
    acknowledged late or not acknowledged and the acknowledgement deadline's date is before
    `as_of`, null = not yet due, or no SLA policy / business hours to judge it by.
#}
{% macro complaint_is_acknowledged_within_sla(
    acknowledged_at, hours_to_acknowledge, acknowledge_due_hours, acknowledge_deadline_at, as_of
) -%}
    case
        when {{ acknowledged_at }} is not null
            then {{ hours_to_acknowledge }} <= {{ acknowledge_due_hours }}
        when cast({{ acknowledge_deadline_at }} as date) < {{ as_of }} then false
    end
{%- endmacro %}

{# Escalated to the regulator or the media: level 3, or the complaint came in through them. #}
{% macro complaint_is_escalated_to_regulator_or_media(escalation_level, received_via) -%}
    coalesce(
        {{ escalation_level }} = 3 or {{ received_via }} in ('regulator', 'media'),
        false
    )
{%- endmacro %}

{# Elapsed calendar days between two timestamps, decimal (resolution time). The division is in
   double, rounded once by the cast: a decimal division would round to the engine's own scale
   first (Spark: 7 places), and rounding twice can differ in the last place. #}
{% macro elapsed_days(start_ts, end_ts) -%}
    cast(
        cast({{ dbt.datediff(start_ts, end_ts, 'second') }} as {{ type_double() }}) / 86400
        as {{ dbt.type_numeric() }}
    )
{%- endmacro %}

{#
    Resolution SLA breached as of the end of `as_of`: resolved by then but after its deadline,
    or still open then with the deadline's date before `as_of`. A complaint resolved late
    after `as_of` whose deadline was still ahead on `as_of` is not (yet) breached on that date.
#}
{% macro complaint_is_breached_as_of(received_at, resolved_at, resolve_deadline_at, as_of) -%}
    (
        coalesce(
            cast({{ resolved_at }} as date) <= {{ as_of }}
            and {{ resolved_at }} > {{ resolve_deadline_at }},
            false
        )
        or {{ complaint_is_open_breach(received_at, resolved_at, resolve_deadline_at, as_of) }}
    )
{%- endmacro %}
