"""Tests of the repository: notebooks, table of contents, environments, CI entry points.

These keep the promises of the README and CONTRIBUTING.md true: notebooks are committed
without outputs, every page is in the book, every chapter starts with the Colab setup
cell, the conda environment and the constraints agree with pyproject.toml, the README's
commands exist, and the repository URL is the same everywhere.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"

REPO_URL = "https://github.com/dlts-book/dlts-book"
WEBSITE_URL = "https://dlts-book.github.io/dlts-book/"
BRANCH = "main"
DISTRIBUTION = "dlts-tslib"

# The chapters of the book, in order (added to _toc.yml as they are written).
CHAPTERS = [
    "01_lstm_sine_wave",
    "02_multivariate_forecasting",
    "03_encoder_decoder",
    "04_architectures_compared",
    "05_conv1d_lstm_classification",
    "06_global_models",
    "07_probabilistic_forecasts",
]
CHAPTER_RE = re.compile(r"^\d\d_[a-z0-9_]+$")

SKIP_DIRS = {
    ".git",
    ".venv",
    "_build",
    ".pytest_cache",
    ".hypothesis",
    ".jupyter_cache",
    ".ipynb_checkpoints",
    "__pycache__",
    "node_modules",
    "dist",
    "build",
}
TEXT_SUFFIXES = {
    ".md",
    ".ipynb",
    ".py",
    ".yml",
    ".yaml",
    ".toml",
    ".txt",
    ".cfg",
    ".rst",
    ".cff",
}


def walk(root: Path, suffixes: set[str] | None = None) -> list[Path]:
    """Files under ``root``, skipping build output, caches and environments."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [
            d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info")
        ]
        for name in filenames:
            path = Path(dirpath) / name
            if suffixes is None or path.suffix in suffixes:
                found.append(path)
    return sorted(found)


def book_notebooks() -> list[Path]:
    return walk(BOOK, {".ipynb"})


def chapter_notebooks() -> list[Path]:
    return [
        p for p in book_notebooks() if p.parent == BOOK and CHAPTER_RE.match(p.stem)
    ]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def load_yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def pyproject_requirements() -> list[Requirement]:
    """Runtime dependencies plus every extra (book, test), as packaging Requirements."""
    project = pyproject()["project"]
    strings = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        strings.extend(extra)
    return [Requirement(s) for s in strings]


def requirement_key(req: Requirement) -> tuple[str, str, str]:
    specifier = ",".join(sorted(str(s) for s in req.specifier))
    return canonicalize_name(req.name), specifier, str(req.marker or "")


