# cx-warehouse: the two set-up commands are `make demo` and `make test`.
# Both install the pinned environment first (uv, bootstrapped from PyPI if missing).
SHELL := /bin/bash
PYTHON ?= python3
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
# Install compiled bytecode: every dbt, Dagster and GX process then starts in seconds, also
# where PYTHONDONTWRITEBYTECODE keeps Python from caching what it compiles.
export UV_COMPILE_BYTECODE := 1
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
# Salt of the hashed personal data (macro pii_hash). Set your own secret value in production.
export CX_PII_SALT ?= cx-demo-salt

.PHONY: install demo refresh test lint pytest browser postgres postgres-stop bench dev clean

$(CURDIR)/.tools/bin/uv:
	$(PYTHON) -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen --all-extras
	@mkdir -p $(DAGSTER_HOME) data/warehouse
	@cp -n orchestration/dagster.yaml $(DAGSTER_HOME)/dagster.yaml 2>/dev/null || true

## Generate sample data and run the main job end to end (ingestion, dbt build, checks).
demo: install
	$(UV) run cx-warehouse demo

## Run the refresh job on what is in the landing root (CX_LANDING_ROOT, default data/landing).
refresh: install
	$(UV) run cx-warehouse refresh

## Lint and run every test.
test: install lint pytest

lint:
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	CX_DUCKDB_PATH=:memory: $(UV) run sqlfluff lint models macros tests/dbt

pytest: browser postgres
	$(UV) run pytest

## Headless Chromium and a CJK font for the management-pack tests (Debian; run as root in CI).
browser:
	@(command -v chromium >/dev/null 2>&1 && dpkg -s fonts-noto-cjk >/dev/null 2>&1) || \
		(apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-cjk)

## A local PostgreSQL 15 server for the postgres target and its tests (127.0.0.1:CX_PG_PORT,
## default 55432, data in data/postgres); does nothing when a server already answers there.
postgres:
	scripts/postgres_server.sh start

postgres-stop:
	scripts/postgres_server.sh stop

## Benchmark (not part of test): stage times and peak memory at 100k and 1M customers x 12
## months; BENCH_CUSTOMERS="10000 100000" for a shorter run. Figures: data/bench/bench.json.
BENCH_CUSTOMERS ?= 100000 1000000
bench: install
	$(UV) run python -m orchestration.bench --customers $(BENCH_CUSTOMERS) --months 12 --out data/bench

## The Dagster UI with the whole asset graph.
dev: install
	$(UV) run dagster dev

clean:
	rm -rf .venv .tools target logs data .dagster_home
