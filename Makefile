# One command each: `make install` sets up, `make chat` chats, `make test` tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install test chat results bench lint

install:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# The CPU build of torch first, pinned: a looser requirement pulls a multi-GB CUDA build.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	# Build the fast int8 ONNX engine of the bundled model once (cached in ~/.cache/mirrorbot).
	$(BIN)/mirrorbot prepare

test:
	$(BIN)/pytest -q

chat:
	$(BIN)/mirrorbot chat

results:
	$(BIN)/python scripts/results.py --readme README.md

bench:
	$(BIN)/python scripts/bench_table.py --readme README.md

lint:
	$(BIN)/ruff check mirrorbot tests
