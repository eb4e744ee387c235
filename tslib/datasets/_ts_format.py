"""Parser for the ``.ts`` text format of the UCR/UEA time series classification archives.

A ``.ts`` file has ``#`` comment lines, then header lines starting with ``@``
(``@problemName``, ``@univariate``, ``@dimensions``, ``@seriesLength``,
``@classLabel true <labels...>``, ...), then ``@data`` and one case per line: channels
separated by ``:``, values within a channel by ``,``, the class label last. ``?`` marks a
missing value. Blank lines (for example right after ``@data``) are ignored.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

from .._checks import describe

__all__ = ["load_ts_file"]


def _read_source(path_or_text: str | os.PathLike[str]) -> str:
    """Text of a ``.ts`` file given as a path (``.gz`` allowed) or as the text itself."""
    if isinstance(path_or_text, str) and "\n" in path_or_text:
        return path_or_text
    if not isinstance(path_or_text, (str, os.PathLike)):
        raise TypeError(
            "expected a path or the text of a .ts file (str or os.PathLike), "
            f"got {describe(path_or_text)}"
        )
    path = Path(path_or_text)
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return data.decode("utf-8")


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
    elif key == "univariate":
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
            values.append(float(token))
        except ValueError:
            raise ValueError(
                f"line {lineno} (case {case}, channel {channel}): "
                f"expected a number or '?', got {token!r}"
            ) from None
    return values


def load_ts_file(
    path_or_text: str | os.PathLike[str],
) -> tuple[np.ndarray, np.ndarray | None]:
    """Parse a ``.ts`` file of the UCR/UEA archives into a batch-first array and labels.

    Only equal-length series without time stamps are supported (all bundled data sets are).

    Args:
        path_or_text: Path of a ``.ts`` file (``.ts.gz`` is decompressed), or the text of one.
            A ``str`` containing a newline is read as text, any other ``str`` as a path.

    Returns:
        ``(X, y)``: ``X`` float64 values with NaN for ``?``; ``y`` the original class labels as
        strings in file order, or ``None`` when the file has no class labels.

    Shape:
        - X: ``(N, L, C)`` where N = number of cases, L = series length, C = channels.
        - y: ``(N,)``.

    Raises:
        TypeError: If ``path_or_text`` is neither a ``str`` nor a path.
        ValueError: If the text is malformed: no ``@data`` line, no cases, a value that is not
            a number, cases with different numbers of channels (ragged) or lengths, or a
            mismatch with the ``@dimensions``, ``@seriesLength`` or ``@classLabel`` header.

    Example:
        >>> from tslib.datasets import load_ts_file
        >>> text = "@classLabel true a b\\n@data\\n\\n1,2,3:4,5,6:a\\n7,?,9:1,2,3:b\\n"
        >>> X, y = load_ts_file(text)
        >>> X.shape, y.tolist()
        ((2, 3, 2), ['a', 'b'])
        >>> X[1, :, 0]
        array([ 7., nan,  9.])
    """
    text = _read_source(path_or_text)
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
                    f"line {lineno}: expected a header line starting with '@' before @data, "
                    f"got {line[:40]!r}"
                )
            key, _, value = line[1:].partition(" ")
            key = key.lower()
            if key == "data":
                in_data = True
            else:
                _parse_header(key, value.strip(), lineno, header)
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
                f"line {lineno} (case {case}): ragged channels, expected {len(cases[0])} "
                f"channels as in case 0, got {len(channels)}"
            )
        lengths = {len(ch) for ch in channels}
        expected_length = len(cases[0][0]) if cases else len(channels[0])
        if lengths != {expected_length}:
            raise ValueError(
                f"line {lineno} (case {case}): expected every channel to have length "
                f"{expected_length}, got lengths {[len(ch) for ch in channels]}"
            )
        cases.append(channels)
    if not in_data:
        raise ValueError("malformed .ts input: no @data line found")
    if not cases:
        raise ValueError("malformed .ts input: no cases after @data")
    X = np.ascontiguousarray(np.asarray(cases, dtype=np.float64).transpose(0, 2, 1))
    # -> (N, L, C): the file stores (N, C, L), the book is batch-first with time before channels
    _check_against_header(X, labels, header)
    y = np.asarray(labels, dtype=str) if header["classlabel"] else None
    return X, y


def _check_against_header(
    X: np.ndarray, labels: list[str], header: dict[str, object]
) -> None:
    """Raise if the data disagree with what the header declares."""
    _, length, channels = X.shape
    if "dimensions" in header and header["dimensions"] != channels:
        raise ValueError(
            f"@dimensions says {header['dimensions']} channels, got {channels}"
        )
    if header.get("univariate") and channels != 1:
        raise ValueError(f"@univariate true, but the cases have {channels} channels")
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
