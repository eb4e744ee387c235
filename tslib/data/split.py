"""Chronological train / validation / test splits: the past trains, the future tests."""

from __future__ import annotations

import numbers
from typing import Any, NamedTuple

import numpy as np  # noqa: F401 (the doctests use it)

from tslib._validate import check_fractions, check_time_index, describe


class Split(NamedTuple):
    """The three consecutive parts of a series, in time order.

    Each part has the type of the series that was split (array, Series or DataFrame;
    pandas parts keep their index). ``val`` may be empty when ``val=0`` was asked for.
    """

    train: Any
    val: Any
    test: Any

    @property
    def val_start(self) -> int:
        """Position in the original series of the first validation value."""
        return len(self.train)

    @property
    def test_start(self) -> int:
        """Position in the original series of the first test value."""
        return len(self.train) + len(self.val)


def _to_count(size: Any, name: str, n: int) -> int | None:
    if size is None:
        return None
    if isinstance(size, bool) or not isinstance(size, numbers.Real):
        raise TypeError(
            f"{name} must be a fraction (float), a count (int) or None, "
            f"got {describe(size)}"
        )
    if isinstance(size, numbers.Integral):
        if size < 0:
            raise ValueError(f"{name} must be a count >= 0, got {size}")
        return int(size)
    if not 0.0 <= float(size) < 1.0:
        raise ValueError(
            f"{name} must be a fraction in [0, 1) or an int count, got {size}"
        )
    return int(round(float(size) * n))


def chronological_split(
    data: Any,
    train: float | int | None = 0.7,
    val: float | int | None = 0.15,
    test: float | int | None = None,
) -> Split:
    """Cut a series into train, validation and test parts in time order, unshuffled.

    Each size is a fraction of ``len(data)`` (a float in ``[0, 1)``), a count (an int),
    or ``None`` for "the rest"; at most one may be ``None``. Fractions are rounded to
    the nearest count. Train and test must not be empty; ``val=0`` gives an empty
    validation part. Nothing is copied or changed: each part is a slice of ``data``.

    Args:
        data: array of shape ``(T, ...)``, a pandas Series or DataFrame (split by
            position).
        train: size of the training part (default 0.7).
        val: size of the validation part (default 0.15).
        test: size of the test part (default ``None``: the rest).

    Returns:
        ``Split(train, val, test)``; ``split.val_start`` and ``split.test_start`` give
        the positions where the later parts begin in ``data``.

    Raises:
        TypeError: if ``data`` has no length or a size is not a number.
        ValueError: if the sizes exceed ``len(data)``, or all three are given and do
            not cover it (fractions must sum to 1), more than one is ``None``, the
            train or test part would be empty, or a Series/DataFrame has a DatetimeIndex
            that is not strictly increasing (out of time order).

    Example:
        >>> s = chronological_split(np.arange(10), train=0.6, val=0.2)
        >>> [part.tolist() for part in s]
        [[0, 1, 2, 3, 4, 5], [6, 7], [8, 9]]
        >>> s.test_start
        8
        >>> chronological_split(np.arange(144), train=None, val=0, test=12).test.shape
        (12,)
    """
    if (
        not hasattr(data, "__len__")
        or isinstance(data, (str, bytes))
        or getattr(data, "ndim", 1) == 0
    ):
        raise TypeError(
            "data must be an array (at least 1-D), Series or DataFrame, "
            f"got {describe(data)}"
        )
    check_time_index(data, "data")
    sizes = {"train": train, "val": val, "test": test}
    if check_fractions(sizes):
        sizes["test"] = None  # fractions summing to 1: test is the rest, unrounded
    n = len(data)
    sizes = {name: _to_count(size, name, n) for name, size in sizes.items()}
    missing = [name for name, size in sizes.items() if size is None]
    if len(missing) > 1:
        raise ValueError(
            "at most one of train, val, test may be None (the rest), "
            f"got None for {missing}"
        )
    given = sum(size for size in sizes.values() if size is not None)
    if given > n:
        raise ValueError(
            f"train + val + test must be at most len(data) = {n}, got "
            f"{sizes['train']} + {sizes['val']} + {sizes['test']} = {given} "
            "(sizes as counts)"
        )
    if missing:
        sizes[missing[0]] = n - given
    elif given < n:
        raise ValueError(
            f"train + val + test must add up to len(data) = {n}, got "
            f"{sizes['train']} + {sizes['val']} + {sizes['test']} = {given} "
            f"(sizes as counts): the newest {n - given} values would be dropped; give "
            "test=None for the rest, or slice data first"
        )
    for name in ("train", "test"):
        if sizes[name] == 0:
            raise ValueError(
                f"the {name} part would be empty (len(data) = {n}, sizes {sizes}); "
                "give it a larger size or give the series more values"
            )
    a, b = sizes["train"], sizes["train"] + sizes["val"]
    c = b + sizes["test"]
    take = data.iloc if hasattr(data, "iloc") else data
    return Split(take[:a], take[a:b], take[b:c])
