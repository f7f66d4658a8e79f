# trilingual: every target sets itself up (a .venv with the package and its tools).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-stamp

.PHONY: setup release extract check test test-weblate lint typecheck bench bench-quick clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## make release: bring catalogs in step with the English, then build dist/
release: $(STAMP)
	$(BIN)/trilingual extract
	$(BIN)/trilingual release

extract: $(STAMP)
	$(BIN)/trilingual extract

check: $(STAMP)
	$(BIN)/trilingual check

## make test: the whole test suite (pytest's "no tests ran", exit 5, fails like any other)
test: $(STAMP)
	$(BIN)/python -m pytest

## make test-weblate: a real Weblate (PyPI + PostgreSQL, minutes) in front of the sample project
test-weblate: $(STAMP)
	bash tests/weblate/setup.sh
	TRILINGUAL_WEBLATE_PYTHON=$(CURDIR)/.venv-weblate/bin/python $(BIN)/python -m pytest -s tests/test_weblate.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/run.py --sizes 100,1000

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --sizes 50 --quick

clean:
	rm -rf dist .trilingual test-output
