# `make book` builds the HTML book, `make test` runs every test.
# Both create .venv and install what they need on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BOOK_DEPS := $(VENV)/.book-deps
TEST_DEPS := $(VENV)/.test-deps
JB_FLAGS := --builder html -W -n --keep-going
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PACKAGE := $(wildcard code/descent/*.py)
EXEC_CACHE := _build/.jupyter_cache _build/.doctrees
PACKAGE_STAMP := _build/.package-stamp

.PHONY: book test serve chromium clean bench lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(BOOK_DEPS): requirements.txt constraints.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt -c constraints.txt
	touch $@

$(TEST_DEPS): requirements-test.txt constraints.txt $(BOOK_DEPS)
	$(BIN)/python -m pip install -r requirements-test.txt -c constraints.txt
	touch $@

# Re-resolve constraints.txt in a scratch venv: the newest versions that the
# ranges in requirements*.txt allow.
LOCK_VENV := _build/.lock-venv
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -r requirements-test.txt
	{ sed -n '/^#/p' constraints.txt; $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > constraints.new
	mv constraints.new constraints.txt
	rm -rf $(LOCK_VENV)

book: $(BOOK_DEPS) $(PACKAGE_STAMP)
	$(BIN)/jupyter-book build . $(JB_FLAGS)

# The execution cache and Sphinx know only the notebooks; a change to the
# package they import must re-run them too.
$(PACKAGE_STAMP): $(PACKAGE)
	rm -rf $(EXEC_CACHE)
	mkdir -p $(@D) && touch $@

test: $(TEST_DEPS) chromium
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium through playwright.
chromium:
	@command -v chromium >/dev/null || { \
	  $(SUDO) apt-get update && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium fonts-liberation; }

# Every benchmark (builds in a temporary folder, repeated, medians): writes
# benchmarks/results.json and benchmarks/results.md. See README, "Benchmarks".
bench: $(TEST_DEPS) chromium
	$(BIN)/python -m benchmarks

serve:
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
