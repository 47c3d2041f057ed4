"""Jobs, schedules and sensors of the refresh."""

import hashlib
import json

import dagster as dg

from orchestration.ingestion.loader import landing_files
from orchestration.settings import LANDING_SOURCES, Settings

# The monthly pack is partitioned, so it runs in a job of its own, never in the refresh.
PACK_GROUP = "pack"

refresh_warehouse_job = dg.define_asset_job(
    name="refresh_warehouse",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups(PACK_GROUP),
    description="Load new landing files, then build and test every dbt model.",
)

management_pack_job = dg.define_asset_job(
    name="management_pack",
    selection=dg.AssetSelection.groups(PACK_GROUP),
    description="Write the monthly management pack (HTML and Excel, en and zh) for one month "
    "from the published copy.",
)

daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_warehouse_job,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    description="Refresh every morning at 06:00 bank time, before the branches open.",
)


monthly_pack_schedule = dg.build_schedule_from_partitioned_job(
    management_pack_job,
    name="monthly_management_pack",
    day_of_month=2,
    hour_of_day=9,
    description="Write the pack of the month just ended on the 2nd at 09:00 bank time, after "
    "two daily refreshes have brought in its last day.",
)


def landing_fingerprint(settings: Settings) -> dict[str, list[int]]:
    """Size and modification time of every landing file; no warehouse access needed."""
    fingerprint: dict[str, list[int]] = {}
    for source in LANDING_SOURCES:
        for path in landing_files(settings.landing_root, source):
            stat = path.stat()
            relative = path.relative_to(settings.landing_root).as_posix()
            fingerprint[relative] = [stat.st_size, stat.st_mtime_ns]
    return fingerprint


@dg.sensor(
    job=refresh_warehouse_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a refresh when files appear or change under the landing root.",
)
def landing_files_sensor(context: dg.SensorEvaluationContext):
    """Compares the landing folders with the last seen state (kept in the sensor cursor).

    It never opens the warehouse file, which a running refresh holds for writing.
    """
    current = landing_fingerprint(Settings.from_env())
    previous = json.loads(context.cursor) if context.cursor else {}
    changed = sorted(path for path, stamp in current.items() if previous.get(path) != stamp)
    context.update_cursor(json.dumps(current, sort_keys=True))
    if not changed:
        return dg.SkipReason("no new or changed landing files")
    run_key = hashlib.sha256(json.dumps([changed, current], sort_keys=True).encode()).hexdigest()
    return dg.RunRequest(run_key=run_key[:32], tags={"cx/changed_files": str(len(changed))})
