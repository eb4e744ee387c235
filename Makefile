# Single entry point of the book. Everything runs from a local virtual environment, .venv,
# made by `make install` from pyproject.toml and the pinned set in .ci/constraints.txt.
#
#   make book      build the website to _build/html/index.html
#   make test      unit tests, notebooks (nbval), clean-folder runs, book build (-W), browser test
#   make install   create/refresh .venv (quick when nothing changed)
#   make strip     strip outputs and execution counts from book/**/*.ipynb
#   make student   student versions of the chapters (solutions -> stubs) in _build/student/
#   make sweep     every chapter x seeds 0-4 x CPU kernel paths -> book/_data/robustness/
#   make clean     remove _build/ and caches (keeps .venv; `make distclean` removes it too)
#
# Needs only Python 3.10+ (as `python3`, or PYTHON=/path/to/python) and git.

# The interpreter that creates .venv (override: make install PYTHON=python3.11). It is
# resolved to a full path here, before .venv/bin goes first on PATH.
PYTHON ?= python3
PYTHON_EXE := $(shell command -v $(PYTHON) 2>/dev/null)
VENV := .venv
STAMP := $(VENV)/.install-stamp
CONSTRAINTS := .ci/constraints.txt

# Tools and Jupyter kernels come from the venv.
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
unexport PYTHONPATH
# Unit tests draw with Agg (no window). Notebooks must NOT inherit a backend: ipykernel then
# uses the inline backend, which puts the figures into the notebook and the website.
unexport MPLBACKEND
UNIT_TEST_ENV := MPLBACKEND=Agg
unexport VIRTUAL_ENV

# Flags of the book build: warnings are errors, nitpicky references, report all warnings.
BOOK_FLAGS ?= -W -n --keep-going
# nbval: outputs are not compared (only cells marked NBVAL_CHECK_OUTPUT); check cells assert.
NBVAL_FLAGS ?= --nbval-lax --nbval-current-env --nbval-cell-timeout=300

.DEFAULT_GOAL := help
.PHONY: help install chromium test test-unit test-notebooks test-clean-folder test-book test-site \
        book strip strip-check student sweep constraints clean distclean

help:
	@sed -n '4,10p' Makefile | sed 's/^# \{0,1\}//'

## ---- environment --------------------------------------------------------------------

$(VENV)/bin/python:
	@if [ -z "$(PYTHON_EXE)" ]; then \
	    echo "error: '$(PYTHON)' not found on PATH; install Python 3.10 or newer, or run: make install PYTHON=/path/to/python3" >&2; \
	    exit 1; fi
	@"$(PYTHON_EXE)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || { \
	    echo "error: $(PYTHON_EXE) is Python $$("$(PYTHON_EXE)" -c 'import platform; print(platform.python_version())' 2>/dev/null); this book needs Python 3.10 or newer; run: make install PYTHON=/path/to/python3.11" >&2; \
	    exit 1; }
	"$(PYTHON_EXE)" -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(VENV)/bin/python
	$(VENV)/bin/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[book,test]"
	@touch $@

install: $(STAMP)

# The browser test drives this Chromium through Playwright (never Playwright's own download).
# Missing, it is installed from Debian's archive when we are root (CI here); elsewhere point
# CHROMIUM at an installed Chrome or Chromium (GitHub's runners: /usr/bin/google-chrome).
CHROMIUM ?= $(or $(DLTS_CHROMIUM),/usr/bin/chromium)
export DLTS_CHROMIUM := $(CHROMIUM)
chromium:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> installing Debian's chromium (for the browser test)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	    echo "error: no Chromium at $(CHROMIUM); install it (Debian: apt-get install chromium) or run: make test CHROMIUM=/path/to/chrome" >&2; \
	    exit 1; fi

## ---- tests: fail fast, in this order ---------------------------------------------------

