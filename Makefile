# Two commands do everything on a fresh machine:
#   make serve   set up, then serve the site with live reload on http://127.0.0.1:8000/zorgsaam-wonen/
#   make test    set up, then validate the data, build --strict and run every test
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
ZENSICAL_VENV := .cache/zensical-venv
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup system serve check build generate test fuzz benchmark zensical clean

$(BIN)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Python 3.11 is nodig")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Debian packages the tests need: a browser, Java for the HTML checker, npm for the tools.
SYSTEM_PACKAGES := $(if $(wildcard $(CHROMIUM)),,chromium fonts-dejavu-core) \
	$(if $(shell command -v java),,default-jre-headless) $(if $(shell command -v npm),,nodejs npm)
system:
	@if [ -n "$(strip $(SYSTEM_PACKAGES))" ]; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(SYSTEM_PACKAGES); fi

node_modules/.installed: package.json package-lock.json | system
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

setup: $(BIN)/.installed

serve: setup
	$(BIN)/mkdocs serve --livereload

check: setup
	$(BIN)/zorgsaam-check

build: check
	$(BIN)/mkdocs build --strict

# The docs folder for builders without our hook (Zensical): pages, open data, feeds, schemas.
generate: setup
	$(BIN)/zorgsaam-generate --out .cache/generated

# The gates (axe, Nu, links, privacy, search) run on the MkDocs and on the Zensical build (conftest.BUILDERS).
test: setup system node_modules/.installed $(ZENSICAL_VENV)/.installed
	$(BIN)/zorgsaam-check
	$(BIN)/mkdocs build --strict --quiet --site-dir .cache/site
	$(BIN)/python -m pytest

# A long property-based search for data that crashes the check or the build (tests/test_fuzz.py).
# FUZZ_EXAMPLES mutations (default 10000, about 20 minutes here), FUZZ_BUILDS of them built for real.
fuzz: setup
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-10000} FUZZ_BUILDS=$${FUZZ_BUILDS:-150} $(BIN)/python -m pytest -q \
	  -p no:cacheprovider tests/test_fuzz.py --hypothesis-show-statistics

benchmark: setup system node_modules/.installed
	$(BIN)/python benchmarks/run.py

# Zensical 0.0.73 in a venv of its own, next to the MkDocs build: it builds the folder that
# zorgsaam-generate writes (.cache/generated), and tools/compare_builders.py reports what
# differs. MkDocs stays the builder of the site.
$(ZENSICAL_VENV)/.installed: requirements.txt requirements-zensical.txt pyproject.toml
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Then the same gates on both builds, side by side ([mkdocs] and [zensical] in each test's name).
zensical: setup system node_modules/.installed $(ZENSICAL_VENV)/.installed
	$(BIN)/mkdocs build --strict --quiet --site-dir .cache/site
	$(BIN)/python tools/compare_builders.py --mkdocs-site .cache/site --zensical $(ZENSICAL_VENV)/bin/zensical
	set -o pipefail; $(BIN)/python -m pytest -q -rA -p no:cacheprovider tests/test_builders.py $(GATES) \
	  -k "mkdocs or zensical" | grep -E "^(PASSED|FAILED|ERROR|XFAIL|XPASS) |passed|failed"
GATES := tests/test_accessibility.py tests/test_html_validity.py tests/test_links.py tests/test_privacy.py \
	tests/test_search_index.py

clean:
	rm -rf $(VENV) node_modules site .cache
