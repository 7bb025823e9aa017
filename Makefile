# Two commands matter: `make book` and `make test`. Both create .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test check serve clean

TEST_STAMP := $(VENV)/.installed-test

# `make book` installs what the book needs; `make test` adds the test tools
# and Zensical, the second renderer the tests build with.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,zensical]'
	touch $(TEST_STAMP)

book: $(STAMP)
	$(BIN)/briefing build

check: $(STAMP)
	$(BIN)/briefing check

serve: $(STAMP)
	$(BIN)/briefing serve

test: $(TEST_STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site .build
