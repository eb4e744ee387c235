"""Tests of tslib.data.panel: windows from many series, scaling undone, loaders."""

import numpy as np
import pytest
import torch

from tslib.data.panel import batch_loader, last_windows, panel_windows
from tslib.training import forecast_series


def _series():
    rng = np.random.default_rng(0)
    return [rng.uniform(1, 2, size=n) * level for n, level in [(30, 1.0), (12, 100.0)]]


def test_windows_count_and_origin():
    series = _series()
    p = panel_windows(series, lookback=8, horizon=3)
    # origins 1 .. T - H per series
    assert len(p) == (30 - 3) + (12 - 3)
    assert p.X.shape == (len(p), 8, 1) and p.y.shape == (len(p), 3, 1)
    assert p.X.dtype == np.float32
    # the last window of series 1 is its last 8 + 3 values, scaling undone
    last = np.flatnonzero(p.series == 1)[-1]
    s = series[1]
    np.testing.assert_allclose(p.X[last, :, 0] * p.scale[last], s[-11:-3], rtol=1e-6)
    np.testing.assert_allclose(p.y[last, :, 0] * p.scale[last], s[-3:], rtol=1e-6)


def test_short_windows_are_padded_with_zeros():
    p = panel_windows([np.arange(1.0, 11.0)], lookback=6, horizon=2, min_observed=2)
    first = p.X[0, :, 0]
    assert np.all(first[:4] == 0) and np.all(first[4:] > 0)
    assert p.scale[0] == pytest.approx(1.5)  # mean of the observed 1, 2


def test_history_keeps_the_latest_origins():
    p = panel_windows([np.arange(1.0, 31.0)], lookback=4, horizon=2, history=5)
    assert len(p) == 5
    np.testing.assert_allclose(p.y[-1, :, 0] * p.scale[-1], [29.0, 30.0])


def test_window_scaling_makes_levels_comparable():
    p = panel_windows(_series(), lookback=8, horizon=3)
    for i in (0, 1):
        inputs = p.X[p.series == i, -1, 0]
        assert 0.4 < inputs.mean() < 2.0


def test_series_scaling_uses_one_scale_per_series():
    series = _series()
    p = panel_windows(series, lookback=8, horizon=3, scaling="series")
    assert np.allclose(p.scale[p.series == 1], np.mean(np.abs(series[1])))


def test_zero_window_gets_scale_one():
    p = panel_windows([np.r_[np.zeros(6), np.ones(4)]], lookback=3, horizon=1)
    assert p.scale[0] == 1.0 and np.all(np.isfinite(p.X))


def test_errors_name_the_problem():
    with pytest.raises(
        ValueError, match=r"series\[1\] has 3 values, expected at least 4"
    ):
        panel_windows([np.ones(10), np.ones(3)], lookback=5, horizon=3)
    with pytest.raises(ValueError, match="NaN"):
        panel_windows([np.array([1.0, np.nan, 2.0, 3.0])], lookback=2, horizon=1)
    with pytest.raises(TypeError, match="list of 1-D arrays"):
        panel_windows(np.ones((3, 10)), lookback=2, horizon=1)
    with pytest.raises(ValueError, match="scaling"):
        panel_windows([np.ones(10)], lookback=2, horizon=1, scaling="global")
    with pytest.raises(ValueError, match="min_observed"):
        panel_windows([np.ones(10)], lookback=2, horizon=1, min_observed=3)


@pytest.mark.parametrize("scaling", ["window", "robust", "series", "none"])
def test_last_windows_round_trip(scaling):
    series = _series()
    X, loc, scale = last_windows(series, lookback=20, scaling=scaling)
    assert X.shape == (2, 20, 1) and loc.shape == scale.shape == (2,)
    restored = X[:, :, 0] * scale[:, None] + loc[:, None]
    np.testing.assert_allclose(restored[0], series[0][-20:], rtol=1e-6)
    np.testing.assert_allclose(restored[1, -12:], series[1], rtol=1e-6)
    assert np.all(X[1, :8] == 0)  # padding


def test_robust_scaling_centres_on_the_median():
    s = np.array([1.0, 2.0, 3.0, 4.0, 100.0, 5.0])
    p = panel_windows([s], lookback=5, horizon=1, scaling="robust")
    last = -1  # input s[0:5], target s[5]
    assert p.loc[last] == 3.0 and p.scale[last] == 2.0  # median, 4 - 2
    np.testing.assert_allclose(p.y[last, 0, 0] * p.scale[last] + p.loc[last], 5.0)
    flat = panel_windows([np.full(6, 7.0)], lookback=3, horizon=1, scaling="robust")
    assert np.all(flat.scale == 7.0)  # no spread: the mean absolute value
    X, loc, scale = last_windows([s], lookback=5, scaling="robust")
    assert (loc[0], scale[0]) == (4.0, 2.0)  # median and IQR of s[1:]


def test_batch_loader_is_reproducible_and_sized():
    X = np.arange(40.0).reshape(10, 4, 1)
    y = np.arange(20.0).reshape(10, 2, 1)
    a = [xb for xb, _ in batch_loader(X, y, batch_size=3, steps=4, seed=1)]
    b = [xb for xb, _ in batch_loader(X, y, batch_size=3, steps=4, seed=1)]
    assert len(a) == 4 and a[0].shape == (3, 4, 1)
    assert all(torch.equal(u, v) for u, v in zip(a, b))
    loader = batch_loader(X, y, batch_size=3, steps=2, seed=1)
    first, second = list(loader), list(loader)
    assert not torch.equal(first[0][0], second[0][0])  # new batches each epoch
    with pytest.raises(ValueError, match="9"):
        batch_loader(X, y[:9])


def test_forecast_series_returns_the_original_scale():
    class LastValue(torch.nn.Module):
        def forward(self, x):
            return x[:, -1:, :].expand(-1, 3, -1)

    series = _series()
    out = forecast_series(LastValue(), series, lookback=8)
    assert out.shape == (2, 3)
    np.testing.assert_allclose(out[:, 0], [s[-1] for s in series], rtol=1e-6)


def test_no_scaling_keeps_raw_values():
    series = _series()
    p = panel_windows(series, lookback=8, horizon=3, scaling="none")
    assert np.all(p.scale == 1.0)
    X, _, _ = last_windows(series, lookback=4, scaling="none")
    np.testing.assert_allclose(X[1, :, 0], series[1][-4:], rtol=1e-6)
