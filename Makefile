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

# How the environment is installed: auto = uv when it is on PATH, else uv installed from the
# package index into the venv (seconds), else pip; uv or pip to force one. Progress is shown.
# Fresh clone to first report, median of 3: benchmarks/bench_first_run.py (README).
INSTALLER ?= auto

$(STAMP): pyproject.toml
	@set -e; UV=""; \
	test -x $(PY) || { echo "== creating $(VENV)"; $(PYTHON) -m venv $(VENV); }; \
	if [ "$(INSTALLER)" != pip ]; then \
	  if command -v uv >/dev/null 2>&1; then UV=$$(command -v uv); \
	  else echo "== installing uv, a fast installer, from the package index"; \
	    if $(PY) -m pip install --progress-bar on --disable-pip-version-check uv; then UV=$(VENV)/bin/uv; \
	    elif [ "$(INSTALLER)" = uv ]; then echo "uv could not be installed"; exit 1; \
	    else echo "== uv could not be installed: using pip (slower)"; fi; \
	  fi; \
	fi; \
	if [ -n "$$UV" ]; then \
	  echo "== installing hatinh_analysis and its dependencies with uv"; \
	  $$UV pip install --python $(PY) -e '.[test,lab]'; \
	else \
	  echo "== installing hatinh_analysis and its dependencies with pip (about a minute or more)"; \
	  $(PY) -m pip install --progress-bar on --disable-pip-version-check -e '.[test,lab]'; \
	fi; \
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null; \
	touch $(STAMP); echo "== environment ready in $(VENV)"

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
