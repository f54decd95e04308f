# Front door of the project. `make help` lists the targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# uv (hash-pinned in requirements/uv.lock, bootstrapped by pip) or pip, the slower fallback
INSTALLER ?= uv
# labels of the rebuilt tables and figures: en or da (not LANG, which the shell owns)
PAPER_LANG ?= en
# notebooks built at once (default: cores)
JOBS ?=
# test processes at once for make test (default: cores)
TEST_JOBS ?=
# the port `make lab` listens on
PORT ?= 8888
# keep matplotlib's and Jupyter's caches and state inside the project, never in a shared home
export MPLCONFIGDIR := $(CURDIR)/$(VENV)/mplconfig
export JUPYTER_RUNTIME_DIR := $(CURDIR)/$(VENV)/jupyter-runtime
export JUPYTER_CONFIG_DIR := $(CURDIR)/$(VENV)/etc/jupyter-user
# Python caches compiled modules (__pycache__, ignored by git) the first time it imports them; a shell that
# forbids it (PYTHONDONTWRITEBYTECODE) made every process recompile pandas and matplotlib, about 5 s each
unexport PYTHONDONTWRITEBYTECODE
export PYTHON INSTALLER

# What make passes to a shell is checked here first: a language is en or da, a job count digits only.
ifneq ($(PAPER_LANG),$(filter en da,$(firstword $(PAPER_LANG))))
$(error PAPER_LANG must be en or da, not '$(PAPER_LANG)')
endif
_no_digits = $(subst 0,,$(subst 1,,$(subst 2,,$(subst 3,,$(subst 4,,$(subst 5,,$(subst 6,,$(subst 7,,$(subst 8,,$(subst 9,,$(1)))))))))))
ifneq ($(strip $(call _no_digits,$(JOBS))),)
$(error JOBS must be a whole number of notebooks, not '$(JOBS)')
endif
ifneq ($(words $(JOBS)),$(if $(strip $(JOBS)),1,0))
$(error JOBS must be a whole number of notebooks, not '$(JOBS)')
endif
ifneq ($(strip $(call _no_digits,$(TEST_JOBS)))$(word 2,$(TEST_JOBS)),)
$(error TEST_JOBS must be a whole number of processes, not '$(TEST_JOBS)')
endif
ifneq ($(strip $(call _no_digits,$(PORT)))$(words $(PORT)),1)
$(error PORT must be a port number, not '$(PORT)')
endif

.PHONY: help setup report report-da translations lint test test-fast screenshots check validate datapackage lab bench mutate scenarios lock strip git-filter clean distclean

help: ## list the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z_-]+:.*## /{printf "  make %-13s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# one hash-locked set per use: report (what the build needs), test (+ pytest), lab (+ JupyterLab)
$(VENV)/.installed-%: requirements/%.lock pyproject.toml tools/install.sh
	@tools/install.sh $*
	@touch $@

setup: $(VENV)/.installed-report ## create .venv from requirements/report.lock, install the package and the kernel

report: $(VENV)/.installed-report ## rebuild every table, figure and report/index.html (only what is out of date)
	@$(PY) -m borgerservice.build --lang $(PAPER_LANG) $(if $(JOBS),--jobs $(JOBS))

report-da: ## the same with the paper's Danish labels
	@$(MAKE) --no-print-directory report PAPER_LANG=da

translations: $(VENV)/.installed-report ## extract every message (code, templates, notebooks) into locale/*/LC_MESSAGES/*.po
	@$(PY) -m borgerservice.i18n

# tests run in one process per core (pytest-xdist), longest first by the last run's times (tests/conftest.py); a
# process takes the next test when it is done, with one more in hand (--dist load --maxschedchunk 1)
PYTEST := $(PY) -m pytest -q -p no:cacheprovider -n $(if $(TEST_JOBS),$(TEST_JOBS),auto) --dist load --maxschedchunk 1

test: $(VENV)/.installed-test lint ## the whole test suite: lint, units, raw data, bad inputs, numbers check, builds
	@$(PYTEST)

lint: $(VENV)/.installed-test ## ruff over the package, the notebooks, the tests and the tools (pyproject.toml says which rules)
	@$(VENV)/bin/ruff check --quiet src tests tools notebooks

