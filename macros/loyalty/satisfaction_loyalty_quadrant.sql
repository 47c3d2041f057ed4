{#
    Satisfaction x behavioural loyalty quadrant (Jones and Sasser's "Why satisfied customers
    defect"): loyalist (satisfied, loyal), hostage (dissatisfied, loyal), mercenary
    (satisfied, not loyal), defector (dissatisfied, not loyal); 'unrated' when no survey.
    Satisfied: the latest CSAT within the survey lookback is var satisfaction_high_min_csat
    (4) or more; without a CSAT, the latest NPS is a promoter. Behaviourally loyal: none of the
    behaviour rules fired (no_recent_activity, activity_drop, balance_drop).
#}
{% macro satisfaction_loyalty_quadrant(latest_csat_score, latest_nps_category, is_behaviourally_loyal) -%}
    case
        when {{ latest_csat_score }} is null and {{ latest_nps_category }} is null
            then 'unrated'
        when
            coalesce(
                {{ latest_csat_score }} >= {{ var('satisfaction_high_min_csat', 4) }},
                {{ latest_nps_category }} = 'promoter'
            )
            then case when {{ is_behaviourally_loyal }} then 'loyalist' else 'mercenary' end
        when {{ is_behaviourally_loyal }} then 'hostage'
        else 'defector'
    end
{%- endmacro %}
