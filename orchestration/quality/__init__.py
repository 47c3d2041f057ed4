"""Data-quality checks: Great Expectations suites under expectations/, run on pandas frames."""

from orchestration.quality.gx_runner import (
    EXPECTATIONS_DIR,
    SuiteRun,
    SuiteSpec,
    load_suite_spec,
    mart_suite_paths,
    raw_suite_path,
    run_suite,
)

__all__ = [
    "EXPECTATIONS_DIR",
    "SuiteRun",
    "SuiteSpec",
    "load_suite_spec",
    "mart_suite_paths",
    "raw_suite_path",
    "run_suite",
]
