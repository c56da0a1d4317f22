# The two commands the README opens with:
#   make serve   build the book and serve it (127.0.0.1:8000) with live scenarios in Voilà (:8866)
#   make test    install what the tests need and run every test
# Everything installs from the package registries: Python packages into .venv, npm packages into
# node_modules, and Debian's chromium (browser tests) and bubblewrap (grading sandbox).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: serve test lint check build bench chromium bubblewrap clean hub hub-env

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	touch $(STAMP)

# The class hub's shared environment (deploy/): every user's Jupyter runs from it as that user, so
# it is built from Debian's Python (3.11 or 3.12, which the package supports), which all users may
# run (a Python under /root is private).
HUB_PYTHON ?= $(firstword $(wildcard /usr/bin/python3.11 /usr/bin/python3.12) /usr/bin/python3)
HUB_ENV    := .hub-env
$(HUB_ENV)/.installed: pyproject.toml
	$(HUB_PYTHON) -m venv $(HUB_ENV)
	$(HUB_ENV)/bin/python -m pip install --quiet --upgrade pip
	$(HUB_ENV)/bin/python -m pip install --quiet -e '.[hub]'
	touch $@

hub-env: $(HUB_ENV)/.installed

# A trial class on 127.0.0.1 (as root): make hub ROSTER=roster.csv
ROSTER ?= deploy/trial-roster.csv
hub: hub-env node_modules/.package-lock.json
	$(HUB_ENV)/bin/swcourse hub --roster $(ROSTER)

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

test: $(STAMP) $(HUB_ENV)/.installed node_modules/.package-lock.json chromium bubblewrap
	$(BIN)/python -m pytest -p no:cacheprovider

# The lint and type lane (CI runs it after the tests): ruff's rules and format, mypy on src/.
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks deploy
	$(BIN)/ruff format --check src tests benchmarks deploy
	$(BIN)/mypy

bench: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/scenario_weight.py
	$(BIN)/python benchmarks/page_weight.py
	$(BIN)/python benchmarks/answer_latency.py
	$(BIN)/python benchmarks/grading.py

clean:
	rm -rf _build build
