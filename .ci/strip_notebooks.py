"""Strip outputs, execution counts and transient metadata from the book's notebooks.

Usage (from the repository root; `make strip` runs the first form):

    python .ci/strip_notebooks.py            # rewrite every book/**/*.ipynb in place
    python .ci/strip_notebooks.py --check    # change nothing; exit 1 if one needs it
    python .ci/strip_notebooks.py PATH ...   # only these notebooks

Kept: cell sources, cell ids, cell tags and other authored cell metadata, the kernelspec
and the language name/lexer (myst-nb uses them for highlighting). Removed: outputs,
execution counts, timing and widget state, and the Python version in `language_info` (it
changes with every machine that saves the notebook). Uses only nbformat, which the test
extra installs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

# Cell metadata written by Jupyter, JupyterLab, and Colab while a notebook runs.
TRANSIENT_CELL_METADATA = (
    "execution",
    "ExecuteTime",
    "collapsed",
    "scrolled",
    "outputId",
    "colab",
)
# Notebook metadata that records a machine or a session rather than the content.
TRANSIENT_NOTEBOOK_METADATA = (
    "widgets",
    "colab",
    "accelerator",
    "gpuClass",
    "toc-autonumbering",
)
LANGUAGE_INFO_KEEP = (
    "name",
    "pygments_lexer",
    "file_extension",
    "mimetype",
    "codemirror_mode",
)


def strip(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip ``nb`` in place and return it."""
    for cell in nb.cells:
        for key in TRANSIENT_CELL_METADATA:
            cell.metadata.pop(key, None)
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    for key in TRANSIENT_NOTEBOOK_METADATA:
        nb.metadata.pop(key, None)
    language_info = nb.metadata.get("language_info")
    if isinstance(language_info, dict):
        nb.metadata["language_info"] = {
            key: value
            for key, value in language_info.items()
            if key in LANGUAGE_INFO_KEEP
        }
    return nb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help="notebooks (default: book/**/*.ipynb)"
    )
    parser.add_argument("--check", action="store_true", help="report, do not rewrite")
    args = parser.parse_args(argv)

    root = Path(__file__).resolve().parent.parent
    paths = args.paths or sorted(
        p
        for p in (root / "book").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    )
    dirty = []
    for path in paths:
        before = path.read_text(encoding="utf-8")
        nb = strip(nbformat.reads(before, as_version=nbformat.NO_CONVERT))
        after = nbformat.writes(nb) + "\n"
        if after == before:
            continue
        dirty.append(path)
        if not args.check:
            path.write_text(after, encoding="utf-8")
    verb = "needs stripping" if args.check else "stripped"
    for path in dirty:
        print(f"{verb}: {path}")
    print(f"{len(paths)} notebook(s) checked, {len(dirty)} {verb}.")
    return 1 if (args.check and dirty) else 0


if __name__ == "__main__":
    sys.exit(main())
