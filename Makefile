# The README's quick start: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format i18n bench bench-startup eval console clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/cchc-bot

console: $(STAMP)
	$(BIN)/cchc-bot console

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Extract message ids from the source and merge them into the Vietnamese catalogue.
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -o locale/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i locale/messages.pot -d locale -l vi -D messages --no-fuzzy-matching --ignore-obsolete

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

# Start-up time and memory, this tree against BEFORE (a git ref; default the commit before the
# domain/services split): `make bench-startup BEFORE=main ARGS=--quick`.
bench-startup: $(STAMP)
	$(BIN)/python -m bench.startup $(if $(BEFORE),--before $(BEFORE)) $(ARGS)

# Search quality on bench/search_eval/: both parts' scores, the dev part's misses.
eval: $(STAMP)
	$(BIN)/python -m bench.search_quality --misses

clean:
	rm -rf $(VENV)
