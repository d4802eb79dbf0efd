# nap_tracker: `make run` serves the site locally, `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install messages makemessages run db migrate seed serve test lint format check pytest rescore bench clean-db

help:
	@echo "make run     install, migrate, load reference + demo data, serve on http://$(HOST):$(PORT)"
	@echo "make test    install, ruff, Django checks, migration check, pytest"
	@echo "make serve   gunicorn, gthread workers (nap_tracker/gunicorn.conf.py; needs SECRET_KEY and ALLOWED_HOSTS)"
	@echo "make format  ruff format + ruff check --fix"
	@echo "make bench   full-scale benchmark in a database of its own (docs/performance.md)"

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
	  || { echo "nap_tracker needs Python 3.11 (found $(PYTHON)); set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Translations: locale/<lang>/LC_MESSAGES/django.po are committed; the .mo files are built here.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install -y gettext"; exit 1; }
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

# After changing UI strings: refresh the catalogs, translate the new entries, commit them.
makemessages: install
	DEBUG=true $(BIN)/python manage.py makemessages -l fr -l es --no-obsolete \
	  --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=test-artifacts

migrate: install messages
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --no-input
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py createcachetable

seed: migrate
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py load_reference_data
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo

run: seed
	@echo
	@echo "nap_tracker is starting on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: migrate
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	$(BIN)/gunicorn --config nap_tracker/gunicorn.conf.py --bind $(HOST):$(PORT)

rescore: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py rescore

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	DEBUG=true $(BIN)/python manage.py check
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install messages
	DEBUG=true $(BIN)/python -m pytest --cov --cov-report=term $(PYTEST_ARGS)

test: lint check pytest

# The benchmark (docs/performance.md): its own database, created and dropped; not part of
# `make test`. BENCH_ARGS="--scale 0.1 --repeat 5" for a quicker run.
bench: install messages
	$(BIN)/python -m bench $(BENCH_ARGS)

# Stop `make run` first: the embedded server stops only when no process still uses it.
clean-db: install
	$(BIN)/python -c "import os, pgserver; pgserver.get_server(os.environ.get('PGDATA_DIR') or '.pgdata', cleanup_mode='delete')"
