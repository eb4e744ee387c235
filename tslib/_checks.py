"""Input validation shared by every public function of tslib.

Each helper raises ``TypeError`` for the wrong kind of object and ``ValueError`` for the
right kind with a wrong value, and every message names what was expected and what was
given. None of them mutates its argument.
"""

from __future__ import annotations

import numbers
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
        left = "[" if low_inclusive else "("
        right = "]" if high_inclusive else ")"
        lower = "-inf" if low is None else low
        upper = "inf" if high is None else high
        interval = f"{left}{lower}, {upper}{right}"
        raise ValueError(f"{name} must be in {interval}, got {value}")
    return value


def as_array(
    x: Any,
    name: str,
    ndim: int | tuple[int, ...] | None = None,
    allow_nan: bool = False,
    dtype: Any = np.float64,
) -> np.ndarray:
    """Return ``x`` as a NumPy array (a view or a copy; never modify it in place).

    Args:
        x: array-like (NumPy array, list, pandas object, CPU tensor).
        name: the argument's name, used in error messages.
        ndim: the allowed number(s) of dimensions, or ``None`` for any.
        allow_nan: whether NaN and infinite values are accepted.
        dtype: the dtype to convert to (``None`` keeps the input's).

    Raises:
        TypeError: if ``x`` cannot be converted to a numeric array.
        ValueError: if the number of dimensions is wrong, the array is empty, or it
            holds NaN or infinite values while ``allow_nan`` is false.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like, got {describe(x)}")
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # a torch tensor
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as err:
        raise TypeError(
            f"{name} must be a numeric array-like, got {describe(x)}"
        ) from err
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            expected = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name} must be {expected}, got a {arr.ndim}-D array of shape "
                f"{arr.shape}"
            )
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if (
        not allow_nan
        and np.issubdtype(arr.dtype, np.number)
        and not np.all(np.isfinite(arr))
    ):
        n_bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} must not contain NaN or infinite values, got {n_bad} of "
            f"{arr.size}; "
            "fill or drop them first"
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
    """Raise ``ValueError`` unless ``a`` and ``b`` hold the same number of rows.

    Example:
        >>> check_same_length(np.zeros((3, 2)), np.zeros(2), "X", "y")
        Traceback (most recent call last):
        ...
        ValueError: X and y must hold the same number of rows (first axis), got 3 and 2
    """
    if len(a) != len(b):
        raise ValueError(
            f"{name_a} and {name_b} must hold the same number of rows (first axis), "
            f"got {len(a)} and {len(b)}"
        )
