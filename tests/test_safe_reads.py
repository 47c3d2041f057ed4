"""One refresh at a time, readers on a published copy, and a killed refresh that reruns clean."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from orchestration.lock import RefreshLockedError, refresh_lock
from orchestration.publish import PUBLISHED_SCHEMAS
from orchestration.settings import REPO_ROOT
from tests.conftest import BuiltWarehouse, differing_rows, run_refresh_job

pytestmark = pytest.mark.slow


def _published(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.stem + ".published.duckdb")


def _failure_messages(result) -> str:
    return "\n".join(
        str(event.step_failure_data.error)
        for event in result.all_events
        if event.is_step_failure and event.step_failure_data
    ) + "\n".join(
        str(event.event_specific_data) for event in result.all_events if event.is_run_failure
    )


# --- the lock ----------------------------------------------------------------------------


def test_lock_refuses_at_once_and_names_the_holder(tmp_path):
    lock = tmp_path / "w.duckdb.refresh.lock"
    with (
        refresh_lock(lock),
        pytest.raises(RefreshLockedError, match=f"pid {os.getpid()}"),
        refresh_lock(lock, wait_seconds=0),
    ):
        pass


def test_lock_waits_for_the_running_refresh(tmp_path):
    lock = tmp_path / "w.duckdb.refresh.lock"
    held = threading.Event()

    def first_refresh():
        with refresh_lock(lock):
            held.set()
            time.sleep(1.0)

    thread = threading.Thread(target=first_refresh)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with refresh_lock(lock, wait_seconds=20, poll_seconds=0.1):
        waited = time.monotonic() - started
    thread.join()
    assert 0.5 < waited < 10


def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    lock = tmp_path / "w.duckdb.refresh.lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nfrom pathlib import Path\nfrom orchestration.lock import refresh_lock\n"
            f"with refresh_lock(Path({str(lock)!r})):\n"
            "    print('held', flush=True)\n    time.sleep(60)",
        ],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(RefreshLockedError), refresh_lock(lock):
        pass
    holder.kill()
    holder.wait()
    with refresh_lock(lock):
        pass


def test_second_refresh_is_refused_clearly_while_one_runs(tmp_path):
    warehouse, landing = tmp_path / "w.duckdb", tmp_path / "landing"
    landing.mkdir()
    with refresh_lock(warehouse.with_name(warehouse.name + ".refresh.lock")):
        result = run_refresh_job(landing, warehouse)
    assert not result.success
    assert "another refresh is running on this warehouse" in _failure_messages(result)
    assert not warehouse.exists(), "the refused refresh must not touch the warehouse"


# --- the published copy ------------------------------------------------------------------

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    first = con.sql("select published_at_utc from _publication").fetchall()[0][0]
    print("ready", flush=True)
    queries = 0
    deadline = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < deadline:
        con.sql("select count(*) from marts.mart_loyalty_segments").fetchall()
        assert con.sql("select published_at_utc from _publication").fetchall()[0][0] == first
        queries += 1
        time.sleep(0.05)
    print(queries, flush=True)
    """
)


def test_reader_keeps_reading_during_a_refresh_and_then_sees_the_new_copy(
    built_warehouse: BuiltWarehouse, tmp_path
):
    published = _published(built_warehouse.duckdb_path)
    with duckdb.connect(str(published), read_only=True) as con:
        before = con.sql("select published_at_utc from _publication").fetchall()[0][0]
        schemas = {row[0] for row in con.sql("select schema_name from duckdb_schemas()").fetchall()}
    assert set(PUBLISHED_SCHEMAS) <= schemas
    assert not {"raw", "staging", "intermediate"} & schemas, "personal data must not be published"

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), "90"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "ready"
    time.sleep(1.1)  # published_at has a one-second resolution
    result = run_refresh_job(built_warehouse.landing_root, built_warehouse.duckdb_path)
    assert result.success
    reader.send_signal(signal.SIGTERM) if reader.poll() is None else None
    _, err = reader.communicate(timeout=120)
    assert reader.returncode in (0, -signal.SIGTERM), err
    assert not err.strip(), err

    with duckdb.connect(str(published), read_only=True) as con:
        after = con.sql("select published_at_utc from _publication").fetchall()[0][0]
    assert after > before


