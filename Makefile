# Kerjasama Classroom. `make run` sets up and serves the app; `make test` runs the whole suite.
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
ARTICLE := content/kerjasama-internasional.txt
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# `make run PORT=8001` serves beside another checkout's server on the default port.
PORT ?= 8000

.PHONY: run serve check-deploy test system-packages lint format messages migrate demo clean bench \
	bench-pages

run: $(VENV)/.installed messages
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) migrate --no-input -v0
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) import_article $(ARTICLE) --slug kerjasama-internasional
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} PORT=$(PORT) $(MANAGE) seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG-1} $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production, as a school deploys it: settings from the environment (docs/deploy.md), DEBUG off.
# `check --deploy` refuses to go on without a real SECRET_KEY. MIGRATE=0 on all but one app server.
serve: $(VENV)/.installed messages
	@if [ "$${DJANGO_DEBUG-}" = 1 ]; then echo "make serve is for production: unset DJANGO_DEBUG" >&2; exit 1; fi
	$(MANAGE) check --deploy --fail-level ERROR
	if [ "$${MIGRATE-1}" = 1 ]; then $(MANAGE) migrate --no-input -v0; fi
	$(MANAGE) collectstatic --no-input -v0
	exec $(BIN)/gunicorn kerjasama.wsgi:application -c kerjasama/gunicorn.conf.py

# CI runs this with production-like variables (.ci/run): every deploy warning fails it.
check-deploy: $(VENV)/.installed
	$(MANAGE) check --deploy --fail-level WARNING

test: system-packages $(VENV)/.installed-test messages lint
	$(MANAGE) makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

# Chromium, gettext and npm: installed with apt-get when missing and run as root, else named
# and the suite goes on (browser tests skip loudly). No apt-get at all when they are there.
system-packages:
	@scripts/system-packages || true

# Gradebook, quiz report and export times for classes of 40, 400 and 1,000 (docs/performance.md).
bench: $(VENV)/.installed
	$(BIN)/python benchmarks/gradebook.py $(BENCH_ARGS)

# Page weight of the lesson and quiz pages on `make serve`, and Lighthouse scores (installed on
# demand into benchmarks/node_modules).
bench-pages: $(VENV)/.installed-test
	$(BIN)/python benchmarks/pages.py --lighthouse $(BENCH_ARGS)

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
	rm -rf $(VENV) node_modules benchmarks/node_modules staticfiles db.sqlite3* artifacts
