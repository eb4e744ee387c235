"""Data preparation: synthetic series, chronological splits, scalers, windows, loaders.

The order of a chapter's data cell is always the same::

    split = chronological_split(series, train=0.7, val=0.15)   # in time order
    scaler = StandardScaler().fit(split.train)                 # training part only
    scaled = scaler.transform(series)
    X_train, y_train = make_windows(scaled[: split.val_start], L, H)
    X_test, y_test = make_windows(scaled, L, H, first_target=split.test_start)

``prepare_windows(series, L, H)`` does all of that in one call.
"""

from tslib.data.panel import (
    PanelWindows,
    batch_loader,
    panel_windows,
)
from tslib.data.prepare import PreparedWindows, prepare_windows
from tslib.data.scalers import NotFittedError, StandardScaler, mean_abs_scale
from tslib.data.split import Split, chronological_split
from tslib.data.synthetic import multi_sine, sine_wave
from tslib.data.windows import make_loader, make_windows

__all__ = [
    "PanelWindows",
    "NotFittedError",
    "PreparedWindows",
    "Split",
    "StandardScaler",
    "batch_loader",
    "chronological_split",
    "make_loader",
    "make_windows",
    "mean_abs_scale",
    "multi_sine",
    "panel_windows",
    "prepare_windows",
    "sine_wave",
]
