# Resolution Tracker — the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help run test bench soak fuzz openapi lint lint-contract fmt frontend build clean

help:
	@echo "make run      build the API and the web app, load demo data into an empty SQLite database, serve on http://127.0.0.1:8080"
	@echo "make test     every test: Rust on SQLite and PostgreSQL, OpenAPI drift, contract fuzzing, lint, frontend unit and browser tests"
	@echo "make openapi  regenerate openapi/openapi.json and the frontend's typed client from the code"
	@echo "make lint     cargo fmt --check, clippy, frontend type check and linter"
	@echo "make lint-contract  Spectral (OWASP ruleset) and Redocly on openapi/openapi.json: zero errors (tests/contract/)"
	@echo "make bench    national-scale benchmarks on SQLite and PostgreSQL (docs/benchmarks.md); BENCH_SCALE=smoke for a quick run"
	@echo "make soak     load and soak test: 30 min of mixed reads and writes at 40 req/s on loopback (docs/benchmarks.md); SOAK_SECONDS=120 for a short run"
	@echo "make fuzz     contract fuzzing of every operation with schemathesis (pinned in scripts/fuzz-requirements.txt,"
	@echo "              installed into target/fuzz-venv); RESTRACK_FUZZ_EXAMPLES=N to change the budget (default 100)"

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

soak:
	@scripts/soak.sh

fuzz:
	@scripts/fuzz.sh

build:
	cargo build --release

frontend:
	cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build

openapi:
	cargo run --quiet -- openapi > openapi/openapi.json
	cd frontend && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run gen:api

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cd frontend && npm run typecheck && npm run lint

lint-contract:
	@scripts/lint-contract.sh

fmt:
	cargo fmt --all

clean:
	cargo clean
	rm -rf frontend/dist frontend/node_modules
