# Two commands for a new machine: `make run` (the product with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

.PHONY: install run test test-postgres lint migrations-check ci clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Improvement Tracker is at http://127.0.0.1:8000 (Ctrl+C stops it)"
	$(MANAGE) runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest

test-postgres: install
	bin/with-postgres $(MAKE) test

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

migrations-check: install
	DJANGO_SETTINGS_MODULE=improvement_tracker.settings.test $(MANAGE) makemigrations --check --dry-run

ci: lint migrations-check test test-postgres

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
