# Interdepend: `make run` serves the app with the demo; `make test` runs every gate and test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEBIAN_PACKAGES := chromium fonts-dejavu-core gettext poppler-utils postgresql redis-server haproxy r-base-core r-cran-nlme r-cran-psych r-cran-gparotation r-cran-lavaan
# `make run` serves plain HTTP on loopback; production keeps INTERDEPEND_HTTPS on.
RUN_ENV := INTERDEPEND_HTTPS=false
PYTEST := $(BIN)/pytest -p no:cacheprovider

.PHONY: help run test messages gates test-sqlite test-postgres test-cluster test-slow test-browser test-wheel bench debian clean

help:
	@echo "make run   - install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  - install what tests need, run the quality gates and the whole suite"
	@echo "make bench - run the benchmarks (not part of make test)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt requirements-constraints.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-build-isolation --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(RUN_ENV) $(BIN)/interdepend manage migrate --noinput -v 0
	$(RUN_ENV) $(BIN)/interdepend manage collectstatic --noinput -v 0
	$(RUN_ENV) $(BIN)/interdepend demo
	$(RUN_ENV) $(BIN)/interdepend serve --port $(PORT)

# The catalogs of every language after words were marked or changed (docs/translating.md):
# django.po gains the new messages (kept translations stay), django.mo is compiled from it. Both
# are committed, so installing needs no gettext; tests/test_locale.py holds them equal.
messages: $(VENV)/.runtime
	@$(MAKE) --no-print-directory debian DEBIAN_PACKAGES=gettext
	cd src/interdepend && DJANGO_SETTINGS_MODULE=interdepend.web.settings_test \
	  ../../$(BIN)/python -m django makemessages --all --no-location
	cd src/interdepend && DJANGO_SETTINGS_MODULE=interdepend.web.settings_test \
	  ../../$(BIN)/python -m django compilemessages

# Debian packages the tests need; installed only when one is missing.
debian:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

gates: $(VENV)/.dev
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=interdepend.web.settings_test $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=interdepend.web.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	var=$$(mktemp -d) && trap 'rm -rf "$$var"' EXIT && \
	  env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_SETTINGS_MODULE=interdepend.web.settings INTERDEPEND_VAR_DIR="$$var" \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

test-sqlite: $(VENV)/.dev
	$(PYTEST) -n 2 -m "not browser and not slow"

# The database-touching tests again, on a throwaway PostgreSQL cluster that always stops.
test-postgres: $(VENV)/.dev debian
	scripts/with-postgres $(PYTEST) -n 2 -m "not browser and not slow" tests/web tests/security

# Two `interdepend serve` behind HAProxy, one PostgreSQL, one Redis (scripts/with-cluster): a
# couple's week alternating between servers, one server killed mid-load (about a minute).
test-cluster: $(VENV)/.dev debian
	scripts/with-cluster $(PYTEST) tests/cluster

test-slow: $(VENV)/.dev
	$(PYTEST) -m slow

test-browser: $(VENV)/.dev debian
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) --timeout=300 -m browser tests/browser

# The wheel in a fresh venv with only its declared dependencies: `interdepend apim` runs there
# on the Acitelli couples and Django is absent (about a minute; the temporary venv is removed).
test-wheel: $(VENV)/.runtime
	scripts/test-wheel $(BIN)/python

test: debian gates test-sqlite test-postgres test-cluster test-slow test-browser test-wheel

$(VENV)/.bench: requirements-bench.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Not part of `make test`. Knobs (docs/performance.md): BENCH_COUPLES, BENCH_SECONDS,
# BENCH_CONNECTIONS, BENCH_BACKENDS, BENCH_RESPONDENTS, BENCH_DYADS, BENCH_PDF_BATCH; for the two
# servers behind HAProxy (bench/bench_cluster.py) BENCH_CLUSTER_COUPLES, BENCH_CLUSTER_CONNECTIONS
# and BENCH_CLUSTER_ROUNDS; and for the APIM against R (bench/bench_apim_r.py) BENCH_R_DYADS
# (e.g. 10000,100000) and BENCH_R_REPEAT.
bench: $(VENV)/.bench
	@$(MAKE) --no-print-directory debian DEBIAN_PACKAGES="postgresql wrk redis-server haproxy r-base-core r-cran-nlme"
	@rm -f var/bench/figures/*.json
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done
	@$(BIN)/python bench/results.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache var/static
