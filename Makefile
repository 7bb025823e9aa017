# Two commands matter: `make book` and `make test`. Both install the system packages
# they need (scripts/system-packages.sh) and create .venv if needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test check serve clean system-book system-test

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

# The test tools from npm, pinned in package-lock.json: the Nu Html Checker (vnu.jar),
# run on the system's Java. --ignore-scripts: vnu-jar's install script would download a Java.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# The Debian packages: Pango and fonts for the book, Chromium as well for the tests.
system-book:
	scripts/system-packages.sh book

system-test:
	scripts/system-packages.sh test

book: system-book $(STAMP)
	$(BIN)/briefing build

check: $(STAMP)
	$(BIN)/briefing check

serve: $(STAMP)
	$(BIN)/briefing serve

# Every saved page re-verified against its sha256 (`check` alone verifies only
# what changed since the last check), then the tests.
test: system-test $(TEST_STAMP) $(NODE_STAMP)
	$(BIN)/briefing check --captures
	$(BIN)/python -m pytest

clean:
	rm -rf site .build
