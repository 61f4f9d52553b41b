# Two commands for a new user: `make build` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.smo-installed
DEV_STAMP := $(VENV)/.smo-dev-installed

.PHONY: build test tools lint bench clean

# Building needs smo-gen and its runtime dependencies only; the test and lint tools come with
# `make test` and `make lint`, so a first look costs little more than `pip install` itself.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "smo-gen needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -e .
	@# The dependencies byte-compiled here, on both cores, rather than by pip one by one: with
	@# PYTHONDONTWRITEBYTECODE set (as it is on CI machines) Python never keeps what it compiles,
	@# and every build compiled Jinja, Click and the rest again (+0.15 s a one-edit build). Only
	@# for speed: a file a package ships that does not compile (test data) fails nothing here.
	@$(BIN)/python -m compileall -qq -j 0 "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" || true
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	@touch $(DEV_STAMP)

## build: set up the virtual environment and build the example site into public/
build: $(STAMP)
	@# An editable install leaves smo-gen's own modules uncompiled, and with PYTHONDONTWRITEBYTECODE
	@# set every run would compile them again (~0.1 s); a wheel's install compiles them the same way.
	@$(BIN)/python -m compileall -q smo_gen
	$(BIN)/smo-gen build

## tools: install what the test suite drives for real (Java for the Nu Html Checker, Chromium, ...)
tools:
	bash scripts/install-test-tools.sh

## test: set up, install the real test tools, and run every test
test: $(DEV_STAMP) tools
	$(BIN)/python -m pytest -n auto

lint: $(DEV_STAMP)
	$(BIN)/ruff check smo_gen tests bench
	$(BIN)/ruff format --check smo_gen tests bench
	$(BIN)/mypy smo_gen
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf public .smo-cache
