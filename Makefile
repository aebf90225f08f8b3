# Nuvae. Two commands: `make run` serves the demo, `make test` runs the suite.
# Both create .venv and install what they need on first use. `make help` lists the rest.
#
# With DATABASE_URL and REDIS_URL set (in the environment or in .env) every target uses
# PostgreSQL and Redis; without them, SQLite under var/, local memory and eager tasks.

.DEFAULT_GOAL := help
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 0.0.0.0
PORT ?= 8000
PYTEST_ARGS ?=
# Debian packages the app needs at run time, installed by `make install` when running as
# root (skipped otherwise). Chromium and its driver run the chat widget's browser test.
SYSTEM_PACKAGES ?= chromium chromium-driver

# `make run`, `worker`, `beat`, `migrate` and `seed` are the local demo: development
# settings (DEBUG on, no secrets needed). Deployed processes are started directly; see
# docs/DEPLOYMENT.md.
DEV_ENV := DEBUG=true NUVAE_ENV=development
TEST_ENV := NUVAE_ENV=test

RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: help run test lint worker beat migrate seed install install-dev system-packages clean distclean

help: ## List the targets
	@echo "Nuvae: make <target>"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-16s %s\n", $$1, $$2}'

# --- the virtualenv ---------------------------------------------------------------------

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Nuvae needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." >&2; \
	  echo "Install it, or point PYTHON at one: make PYTHON=python3.11 ..." >&2; exit 1; }
	@echo "Creating $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: requirements are re-installed only when a requirements file changes.
$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(RUNTIME_STAMP)

system-packages: ## Install SYSTEM_PACKAGES with apt-get when root and something is missing
	@missing=""; \
	for pkg in $(SYSTEM_PACKAGES); do \
	  dpkg -s "$$pkg" >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "Installing system packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "Missing system packages:$$missing. Install them (as root: make system-packages)." >&2; \
	fi

install: system-packages $(RUNTIME_STAMP) ## Create .venv and install the runtime requirements

install-dev: system-packages $(DEV_STAMP) ## Create .venv and install the runtime and development requirements

# --- the two commands -------------------------------------------------------------------

run: install ## Migrate, seed the demo and serve HTTP + websockets on PORT (default 8000)
	@$(DEV_ENV) $(PY) manage.py migrate --noinput -v 0
	@$(DEV_ENV) $(PY) manage.py seed_demo --base-url http://localhost:$(PORT)
	@echo ""
	@echo "Serving HTTP and websockets on http://localhost:$(PORT)/ (Ctrl-C to stop)"
	@$(DEV_ENV) exec $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev ## Run the test suite (PYTEST_ARGS="-k name" to select)
	@status=0; $(TEST_ENV) $(VENV)/bin/pytest $(PYTEST_ARGS) || status=$$?; \
	if [ "$$status" -eq 5 ]; then \
	  echo "make test: pytest collected no tests; that is a failure, not a pass." >&2; exit 1; \
	fi; \
	exit "$$status"

# --- the rest ---------------------------------------------------------------------------

lint: install-dev ## ruff, mypy, the import-boundary contracts and makemigrations --check
	@failed=""; \
	echo "== ruff check ."; $(VENV)/bin/ruff check . || failed="$$failed ruff"; \
	echo "== mypy ."; $(TEST_ENV) $(VENV)/bin/mypy . || failed="$$failed mypy"; \
	echo "== lint-imports"; $(TEST_ENV) $(VENV)/bin/lint-imports --no-cache || failed="$$failed lint-imports"; \
	echo "== makemigrations --check"; \
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run || failed="$$failed makemigrations"; \
	if [ -n "$$failed" ]; then echo "make lint failed:$$failed" >&2; exit 1; fi; \
	echo "make lint: all checks passed"

migrate: install ## Apply database migrations
	$(DEV_ENV) $(PY) manage.py migrate --noinput

seed: migrate ## Load the demo data (idempotent) and print the logins and demo API keys
	$(DEV_ENV) $(PY) manage.py seed_demo --base-url http://localhost:$(PORT)

worker: migrate ## Celery worker (concurrency 2); needs REDIS_URL or CELERY_BROKER_URL
	@$(DEV_ENV) $(PY) scripts/require_broker.py
	$(DEV_ENV) exec $(PY) -m celery -A nuvae worker --concurrency 2 --loglevel INFO

beat: migrate ## Celery beat with the database scheduler; needs REDIS_URL or CELERY_BROKER_URL
	@$(DEV_ENV) $(PY) scripts/require_broker.py
	$(DEV_ENV) exec $(PY) -m celery -A nuvae beat --loglevel INFO \
	  --scheduler django_celery_beat.schedulers:DatabaseScheduler

clean: ## Remove caches (keeps .venv and the demo database)
	rm -rf .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean ## Also remove .venv and var/ (the embedded SQLite database and media files)
	rm -rf $(VENV) var
