"""The one place for the settings of the local Spark engine (dbt target `spark`, raw loader).

dbt's `spark` target (profiles.yml, `method: session`) and the raw loader
(orchestration/ingestion/spark_store.py) must open the same warehouse directory and the same
Hive metastore with the same SQL behaviour, or dbt would not see the raw tables the loader wrote.
Both read the environment variables below with the same defaults: profiles.yml through
`env_var()`, Python through `spark_conf()`. A relative path is relative to the repository root,
where dbt runs (profiles.yml is found in the working directory).

| variable | default | setting |
|---|---|---|
| CX_SPARK_MASTER | local[2] | spark.master |
| CX_SPARK_WAREHOUSE | data/spark/warehouse | spark.sql.warehouse.dir |
| CX_SPARK_METASTORE | data/spark/metastore_db | Derby database of the Hive metastore |
| CX_SPARK_SHUFFLE_PARTITIONS | 4 | spark.sql.shuffle.partitions (small data: few tasks) |
| CX_SPARK_DRIVER_MEMORY | 2g | spark.driver.memory |

The embedded Derby metastore admits one process at a time: load raw first, then run dbt in
another process, never both at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.settings import REPO_ROOT

DEFAULTS: dict[str, str] = {
    "CX_SPARK_MASTER": "local[2]",
    "CX_SPARK_WAREHOUSE": "data/spark/warehouse",
    "CX_SPARK_METASTORE": "data/spark/metastore_db",
    "CX_SPARK_SHUFFLE_PARTITIONS": "4",
    "CX_SPARK_DRIVER_MEMORY": "2g",
}


def _setting(name: str, env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    return env.get(name) or DEFAULTS[name]


def _path(name: str, env: dict[str, str] | None = None) -> Path:
    path = Path(_setting(name, env))
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


def warehouse_dir(env: dict[str, str] | None = None) -> Path:
    return _path("CX_SPARK_WAREHOUSE", env)


def metastore_dir(env: dict[str, str] | None = None) -> Path:
    return _path("CX_SPARK_METASTORE", env)


def metastore_url(path: Path) -> str:
    return f"jdbc:derby:;databaseName={path};create=true"


def spark_conf(env: dict[str, str] | None = None) -> dict[str, str]:
    """Every Spark setting of the local engine; profiles.yml sets the same ones."""
    metastore = metastore_dir(env)
    return {
        "spark.master": _setting("CX_SPARK_MASTER", env),
        "spark.app.name": "cx-warehouse",
        "spark.sql.warehouse.dir": str(warehouse_dir(env)),
        "spark.hadoop.javax.jdo.option.ConnectionURL": metastore_url(metastore),
        # A bad cast is null (as DuckDB's try_cast), not an error; dbt-spark forces this too.
        "spark.sql.ansi.enabled": "false",
        # Timestamps are stored and shown in UTC, so a timestamp reads like DuckDB's (naive).
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.shuffle.partitions": _setting("CX_SPARK_SHUFFLE_PARTITIONS", env),
        # insert_overwrite replaces only the partitions the new rows hold.
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.driver.memory": _setting("CX_SPARK_DRIVER_MEMORY", env),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
    }


def build_spark_session(env: dict[str, str] | None = None):
    """A local SparkSession with Hive support on the warehouse and metastore of `spark_conf`.

    Static settings (master, warehouse, metastore, memory) only take effect in a new JVM: call
    this before any other session is created in the process.
    """
    from pyspark.sql import SparkSession

    conf = spark_conf(env)
    Path(conf["spark.sql.warehouse.dir"]).mkdir(parents=True, exist_ok=True)
    metastore_dir(env).parent.mkdir(parents=True, exist_ok=True)
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in conf.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
