"""Input validation shared by every public function of tslib.

Each helper raises ``TypeError`` for the wrong kind of object and ``ValueError`` for the
right kind with a wrong value, and every message names what was expected and what was
given. None of them mutates its argument.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np


class NotFittedError(ValueError):
    """Raised when a scaler or a baseline is used before ``fit``."""


def describe(value: Any) -> str:
    """Return a short description of ``value`` for error messages."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"{type(value).__name__} of shape {tuple(shape)}"
    return f"{type(value).__name__} {value!r}"


def check_int(value: Any, name: str, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking its type and lower bound."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {describe(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_float(
    value: Any,
    name: str,
    low: float | None = None,
    high: float | None = None,
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> float:
    """Return ``value`` as a ``float`` after checking its type and range."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    too_low = low is not None and (value < low if low_inclusive else value <= low)
    too_high = high is not None and (value > high if high_inclusive else value >= high)
    if too_low or too_high:
        left, right = "[("[not low_inclusive], "])"[not high_inclusive]
        lower, upper = "-inf" if low is None else low, "inf" if high is None else high
        raise ValueError(
            f"{name} must be in {left}{lower}, {upper}{right}, got {value}"
        )
    return value


def check_dropout(value: Any, name: str = "dropout") -> float:
    """Return a dropout probability, checked to lie in ``[0, 1)``."""
    return check_float(value, name, low=0.0, high=1.0, high_inclusive=False)


def _untensor(x: Any) -> Any:
    """A torch tensor as a NumPy array (on the CPU); anything else as it is."""
    return x.detach().cpu().numpy() if hasattr(x, "detach") and hasattr(x, "cpu") else x


def as_array(
    x: Any,
    name: str,
    ndim: int | tuple[int, ...] | None = None,
    allow_nan: bool = False,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Return ``x`` (array-like, a CPU tensor) as a NumPy array, never modified.

    ``ndim`` is the allowed number(s) of dimensions; ``dtype=None`` keeps the input's.
    Raises ``TypeError`` for non-numeric input, ``ValueError`` for a wrong ``ndim``, an
    empty array, or NaN and infinite values unless ``allow_nan``.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like, got {describe(x)}")
    x = _untensor(x)
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must be a numeric array-like, got {describe(x)}"
        ) from err
    allowed = (ndim,) if isinstance(ndim, int) else ndim
    if allowed is not None and arr.ndim not in tuple(allowed):
        expected = " or ".join(f"{d}-D" for d in allowed)
        raise ValueError(
            f"{name} must be {expected}, got a {arr.ndim}-D array of shape {arr.shape}"
        )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not allow_nan and np.issubdtype(arr.dtype, np.number):
        n_bad = arr.size - np.count_nonzero(np.isfinite(arr))
        if n_bad:
            raise ValueError(
                f"{name} must not contain NaN or infinite values, got {n_bad} of "
                f"{arr.size}; fill or drop them first"
            )
    return arr


def check_same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and "
            f"{b.shape}"
        )


def check_same_length(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Raise ``ValueError`` unless ``a`` and ``b`` hold the same number of rows."""
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must hold the same number of rows (first axis), "
            f"got {len(a)} and {len(b)}"
        )


def column_indices(
    columns: Any,
    n_columns: int,
    names: Sequence[str] | None = None,
    name: str = "target",
) -> list[int]:
    """Positions of the selected columns: the one column selector of tslib.

    ``None`` selects every column; otherwise one position or name, or a sequence of
    them. Positions may be negative (counted from the end); names need ``names``.
    """
    if columns is None:
        return list(range(n_columns))
    items = [columns] if isinstance(columns, (int, np.integer, str)) else list(columns)
    if not items:
        raise ValueError(f"{name} must name at least one column, got an empty sequence")
    known = list(names) if names is not None else []
    out = []
    for item in items:
        if isinstance(item, str):
            if item not in known:
                raise ValueError(
                    f"{name} column {item!r} not found; the columns are {known}"
                )
            out.append(known.index(item))
        elif (
            isinstance(item, (int, np.integer))
            and not isinstance(item, bool)
            and -n_columns <= item < n_columns
        ):
            out.append(int(item) % n_columns)
        else:
            raise ValueError(
                f"{name} must be column positions in [-{n_columns}, {n_columns}) or "
                f"column names, got {describe(item)}"
            )
    return out


