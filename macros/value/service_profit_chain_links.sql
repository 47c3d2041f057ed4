{#
    The adjacent links of the service-profit chain (SPEC section 2) as measured by the
    columns of mart_service_profit_chain: ISQ -> employee satisfaction -> service quality ->
    CSAT -> loyalty -> revenue growth / profit. A step with two measures has two links; the
    primary one (is_primary) is the one the management pack reads:
      - service quality: mystery_shop_score (primary: scored by shoppers, independent of the
        customers who answer CSAT) and servqual_perception (same respondents as CSAT);
      - loyalty: share_stable (primary: every open customer) and retention;
      - profit: profit_per_customer, so branch size does not drive the correlation.
    Returns a list of dicts: link_id, chain_step, driver, outcome, is_primary.
#}
{% macro service_profit_chain_links() -%}
    {{ return([
        {'link_id': 'isq_to_esat', 'chain_step': 1,
         'driver': 'internal_service_quality', 'outcome': 'employee_satisfaction',
         'is_primary': true},
        {'link_id': 'esat_to_mystery_shop', 'chain_step': 2,
         'driver': 'employee_satisfaction', 'outcome': 'mystery_shop_score', 'is_primary': true},
        {'link_id': 'esat_to_servqual_perception', 'chain_step': 2,
         'driver': 'employee_satisfaction', 'outcome': 'servqual_perception',
         'is_primary': false},
        {'link_id': 'mystery_shop_to_csat', 'chain_step': 3,
         'driver': 'mystery_shop_score', 'outcome': 'csat_mean', 'is_primary': true},
        {'link_id': 'servqual_perception_to_csat', 'chain_step': 3,
         'driver': 'servqual_perception', 'outcome': 'csat_mean', 'is_primary': false},
        {'link_id': 'csat_to_share_stable', 'chain_step': 4,
         'driver': 'csat_mean', 'outcome': 'share_stable', 'is_primary': true},
        {'link_id': 'csat_to_retention', 'chain_step': 4,
         'driver': 'csat_mean', 'outcome': 'retention', 'is_primary': false},
        {'link_id': 'share_stable_to_revenue_growth', 'chain_step': 5,
         'driver': 'share_stable', 'outcome': 'revenue_growth_mom', 'is_primary': true},
        {'link_id': 'retention_to_revenue_growth', 'chain_step': 5,
         'driver': 'retention', 'outcome': 'revenue_growth_mom', 'is_primary': false},
        {'link_id': 'share_stable_to_profit', 'chain_step': 5,
         'driver': 'share_stable', 'outcome': 'profit_per_customer', 'is_primary': true},
        {'link_id': 'retention_to_profit', 'chain_step': 5,
         'driver': 'retention', 'outcome': 'profit_per_customer', 'is_primary': false},
    ]) }}
{%- endmacro %}
