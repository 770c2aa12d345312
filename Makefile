# Corridor: two commands, `make demo` and `make test`. Everything else is what they need.
VENV := .venv
BIN := $(VENV)/bin
# Build-time checks (types, migrations, translations) load the settings but serve nothing.
CHECK_ENV := CORRIDOR_SECRET_KEY=build-checks-only

.PHONY: demo test install install-test lint typecheck messages clean

$(BIN)/python:
	@py="$$(scripts/find-python)" && "$$py" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,spark]'
	@touch $@

install: $(VENV)/.installed messages
install-test: $(VENV)/.installed-test messages

# Compiled translations are built, not committed.
messages: $(VENV)/.installed
	@cd src/corridor && $(CHECK_ENV) ../../$(BIN)/corridor compilemessages --verbosity 0

demo: install
	$(BIN)/corridor demo

test: install-test lint typecheck
	$(CHECK_ENV) $(BIN)/corridor makemigrations --check --dry-run
	$(BIN)/pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

typecheck: $(VENV)/.installed-test
	$(CHECK_ENV) $(BIN)/mypy src/corridor

clean:
	rm -rf $(VENV) var
