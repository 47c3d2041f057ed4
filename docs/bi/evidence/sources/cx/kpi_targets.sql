-- The management pack's KPI targets (seed reference.kpi_targets), for reference lines.
select kpi_code, target, direction, amber_tolerance, unit
from reference.kpi_targets
