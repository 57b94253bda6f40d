# Two commands do everything: `make run` and `make test`; both start with `make setup`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVER_BUILT := neo4j-server/target/.built
JAVA_SOURCES := $(shell find neo4j-server/src -name '*.java')
MVN_FLAGS ?= -q -B

.PHONY: setup browser run test test-slow lint db-start db-stop clean screenshots bench-browser \
	bench bench-quick soak

setup: $(VENV)/.installed $(SERVER_BUILT) node_modules/.installed browser

# Debian's chromium (driven by Playwright in the browser tests) and CJK fonts, only when missing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || command -v sudo)
browser:
	@missing=; \
	command -v chromium >/dev/null || missing=chromium; \
	fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	[ -z "$$missing" ] || ($(SUDO) apt-get update && \
		$(SUDO) apt-get install -y --no-install-recommends $$missing)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

$(SERVER_BUILT): neo4j-server/pom.xml $(JAVA_SOURCES)
	cd neo4j-server && mvn $(MVN_FLAGS) package -DskipTests
	touch $@

# Starts the bundled Neo4j, loads the county demo into an empty graph, then serves.
# Front-end and conformance-test packages from the npm registry, served and run locally.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/covergraph db start
	$(BIN)/covergraph demo --scale county --if-empty
	@echo "Admin token for signing in to the dashboard (a new one each run):"
	@$(BIN)/covergraph token create --role admin | tail -n 1
	$(BIN)/covergraph serve $(SERVE_FLAGS)

# Style, types, and the layer contract of pyproject.toml (a lower layer never imports a higher one).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The test suite starts its own throwaway Neo4j on a free port and stops it afterwards.
test: lint
	$(BIN)/pytest -q

# Screenshots of the web UI for the README, from a throwaway Neo4j with the county demo.
screenshots: setup
	$(BIN)/python -m tests.browser.screenshots

# Generates the demo datasets (cached under var/bench), loads each into a fresh bundled Neo4j
# sized for it, measures import, queries, 16-client dashboard traffic and peak memory, and
# rewrites BENCHMARKS.md. `make bench BENCH_SCALES=county,city` skips the province.
BENCH_SCALES ?= county,city,province
# Then the test suite's timing checks (marked `timing`, left out of `make test`).
bench: setup
	$(BIN)/python -m benchmarks.run --scales $(BENCH_SCALES) $(BENCH_FLAGS)
	$(BIN)/pytest -q -m timing --ignore=tests/browser

# The county only, with fewer runs and 10 s of traffic: a minute or two.
bench-quick: setup
	$(BIN)/python -m benchmarks.run --scales county --quick $(BENCH_FLAGS)

# Measures each view's render time in chromium, checks each against its budget, and rewrites
# the browser section of BENCHMARKS.md.
bench-browser: setup
	COVERGRAPH_RECORD_BENCHMARKS=1 $(BIN)/pytest -q -s -m 'not slow' tests/browser -k renders

# Mixed reads and writes against covergraph serve for SOAK_SECONDS (default 600); errors and the
# API's memory over time go into BENCHMARKS.md's soak section.
soak: setup
	$(BIN)/python -m benchmarks.soak

test-slow: setup
	$(BIN)/pytest -q -m slow

db-start: setup
	$(BIN)/covergraph db start

db-stop:
	$(BIN)/covergraph db stop

clean:
	rm -rf $(VENV) neo4j-server/target
