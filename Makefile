# Two commands for a fresh Debian 12 machine with Python 3.11:
#   make handbook   set up .venv, install, build the site (and print handbook) into site/
#   make test       set up what the tests need and run the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages. To build: fonts for the print handbook, Pango for WeasyPrint, harfbuzz
# subsetting (identical PDFs). To test, also: poppler (page pictures), Chromium (browser tests).
DEB_BUILD := fonts-dejavu-core fonts-liberation2 libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
DEB_TEST := poppler-utils chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: handbook serve test test-fast lint check bench system-deps clean golden

# axe-core for the accessibility tests, from the npm registry at the version and integrity in
# tests/axe/package-lock.json (npm ci checks both). Debian's npm when the machine has none.
AXE := tests/axe/node_modules/axe-core/axe.min.js

handbook: $(STAMP)
	@$(MAKE) --no-print-directory system-deps DEB_PACKAGES="$(DEB_BUILD)"
	$(BIN)/handbook build

# Live preview of the working copy: under `mkdocs serve` the plugin builds the draft, marked
# "Draft — not approved" on every page (`make handbook` builds the approved text).
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/handbook check

test: $(STAMP) $(AXE)
	@$(MAKE) --no-print-directory system-deps DEB_PACKAGES="$(DEB_BUILD) $(DEB_TEST)"
	$(BIN)/ruff check build_tools tests
	$(BIN)/ruff format --check build_tools tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q $(PYTEST_WORKERS)

# One pytest worker per CPU, each taking whole modules (their module fixtures are made once),
# longest first (tests/conftest.py: LONGEST_FIRST), not most tests first.
PYTEST_WORKERS := --numprocesses auto --dist loadfile --no-loadscope-reorder

# The unit layer: everything but the tests that drive the real tools (marked e2e).
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not e2e" $(PYTEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check build_tools tests
	$(BIN)/mypy
	$(BIN)/lint-imports

$(AXE): tests/axe/package-lock.json
	@command -v npm >/dev/null || $(MAKE) --no-print-directory system-deps DEB_PACKAGES=npm
	npm ci --prefix tests/axe --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Installs missing Debian packages when running as root; otherwise says what is missing.
DEB_PACKAGES ?= $(DEB_BUILD) $(DEB_TEST)
system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages (install them as root): $$missing" >&2; exit 1; \
	  fi; \
	fi

# The print handbook's time for the shipped and a synthetic 2,000-clause handbook, next to
# WeasyPrint alone on the same HTML; fails if the pipeline adds more than 10%.
.PHONY: bench-pdf
bench-pdf: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.bench_pdf

# Issue 8: our pipeline against plain MkDocs, WeasyPrint alone and mkdocs-to-pdf (installed into
# benchmarks/.venv-peer) on synthetic 200- and 2,000-clause handbooks; live preview latency and the
# layout cache on the shipped one. Not a test: about 15 minutes; results in benchmarks/results/.
bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.bench

# Rewrite the golden files of the generated pages (tests/golden/) after an intended change.
golden: $(STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache test-artefacts
