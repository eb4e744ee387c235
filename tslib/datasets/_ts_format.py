"""Parser for the ``.ts`` format of the UCR/UEA time series classification archives.

A ``.ts`` file has ``#`` comment lines, then header lines starting with ``@``
(``@problemName``, ``@univariate``, ``@dimensions``, ``@seriesLength``,
``@classLabel true <labels...>``, ...), then ``@data`` and one case per line: channels
separated by ``:``, values within a channel by ``,``, the class label last. ``?`` marks
a missing value. Blank lines (for example right after ``@data``) are ignored.
"""

from __future__ import annotations

import gzip
import math
import os
import zlib
from pathlib import Path

import numpy as np

from .._validate import describe

__all__ = ["load_ts_file"]


def _read_path(path: str | os.PathLike[str]) -> str:
    """Text of a ``.ts`` file (``.gz`` is decompressed)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(
            "expected a path or the text of a .ts file (str or os.PathLike), "
            f"got {describe(path)}"
        )
    path = Path(path)
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:  # BadGzipFile is an OSError
            raise ValueError(
                f"{path}: expected a gzip-compressed .ts file, but it cannot be "
                f"decompressed ({type(err).__name__}: {err}); is it truncated, or "
                "plain text with a .gz name?"
            ) from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError(
            f"{path}: expected a text .ts file in UTF-8, got bytes that are not text "
            f"(at byte {err.start}); is it a binary file, or compressed without a "
            ".gz suffix?"
        ) from err


def _parse_header(key: str, value: str, lineno: int, header: dict[str, object]) -> None:
    """Record the header fields the parser checks the data against."""
    words = value.split()
    flag = words[0].lower() if words else ""
    if key == "timestamps" and flag == "true":
        raise ValueError(f"line {lineno}: @timeStamps true is not supported")
    if key == "targetlabel" and flag == "true":
        raise ValueError(
            f"line {lineno}: @targetLabel true (regression) is not supported"
        )
    if key == "classlabel":
        if flag not in ("true", "false"):
            raise ValueError(
                f"line {lineno}: expected '@classLabel true|false', got {value!r}"
            )
        header["classlabel"] = flag == "true"
        header["labels"] = tuple(words[1:])
    elif key in ("dimensions", "serieslength"):
        try:
            header[key] = int(flag)
        except ValueError:
            raise ValueError(
                f"line {lineno}: expected an integer after @{key}, got {value!r}"
            ) from None
    elif key in ("univariate", "equallength"):
        header[key] = flag == "true"


def _parse_channel(field: str, lineno: int, case: int, channel: int) -> list[float]:
    """Values of one channel; ``?`` becomes NaN."""
    values = []
    for token in field.split(","):
        token = token.strip()
        if token == "?":
            values.append(float("nan"))
            continue
        try:
            value = float(token)
        except ValueError:
            value = math.nan  # refused below, with the same message
        if math.isinf(value) or (math.isnan(value) and token.lower() != "nan"):
            raise ValueError(
                f"line {lineno} (case {case}, channel {channel}): "
                f"expected a number or '?', got {token!r}"
                + (" (not finite)" if math.isinf(value) else "")
            ) from None
        values.append(value)
    return values


def load_ts_file(
    path_or_text: str | os.PathLike[str],
) -> tuple[np.ndarray, np.ndarray | None]:
    """Parse a ``.ts`` file of the UCR/UEA archives into a batch-first array and labels.

    Every case must have the same length: files marked ``@equalLength false`` (e.g.
    JapaneseVowels) and ``@timeStamps true`` are not supported.

    Args:
        path_or_text: Path of a ``.ts`` file (``.ts.gz`` is decompressed), or the text
            of one. A ``str`` containing a newline is read as text, any other ``str`` as
            a path.

    Returns:
        ``(X, y)``: ``X`` float64 values with NaN for ``?``; ``y`` the original class
        labels as strings in file order, or ``None`` when the file has no class labels.

    Shape:
        - X: ``(N, L, C)`` where N = number of cases, L = series length, C = channels.
        - y: ``(N,)``.

    Raises:
        TypeError: If ``path_or_text`` is neither a ``str`` nor a path.
        ValueError: If the text is malformed: no ``@data`` line, no cases, a value that
            is not a number, cases with different numbers of channels (ragged) or
            lengths, channels of one case with different lengths, or a mismatch with
            the ``@dimensions``, ``@seriesLength`` or ``@classLabel`` header.

    Example:
        >>> from tslib.datasets import load_ts_file
        >>> text = "@classLabel true a b\\n@data\\n\\n1,2,3:4,5,6:a\\n7,?,9:1,2,3:b\\n"
        >>> X, y = load_ts_file(text)
        >>> X.shape, y.tolist()
        ((2, 3, 2), ['a', 'b'])
        >>> X[1, :, 0]
        array([ 7., nan,  9.])
    """
    if isinstance(path_or_text, str) and "\n" in path_or_text:
        return _parse(path_or_text)
    text = _read_path(path_or_text)
    try:
        return _parse(text)
    except ValueError as err:  # name the file: the message alone says only the line
        raise ValueError(f"{path_or_text}: {err}") from err


def _parse(text: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Parse the text of a ``.ts`` file (see :func:`load_ts_file`)."""
    header: dict[str, object] = {"classlabel": False, "labels": ()}
    cases: list[list[list[float]]] = []
    labels: list[str] = []
    in_data = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not in_data:
            if not line.startswith("@"):
                raise ValueError(
                    f"line {lineno}: expected a header line starting with '@' before "
                    f"@data, got {line[:40]!r}"
                )
            key, _, value = line[1:].partition(" ")
            in_data = key.lower() == "data"
            if not in_data:
                _parse_header(key.lower(), value.strip(), lineno, header)
            continue
        fields = line.split(":")
        case = len(cases)
        if header["classlabel"]:
            if len(fields) < 2:
                raise ValueError(
                    f"line {lineno} (case {case}): expected channels and a class label "
                    f"separated by ':', got {len(fields)} field"
                )
            labels.append(fields.pop().strip())
        channels = [_parse_channel(f, lineno, case, c) for c, f in enumerate(fields)]
        if cases and len(channels) != len(cases[0]):
            raise ValueError(
                f"line {lineno} (case {case}): ragged channels, "
                f"expected {len(cases[0])} channels as in case 0, got {len(channels)}"
            )
        if len({len(ch) for ch in channels}) != 1:
            raise ValueError(
                f"line {lineno} (case {case}): expected every channel of a case to "
                f"have the same length, got lengths {[len(ch) for ch in channels]}"
            )
        if cases and len(channels[0]) != len(cases[0][0]):
            raise ValueError(
                f"line {lineno} (case {case}): expected every channel to have "
                f"length {len(cases[0][0])} as in case 0, got lengths "
                f"{[len(ch) for ch in channels]}"
                + (
                    " although the file declares @equalLength true"
                    if header.get("equallength") is True
                    else "; files of cases with different lengths (@equalLength "
                    "false) are not supported"
                )
            )
        cases.append(channels)
    if not in_data:
        raise ValueError("malformed .ts input: no @data line found")
    if not cases:
        raise ValueError("malformed .ts input: no cases after @data")
    # the file stores (C, L) per case; the book is batch-first, time before channels
    X = np.array(cases, dtype=np.float64).transpose(0, 2, 1).copy()
    _, length, n_channels = X.shape  # checked against what the header declares
    if "dimensions" in header and header["dimensions"] != n_channels:
        raise ValueError(
            f"@dimensions says {header['dimensions']} channels, got {n_channels}"
        )
    if header.get("univariate") and n_channels != 1:
        raise ValueError(f"@univariate true, but the cases have {n_channels} channels")
    if "serieslength" in header and header["serieslength"] != length:
        raise ValueError(
            f"@seriesLength says {header['serieslength']}, got length {length}"
        )
    declared = header["labels"]
    undeclared = sorted(set(labels) - set(declared)) if declared else []
    if undeclared:
        raise ValueError(
            f"@classLabel declares {list(declared)}, got labels {undeclared}"
        )
    y = np.asarray(labels, dtype=str) if header["classlabel"] else None
    return X, y
