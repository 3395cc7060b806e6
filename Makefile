# Two commands on a fresh machine:  `make report`  and  `make test`.
# Each creates the virtual environment from pyproject.toml when it is missing.
# Conda users: `conda env create -f environment.yml`, then `make test VENV=$CONDA_PREFIX`.
VENV    ?= .venv
PY      := $(VENV)/bin/python
STAMP   := $(VENV)/.hatinh-installed
PYTHON  ?= python3
OUT     ?= reports

.PHONY: help env test test-fast report lab data bench browser clean-env notebooks-vi

help:
	@echo "make report   set up (if needed) and write today's dated report to $(OUT)/"
	@echo "make test     set up (if needed) and run the test suite"
	@echo "make lab      JupyterLab on notebooks/ (Vietnamese versions in notebooks/vi/)"
	@echo "make notebooks-vi  regenerate notebooks/vi/ after changing a notebook or a translation"
	@echo "make data     rebuild data/observations.csv from data/raw (reproducible)"
	@echo "make bench    run the benchmarks (benchmarks/README.md)"

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lab]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	@touch $(STAMP)

env: $(STAMP)

# Debian's chromium for the headless-browser test of the HTML export.
# Installed when missing and we are root; otherwise the browser tests skip
# (CI sets HATINH_REQUIRE_BROWSER=1, which turns that skip into a failure).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian chromium for the browser test"; \
	  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; \
	fi

test: $(STAMP) browser
	$(PY) -m pytest

test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

report: $(STAMP)
	$(VENV)/bin/hatinh-report run --out $(OUT)

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

# The Vietnamese twins of the notebooks (docs/I18N.md, "Notebooks"): generated, never edited.
notebooks-vi: $(STAMP)
	$(PY) -m hatinh_analysis.prose sync

data: $(STAMP)
	$(VENV)/bin/hatinh-data build

BENCH_ARGS ?=

# Speed of the report pipeline against papermill + nbconvert by hand (benchmarks/README.md).
# Several minutes; run it on a quiet machine.
bench: $(STAMP)
	$(PY) benchmarks/run_benchmarks.py $(BENCH_ARGS)

clean-env:
	rm -rf $(VENV)
