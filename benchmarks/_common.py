"""What the classification benchmarks share: paths, one fit-and-score, the environment.

``transfer.py``, ``recipe_validation.py`` and ``variants.py`` import it (they are run
as scripts, ``python benchmarks/NAME.py``, so this folder is on ``sys.path``).
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from tslib.classification import fit_classifier
from tslib.metrics import accuracy
from tslib.training import predict

ROOT = Path(__file__).resolve().parent.parent
# Reports (.md) go to benchmarks/results/; data files (.csv) are written once, where
# tslib.results reads them.
RESULTS = ROOT / "benchmarks" / "results"
DATA = ROOT / "tslib" / "results" / "data"


def fit_and_score(
    X_fit: np.ndarray,
    y_fit: np.ndarray,
    X_eval: np.ndarray,
    y_eval: np.ndarray,
    **options: Any,
) -> tuple[float, float]:
    """Train ``fit_classifier(X_fit, y_fit, **options)``, score it on ``X_eval``.

    Returns:
        ``(accuracy, cpu_seconds)``: the accuracy in ``[0, 1]`` and the CPU time of
        the fit.
    """
    start = time.process_time()
    model = fit_classifier(X_fit, y_fit, **options)
    seconds = time.process_time() - start
    return accuracy(y_eval, predict(model, X_eval).argmax(1)), seconds


def write_runs(runs: pd.DataFrame, out: Path, stem: str) -> None:
    """Write ``stem.csv``: into ``tslib/results/data/`` (the package loads it) when
    ``out`` is the default ``benchmarks/results/``, else into ``out`` (a trial run)."""
    folder = DATA if out == RESULTS else out
    folder.mkdir(parents=True, exist_ok=True)
    runs.to_csv(folder / f"{stem}.csv", index=False)


def environment() -> str:
    """The line that ends every report: torch, Python and the CPU kernel path."""
    return (
        f"Environment: torch {torch.__version__}, Python {platform.python_version()}, "
        f"ATEN_CPU_CAPABILITY={os.environ.get('ATEN_CPU_CAPABILITY', '(native)')}, "
        "one thread."
    )
