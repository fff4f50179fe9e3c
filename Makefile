# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test test-dates bench lint install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall when the dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# The editable install maps linli.* onto the top-level folders; setuptools warns about
	@# that layout on every install, which would only worry a newcomer.
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/linli db upgrade
	$(BIN)/linli demo load --if-empty
	$(BIN)/linli run

# Two workers, one per core (pytest-xdist); each has its own PostgreSQL database.
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2

# The whole suite again with the system clock moved (libfaketime): a year ahead, the last
# minutes of a year (Asia/Shanghai: the run crosses midnight), and a 调休 Saturday that is a working day. Real
# processes started by the tests see the same clock: a date becomes an offset from now, so
# that a process started later does not begin that date again. The monotonic clock moves with it:
# left alone (DONT_FAKE_MONOTONIC=1) every timed wait in a thread ran ten times slower,
# or time.sleep failed with EINVAL. SQLite only: the PostgreSQL server's clock cannot be
# moved, and storage is covered by `make test`.
SHIFTS ?= +365d 2027-12-31T15:58:00Z 2026-10-10T01:00:00Z
test-dates: install
	@command -v faketime >/dev/null || { echo "faketime is not installed (apt-get install faketime)"; exit 1; }
	@for shift in $(SHIFTS); do \
	  case $$shift in \
	    +*) offset=$$shift ;; \
	    *) offset=$$(( $$(date -d "$$shift" +%s) - $$(date +%s) )); \
	       case $$offset in -*) offset="$${offset}s" ;; *) offset="+$${offset}s" ;; esac ;; \
	  esac; \
	  echo "== tests with the clock at $$shift ($$offset)"; \
	  env -u LINLI_TEST_DATABASE_URL FAKETIME_DONT_FAKE_MONOTONIC=0 \
	    faketime -f "$$offset" $(BIN)/python -m pytest -q -p no:cacheprovider -n 2 || exit 1; \
	done

# Figures, not tests: prints a table and writes .bench/results.json.
bench: install
	$(BIN)/python -m tests.bench

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
