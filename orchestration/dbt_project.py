"""The dbt project at the repo root, and its manifest kept in step with the code."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from dagster_dbt import DbtProject

from orchestration.dbt_command import REFRESH_BUILD_ARGS, dbt_executable
from orchestration.settings import REPO_ROOT

__all__ = [
    "REFRESH_BUILD_ARGS",
    "cx_dbt_project",
    "dbt_executable",
    "ensure_manifest",
    "manifest_is_stale",
]

cx_dbt_project = DbtProject(project_dir=REPO_ROOT, profiles_dir=REPO_ROOT)

_SOURCES_OF_TRUTH = ("models", "macros", "seeds", "tests/dbt", "dbt_project.yml", "profiles.yml")


def _newest_source_mtime(root: Path) -> float:
    newest = 0.0
    for name in _SOURCES_OF_TRUTH:
        path = root / name
        if path.is_file():
            newest = max(newest, path.stat().st_mtime)
        elif path.is_dir():
            for child in path.rglob("*"):
                if child.is_file():
                    newest = max(newest, child.stat().st_mtime)
    return newest


def manifest_is_stale(project: DbtProject = cx_dbt_project) -> bool:
    manifest = Path(project.manifest_path)
    if not manifest.exists():
        return True
    return _newest_source_mtime(Path(project.project_dir)) > manifest.stat().st_mtime


def ensure_manifest(project: DbtProject = cx_dbt_project) -> Path:
    """Run `dbt parse` when the manifest is missing or older than the project's files."""
    if manifest_is_stale(project):
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        command = [dbt_executable(), "parse", "--quiet"]
        completed = subprocess.run(
            command,
            cwd=project.project_dir,
            env={**env, "DBT_PROFILES_DIR": str(project.profiles_dir)},
            capture_output=True,
            text=True,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"dbt parse failed:\n{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
            )
    return Path(project.manifest_path)