def check_time_index(data: Any, name: str) -> None:
    """Raise if ``data``'s DatetimeIndex or PeriodIndex is not strictly increasing.

    Anything else is accepted: its row order is the time order by contract.
    """
    import pandas as pd

    index = getattr(data, "index", None)
    if not isinstance(index, (pd.DatetimeIndex, pd.PeriodIndex)):
        return
    kind = type(index).__name__
    prefix = f"{name} must be in time order, but its {kind} is not strictly increasing"
    if index.hasnans:
        position = int(np.flatnonzero(index.isna())[0])
        raise ValueError(f"{prefix}: position {position} is NaT (a missing time)")
    if len(index) < 2 or (index.is_monotonic_increasing and index.is_unique):
        return
    stamps = index.asi8
    position = int(np.flatnonzero(stamps[1:] <= stamps[:-1])[0]) + 1
    current, previous = index[position], index[position - 1]
    what = "repeats" if current == previous else "goes backwards"
    raise ValueError(
        f"{prefix}: at position {position}, {current} comes after {previous} ({what}); "
        "sort it first (data.sort_index()) and check for duplicated times"
    )


def check_quantile_levels(
    quantiles: Any, name: str = "quantiles", n: int | None = None
) -> tuple[float, ...]:
    """Return quantile levels as a tuple, checked to be strictly increasing in (0, 1).

    Levels are never sorted silently: the columns they label would be mislabelled.
    ``n`` is the number of levels expected (the size of the forecasts' last axis).
    """
    quantiles = _untensor(quantiles)
    if (
        isinstance(quantiles, (str, bytes, numbers.Number))
        or quantiles is None
        or np.ndim(quantiles) != 1
    ):
        raise TypeError(
            f"{name} must be a sequence of levels in (0, 1) such as [0.1, 0.5, 0.9], "
            f"got {describe(quantiles)}"
        )
    for q in quantiles:
        if isinstance(q, bool) or not isinstance(q, numbers.Real):
            raise TypeError(
                f"{name} must hold real numbers in (0, 1), got {describe(q)}"
            )
    levels = tuple(float(q) for q in quantiles)
    if not levels:
        raise ValueError(f"{name} must hold at least one level, got none")
    if any(not 0.0 < q < 1.0 for q in levels):  # NaN fails this too
        raise ValueError(f"{name} must lie in (0, 1), got {levels}")
    if any(b <= a for a, b in zip(levels, levels[1:])):
        raise ValueError(
            f"{name} must be strictly increasing (ascending, no repeats), got {levels}"
        )
    if n is not None and len(levels) != n:
        raise ValueError(
            f"expected {n} quantile levels in {name} (the size of the forecasts' "
            f"last axis), got {len(levels)}: {levels}"
        )
    return levels


def check_interval(
    lower: np.ndarray,
    upper: np.ndarray,
    name_lower: str = "lower",
    name_upper: str = "upper",
) -> None:
    """Raise ``ValueError`` if an upper end lies below its lower end (ends swapped)."""
    crossed = upper < lower
    if np.any(crossed):
        first = int(np.flatnonzero(crossed.ravel())[0])
        raise ValueError(
            f"every {name_upper} end must be >= its {name_lower} end, got "
            f"{int(crossed.sum())} of {crossed.size} crossed intervals (first at flat "
            f"position {first}: {name_lower} {lower.ravel()[first]:.6g} > "
            f"{name_upper} {upper.ravel()[first]:.6g}); are {name_lower} and "
            f"{name_upper} swapped, or the quantiles unsorted?"
        )


def check_seed(seed: Any, name: str = "seed") -> int:
    """Return ``seed`` as an ``int`` in ``[0, 2**63 - 1]`` (what generators take)."""
    expected = f"{name} must be an int in [0, 2**63 - 1], got"
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"{expected} {describe(seed)}")
    if not 0 <= int(seed) <= 2**63 - 1:
        raise ValueError(f"{expected} {int(seed)}")
    return int(seed)


def check_device(device: Any, name: str = "device") -> Any:
    """Return ``device`` as a :class:`torch.device` that exists on this machine."""
    import torch

    expected = "'cpu', 'cuda', 'mps' or a torch.device"
    if isinstance(device, str):
        try:
            parsed = torch.device(device)
        except RuntimeError:
            parsed = None
        if parsed is None or parsed.type not in ("cpu", "cuda", "mps"):
            raise ValueError(f"{name} must be {expected}, got {device!r}")
        device = parsed
    elif not isinstance(device, torch.device):
        raise TypeError(f"{name} must be {expected}, got {describe(device)}")
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"{name} = {str(device)!r}, but no CUDA GPU is available on this "
            f"machine: pass {name}='cpu' (or leave it to the default, which picks "
            "the best device there is)"
        )
    count = torch.cuda.device_count() if device.type == "cuda" else 0
    if device.type == "cuda" and device.index is not None and device.index >= count:
        raise ValueError(
            f"{name} = {str(device)!r}, but this machine has {count} CUDA GPU(s) "
            f"(indices 0..{count - 1})"
        )
    mps = getattr(torch.backends, "mps", None)
    if device.type == "mps" and (mps is None or not mps.is_available()):
        raise ValueError(
            f"{name} = 'mps', but no Apple GPU (MPS) is available on this "
            f"machine: pass {name}='cpu'"
        )
    return device


