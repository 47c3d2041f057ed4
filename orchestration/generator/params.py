"""Every planted effect size in one place (written to truth/parameters.json)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Effects:
    # service-profit chain across branches (z-scores)
    isq_to_esat: float = 0.7
    esat_to_sq: float = 0.7
    dimension_sd: float = 0.5
    # customers
    tier_shares: tuple[float, float, float] = (0.80, 0.17, 0.03)  # mass, affluent, private
    sq_to_satisfaction: float = 0.6
    individual_sd: float = 0.8
    ar_rho: float = 0.8
    ar_innovation_sd: float = 0.3
    complaint_shock: float = -0.8
    recovery_boost: float = 0.5
    share_joining_in_window: float = 0.08
    share_dormant_at_start: float = 0.03
    # employee turnover: monthly hazard = base * exp(effect * branch esat)
    turnover_monthly_base: float = 0.012
    turnover_esat_effect: float = -0.6
    # complaints: monthly probability = base * exp(effect * satisfaction) (capped)
    complaint_monthly_base: float = 0.006
    complaint_satisfaction_effect: float = -0.7
    # churn: monthly hazard = base * exp(effect * sat) * (1 + detractor + grievance multipliers)
    churn_monthly_base: float = 0.005
    churn_satisfaction_effect: float = -1.0
    churn_detractor_multiplier: float = 1.5
    churn_grievance_multiplier: float = 2.0
    churn_decline_activity_factor: float = 0.5  # activity x factor^k in the k-th declining month
    churn_decline_balance_factor: float = 0.4  # deposit x factor per declining month
    dormancy_monthly_base: float = 0.004
    dormancy_satisfaction_effect: float = -0.5
    # activity: monthly Poisson rate = tier base * exp(effect * satisfaction)
    activity_tier_base: tuple[float, float, float] = (1.4, 2.2, 2.8)
    activity_satisfaction_effect: float = 0.3
    fee_share: float = 0.35
    interest_annual_rate: float = 0.0035
    # surveys
    relationship_sample_share: float = 0.018
    transactional_sample_share: float = 0.05
    post_complaint_response_share: float = 0.45
    mystery_visits_per_branch_month: float = 2.0
    pulse_response_share: float = 0.85
    perception_branch_weight: float = 0.5
    perception_satisfaction_weight: float = 0.6
    servqual_driver_weights: dict[str, float] = field(
        default_factory=lambda: {"tan": 0.05, "rel": 0.35, "res": 0.30, "ass": 0.15, "emp": 0.15}
    )
    # callbacks
    complaint_callback_share: float = 0.85
    detractor_callback_share: float = 0.75
