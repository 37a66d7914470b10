# Two commands set up everything on a fresh machine (each makes its own virtual environment):
#   make demo   extract the bundled notes in content/ and browse them in Datasette
#   make test   lint, type-check and run the whole test suite (what .ci/run calls)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= data/readlist.db
PORT ?= 8001

.PHONY: demo test install lint browser screenshots bench fuzz docs gazetteer clean

# Set-up says one line per step; pip and compileall stay quiet unless something fails,
# and then print the error in full. An editable install leaves src/ uncompiled; with
# PYTHONDONTWRITEBYTECODE set, every command would compile readlist's modules again
# (~30 ms of each start), hence compileall.
$(BIN)/.installed: pyproject.toml
	@echo "make install: virtual environment in $(VENV)/"
	@$(PYTHON) -m venv $(VENV)
	@echo "make install: readlist and its development tools, from PyPI"
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@$(BIN)/python -m compileall -q src
	@touch $@
	@echo "make install: done; run $(BIN)/readlist --help"

install: $(BIN)/.installed

demo: install
	$(BIN)/readlist extract content/ --db $(DB)
	$(BIN)/readlist serve --db $(DB) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench fuzz docs data/gazetteer/build
	$(BIN)/ruff format --check src tests bench fuzz docs data/gazetteer/build
	$(BIN)/mypy

# docs/cli.md: every --help page, generated from the code (tests/test_docs.py checks it).
docs: install
	$(BIN)/python -m readlist.clihelp > docs/cli.md

# The browser test drives Debian's chromium (never a downloaded browser). As root
# (CI, containers) it is installed when missing; elsewhere install it yourself
# (apt-get install chromium) or the browser test is skipped. CI=true makes a
# missing chromium a failure instead of a skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
	  else echo "chromium not installed: the browser test will be skipped"; fi; }

# The README's screenshots (docs/screenshots/*.png) of the landing, resource, note and
# charts pages, at 1400x1000 in Debian's chromium. A Korean font (fonts-nanum) draws the
# Korean notes and pngquant keeps the PNGs small; both are installed when run as root.
screenshots: install browser
	@for pkg in pngquant fonts-nanum; do dpkg -s $$pkg >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$pkg; \
	  else echo "$$pkg not installed: apt-get install $$pkg"; fi; }; done
	$(BIN)/python docs/screenshots.py --out docs/screenshots

test: lint browser
	READLIST_REQUIRE_BROWSER=$${CI:+1} $(BIN)/pytest

# Extraction speed and URL accuracy against urlextract, linkify-it-py, one regex and ripgrep
# (apt-get install ripgrep for the last), then the Datasette and enrich benchmarks.
bench: install
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@# sources changed since install would otherwise be compiled again by every timed run
	@# when PYTHONDONTWRITEBYTECODE is set (~65 ms a process)
	$(BIN)/python -m compileall -q src
	$(BIN)/python bench/extract_bench.py --sizes $${SIZES:-1000,10000,50000}
	$(BIN)/python bench/datasette_bench.py
	$(BIN)/python bench/enrich_bench.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/false_names.py
	$(BIN)/python bench/formats_bench.py

# Coverage-guided fuzzing of the note parser and finders (outside CI; crashes become tests).
fuzz: install
	$(BIN)/pip install --quiet atheris
	mkdir -p fuzz/corpus && cp -n content/_posts/*.md fuzz/corpus/
	$(BIN)/python fuzz/fuzz_extract.py -max_total_time=$${SECONDS_TO_FUZZ:-600} fuzz/corpus

# The harvested gazetteer (data/gazetteer/harvested/, SOURCES.md) from the repositories pinned
# in data/gazetteer/build/sources.yaml: bare clones in READLIST_SOURCES (default
# ~/.cache/readlist/sources), cloned from GitHub when missing. Not part of `make test`.
gazetteer: install
	PYTHONPATH=data/gazetteer/build $(BIN)/python -m gazbuild --clone \
	  $${READLIST_SOURCES:+--sources "$$READLIST_SOURCES"}

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm
