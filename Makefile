# Restore — the two commands are `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Python 3.13 (or 3.12): pyenv reads .python-version; otherwise whatever is on PATH.
PYTHON_BOOT := $(shell command -v python3.13 2>/dev/null || command -v python3.12 2>/dev/null)
HOST ?= 127.0.0.1
PORT ?= 8000

# Development defaults; a value already in the environment wins.
export DJANGO_DEBUG ?= 1
export SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: help run test serve lint format check migrate seed admin-password e2e bench mutation lighthouse screenshots clean

help:
	@echo "make run    - set everything up and serve http://$(HOST):$(PORT) (development)"
	@echo "make test   - set up and run the whole test suite, with the coverage floors"
	@echo "make serve  - the production stack (collectstatic + gunicorn + email worker) on http://$(HOST):$(PORT)"
	@echo "make lint   - ruff check, ruff format --check and the import contracts (.importlinter)"
	@echo "make screenshots - every public page and booking step at 320/390/768/1280 px into var/screenshots/"

$(PY):
	@if [ -z "$(PYTHON_BOOT)" ]; then \
	  echo "Python 3.13 (or 3.12) is needed; found only: $$(python3 --version 2>&1)."; \
	  echo "Install it (e.g. 'pyenv install 3.13') and run make again."; exit 1; fi
	$(PYTHON_BOOT) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.deps

migrate: $(VENV)/.deps
	$(PY) manage.py migrate --no-input

seed: migrate
	$(PY) manage.py seed_demo

# The email worker runs beside the web server; Ctrl-C stops both.
run: seed
	@$(PY) manage.py ensure_dev_superuser
	@$(PY) manage.py db_worker --interval 1 & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

admin-password: migrate
	$(PY) manage.py ensure_dev_superuser --reset

# Branch coverage (.coveragerc) must reach 90 % overall, and RULE_FLOOR in each rule module on its own
# (coverage.py has one floor, for the total, so each module gets a report of its own).
RULE_MODULES := bookings/availability.py clinic/hours.py bookings/booking.py bookings/workflow.py \
	bookings/triage.py bookings/ratelimit.py bookings/waitlist.py core/pagecache.py
RULE_FLOOR := 95

test: $(VENV)/.dev-deps
	$(BIN)/pytest --cov --cov-report=term-missing:skip-covered
	@echo "Branch coverage of each rule module (floor $(RULE_FLOOR) %):"
	@failed=; for module in $(RULE_MODULES); do printf '  %-26s' $$module; \
	  $(BIN)/coverage report --include=$$module --fail-under=$(RULE_FLOOR) --format=total || failed=1; done; \
	  if [ -n "$$failed" ]; then echo "A rule module is under $(RULE_FLOOR) %: its missing lines are listed above."; exit 1; fi

# Every public page and booking step at 320, 390, 768 and 1280 px, into var/screenshots/ (not committed).
screenshots: $(VENV)/.dev-deps seed
	$(PY) scripts/screenshots.py

e2e: $(VENV)/.dev-deps
	$(BIN)/pytest -m e2e

lint: $(VENV)/.dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(VENV)/.dev-deps
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The production stack on loopback over plain HTTP: DEBUG off, WhiteNoise, gunicorn.
serve: $(VENV)/.deps
	@mkdir -p var && [ -s var/secret-key ] || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key
	DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 DJANGO_SECRET_KEY="$$(cat var/secret-key)" \
	DJANGO_ALLOWED_HOSTS="$(HOST),localhost" \
	bash -c '$(PY) manage.py migrate --no-input && $(PY) manage.py collectstatic --no-input -v0 && \
	  $(PY) manage.py rerender_posts >/dev/null && \
	  { $(PY) manage.py db_worker & worker=$$!; trap "kill $$worker 2>/dev/null; wait $$worker" EXIT; \
	    $(BIN)/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT) config.wsgi; }'

# Mutation score of the rule modules (docs/mutation.md): a fresh copy in mutants/, one module at a time, two
# workers. Tens of minutes, so neither `make test` nor CI runs it. One module: make mutation MUTATION_MODULES=clinic.hours
MUTATION_MODULES ?= bookings.availability clinic.hours bookings.booking bookings.workflow bookings.triage \
	bookings.ratelimit bookings.waitlist core.pagecache care.progress outcomes.report
mutation: $(VENV)/.dev-deps
	rm -rf mutants
	@set -e; for module in $(MUTATION_MODULES); do $(BIN)/mutmut run --max-children 2 "$$module.*"; done
	@$(BIN)/mutmut results --all true | awk -F': ' '{ n = split($$1, part, "."); module = part[1]; \
	  for (i = 2; i < n; i++) module = module "." part[i]; sub(/^ +/, "", module); \
	  count[module, $$2]++; total[module]++; kinds[$$2] = 1 } \
	  END { for (m in total) { line = m ":"; for (k in kinds) if (count[m, k]) line = line " " k " " count[m, k]; \
	  print line ", total " total[m] } }' | sort
	@$(BIN)/mutmut results

# Benchmark the production stack (see bench/run.py); DATABASE_URL=postgres://… benchmarks PostgreSQL.
bench: $(VENV)/.deps
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py

# Lighthouse (npm package, Debian's Chromium) against the local production stack; prints the scores.
lighthouse: $(VENV)/.deps
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	@[ -x node_modules/.bin/lighthouse ] || npm ci --no-audit --no-fund --loglevel=error
	CHROME_PATH=/usr/bin/chromium $(PY) bench/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles var/cache var/test-db-*.sqlite3*
