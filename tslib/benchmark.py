"""Sizes and speeds for a fair comparison of networks (chapter 4)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import numpy as np
from torch import nn

from tslib._validate import check_int, describe
from tslib.training import count_parameters, predict


def match_width(
    build: Callable[[int], nn.Module],
    target: int,
    widths: Iterable[int] = range(1, 257),
) -> int:
    """The width whose model has the parameter count closest to ``target`` (ties: the
    smaller width).

    Args:
        build: ``width -> model``, e.g. ``lambda d: LSTMForecaster(1, hidden_size=d)``.
        target: the wanted number of trainable parameters (>= 1).
        widths: the widths to try.

    Returns:
        The best width; ``count_parameters(build(width))`` is the size actually reached.

    Example:
        >>> match_width(lambda d: nn.Linear(10, d), target=100)  # 11 per unit
        9
    """
    target = check_int(target, "target", minimum=1)
    gaps: dict[int, int] = {}
    for width in widths:
        width = check_int(width, "each width", minimum=1)
        gaps.setdefault(width, abs(count_parameters(build(width)) - target))
    if not gaps:
        raise ValueError("widths must hold at least one width, got an empty iterable")
    return min(gaps, key=gaps.__getitem__)  # the first of the closest


def latency_ms(
    forecaster: nn.Module | Callable[[np.ndarray], Any],
    x: np.ndarray,
    repeats: int = 20,
) -> float:
    """Median wall time in milliseconds to forecast the windows ``x`` once.

    Args:
        forecaster: a network (run by :func:`tslib.training.predict` on the device of
            its parameters) or a function ``X -> forecasts``.
        x: windows ``(B, L, C_in)``.
        repeats: timed calls, after one untimed warm-up call.

    Example:
        >>> latency_ms(nn.Linear(3, 1), np.zeros((1, 2, 3), dtype=np.float32)) >= 0
        True
    """
    repeats = check_int(repeats, "repeats", minimum=1)
    if isinstance(forecaster, nn.Module):
        run = partial(predict, forecaster)
    elif callable(forecaster):
        run = forecaster
    else:
        raise TypeError(
            "forecaster must be a network or a function X -> forecasts, "
            f"got {describe(forecaster)}"
        )
    run(x)  # warm-up: the first call allocates
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(x)  # a network's forecast comes back to the CPU: the time includes it
        times.append(time.perf_counter() - start)
    return 1000.0 * float(np.median(times))