def toc_files() -> list[str]:
    """Every `file:` entry of _toc.yml (and the root), in order, without suffix."""
    toc = load_yaml("_toc.yml")
    files = [toc["root"]]

    def visit(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit({key: value for key, value in toc.items() if key != "root"})
    return files


# --------------------------------------------------------------------------------------
# (a) notebooks are committed without outputs


def test_the_book_has_chapters():
    chapters = chapter_notebooks()
    assert chapters, (
        "expected at least one chapter notebook book/NN_topic.ipynb, found none"
    )
    unknown = sorted(p.stem for p in chapters if p.stem not in CHAPTERS)
    assert not unknown, (
        f"chapter notebooks not in the book's plan {CHAPTERS}: {unknown}"
    )


@pytest.mark.parametrize("path", book_notebooks(), ids=rel)
def test_notebook_has_no_outputs_or_execution_counts(path):
    nb = load_notebook(path)
    dirty = [
        index
        for index, cell in enumerate(nb["cells"])
        if cell["cell_type"] == "code"
        and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{rel(path)}: cells {dirty} have outputs or execution counts; run `make strip`"
    )


# --------------------------------------------------------------------------------------
# (b) the table of contents and the pages agree


def test_toc_is_a_jupyter_book_toc_rooted_at_the_intro():
    toc = load_yaml("_toc.yml")
    assert toc["format"] == "jb-book"
    assert toc["root"] == "book/intro"
    captions = [part.get("caption") for part in toc.get("parts", [])]
    assert captions[:2] == ["Chapters", "Reference"], (
        f"expected parts Chapters, Reference; got {captions}"
    )


def test_every_toc_entry_exists():
    missing = [
        entry
        for entry in toc_files()
        if not any(
            (ROOT / f"{entry}{suffix}").is_file() for suffix in (".md", ".ipynb")
        )
    ]
    assert not missing, f"_toc.yml lists pages that do not exist: {missing}"


def test_every_page_under_book_is_in_the_toc():
    listed = set(toc_files())
    pages = [p for p in walk(BOOK, {".md", ".ipynb"})]
    assert pages, "expected pages under book/"
    unlisted = [rel(p) for p in pages if rel(p.with_suffix("")) not in listed]
    assert not unlisted, (
        "pages under book/ that _toc.yml does not list (they would not be built): "
        f"{unlisted}"
    )


def test_chapters_are_in_the_chapters_part_in_order():
    toc = load_yaml("_toc.yml")
    part = next(p for p in toc["parts"] if p.get("caption") == "Chapters")
    listed = [entry["file"] for entry in part["chapters"]]
    assert listed == sorted(listed), f"chapters out of order in _toc.yml: {listed}"
    present = [f"book/{p.stem}" for p in chapter_notebooks()]
    assert sorted(present) == listed, (
        f"chapter notebooks {present} != Chapters part of _toc.yml {listed}"
    )


# --------------------------------------------------------------------------------------
# (c) the Colab setup cell, and the package is never installed by the wrong name

PIP_INSTALL_TSLIB = re.compile(r"pip3?\s+install\s+(?:-{1,2}[\w-]+\s+)*[\"']?tslib\b")
NEGATION = re.compile(r"\b(never|not|don't|do not)\b", re.IGNORECASE)


def contributing_setup_cell() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    cells = [block for block in blocks if "google.colab" in block]
    assert len(cells) == 1, "CONTRIBUTING.md must contain exactly one Colab setup cell"
    return cells[0]


def assert_is_colab_setup_cell(source: str, where: str) -> None:
    """The essentials: a guarded install from the canonical repository, nothing else."""
    assert f"git+{REPO_URL}@{BRANCH}" in source, (
        f"{where}: does not install from git+{REPO_URL}@{BRANCH}"
    )
    assert f"{DISTRIBUTION} @ git+" in source, (
        f"{where}: does not name the distribution {DISTRIBUTION}"
    )
    tree = ast.parse(source)
    guards = [node for node in tree.body if isinstance(node, ast.If)]
    others = [
        node
        for node in tree.body
        if not isinstance(node, (ast.If, ast.Import, ast.ImportFrom))
    ]
    assert len(guards) == 1 and not others, (
        f"{where}: expected only imports and one "
        '`if "google.colab" in sys.modules:` block at top level'
    )
    guard = guards[0]
    assert ast.unparse(guard.test) == "'google.colab' in sys.modules", (
        f'{where}: expected the guard `"google.colab" in sys.modules`, '
        f"got `{ast.unparse(guard.test)}`"
    )
    assert not guard.orelse, (
        f"{where}: the setup cell must do nothing outside Colab (found an else branch)"
    )
    body = ast.unparse(guard)
    assert "pip" in body and "install" in body and REPO_URL in body, (
        f"{where}: the install must be inside the guard"
    )
    imports = [
        node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom))
    ]
    assert all(ast.unparse(node) == "import sys" for node in imports), (
        f"{where}: only `import sys` may run outside Colab, "
        f"got {[ast.unparse(n) for n in imports]}"
    )


def test_contributing_defines_the_colab_setup_cell():
    assert_is_colab_setup_cell(contributing_setup_cell(), "CONTRIBUTING.md")


@pytest.mark.parametrize("path", chapter_notebooks(), ids=rel)
def test_chapter_starts_with_the_colab_setup_cell(path):
    code_cells = [c for c in load_notebook(path)["cells"] if c["cell_type"] == "code"]
    assert code_cells, f"{rel(path)} has no code cells"
    assert_is_colab_setup_cell(
        cell_source(code_cells[0]), f"{rel(path)}, first code cell"
    )


def test_nothing_says_to_pip_install_the_unrelated_tslib():
    offenders = []
    for path in walk(ROOT, TEXT_SUFFIXES | {""}):
        if path.suffix == "" and path.name not in {"Makefile", "run"}:
            continue
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            if PIP_INSTALL_TSLIB.search(line) and not NEGATION.search(line):
                offenders.append(f"{rel(path)}:{number}: {line.strip()}")
    assert not offenders, (
        f"the package is {DISTRIBUTION}, installed from the repository:\n"
        + "\n".join(offenders)
    )


# --------------------------------------------------------------------------------------
# (d) environment.yml has the same packages and ranges as pyproject.toml


def environment_pip_requirements() -> tuple[list[Requirement], list[str]]:
    env = load_yaml("environment.yml")
    pip_sections = [
        d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d
    ]
    assert len(pip_sections) == 1, "environment.yml needs exactly one `pip:` section"
    lines = pip_sections[0]
    options = [line for line in lines if line.startswith("-")]
    requirements = [Requirement(line) for line in lines if not line.startswith("-")]
    return requirements, options


