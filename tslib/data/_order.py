"""Time order of pandas input: a DatetimeIndex must be strictly increasing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def check_time_order(data: Any, name: str) -> None:
    """Raise if ``data`` has a DatetimeIndex that is not strictly increasing.

    Arrays and pandas objects with another kind of index are accepted as they are: their
    row order is the time order by contract. A DatetimeIndex states the time of each
    row, so a reversed, shuffled or repeated one would make "the past" of a split or a
    window hold the future.

    Args:
        data: the object a function received (array, Series or DataFrame).
        name: its argument name, for the message.

    Raises:
        ValueError: naming the first position where the index goes backwards or repeats
            (or holds NaT).

    Example:
        >>> index = pd.to_datetime(["2000-01-01", "2000-01-03", "2000-01-02"])
        >>> series = pd.Series([1.0, 2.0, 3.0], index=index)
        >>> check_time_order(series, "series")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: series must be in time order, ... at position 2, 2000-01-02 ...
    """
    index = getattr(data, "index", None)
    if not isinstance(index, pd.DatetimeIndex) or len(index) < 2:
        if isinstance(index, pd.DatetimeIndex) and index.hasnans:
            raise ValueError(f"{name} has a DatetimeIndex holding NaT (missing times)")
        return
    if index.is_monotonic_increasing and index.is_unique and not index.hasnans:
        return
    prefix = (
        f"{name} must be in time order, but its DatetimeIndex is not strictly "
        "increasing"
    )
    if index.hasnans:
        position = int(np.flatnonzero(index.isna())[0])
        raise ValueError(f"{prefix}: position {position} is NaT (a missing time)")
    stamps = index.asi8
    position = int(np.flatnonzero(stamps[1:] <= stamps[:-1])[0]) + 1
    current, previous = index[position], index[position - 1]
    what = "repeats" if current == previous else "goes backwards"
    raise ValueError(
        f"{prefix}: at position {position}, {current} comes after {previous} ({what}); "
        "sort it first (data.sort_index()) and check for duplicated times"
    )
