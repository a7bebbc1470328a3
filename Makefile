# Two commands for a new machine: `make run` (the product with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

CHROMIUM ?= /usr/bin/chromium
AXE := frontend/node_modules/axe-core/axe.min.js
VNU := frontend/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: wheel-check install pdf-deps browser-deps frontend run test test-postgres lint audit deploy-check migrations-check ci clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $@

install: $(VENV)/.installed pdf-deps

# WeasyPrint draws text with Pango from Debian; annexes are set in Liberation Sans (Arial's metrics).
pdf-deps:
	@if ! ldconfig -p | grep -q 'libpango-1.0.so' || ! fc-list | grep -q 'LiberationSans'; then \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation; \
	fi

# Browser tests use Debian's Chromium, and axe-core and the Nu HTML Checker (run by Debian's Java)
# from the npm registry; PDF checks use pdftoppm; the Word annex is laid out by LibreOffice.
$(CHROMIUM) /usr/bin/pdftoppm /usr/bin/java:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils default-jre-headless

$(AXE) $(VNU) &: frontend/package.json
	cd frontend && npm install --no-audit --no-fund --loglevel=error
	touch $(AXE) $(VNU)

/usr/bin/soffice:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui

browser-deps: $(CHROMIUM) /usr/bin/pdftoppm /usr/bin/java /usr/bin/soffice $(AXE) $(VNU)

# The web server, one queue worker and the schedule together (Procfile.dev); Ctrl+C stops all three.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	@echo "Improvement Tracker is at http://127.0.0.1:8000 with a worker beside it (Ctrl+C stops both)"
	$(BIN)/honcho -f Procfile.dev start

# The production stack (gunicorn, WhiteNoise, PostgreSQL on loopback) with the demo data.
.PHONY: serve load-test
serve: install
	bin/with-postgres bin/serve-local

test: install browser-deps
	$(BIN)/pytest

test-postgres: install
	bin/with-postgres $(MAKE) test

# 50 simulated officers for 60 s against gunicorn and PostgreSQL on loopback; prints the figures.
load-test: install
	bench/load_test.sh

frontend: $(AXE)
	cd frontend && npm run build

# Style, and the floors the apps stand on (pyproject.toml's importlinter contract).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Security: bandit over the product's code (benchmarks and tests are tools, not deployed), and
# pip-audit over every installed package.
audit: install
	$(BIN)/bandit -q -r core councils audit plans plan_editor actions evidence reports imports jobs rounds api accounts council_data statutory demo improvement_tracker -x '*/migrations/*'
	$(BIN)/python bin/audit-dependencies

# The production settings pass Django's deployment checklist.
deploy-check: install
	DJANGO_SETTINGS_MODULE=improvement_tracker.settings.prod \
	DJANGO_SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=tracker.example.gov.uk \
	$(MANAGE) check --deploy --fail-level WARNING

migrations-check: install
	DJANGO_SETTINGS_MODULE=improvement_tracker.settings.test $(MANAGE) makemigrations --check --dry-run

# A non-editable install of the built wheel holds every app and passes Django's checks.
wheel-check: install
	bin/check-wheel

ci: lint audit deploy-check migrations-check wheel-check test test-postgres
	LOAD_SECONDS=20 $(MAKE) load-test

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