def test_environment_yml_matches_pyproject():
    env_reqs, options = environment_pip_requirements()
    expected = {requirement_key(r) for r in pyproject_requirements()}
    actual = {requirement_key(r) for r in env_reqs}
    assert actual == expected, (
        f"environment.yml and pyproject.toml differ:\n"
        f"  only in pyproject.toml: {sorted(expected - actual)}\n"
        f"  only in environment.yml: {sorted(actual - expected)}"
    )
    assert "-e ." in options, (
        "environment.yml must install the book's package with `-e .`"
    )


def test_environment_yml_is_a_conda_forge_python_environment():
    env = load_yaml("environment.yml")
    assert env["name"] == "dlts"
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pythons = [d for d in conda if re.match(r"python\b", d)]
    assert pythons, "environment.yml must pin python"
    version = re.search(r"\d+\.\d+", pythons[0]).group()
    requires_python = SpecifierSet(pyproject()["project"]["requires-python"])
    assert Version(version) in requires_python, (
        f"python {version} outside requires-python {requires_python}"
    )
    assert "pip" in conda


# --------------------------------------------------------------------------------------
# (e) the pinned, tested set satisfies the ranges


def constraint_pins() -> dict[str, str]:
    pins = {}
    for line in (
        (ROOT / ".ci" / "constraints.txt").read_text(encoding="utf-8").splitlines()
    ):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.!]+)", line)
        assert match, (
            ".ci/constraints.txt: expected `name==version` (no local label), "
            f"got {line!r}"
        )
        name = canonicalize_name(match.group(1))
        assert name not in pins, f".ci/constraints.txt pins {name} twice"
        pins[name] = match.group(2)
    return pins


def test_constraints_pin_every_direct_dependency_within_its_range():
    pins = constraint_pins()
    assert canonicalize_name(DISTRIBUTION) not in pins, (
        "the book's own package must not be pinned"
    )
    problems = []
    for req in pyproject_requirements():
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # e.g. a backport for an older Python than the pinned set
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req.name}: not pinned")
        elif not req.specifier.contains(Version(pins[name]), prereleases=True):
            problems.append(
                f"{req.name}=={pins[name]} is outside the range {req.specifier}"
            )
    assert not problems, (
        "pins in .ci/constraints.txt vs ranges in pyproject.toml:\n"
        + "\n".join(problems)
    )


def test_constraints_pin_the_tools_that_run_the_tests():
    pins = constraint_pins()
    for name in (
        "torch",
        "pytest",
        "nbval",
        "jupyter-book",
        "sphinx",
        "myst-nb",
        "ipykernel",
        "nbformat",
        "nbclient",
        "jupyter-cache",
        "pytest-xdist",
        "ruff",
    ):
        assert name in pins, f".ci/constraints.txt must pin {name}"


# --------------------------------------------------------------------------------------
# (f) the README's commands exist


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {
        m.group(1)
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)\s*:(?!=)", text, flags=re.MULTILINE)
    }


def test_readme_starts_with_the_two_commands_and_they_are_make_targets():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```(?:bash|sh|shell)?\n(.*?)```", readme, flags=re.DOTALL)
    assert first_block, "README.md must start with a code block of commands"
    commands = re.findall(
        r"^\s*make\s+([\w-]+)", first_block.group(1), flags=re.MULTILINE
    )
    assert commands == ["book", "test"], (
        f"README's first code block: expected make book, make test; got {commands}"
    )
    missing = set(commands) - makefile_targets()
    assert not missing, f"README commands without a Makefile target: {missing}"
    assert "_build/html/index.html" in readme


def test_makefile_has_the_documented_targets():
    targets = makefile_targets()
    for target in ("install", "test", "book", "strip", "clean", "sweep", "lint"):
        assert target in targets, f"Makefile has no `{target}` target"


def test_notebooks_do_not_inherit_a_matplotlib_backend():
    # With MPLBACKEND set (e.g. Agg), ipykernel skips its inline backend and the figures
    # vanish from the notebooks and the website; only the unit tests may use Agg.
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^unexport MPLBACKEND\b", text, flags=re.MULTILINE)
    assert not re.search(r"^export MPLBACKEND\b", text, flags=re.MULTILINE)


def test_ci_run_calls_make_test():
    run = ROOT / ".ci" / "run"
    text = run.read_text(encoding="utf-8")
    assert os.access(run, os.X_OK), ".ci/run must be executable"
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    code = [line.split("#", 1)[0] for line in text.splitlines()]
    assert any(re.search(r"\bmake\b.*\btest\b", line) for line in code), (
        ".ci/run must run `make test`"
    )


