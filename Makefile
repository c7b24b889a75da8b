# Kerjasama Classroom. `make run` sets up and serves the app; `make test` runs the whole suite.
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
ARTICLE := content/kerjasama-internasional.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint format messages migrate demo clean

run: $(VENV)/.installed messages
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) migrate --no-input -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) import_article $(ARTICLE) --slug kerjasama-internasional
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) runserver 127.0.0.1:8000

test: $(VENV)/.installed-test messages lint
	$(MANAGE) makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Compiled catalogues are built, not committed.
messages: $(VENV)/.installed
	cd $(CURDIR) && $(abspath $(BIN))/django-admin compilemessages --ignore=.venv --ignore=node_modules -v0

$(BIN)/python:
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q .
	rm -rf build *.egg-info
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed package.json package-lock.json
	$(BIN)/pip install -q . --group test
	rm -rf build *.egg-info
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3* artifacts
