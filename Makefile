# Two commands do all the set-up on a fresh machine:
#   make run    — create .venv, install Rasad, extract events from the bundled sample articles
#   make test   — the same set-up, then the whole test suite (what CI runs)
#   make train  — rebuild the shipped models from codings/ (texts read from ../shared/corpus)
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup bench train clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/rasad extract samples/articles.jsonl -o samples/events.jsonl
	@echo "events written to samples/events.jsonl"

test: $(STAMP)
	bash scripts/test.sh

train: $(STAMP)
	$(BIN)/rasad train $(TRAIN_ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