def test_workflows_use_the_same_entry_points():
    tests = (ROOT / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8")
    book = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    assert "bash .ci/run" in tests
    assert "make book" in book
    assert "_build/html" in book


# --------------------------------------------------------------------------------------
# (g) one repository URL everywhere


def test_repository_url_is_consistent():
    config = load_yaml("_config.yml")
    assert config["repository"]["url"] == REPO_URL
    assert config["repository"]["branch"] == BRANCH
    assert config["html"]["baseurl"] == WEBSITE_URL
    urls = pyproject()["project"]["urls"]
    assert urls["Source"] == REPO_URL
    assert urls["Homepage"] == WEBSITE_URL
    assert f"git+{REPO_URL}@{BRANCH}" in contributing_setup_cell()
    citation = load_yaml("CITATION.cff")
    assert citation["repository-code"] == REPO_URL
    assert REPO_URL in (ROOT / "README.md").read_text(encoding="utf-8")


def test_no_other_repository_url_appears():
    pattern = re.compile(
        r"github\.com/([\w.-]+)/dlts-book|([\w.-]+)\.github\.io/dlts-book"
    )
    offenders = []
    for path in walk(ROOT, TEXT_SUFFIXES):
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        ):
            for match in pattern.finditer(line):
                owner = match.group(1) or match.group(2)
                if owner != "dlts-book":
                    offenders.append(f"{rel(path)}:{number}: {match.group(0)}")
    assert not offenders, f"repository URLs other than {REPO_URL}:\n" + "\n".join(
        offenders
    )


# --------------------------------------------------------------------------------------
# The book configuration keeps its promises


def test_book_config_fails_on_errors_and_builds_only_the_toc():
    config = load_yaml("_config.yml")
    assert config["only_build_toc_files"] is True
    execute = config["execute"]
    assert execute["allow_errors"] is False
    assert execute["raise_on_error"] is True
    assert execute["timeout"] >= 60
    for bibfile in config["bibtex_bibfiles"]:
        assert (ROOT / bibfile).is_file(), f"bibtex file {bibfile} does not exist"


def test_landing_page_and_readme_list_all_chapters():
    for name in ("book/intro.md", "README.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        missing = [chapter for chapter in CHAPTERS if chapter not in text]
        assert not missing, f"{name} does not mention chapters {missing}"


def test_api_page_documents_every_public_module():
    modules = ["tslib"] + sorted(
        f"tslib.{p.stem if p.suffix == '.py' else p.name}"
        for p in (ROOT / "tslib").iterdir()
        if not p.name.startswith("_")
        and ((p.suffix == ".py") or (p.is_dir() and (p / "__init__.py").is_file()))
    )
    api = (BOOK / "api.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\.\. automodule:: ([\w.]+)", api, flags=re.MULTILINE)
    missing = [m for m in modules if m not in documented]
    assert not missing, f"book/api.md has no `.. automodule::` for {missing}"
    unknown = [m for m in documented if m not in modules]
    assert not unknown, f"book/api.md documents modules that do not exist: {unknown}"
    twice = sorted({m for m in documented if documented.count(m) > 1})
    assert not twice, (
        f"book/api.md documents {twice} twice (duplicate object descriptions fail -W)"
    )


def test_every_citation_key_is_in_the_bibliography():
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, flags=re.MULTILINE))
    assert keys, "book/references.bib has no entries"
    cited = {}
    for path in walk(BOOK, {".md", ".ipynb"}):
        text = path.read_text(encoding="utf-8")
        for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
            for key in group.split(","):
                cited.setdefault(key.strip(), rel(path))
    unknown = {key: where for key, where in cited.items() if key not in keys}
    assert not unknown, f"citations of keys missing from book/references.bib: {unknown}"


# --------------------------------------------------------------------------------------
# The harness of `make test`: the notebook budget (conftest.py), the stage timer


def test_the_stage_timer_sums_stages_and_keeps_the_failing_status(tmp_path):
    import subprocess

    env = {**os.environ, "DLTS_STAGE_TIMES": str(tmp_path / "times.tsv")}
    timed = str(ROOT / ".ci" / "timed")

    def run(*args):
        return subprocess.run(
            [timed, *args], env=env, capture_output=True, text=True, cwd=tmp_path
        )

    run("--reset")
    assert run("one", "true").returncode == 0
    assert run("setup (background)", "true").returncode == 0
    failed = run("two", "sh", "-c", "exit 3")
    assert failed.returncode == 3
    assert "two" in failed.stdout and "FAILED" in failed.stdout
    summary = run("--summary").stdout
    names = [line.split()[0] for line in summary.splitlines()[1:4]]
    assert names == ["one", "setup", "two"]
    assert "sum of the stages (not background)" in summary
    assert "wall time since the start" in summary
