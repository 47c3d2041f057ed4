-- NPS by branch and month, with the low-sample flag (n < 30).
select
    satisfaction.response_month as month_start,
    satisfaction.branch_id,
    branches.branch_name,
    branches.region,
    satisfaction.nps,
    satisfaction.nps_margin_of_error,
    satisfaction.nps_responses,
    satisfaction.is_low_sample
from marts.mart_satisfaction_monthly as satisfaction
left join marts.dim_branches as branches on branches.branch_id = satisfaction.branch_id
where not satisfaction.is_all_branches
  and satisfaction.is_all_channels
  and satisfaction.is_all_tiers
