# The two commands the README opens with:
#   make serve   build the book and serve it (127.0.0.1:8000) with live scenarios in Voilà (:8866)
#   make test    install what the tests need and run every test
# Everything installs from the package registries: Python packages into .venv, npm packages into
# node_modules, and Debian's chromium (browser tests) and bubblewrap (grading sandbox).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test lint check build bench chromium bubblewrap clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

chromium:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# bubblewrap sandboxes student code in `swcourse grade` (and its tests).
bubblewrap:
	@test -x /usr/bin/bwrap || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap)

serve: $(STAMP) node_modules/.package-lock.json
	$(BIN)/swcourse serve

build: $(STAMP) node_modules/.package-lock.json
	$(BIN)/swcourse build

check: $(STAMP)
	$(BIN)/swcourse check

test: $(STAMP) node_modules/.package-lock.json chromium bubblewrap
	$(BIN)/python -m pytest -p no:cacheprovider

# The lint and type lane (CI runs it after the tests): ruff's rules and format, mypy on src/.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/scenario_weight.py
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf _build build