def check_labels(y: Any, name: str = "y") -> np.ndarray:
    """Return class labels ``(N,)`` as int64; floats are refused, never truncated."""
    raw = as_array(y, name, ndim=1, dtype=None, allow_nan=True)
    if np.issubdtype(raw.dtype, np.integer):
        return raw.astype(np.int64)
    hint = ""
    if np.issubdtype(raw.dtype, np.floating):
        bad = ~np.isfinite(raw) | (raw != np.round(raw))
        hint = (
            f" with values such as {raw[bad][0]} that are no class"
            if np.any(bad)
            else " (whole numbers: convert them with y.astype(int))"
        )
    raise TypeError(
        f"{name} must hold integer class labels, got dtype {raw.dtype}{hint}; "
        "map the labels to integers 0..K-1 first"
    )


def check_aligned(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Raise if two pandas objects carry different indexes or columns (order counts)."""
    for attr in ("index", "columns"):
        ia, ib = getattr(a, attr, None), getattr(b, attr, None)
        if ia is None or ib is None or not hasattr(ia, "equals"):
            continue
        if not ia.equals(ib):
            raise ValueError(
                f"{name_a} and {name_b} must have the same {attr} in the same order "
                f"(they are compared by position), got {list(ia[:5])}... and "
                f"{list(ib[:5])}...; align them first, e.g. "
                f"{name_b}.reindex({name_a}.{attr})"
            )


def check_column_names(data: Any, expected: Sequence[str], name: str = "data") -> None:
    """Raise if a DataFrame's columns are not ``expected``, in that order."""
    columns = getattr(data, "columns", None)
    if columns is None:
        return
    got = list(columns)
    if got != list(expected):
        raise ValueError(
            f"{name} must have the columns {list(expected)} in this order (those seen "
            f"in fit), got {got}; select them with {name}[{list(expected)}]"
        )


def check_fractions(sizes: Mapping[str, Any], total: str = "len(data)") -> bool:
    """Raise if parts given as fractions of a whole do not add up to the whole.

    ``sizes`` maps each part's name to a fraction (a float), a count (an int) or
    ``None`` (the rest); fractions that sum to less than 1 would silently drop the
    newest values. Returns whether every part is a fraction.
    """
    values = list(sizes.values())
    fractions = all(
        v is not None
        and isinstance(v, numbers.Real)
        and not isinstance(v, (bool, numbers.Integral))
        for v in values
    )
    # float32 fractions (0.2 is 0.2000000030) must pass: a tolerance, not equality
    if fractions and not math.isclose(sum(values), 1.0, abs_tol=1e-6):
        names = " + ".join(sizes)
        given = " + ".join(f"{v:g}" for v in values)
        last = list(sizes)[-1]
        raise ValueError(
            f"{names} must sum to 1 (the whole of {total}) when all are fractions, "
            f"got {given} = {sum(values):g}; give None for the rest, e.g. {last}=None"
        )
    return fractions


def check_choice(value: Any, name: str, options: Sequence[str]) -> str:
    """One of the strings ``options``."""
    if not isinstance(value, str):
        raise TypeError(
            f"{name} must be one of {tuple(options)}, got {describe(value)}"
        )
    if value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}, got {value!r}")
    return value


def check_series_list(
    series: Any, name: str = "series", *, min_length: int = 1
) -> list[np.ndarray]:
    """Each series of a panel as a finite 1-D float64 array of ``min_length`` values
    or more (series may differ in length)."""
    if isinstance(series, (np.ndarray, str, bytes)) or not isinstance(series, Sequence):
        raise TypeError(
            f"{name} must be a list of 1-D arrays (one per series), "
            f"got {describe(series)}"
        )
    if len(series) == 0:
        raise ValueError(f"{name} is empty: expected at least one series")
    out = []
    for i, values in enumerate(series):
        check_time_index(values, f"{name}[{i}]")
        y = as_array(values, f"{name}[{i}]", ndim=1, dtype=np.float64)
        if len(y) < min_length:
            raise ValueError(
                f"{name}[{i}] has {len(y)} values, expected at least {min_length}"
            )
        out.append(y)
    return out
