# Quick start: `make demo` (install and run on the shipped examples), `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
AS_OF  ?=

.PHONY: demo test lint fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the packaging changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[word]'
	touch $@

# The tests' tools only (no linters): what `make test` needs on a fresh machine.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed-run

# `make fuzz`: the test tools and pre-commit, for the pre-commit round trip.
$(VENV)/.installed-fuzz: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,hooks]'
	touch $@ $(VENV)/.installed-run $(VENV)/.installed-test

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(VENV)/.installed-run $(VENV)/.installed-test $(VENV)/.installed-fuzz

demo: $(VENV)/.installed-run
	$(BIN)/progstyr validate programmes/lindangen programmes/storstadsintegration
	@echo "Malmö's area programmes as of their 2013 evaluation: its findings, replayed as warnings"
	$(BIN)/progstyr validate programmes/malmo-omradesprogram --as-of 2013-01-31
	$(BIN)/progstyr coverage programmes --format table
	$(BIN)/progstyr report programmes/lindangen -o lindangen-report.md
	$(BIN)/progstyr report programmes/lindangen -o lindangen-report.html
	$(BIN)/progstyr report programmes/lindangen -o lindangen-report.docx

# Every test but the long ones, in parallel on every core (pytest-xdist), the 500-case
# fuzz among them (its time bound per case is CPU time, so a busy neighbour does not
# count); the ten slowest are listed. `make fuzz` runs the long fuzz.
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n auto --durations=10 -m "not long"

# Many more fuzz cases than `make test` runs (tests/test_fuzz.py), the long counts of the
# property tests (conftest.examples: fast and full reading path, fmt, coverage, import),
# and the tests marked `long` (the pre-commit round trip, which builds a hook environment).
fuzz: $(VENV)/.installed-fuzz
	PROGSTYR_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/test_fuzz.py -q -s
	PROGSTYR_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q -n auto tests/test_speed.py tests/test_fmt.py \
	  tests/test_coverage_properties.py tests/test_benefit_map_scale.py tests/test_import.py
	$(BIN)/python -m pytest -m long -q

# Speed against the parsing floor and the peers; writes benchmarks/RESULTS.md (about 15 minutes).
bench: $(VENV)/.installed-dev
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(BIN)/python benchmarks/run.py --write benchmarks/RESULTS.md

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
