# Two commands do everything: `make run` and `make test`; both start with `make setup`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SERVER_BUILT := neo4j-server/target/.built
JAVA_SOURCES := $(shell find neo4j-server/src -name '*.java')
MVN_FLAGS ?= -q -B

.PHONY: setup run test test-slow lint db-start db-stop clean

setup: $(VENV)/.installed $(SERVER_BUILT) node_modules/.installed

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
	$(BIN)/covergraph serve $(SERVE_FLAGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The test suite starts its own throwaway Neo4j on a free port and stops it afterwards.
test: lint
	$(BIN)/pytest -q

test-slow: setup
	$(BIN)/pytest -q -m slow

db-start: setup
	$(BIN)/covergraph db start

db-stop:
	$(BIN)/covergraph db stop

clean:
	rm -rf $(VENV) neo4j-server/target