def test_failed_refresh_does_not_publish(built_warehouse: BuiltWarehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    shutil.copy2(built_warehouse.duckdb_path, warehouse)
    shutil.copy2(_published(built_warehouse.duckdb_path), _published(warehouse))
    with duckdb.connect(str(_published(warehouse)), read_only=True) as con:
        before = con.sql("select * from _publication").fetchall()
    with duckdb.connect(str(warehouse)) as con:  # break staging: a contract column goes missing
        con.execute("alter table raw.branches drop column branch_name")
    result = run_refresh_job(built_warehouse.landing_root, warehouse)
    assert not result.success
    with duckdb.connect(str(_published(warehouse)), read_only=True) as con:
        assert con.sql("select * from _publication").fetchall() == before


# --- a refresh killed during dbt build, then rerun --------------------------------------


def _dbt_build_running(parent_pid: int) -> bool:
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        if (
            fields.get("PPid", "").strip() == str(parent_pid)
            and " build" in cmdline
            and "dbt" in cmdline
        ):
            return True
    return False


def test_refresh_killed_during_dbt_build_reruns_to_the_same_marts(
    built_warehouse: BuiltWarehouse, tmp_path
):
    warehouse = tmp_path / "killed.duckdb"
    env = {
        **os.environ,
        "CX_LANDING_ROOT": str(built_warehouse.landing_root),
        "CX_DUCKDB_PATH": str(warehouse),
    }
    env.pop("DAGSTER_HOME", None)
    log = tmp_path / "killed_refresh.log"
    with open(log, "w") as output:
        refresh = subprocess.Popen(
            [sys.executable, "-m", "orchestration.cli", "refresh"],
            cwd=REPO_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 300
    while not _dbt_build_running(refresh.pid):
        assert refresh.poll() is None, "ended before dbt build started:\n" + log.read_text()[-3000:]
        assert time.monotonic() < deadline, "dbt build never started"
        time.sleep(0.2)
    time.sleep(8)  # well inside the build
    assert refresh.poll() is None, "the refresh finished before it could be killed"
    os.killpg(refresh.pid, signal.SIGKILL)
    refresh.wait()
    assert not _published(warehouse).exists(), "a killed refresh must not publish"

    assert run_refresh_job(built_warehouse.landing_root, warehouse).success
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute(f"attach '{built_warehouse.duckdb_path}' as uninterrupted (read_only)")
        tables = con.execute(
            "select table_name from information_schema.tables "
            "where table_catalog = 'uninterrupted' and table_schema = 'marts'"
        ).fetchall()
        assert len(tables) > 15
        for (table,) in tables:
            assert differing_rows(con, f"marts.{table}", f"uninterrupted.marts.{table}") == 0, table


# --- publish memory ------------------------------------------------------------------------
def test_publish_copies_under_the_warehouse_memory_limit(
    built_warehouse: BuiltWarehouse, tmp_path, monkeypatch
):
    """The publishing connection takes Settings.duckdb_config (memory_limit), like every
    warehouse connection, and spills beside the copy, not into the working directory."""
    from orchestration import publish

    seen: list[tuple[str, str]] = []
    real_connect = publish.duckdb.connect

    def recording_connect(*args, **kwargs):
        con = real_connect(*args, **kwargs)
        seen.append(
            con.execute(
                "select current_setting('memory_limit'), current_setting('temp_directory')"
            ).fetchone()
        )
        return con

    monkeypatch.setenv("CX_DUCKDB_MEMORY_LIMIT", "300MB")
    monkeypatch.setattr(publish.duckdb, "connect", recording_connect)
    target = tmp_path / "published.duckdb"
    publication = publish.publish_warehouse(built_warehouse.duckdb_path, target)
    assert publication.tables["marts.fct_transactions"] > 0
    ((memory_limit, temp_directory),) = seen
    assert memory_limit in ("286.1 MiB", "300.0 MB"), memory_limit
    assert Path(temp_directory).parent == tmp_path
    assert sorted(path.name for path in tmp_path.iterdir()) == ["published.duckdb"]
