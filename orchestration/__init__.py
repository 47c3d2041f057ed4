"""cx-warehouse orchestration: ingestion, dbt assets, schedules and the sample-data generator."""
