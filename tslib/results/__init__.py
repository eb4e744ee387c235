"""Committed results of the book's full benchmark runs, shipped with ``tslib``.

Some experiments do not fit in a chapter's one-minute budget (all 1,428 M3 series,
larger networks, many seeds). Scripts under ``benchmarks/`` run them and commit their
output to ``benchmarks/results/``; a copy of each file ships here, so that a chapter can
show the results anywhere, in Colab included, without reading files next to the
notebook. The test suite checks that both copies are identical.
"""

from __future__ import annotations

import io
import json
from importlib import resources
from typing import Any

import pandas as pd


def list_results() -> list[str]:
    """The names of the shipped result files.

    Example:
        >>> "global_models.csv" in list_results()
        True
    """
    folder = resources.files(__name__) / "data"
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".json", ".csv"))


def load_results(name: str) -> Any:
    """One shipped result file: a ``.json`` as a dict, a ``.csv`` as a DataFrame.

    Args:
        name: the file name, as in ``benchmarks/results/`` (see :func:`list_results`).

    Returns:
        The parsed content.

    Raises:
        ValueError: if there is no result file of that name.

    Example:
        >>> load_results("global_models_curve.json")["meta"]["script"]
        'benchmarks/global_models.py'
    """
    names = list_results()
    if name not in names:
        raise ValueError(f"no result file {name!r}; expected one of {names}")
    text = (resources.files(__name__) / "data" / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        return json.loads(text)
    return pd.read_csv(io.StringIO(text))
