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

.PHONY: install demo build serve test test-slow extension bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,embeddings]'
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
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/pytest -q

test-slow: $(TEST_STAMP) $(CHROMIUM)
	$(BIN)/pytest -q -m slow

# The extension: linted by Mozilla's web-ext (pinned in extension/tools, 0 errors required), then zipped
# with Python's zipfile (no `zip` binary needed). Only the files the browser loads go in the zip.
EXTENSION_TOOLS := extension/tools/node_modules/.installed
EXTENSION_FILES := manifest.json background.js lib popup options content icons

$(EXTENSION_TOOLS): extension/tools/package.json extension/tools/package-lock.json
	npm ci --prefix extension/tools --no-audit --no-fund --silent
	touch $@

extension: $(EXTENSION_TOOLS)
	extension/tools/node_modules/.bin/web-ext lint --source-dir extension --ignore-files 'tools/**' --no-input
	rm -f dist/sitegen-extension.zip && mkdir -p dist
	cd extension && $(PYTHON) -m zipfile -c ../dist/sitegen-extension.zip $(EXTENSION_FILES)

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench,embeddings]'
	touch $@

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run --sizes 1000,10000 --compare

# Search, related papers and tags on the 9,881 real records (../shared/data), beside baselines.
eval: $(BENCH_STAMP)
	$(BIN)/python -m bench.quality

clean:
	rm -rf site site.* .sitegen docs/index.md docs/papers docs/tags docs/archive docs/feeds dist