test: install chromium
	@echo "==> [1/5] unit tests and doctests of tslib, repository, Colab and student-version checks"
	$(UNIT_TEST_ENV) pytest
	@echo "==> [2/5] every notebook in book/, top to bottom (nbval)"
	pytest $(NBVAL_FLAGS) book/
	@echo "==> [3/5] every chapter alone in an empty folder, tslib installed from its wheel"
	pytest $(CLEAN_FOLDER_FLAGS) tests/integration/test_clean_folder.py
	@echo "==> [4/5] book build, warnings as errors"
	jupyter-book build . $(BOOK_FLAGS)
	@echo "==> [5/5] the built website in headless Chromium, offline"
	pytest $(SITE_FLAGS) tests/integration/test_site.py

# The stages on their own (each installs what it needs).
CLEAN_FOLDER_FLAGS ?= -p no:cacheprovider -rA
SITE_FLAGS ?= -p no:cacheprovider
test-unit: install
	$(UNIT_TEST_ENV) pytest
test-notebooks: install
	pytest $(NBVAL_FLAGS) book/
test-clean-folder: install
	pytest $(CLEAN_FOLDER_FLAGS) tests/integration/test_clean_folder.py
test-book: install
	jupyter-book build . $(BOOK_FLAGS)
test-site: test-book chromium
	pytest $(SITE_FLAGS) tests/integration/test_site.py

## ---- the website -----------------------------------------------------------------------

book: install
	jupyter-book build . $(BOOK_FLAGS)
	@echo "Book built: open $(CURDIR)/_build/html/index.html"

## ---- notebooks -----------------------------------------------------------------------

strip: install
	python .ci/strip_notebooks.py

strip-check: install
	python .ci/strip_notebooks.py --check

# Coursework: each chapter with its solutions replaced by stubs (nbgrader markers), checks kept.
student: install
	python .ci/make_student.py --out _build/student

## ---- the robustness sweep -----------------------------------------------------------

# Every chapter under several seeds and CPU kernel paths; results (with the hash of each
# chapter's code) in book/_data/robustness/<chapter>.json, read by book/robustness.md and
# checked by tests/test_sweep.py. Restrict it: make sweep CHAPTERS="03 04" SEEDS="0 1"
# CAPS="default avx2" (CAPS empty: every path of this CPU). .ci/sweep.py --help for more.
CHAPTERS ?=
SEEDS ?= 0 1 2 3 4
CAPS ?=
SWEEP_JOBS ?= 2
sweep: install
	python .ci/sweep.py --chapters "$(CHAPTERS)" --seeds "$(SEEDS)" --caps "$(CAPS)" --jobs $(SWEEP_JOBS)

## ---- maintenance -----------------------------------------------------------------------

# Re-resolve the newest versions allowed by pyproject.toml and pin them in .ci/constraints.txt
# (run `make test` afterwards and commit the file only if it passes). torch stays at its
# current pin: an unpinned torch resolves to the newest CUDA build (gigabytes). Move it on
# deliberately, with its CPU wheel at hand: make constraints TORCH=torch==X.Y.Z
TORCH ?= $(shell grep -m1 '^torch==' $(CONSTRAINTS))
constraints:
	@test -n "$(TORCH)" || { echo "error: no torch pin in $(CONSTRAINTS); run make constraints TORCH=torch==X.Y.Z" >&2; exit 1; }
	rm -rf _build/constraints-venv
	mkdir -p _build
	echo "$(TORCH)" > _build/torch-constraint.txt
	"$(PYTHON_EXE)" -m venv _build/constraints-venv
	_build/constraints-venv/bin/python -m pip install --quiet --upgrade pip
	_build/constraints-venv/bin/python -m pip install --quiet -c _build/torch-constraint.txt -e ".[book,test]"
	_build/constraints-venv/bin/python .ci/freeze_constraints.py > _build/constraints.txt
	mv _build/constraints.txt $(CONSTRAINTS)
	rm -rf _build/constraints-venv
	@echo "Wrote $(CONSTRAINTS); now run: make test"

clean:
	rm -rf _build .jupyter_cache .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
