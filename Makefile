# Single entry point of the book. Everything runs from a local virtual environment, .venv,
# made by `make install` from pyproject.toml and the pinned set in .ci/constraints.txt.
#
#   make book      build the website to _build/html/index.html
#   make test      the seven stages of CONTRIBUTING.md ("Testing"), in that order,
#                  stopping at the first failure; prints the time of each stage
#   make install   create/refresh .venv (quick when nothing changed)
#   make strip     strip outputs and execution counts from book/**/*.ipynb
#   make assignments  coursework: nbgrader releases the chapters -> _build/course/release/
#   make grade SUBMISSIONS=DIR  nbgrader grades them -> _build/course/grades.csv, feedback/
#   make sweep     every chapter x seeds 0-7 x CPU kernel paths -> book/_data/robustness/
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
# Every chapter this Makefile executes (tests, book build, sweep) runs in strict mode: a
# claim that fails raises. Readers' runs (no variable) get a warning instead.
export TSLIB_STRICT_CHECKS := 1

# Flags of the book build: warnings are errors, nitpicky references, report all warnings.
BOOK_FLAGS ?= -W -n --keep-going
# nbval (make test-notebooks): outputs are not compared; check cells assert.
NBVAL_FLAGS ?= --nbval-lax --nbval-current-env --nbval-cell-timeout=300
# Stage 4 (coursework): nbgrader's own commands, through make assignments / make grade.
COURSE_TEST_FLAGS ?= -p no:cacheprovider
# Tests that run at once (pytest-xdist): the unit tests, and the chapters in stage 3 (each
# kernel uses one thread; the book's reference machine has 2 cores).
JOBS ?= 2
# Each stage's wall time goes to _build/stage-times.tsv; `make test` prints them at the end.
TIMED := .ci/timed
ifneq ($(filter test,$(MAKECMDGOALS)),)
  $(shell $(TIMED) --reset)
endif

.DEFAULT_GOAL := help
.PHONY: help install chromium test lint test-unit test-notebooks test-clean-folder test-book test-site test-distributed \
        book strip strip-check assignments grade test-course sweep constraints clean \
        distclean

help:
	@sed -n '4,13p' Makefile | sed 's/^# \{0,1\}//'

## ---- environment --------------------------------------------------------------------

$(VENV)/bin/python:
	@if [ -z "$(PYTHON_EXE)" ]; then \
	    echo "error: '$(PYTHON)' not found on PATH; install Python 3.10 or newer, or run: make install PYTHON=/path/to/python3" >&2; \
	    exit 1; fi
	@"$(PYTHON_EXE)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || { \
	    echo "error: $(PYTHON_EXE) is Python $$("$(PYTHON_EXE)" -c 'import platform; print(platform.python_version())' 2>/dev/null); this book needs Python 3.10 or newer; run: make install PYTHON=/path/to/python3.11" >&2; \
	    exit 1; }
	$(TIMED) "install (.venv)" "$(PYTHON_EXE)" -m venv $(VENV)
	$(TIMED) "install (.venv)" $(VENV)/bin/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml $(CONSTRAINTS) | $(VENV)/bin/python
	$(TIMED) "install (.venv)" $(VENV)/bin/python -m pip install --quiet -c $(CONSTRAINTS) -e ".[book,test,course]"
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
	    $(TIMED) "install (chromium)" sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'; \
	else \
	    echo "error: no Chromium at $(CHROMIUM); install it (Debian: apt-get install chromium) or run: make test CHROMIUM=/path/to/chrome" >&2; \
	    exit 1; fi

## ---- tests: fail fast, in this order ---------------------------------------------------

# Each chapter is executed once: stage 3 runs it with nbval, alone in an empty folder
# (_build/alone/<chapter>/), in a kernel of a fresh venv where tslib is installed from its
# wheel, two chapters at once (pytest-xdist; --dist loadfile keeps a chapter's cells on one
# worker, in order). The root conftest.py starts those kernels (--kernel-venv), measures
# each chapter (wall time, peak memory of its kernel; 60 s budget), and puts each chapter
# that passed, with the outputs nbval collected, into the book build's cache
# (--book-cache), so stage 4 executes no chapter again (only the generated pages
# robustness.md and execution.md). The fresh venv is built in the background while stages
# 1 and 2 run (.ci/clean_venv.py; its output in _build/clean-venv.log); stage 3 waits
# for it.
CLEAN_VENV := _build/clean-venv
ALONE := _build/alone
BOOK_CACHE := _build/.jupyter_cache
CLEAN_FOLDER_FLAGS ?= -p no:cacheprovider -n $(JOBS) --dist loadfile --nbval-lax \
    --nbval-cell-timeout=300 --kernel-venv $(CLEAN_VENV) --book-cache $(BOOK_CACHE)
# The copies (longest first), then the check that the kernel's tslib is the wheel.
CLEAN_FOLDER_RUN = chapters=$$(python .ci/chapters_alone.py $(ALONE)) && \
    pytest $(CLEAN_FOLDER_FLAGS) $$chapters tests/integration/test_clean_folder.py
