# Set-up and checks for the council records site. `make run` and `make test`
# are the whole set-up; see README.md.

PYTHON ?= python3
PORT ?= 8000
PYTEST_ARGS ?=
BENCHMARK_ARGS ?=

VENV := .venv
BIN := $(VENV)/bin
# Reinstalls whenever pyproject.toml changes (new dependencies or extras).
INSTALLED := $(VENV)/.installed-dev

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install browser run test lint format clean benchmark

help:
	@echo "make run     set up, migrate, load the demo data and serve on 127.0.0.1:$(PORT)"
	@echo "make test    lint, then pytest on a throwaway PostgreSQL (PYTEST_ARGS=...)"
	@echo "              with the browser tests in Debian's Chromium (installed if missing)"
	@echo "make lint    ruff check, ruff format --check, makemigrations --check"
	@echo "make benchmark  the pages on a generated 20-year archive, on a throwaway"
	@echo "              PostgreSQL (BENCHMARK_ARGS=\"--scale 0.1 --json out.json\")"
	@echo "make format  ruff format and ruff check --fix"
	@echo "make clean   remove .venv and caches (var/, the demo data, stays)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(INSTALLED)

run: $(INSTALLED)
	@mkdir -p var/media
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Rules that must hold on the demo's SQLite as on PostgreSQL, checked on both.
SQLITE_TESTS := tests/test_search.py tests/test_models_organizations.py \
	tests/test_models_sessions.py tests/test_models_publishing.py \
	tests/test_demo.py tests/test_admin.py

test: lint browser
	scripts/with-test-postgres $(BIN)/python -m pytest $(PYTEST_ARGS)
	DATABASE_URL=sqlite://:memory: $(BIN)/python -m pytest -q $(SQLITE_TESTS)

# README.md, "Performance". Several minutes at full scale: the archive is
# generated first, in a database of the command's own.
# wrk and redis-server (Debian's) are installed when missing, as root: the
# tools the README's figures were measured with.
benchmark: $(INSTALLED)
	@scripts/ensure-benchmark-tools
	scripts/with-test-postgres $(BIN)/python manage.py benchmark $(BENCHMARK_ARGS)

# The browser tests use Debian's Chromium, installed here when missing (as
# root); Playwright downloads no browser. Screenshots go to test-artifacts/.
browser:
	@scripts/ensure-chromium

# makemigrations --check reads models, not data: an in-memory SQLite keeps it
# independent of whichever database DATABASE_URL names.
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=sqlite://:memory: $(BIN)/python manage.py makemigrations --check --dry-run

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info test-artifacts
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