test-fast: $(VENV)/.installed-test ## the inner loop: everything but the tests that build the project or read its build (about 10 s)
	@$(PYTEST) -m "not slow"

screenshots: $(VENV)/.installed-test ## open every report page in headless Chromium and keep full-page screenshots in build/screenshots/
	@rm -rf build/screenshots
	@BORGERSERVICE_SCREENSHOTS=1 $(PYTEST) tests/test_report_in_browser.py -k loads

check: report $(VENV)/.installed-test ## the numbers check of the build: counts by verdict and every discrepancy, then the hand-derived expectations
	@$(PY) -m borgerservice.claims
	@$(PY) -m pytest -q -p no:cacheprovider tests/test_key_claims.py tests/test_double_entry.py

validate: $(VENV)/.installed-report ## check every raw file against data/raw/datapackage.json
	@$(PY) -m borgerservice.rawdata

datapackage: $(VENV)/.installed-report ## re-record sizes and hashes in datapackage.json after a deliberate edit of data/raw
	@$(PY) -m borgerservice.rawdata --update-hashes

lab: $(VENV)/.installed-lab git-filter ## JupyterLab on the project (PORT=8888) with the project's kernel; Ctrl-C stops it
	@$(PY) -m borgerservice.lab --port $(PORT)

bench: $(VENV)/.installed-test ## time a fresh clone's make report and make test against a cold build (ratios)
	@$(PY) tools/bench.py

mutate: $(VENV)/.installed-test ## change each raw number the paper prints, in turn, and report which the fast tests catch
	@$(PY) tools/mutate_raw.py

scenarios: $(VENV)/.installed-report ## run the cost-model notebook over scenarios.toml (in the report's language)
	@$(PY) -m borgerservice.scenarios $(if $(filter command line,$(origin PAPER_LANG)),--lang $(PAPER_LANG))

lock: ## re-resolve requirements/*.in into their locks and environment.yml (needs network)
	@[ -x $(VENV)/bin/uv ] || tools/install.sh report
	$(VENV)/bin/uv pip compile requirements/uv.in --universal --python-version 3.11 --fork-strategy fewest --generate-hashes -q -o requirements/uv.lock
	$(VENV)/bin/uv pip compile requirements/report.in --universal --python-version 3.11 --fork-strategy fewest --generate-hashes -q -o requirements/report.lock
	$(VENV)/bin/uv pip compile requirements/lab.in --universal --python-version 3.11 --fork-strategy fewest --generate-hashes -q -c requirements/report.lock -o requirements/lab.lock
	$(VENV)/bin/uv pip compile requirements/test.in --universal --python-version 3.11 --fork-strategy fewest --generate-hashes -q -c requirements/report.lock -c requirements/lab.lock -o requirements/test.lock
	$(PY) tools/sync_environment.py

# what nbstripout removes besides outputs: papermill's and the kernel's run metadata, and the language_info JupyterLab
# fills in when a kernel starts (cell ids are kept)
# (a path relative to the project: git runs its filters from the top of the work tree, and a folder name with spaces or
# quotes then never reaches a shell)
NBSTRIPOUT = $(VENV)/bin/nbstripout --keep-id --extra-keys "metadata.papermill metadata.language_info cell.metadata.papermill cell.metadata.execution"

strip: $(VENV)/.installed-lab git-filter ## remove outputs and run metadata from notebooks/*.ipynb (nbstripout), in nbformat's layout
	@$(NBSTRIPOUT) notebooks/*.ipynb
	@$(PY) -m borgerservice.notebook --normalize notebooks/*.ipynb

# .gitattributes names the filter; this defines it in the clone's .git/config, so a notebook saved with outputs
# from JupyterLab is committed without them (a clone without `make lab` has no filter, and git ignores the name)
git-filter: $(VENV)/.installed-lab
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.nbstripout.clean '$(NBSTRIPOUT)'; \
	  git config filter.nbstripout.smudge cat; \
	  git config diff.ipynb.textconv '$(NBSTRIPOUT) -t'; \
	fi

clean: ## remove built outputs (data/processed, figures, report and build/, where they live)
	rm -rf build report data/processed figures

distclean: clean ## also remove .venv
	rm -rf $(VENV)
