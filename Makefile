# Steg: two commands. `make run` serves the app; `make test` runs the whole suite.
# `make bench` measures it (see README, "Performance").
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := wsgi
export PLAYWRIGHT_BROWSERS_PATH := 0

.PHONY: run test lint translations clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

MO_FILES := $(patsubst %.po,%.mo,$(wildcard lms/translations/*/LC_MESSAGES/messages.po))

translations: $(MO_FILES)

lms/translations/%/LC_MESSAGES/messages.mo: lms/translations/%/LC_MESSAGES/messages.po $(VENV)/.installed
	@$(BIN)/pybabel compile -f -l $* -i $< -o $@

run: $(VENV)/.installed translations
	@mkdir -p instance
	$(BIN)/flask db upgrade
	$(BIN)/flask content sync
	$(BIN)/flask demo
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-dev translations
	$(BIN)/pytest -q

bench: $(VENV)/.installed translations
	@command -v wrk >/dev/null || { echo "make bench needs wrk: apt-get install wrk (Debian package)"; exit 2; }
	$(BIN)/python -m bench.run

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
