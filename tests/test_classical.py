"""Tests of tslib.classical: seasonality test, decomposition, Naive2, SES and Theta."""

import numpy as np
import pytest

from tslib.classical import _seasonal_indices, _seasonality_test, _ses, naive2, theta


def _seasonal(n=60, trend=0.0):
    t = np.arange(n)
    return (10 + trend * t) * (1 + 0.3 * np.sin(2 * np.pi * t / 12))


def test_seasonality_test():
    assert _seasonality_test(_seasonal(), 12)
    assert not _seasonality_test(np.random.default_rng(0).normal(10, 1, 60), 12)
    assert not _seasonality_test(_seasonal(30), 12)  # under three seasons
    assert not _seasonality_test(_seasonal(), 1)
    assert not _seasonality_test(10 + 0.1 * np.arange(60), 12)  # a trend, no season


def test_seasonal_indices_recover_the_pattern():
    idx = _seasonal_indices(_seasonal(), 12)
    expected = 1 + 0.3 * np.sin(2 * np.pi * np.arange(12) / 12)
    np.testing.assert_allclose(idx, expected / expected.mean(), atol=1e-6)
    t = np.arange(48)
    idx = _seasonal_indices(10 * (1 + 0.2 * np.sin(2 * np.pi * t / 12)), 12)
    assert idx.mean() == pytest.approx(1.0) and round(float(idx[3]), 2) == 1.2
    with pytest.raises(ValueError, match="positive"):
        _seasonal_indices(_seasonal() - 20, 12)
    with pytest.raises(ValueError, match="2 seasons"):
        _seasonal_indices(_seasonal(20), 12)


def test_naive2_continues_the_season():
    y = _seasonal(60)
    f = naive2(y, horizon=12, period=12)
    np.testing.assert_allclose(f, y[48:60], rtol=1e-6)  # flat level, same season


def test_ses_and_theta_on_simple_series():
    level, alpha = _ses(np.full(10, 3.0))
    assert level == 3.0
    f = theta(np.arange(1.0, 41.0), horizon=4)
    np.testing.assert_allclose(np.diff(f), 0.5)  # half the slope per step
    seasonal = theta(_seasonal(72, trend=0.0), horizon=12, period=12)
    np.testing.assert_allclose(seasonal, _seasonal(84)[72:], rtol=0.02)


def test_errors():
    with pytest.raises(ValueError, match="horizon"):
        naive2([1.0, 2.0], horizon=0)
    with pytest.raises(ValueError, match="at least 2"):
        theta([1.0], horizon=2)
    with pytest.raises(ValueError, match="NaN"):
        theta([1.0, np.nan, 3.0], horizon=2)


# --- issue 26: a seasonal series the multiplicative adjustment cannot handle ---------


@pytest.mark.parametrize("method", [theta, naive2])
def test_a_zero_in_a_seasonal_series_is_said_not_skipped_silently(method):
    t = np.arange(48)
    y = 13 + 5 * np.sin(2 * np.pi * t / 12)
    assert _seasonality_test(y, 12)
    method(y, horizon=6, period=12)  # positive: adjusted, no warning
    y[5] = 0.0
    with pytest.warns(UserWarning, match="seasonal adjustment was skipped"):
        method(y, horizon=6, period=12)


@pytest.mark.parametrize("method", [theta, naive2])
def test_a_shuffled_datetime_index_raises(method):
    import pandas as pd

    index = pd.date_range("2000-01", periods=24, freq="MS")
    y = pd.Series(np.arange(1.0, 25.0), index=index)
    method(y, horizon=2)
    with pytest.raises(ValueError, match="must be in time order"):
        method(y.sample(frac=1.0, random_state=0), horizon=2)
