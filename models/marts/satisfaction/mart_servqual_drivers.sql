-- SERVQUAL driver analysis per period (month and quarter) and dimension: importance,
-- performance, gap and the importance-performance quadrant against the medians of the five
-- dimensions in the same period (a value equal to the median counts as high).
with

driver_stats as (
    select * from {{ ref('int_servqual_driver_stats') }}
),

period_medians as (
    select
        period_type,
        period_start,
        cast({{ percentile_continuous('importance', 0.5) }} as {{ type_double() }})
            as importance_median,
        cast({{ percentile_continuous('performance', 0.5) }} as {{ type_double() }})
            as performance_median
    from driver_stats
    group by 1, 2
),

final as (
    select
        driver_stats.period_type,
        driver_stats.period_start,
        driver_stats.dimension,
        driver_stats.responses,
        driver_stats.importance_responses,
        driver_stats.importance,
        driver_stats.performance,
        driver_stats.gap,
        period_medians.importance_median,
        period_medians.performance_median,
        {{ servqual_quadrant(
            'driver_stats.importance',
            'driver_stats.performance',
            'period_medians.importance_median',
            'period_medians.performance_median'
        ) }} as quadrant,
        driver_stats.importance_responses < {{ var('low_sample_threshold', 30) }}
            as is_low_sample
    from driver_stats
    inner join period_medians
        on
            driver_stats.period_type = period_medians.period_type
            and driver_stats.period_start = period_medians.period_start
)

select * from final
