"""Committed results of the book's full benchmark runs, shipped with ``tslib``.

Experiments too long for a chapter (all 1,428 M3 series, larger networks, many seeds)
run once in scripts under ``benchmarks/``, which write their data files here, so that a
chapter can show the results anywhere, Colab included.
"""

from __future__ import annotations

import io
import json
from importlib import resources
from typing import Any

import pandas as pd


def list_results() -> list[str]:
    """The names of the shipped result files, without their suffix.

    Example:
        >>> "global_models_curve" in list_results()
        True
    """
    return sorted(_files())


def _files() -> dict[str, Any]:
    folder = resources.files(__name__) / "data"
    return {
        p.name.rsplit(".", 1)[0]: p
        for p in folder.iterdir()
        if p.name.endswith((".json", ".csv"))
    }


def load_results(name: str) -> Any:
    """One shipped result file: a JSON file as a dict, a CSV file as a DataFrame.

    Args:
        name: the file's name without its suffix, as in ``tslib/results/data/`` (see
            :func:`list_results`), e.g. ``"global_models_curve"``.

    Raises:
        TypeError: if ``name`` is not a string.
        ValueError: if there is no result file of that name.

    Example:
        >>> load_results("global_models_curve")["meta"]["script"]
        'benchmarks/global_models.py'
    """
    if not isinstance(name, str):
        raise TypeError(
            "name must be the name of one result file (a str, see list_results()), "
            f"got {type(name).__name__} {name!r}"
        )
    files = _files()
    if name not in files:
        raise ValueError(f"no result file {name!r}; expected one of {sorted(files)}")
    path = files[name]
    text = path.read_text(encoding="utf-8")
    if path.name.endswith(".json"):
        return json.loads(text)
    return pd.read_csv(io.StringIO(text))
