"""Plots for the book, matplotlib only.

Every function takes the data and an optional ``ax``, draws on it (or on a new figure)
and returns the ``Axes``; none calls ``plt.show()``. Style and layout stay with the
caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from tslib._validate import as_array, check_same_shape, check_time_index, describe
from tslib.training import History


def _axes(ax: Axes | None, title: str | None, figsize: tuple = (8, 3)) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {describe(ax)}")
    if title:
        ax.set_title(title)
    return ax


def plot_series(
    series: Any, ax: Axes | None = None, title: str | None = None, **kwargs: Any
) -> Axes:
    """Line plot of a series: an array ``(T,)``/``(T, C)`` or a pandas Series/DataFrame.

    Example:
        >>> ax = plot_series(np.sin(np.arange(20)), title="a sine")
        >>> ax.get_title()
        'a sine'
    """
    check_time_index(series, "series")  # a shuffled index would draw a scribble
    ax = _axes(ax, title)
    if hasattr(series, "plot") and hasattr(series, "index"):  # pandas: dates on x
        series.plot(ax=ax, **kwargs)
    else:
        ax.plot(as_array(series, "series", ndim=(1, 2), allow_nan=True), **kwargs)
    return ax


def plot_history(history: History, ax: Axes | None = None, log: bool = True) -> Axes:
    """Learning curves: training and validation loss per epoch, the best epoch marked.

    Example:
        >>> history = History(train_loss=[1.0, 0.5], val_loss=[1.2, 0.7], best_epoch=2)
        >>> ax = plot_history(history)
        >>> [line.get_label() for line in ax.get_lines()][:2]
        ['train', 'validation']
    """
    if not isinstance(history, History):
        raise TypeError(
            f"history must be a tslib.training.History, got {describe(history)}"
        )
    ax = _axes(ax, None, figsize=(6, 3))
    epochs = np.arange(1, history.epochs + 1)
    ax.plot(epochs, history.train_loss, label="train")
    if history.val_loss:
        ax.plot(epochs, history.val_loss, label="validation")
    best = history.best_epoch
    if best:
        ax.axvline(best, color="grey", linestyle=":", label=f"best epoch ({best})")
    if log:
        ax.set_yscale("log")
    ax.set(xlabel="epoch", ylabel="loss")
    ax.legend()
    return ax


def _check_positions(x: Any, n: int, name: str, of: str) -> None:
    """Raise unless the x positions ``x`` give one position per value of ``of``."""
    if isinstance(x, (str, bytes)) or not hasattr(x, "__len__") or np.ndim(x) != 1:
        raise TypeError(
            f"{name} must be a 1-D sequence of positions or dates, got {describe(x)}"
        )
    if len(x) != n:
        raise ValueError(
            f"{name} must give one position per value of {of} ({n}), got {len(x)}"
        )


def plot_forecast(
    actual: Any,
    forecasts: Mapping[str, Any] | Any,
    index: Any = None,
    history: Any = None,
    history_index: Any = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Forecast(s) against the actual values, optionally after the observed history.

    Args:
        actual: the actual values ``(n,)``.
        forecasts: one forecast ``(n,)`` or a mapping name -> forecast ``(n,)``.
        index: x positions (or dates) of ``actual``; default: right after the history.
        history: values observed before the forecast start ``(m,)``, drawn in grey.
        history_index: x positions of ``history``; default ``0..m-1``.

    Example:
        >>> ax = plot_forecast([1.0, 2.0], {"naive": [0.5, 0.5]}, history=[0.0, 0.5])
        >>> [line.get_label() for line in ax.get_lines()]
        ['history', 'actual', 'naive']
    """
    ax = _axes(ax, title)
    y = as_array(actual, "actual", ndim=1)
    if not isinstance(forecasts, Mapping):
        forecasts = {"forecast": forecasts}
    n_hist = 0 if history is None else len(history)
    x = np.arange(n_hist, n_hist + len(y)) if index is None else index
    _check_positions(x, len(y), "index", "actual")
    if history is not None:
        h = as_array(history, "history", ndim=1)
        hx = np.arange(n_hist) if history_index is None else history_index
        _check_positions(hx, len(h), "history_index", "history")
        ax.plot(hx, h, color="0.6", label="history")
    ax.plot(x, y, color="black", linewidth=2, label="actual")
    for name, forecast in forecasts.items():
        f = as_array(forecast, f"forecasts[{name!r}]", ndim=1)
        check_same_shape(y, f, "actual", f"forecasts[{name!r}]")
        ax.plot(x, f, linestyle="--", label=name)
    ax.legend()
    return ax


def plot_error_by_horizon(
    errors: Mapping[str, Sequence[float]],
    ax: Axes | None = None,
    ylabel: str = "error",
    title: str | None = None,
) -> Axes:
    """Error against lead time (steps ahead), one line per method.

    Example:
        >>> ax = plot_error_by_horizon({"naive": [1.0, 2.0, 3.0]})
        >>> ax.get_xlabel()
        'steps ahead'
    """
    ax = _axes(ax, title, figsize=(6, 3))
    for name, values in errors.items():
        v = as_array(values, f"errors[{name!r}]", ndim=1)
        ax.plot(np.arange(1, len(v) + 1), v, marker="o", markersize=3, label=name)
    ax.set(xlabel="steps ahead", ylabel=ylabel)
    ax.legend()
    return ax


def plot_confusion_matrix(
    cm: Any,
    class_names: Sequence[str] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Confusion matrix as a heat map with counts: rows true, columns predicted classes.

    Example:
        >>> ax = plot_confusion_matrix(np.array([[5, 1], [0, 4]]), ["a", "b"])
        >>> [t.get_text() for t in ax.texts]
        ['5', '1', '0', '4']
    """
    m = as_array(cm, "cm", ndim=2)
    if np.any(m < 0) or np.any(m != np.round(m)):
        # an int cast would truncate a normalised matrix (0.3 -> 0) without a word
        raise ValueError(
            "cm must hold counts (whole numbers >= 0), as confusion_matrix returns; "
            f"got values such as {m[(m < 0) | (m != np.round(m))][0]:g}"
        )
    m = m.astype(np.int64)
    if m.shape[0] != m.shape[1]:
        raise ValueError(f"cm must be square (K, K), got shape {m.shape}")
    k = m.shape[0]
    names = [str(i) for i in range(k)] if class_names is None else list(class_names)
    if len(names) != k:
        raise ValueError(f"class_names must have {k} entries, got {len(names)}")
    ax = _axes(ax, title, figsize=(1.2 * k + 2, 1.2 * k + 1))
    ax.imshow(m, cmap="Blues")
    for (i, j), count in np.ndenumerate(m):
        color = "white" if count > m.max() / 2 else "black"
        ax.text(j, i, str(count), ha="center", va="center", color=color)
    ax.set_xticks(range(k), names)
    ax.set_yticks(range(k), names)
    ax.set(xlabel="predicted", ylabel="true")
    return ax
