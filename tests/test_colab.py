"""Colab parity of the chapters, checked without Colab.

- One source of truth for the installed version: the setup cell of CONTRIBUTING.md
  installs `dlts-tslib` from the branch in `_config.yml` (`repository.branch`), the
  branch the website and its launch buttons are built from; every chapter's first code
  cell is that cell, verbatim.
- Nothing a chapter needs lies next to it: no Markdown image with a relative path (Colab
  opens the notebook alone, without the repository), no code that reads a file by a
  relative path (the data come with the package, `tslib.datasets`).
- Every chapter tells the reader how to switch a GPU on in Colab.

The chapters really running alone against an installed wheel:
tests/integration/test_clean_folder.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
DATA_SUFFIXES = (
    r"csv|tsv|txt|json|npy|npz|pkl|pickle|pt|pth|parquet|arff|ts|xlsx?|h5"
    r"|png|jpe?g|gif|svg"
)
RELATIVE_FILE_RE = re.compile(
    rf"""["'](?![a-z]+://)([\w./-]+\.(?:{DATA_SUFFIXES}))["']"""
)
READ_CALL_RE = re.compile(
    r"\b(open|read_csv|read_table|read_json|read_parquet|loadtxt|genfromtxt|np\.load|torch\.load|imread)\("
)
IMAGE_RES = [
    re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)"),  # ![alt](path)
    re.compile(r"<img[^>]*\ssrc=[\"']([^\"']+)"),  # <img src="path">
    re.compile(r"```\{(?:image|figure)\}\s*(\S+)"),  # {image} / {figure} directives
    re.compile(r":::\{(?:image|figure)\}\s*(\S+)"),
]


def cells(path: Path, kind: str) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == kind
    ]


def contributing_setup_cell() -> str:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    blocks = [
        b
        for b in re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
        if "google.colab" in b
    ]
    assert len(blocks) == 1, "CONTRIBUTING.md must hold exactly one Colab setup cell"
    return blocks[0].strip()


def test_the_setup_cell_installs_the_branch_the_website_is_built_from():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repository, branch = config["repository"]["url"], config["repository"]["branch"]
    assert f'"dlts-tslib @ git+{repository}@{branch}"' in contributing_setup_cell()


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_setup_cell_is_the_one_of_contributing(path):
    assert cells(path, "code")[0].strip() == contributing_setup_cell(), (
        f"{path.name}: the first code cell differs from CONTRIBUTING.md's setup cell"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_image_by_relative_path(path):
    found = [
        m.group(1)
        for source in cells(path, "markdown")
        for pattern in IMAGE_RES
        for m in pattern.finditer(source)
    ]
    relative = [src for src in found if not re.match(r"(https?:|data:)", src)]
    assert not relative, (
        f"{path.name}: images by relative path, which Colab cannot resolve: {relative}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_file_read_by_relative_path(path):
    offenders = []
    for source in cells(path, "code"):
        for line in source.splitlines():
            code = line.split("#", 1)[0]
            if RELATIVE_FILE_RE.search(code) or READ_CALL_RE.search(code):
                offenders.append(line.strip())
    assert not offenders, (
        f"{path.name}: reads files next to the notebook (use tslib.datasets): "
        f"{offenders}"
    )


def test_relative_path_patterns_catch_what_they_should():
    assert RELATIVE_FILE_RE.search('df = pd.read_csv("data/airline.csv")')
    assert READ_CALL_RE.search("with open(name) as f:")
    assert not RELATIVE_FILE_RE.search('url = "https://example.org/x.csv"')
    assert (
        IMAGE_RES[0].search("![a plot](figures/plot.png)").group(1)
        == "figures/plot.png"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_says_how_to_switch_on_a_gpu_in_colab(path):
    text = " ".join(cells(path, "markdown"))
    assert re.search(r"Runtime\s*>\s*Change\s+runtime\s+type", text), (
        f"{path.name}: say how to switch a GPU on in Colab "
        "(Runtime > Change runtime type)"
    )
