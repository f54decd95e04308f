# Front door of the project. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(shell command -v uv 2>/dev/null)
KERNEL := borgerservice
INSTALLED := $(VENV)/.installed
# labels of the rebuilt tables and figures: en or da (not LANG, which the shell owns)
PAPER_LANG ?= en
JOBS ?=
# keep matplotlib's and Jupyter's caches inside the project, never in a shared home
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup report report-da test check check-record validate datapackage lab bench scenarios lock strip clean distclean

help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(INSTALLED): requirements.lock pyproject.toml
	@echo "setting up $(VENV) from requirements.lock (hash-checked)"
	@if [ -n "$(UV)" ]; then \
	  [ -x $(PY) ] || $(UV) venv --quiet --python $(PYTHON) $(VENV); \
	  $(UV) pip install --quiet --python $(PY) --require-hashes --no-deps -r requirements.lock; \
	  $(UV) pip install --quiet --python $(PY) --no-deps --no-build-isolation -e .; \
	  $(UV) pip check --quiet --python $(PY); \
	else \
	  $(PY) -m pip --version >/dev/null 2>&1 || $(PYTHON) -m venv $(VENV); \
	  $(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock; \
	  $(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e .; \
	  $(PY) -m pip check --disable-pip-version-check >/dev/null || $(PY) -m pip check; \
	fi
	@$(PY) -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (borgerservice)" >/dev/null
	@touch $@

setup: $(INSTALLED) ## create .venv from the lock, install the package and the Jupyter kernel

report: $(INSTALLED) ## rebuild every table, figure and report/index.html (only what is out of date)
	@$(PY) -m borgerservice.build --lang $(PAPER_LANG) $(if $(JOBS),--jobs $(JOBS))

report-da: ## the same with the paper's Danish labels
	@$(MAKE) --no-print-directory report PAPER_LANG=da

test: $(INSTALLED) ## run the whole test suite: numbers check, units, raw data, bad inputs, notebooks, builds
	@$(PY) -m borgerservice.claims --check | tail -n 1
	@$(PY) -m pytest -q -p no:cacheprovider

check: $(INSTALLED) ## the numbers check: summary, non-zero when a checked number moved
	@$(PY) -m borgerservice.claims --check

check-record: $(INSTALLED) ## record the numbers check after a deliberate change to data or code
	@$(PY) -m borgerservice.claims --record

validate: $(INSTALLED) ## check every raw file against data/raw/datapackage.json
	@$(PY) -m borgerservice.rawdata

datapackage: $(INSTALLED) ## re-record sizes and hashes in datapackage.json after a deliberate edit of data/raw
	@$(PY) -m borgerservice.rawdata --update-hashes

lab: $(INSTALLED) ## open JupyterLab on the notebooks with the project's kernel
	@$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(INSTALLED) ## benchmark the build against the plain-script and command-per-notebook baselines
	@$(PY) -m borgerservice.bench

scenarios: $(INSTALLED) ## run the cost-model notebook over scenarios.yml
	@$(PY) -m borgerservice.scenarios

lock: ## re-resolve requirements.in into requirements.lock and environment.yml (needs network and uv)
	uv pip compile requirements.in --universal --python-version 3.11 --generate-hashes --no-header -o requirements.lock
	$(PYTHON) tools/sync_environment.py

strip: $(INSTALLED) ## remove outputs and papermill metadata from notebooks/*.ipynb
	@$(PY) -m borgerservice.nbclean notebooks/*.ipynb

clean: ## remove built outputs (data/processed, figures, report, build)
	rm -rf build report
	find data/processed figures -type f ! -name .gitkeep -delete

distclean: clean ## also remove .venv
	rm -rf $(VENV)
