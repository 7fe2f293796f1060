# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000
# Material prints an end-of-life banner on every build; keep build logs to what matters.
export NO_MKDOCS_2_WARNING := 1

.PHONY: install demo build serve test test-slow extension bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

build: $(STAMP)
	$(BIN)/sitegen build

demo: build
	$(BIN)/sitegen serve --host $(HOST) --port $(PORT)

test: $(TEST_STAMP) $(CHROMIUM)
	$(BIN)/pytest -q

test-slow: $(TEST_STAMP) $(CHROMIUM)
	$(BIN)/pytest -q -m slow

extension:
	cd extension && rm -f ../dist/sitegen-extension.zip && mkdir -p ../dist && zip -qr ../dist/sitegen-extension.zip . -x 'dist/*'

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site site.* .sitegen docs/index.md docs/papers docs/tags docs/archive docs/feeds dist
