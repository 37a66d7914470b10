# Two commands set up everything on a fresh machine (each makes its own virtual environment):
#   make demo   extract the bundled notes in content/ and browse them in Datasette
#   make test   lint, type-check and run the whole test suite (what .ci/run calls)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= data/readlist.db
PORT ?= 8001

.PHONY: demo test install lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/readlist extract content/ --db $(DB)
	$(BIN)/readlist serve --db $(DB) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