test: install chromium
	@mkdir -p _build
	@$(TIMED) "0 the clean venv of stage 3 (background)" python .ci/clean_venv.py $(CLEAN_VENV) > _build/clean-venv.log 2>&1 &
	@echo "==> [1/7] ruff: lint and format check"
	@$(TIMED) "1 ruff check, ruff format --check" sh -c 'ruff check . && ruff format --check .'
	@echo "==> [2/7] unit tests and doctests of tslib, repository, Colab, coursework and sweep checks"
	@$(TIMED) "2 unit tests and doctests" env $(UNIT_TEST_ENV) pytest -n $(JOBS)
	@echo "==> [3/7] every chapter with nbval, alone in an empty folder, tslib from its wheel"
	@$(TIMED) "3 chapters (nbval, alone in a clean folder)" sh -c '$(CLEAN_FOLDER_RUN)'
	@echo "==> [4/7] coursework: nbgrader releases every chapter, grades submissions of one"
	@$(TIMED) "4 coursework (nbgrader)" pytest $(COURSE_TEST_FLAGS) tests/integration/test_coursework.py
	@echo "==> [5/7] book build, warnings as errors (chapters from the cache of stage 3)"
	@$(TIMED) "5 book build" jupyter-book build . $(BOOK_FLAGS)
	@echo "==> [6/7] the built website in headless Chromium, offline"
	@$(TIMED) "6 browser test" pytest $(SITE_FLAGS) tests/integration/test_site.py
	@echo "==> [7/7] fit under torchrun; the harness and the sweep's runner end to end"
	@$(TIMED) "7 torchrun, harness runs" pytest $(SITE_FLAGS) $(INTEGRATION_TESTS)
	@$(TIMED) --summary

# The stages on their own (each installs what it needs).
SITE_FLAGS ?= -p no:cacheprovider
lint: install
	ruff check . && ruff format --check .
test-unit: install
	$(UNIT_TEST_ENV) pytest -n $(JOBS)
# Every notebook in the repository's environment with nbval (cell by cell; not in make test)
test-notebooks: install
	pytest $(NBVAL_FLAGS) book/
test-clean-folder: install
	$(CLEAN_FOLDER_RUN)
test-book: install
	jupyter-book build . $(BOOK_FLAGS)
test-site: test-book chromium
	pytest $(SITE_FLAGS) tests/integration/test_site.py
INTEGRATION_TESTS := tests/integration/test_distributed.py \
    tests/integration/test_harness_runs.py
test-distributed: install
	pytest $(SITE_FLAGS) $(INTEGRATION_TESTS)
test-course: install
	pytest $(COURSE_TEST_FLAGS) tests/integration/test_coursework.py

## ---- the website -----------------------------------------------------------------------

book: install
	jupyter-book build . $(BOOK_FLAGS)
	@echo "Book built: open $(CURDIR)/_build/html/index.html"

## ---- notebooks -----------------------------------------------------------------------

# nbstripout removes outputs, execution counts and session metadata; it keeps cell ids
# (nbgrader and the site link to them) and tags (parameters, solution, hide-input, ...).
NOTEBOOKS := book/*.ipynb course/*.ipynb
NBSTRIPOUT := nbstripout --keep-id --extra-keys "metadata.language_info.version \
    metadata.colab metadata.accelerator cell.metadata.colab cell.metadata.outputId"
strip: install
	$(NBSTRIPOUT) $(NOTEBOOKS)

strip-check: install
	$(NBSTRIPOUT) --verify $(NOTEBOOKS)

## ---- coursework (nbgrader; book/instructors.md) -------------------------------------

# The course folder, laid out as nbgrader expects (source/, release/, submitted/,
# autograded/, feedback/, gradebook.db, nbgrader_config.py). Keep a real course outside
# _build (make clean removes it): make assignments COURSE=~/courses/dlts-2027
COURSE ?= _build/course
# Seconds each cell of a submission may run while it is graded; a cell that runs longer
# is interrupted and fails (an infinite loop costs its cell, not the whole run).
TIMEOUT ?= 120
# make assignments: nbgrader generate_assignment for every chapter (CHAPTERS="01 02": some)
assignments: install
	python .ci/course.py assignments --course "$(COURSE)" $(CHAPTERS)
# make grade SUBMISSIONS=DIR: DIR/<student>/<chapter>.ipynb (or nbgrader's layout
# DIR/<student>/<chapter>/<chapter>.ipynb) -> nbgrader autograde, generate_feedback and
# export: $(COURSE)/grades.csv and $(COURSE)/feedback/<student>/<chapter>/<chapter>.html.
# The kernels run with TSLIB_STRICT_CHECKS=1: a failed check costs its test cell's points.
grade: install
	@test -n "$(SUBMISSIONS)" || { echo "error: say where the submissions are: make grade SUBMISSIONS=DIR (see book/instructors.md)" >&2; exit 1; }
	TSLIB_STRICT_CHECKS=1 python .ci/course.py grade --course "$(COURSE)" --submissions "$(SUBMISSIONS)" --timeout $(TIMEOUT) --jobs $(JOBS)

## ---- the robustness sweep -----------------------------------------------------------

# Every chapter under several seeds and CPU kernel paths; results (with the hash of each
# chapter's code) in book/_data/robustness/<chapter>.json, read by book/robustness.md and
# checked by tests/test_sweep.py. Restrict it: make sweep CHAPTERS="03 04" SEEDS="0 1"
# CAPS="default avx2" (CAPS empty: every path of this CPU). .ci/sweep.py --help for more.
CHAPTERS ?=
SEEDS ?= 0 1 2 3 4 5 6 7
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
	_build/constraints-venv/bin/python -m pip install --quiet -c _build/torch-constraint.txt -e ".[book,test,course]"
	_build/constraints-venv/bin/python .ci/freeze_constraints.py > _build/constraints.txt
	mv _build/constraints.txt $(CONSTRAINTS)
	rm -rf _build/constraints-venv
	@echo "Wrote $(CONSTRAINTS); now run: make test"

clean:
	rm -rf _build .jupyter_cache .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -print -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info
