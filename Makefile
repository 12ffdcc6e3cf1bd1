# fairapp: `make run` serves the demo fair, `make test` runs the whole suite on SQLite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
REDIS_TEST_URL ?= redis://127.0.0.1:6379/0
export FLASK_APP := wsgi

.PHONY: run test test-pg bench translations messages worker clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("fairapp needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(STAMP)
	$(BIN)/python scripts/translations.py compile

## Serve the demo fair on http://$(HOST):$(PORT) with a job worker and a mail catcher beside it:
## every mail the app sends is kept in instance/mailbox/ and shown at /dev/mailbox.
run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask fair demo --if-empty
	@echo ""
	@echo "fairapp: http://$(HOST):$(PORT)/auth/login   (Ctrl-C stops it)"
	@echo "Mailbox: http://$(HOST):$(PORT)/dev/mailbox   (every mail the app sends, caught on this machine)"
	@echo "Demo logins:"
	@$(BIN)/flask fair logins
	@$(BIN)/flask fair mail-catcher & catcher=$$!; \
	  $(BIN)/flask fair worker --workers 2 & worker=$$!; \
	  trap 'kill $$worker $$catcher 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) --access-logfile - wsgi:app

worker: translations
	$(BIN)/flask fair worker

## The whole suite on the embedded default (a SQLite file).
test: translations
	env -u DATABASE_URL -u REDIS_URL $(BIN)/python -m pytest

## The whole suite on PostgreSQL (database created and dropped by the tests), jobs on Redis.
test-pg: translations
	DATABASE_URL=$(PG_URL) REDIS_URL=$(REDIS_TEST_URL) $(BIN)/python -m pytest

bench: translations
	$(BIN)/python -m bench

## After changing user-visible strings: extract them and list what vi still lacks.
messages: $(STAMP)
	$(BIN)/python scripts/translations.py update

clean:
	rm -rf $(VENV) .pytest_cache test-results
