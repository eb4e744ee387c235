"""Tests of tslib.evaluation: recursive multi-step forecasts and rolling-origin
backtests."""

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

from tslib.baselines import LinearAR, SeasonalNaive, naive
from tslib.data import make_windows
from tslib.evaluation import Backtest, recursive_forecast, rolling_origin_backtest
from tslib.metrics import mae, mase, rmse
from tslib.models import LSTMForecaster, NLinear
from tslib.training import predict

# --- recursive_forecast ---------------------------------------------------------


def test_recursive_ar1_matches_the_closed_form():
    a = 0.9
    X = np.array([[[1.0], [2.0]], [[0.0], [-3.0]]])  # (2, 2, 1)
    out = recursive_forecast(lambda x: a * x[:, -1:, :], X, steps=5)
    expected = X[:, -1:, :] * a ** np.arange(1, 6).reshape(1, 5, 1)
    np.testing.assert_allclose(out, expected)


def test_recursive_linear_ar_continues_a_sine_exactly():
    # A noiseless sine obeys x_t = 2 cos(w) x_{t-1} - x_{t-2}: a one-step AR(2) iterates
    # it exactly.
    t = np.arange(200)
    series = np.sin(2 * np.pi * t / 23)
    X, y = make_windows(series[:150], lookback=2, horizon=1)
    ar = LinearAR().fit(X.astype(np.float64), y.astype(np.float64))
    window = series[148:150].reshape(1, 2, 1)
    out = recursive_forecast(ar.predict, window, steps=20)
    np.testing.assert_allclose(out[0, :, 0], series[150:170], atol=1e-3)


def test_step_sees_sliding_windows_of_its_own_predictions():
    seen = []

    def step(x):
        seen.append(x.copy())
        return x[:, -1:, :] + 1.0

    recursive_forecast(step, np.zeros((1, 3, 1)), steps=3)
    assert [w[0, :, 0].tolist() for w in seen] == [[0, 0, 0], [0, 0, 1], [0, 1, 2]]


@settings(max_examples=25, deadline=None)
@given(
    X=arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 5), st.integers(1, 3)),
        elements=st.floats(-1e3, 1e3),
    ),
    steps=st.integers(1, 6),
)
def test_recursive_naive_repeats_the_last_value_and_does_not_mutate(X, steps):
    before = X.copy()
    out = recursive_forecast(lambda x: naive(x, 1), X, steps)
    assert out.shape == (X.shape[0], steps, X.shape[2])
    np.testing.assert_array_equal(out, naive(X, steps))
    np.testing.assert_array_equal(X, before)


def test_recursive_one_step_equals_the_step_function():
    X = np.random.default_rng(0).normal(size=(3, 4, 2))
    step = lambda x: x.mean(axis=1, keepdims=True)  # noqa: E731
    np.testing.assert_allclose(recursive_forecast(step, X, 1), step(X))


def test_recursive_bad_inputs():
    with pytest.raises(
        ValueError,
        match=r"step must map windows \(2, 3, 1\) to next values of shape "
        r"\(N, 1, C\) = \(2, 1, 1\), got \(2, 2, 1\)",
    ):
        recursive_forecast(lambda x: x[:, -2:, :], np.zeros((2, 3, 1)), steps=2)
    with pytest.raises(TypeError, match="step must have predict"):
        recursive_forecast("not a function", np.zeros((2, 3, 1)), steps=2)
    network = nn.Sequential(nn.Flatten(), nn.Linear(3, 1), nn.Unflatten(1, (1, 1)))
    with pytest.raises(TypeError, match=r"lambda X: tslib.training.predict\(network"):
        recursive_forecast(network, np.zeros((2, 3, 1)), steps=2)
    with pytest.raises(ValueError, match="steps must be >= 1, got 0"):
        recursive_forecast(lambda x: x[:, -1:], np.zeros((2, 3, 1)), steps=0)
    with pytest.raises(ValueError, match="X must be 3-D, got a 2-D array"):
        recursive_forecast(lambda x: x[:, -1:], np.zeros((2, 3)), steps=2)


# --- rolling_origin_backtest ----------------------------------------------------


def last_value(history, horizon):
    return np.repeat(history[-1:], horizon, axis=0)


def test_backtest_scores_match_the_metrics_by_hand():
    series = np.random.default_rng(1).normal(10, 1, size=60)
    origins, H, m = [30, 40, 50], 4, 3
    bt = rolling_origin_backtest(series, {"naive": last_value}, origins, H, period=m)
    for i, o in enumerate(origins):
        actual, forecast = series[o : o + H], np.repeat(series[o - 1], H)
        row = bt.scores.iloc[i]
        assert row["origin"] == o and row["method"] == "naive"
        assert row["mase"] == pytest.approx(
            mase(actual, forecast, series[:o], period=m)
        )
        assert row["mae"] == pytest.approx(mae(actual, forecast))
        assert row["rmse"] == pytest.approx(rmse(actual, forecast))
        assert bt.scales[i] == pytest.approx(
            np.mean(np.abs(series[m:o] - series[: o - m]))
        )
    assert bt.actual.shape == (3, H, 1) and bt.forecasts["naive"].shape == (3, H, 1)
    assert bt.summary().loc["naive", "mase"] == pytest.approx(bt.scores["mase"].mean())


def test_forecasters_see_only_the_past_and_cannot_change_the_series():
    series = np.arange(30.0)
    before = series.copy()
    seen = []

    def spy(history, horizon):
        seen.append(history.copy())
        history[:] = -1.0  # a careless forecaster that overwrites its input
        return np.zeros(horizon)

    rolling_origin_backtest(series, {"spy": spy}, [10, 20], horizon=3)
    assert [h[:, 0].tolist() for h in seen] == [list(range(10)), list(range(20))]
    np.testing.assert_array_equal(series, before)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 1000), horizon=st.integers(1, 5), n_origins=st.integers(1, 4)
)
def test_error_by_lead_averages_to_the_mean_mase(seed, horizon, n_origins):
    series = np.random.default_rng(seed).normal(size=(50, 2)).cumsum(axis=0)
    origins = [20 + 5 * i for i in range(n_origins)]
    methods = {"naive": last_value, "zero": lambda h, k: np.zeros((k, 2))}
    bt = rolling_origin_backtest(series, methods, origins, horizon, period=2)
    for name, by_lead in bt.error_by_lead().items():
        assert by_lead.shape == (horizon,)
        assert by_lead.mean() == pytest.approx(bt.summary().loc[name, "mase"])


def test_summary_keeps_the_order_of_the_methods_and_accepts_pandas():
    series = pd.Series(
        np.sin(np.arange(48) / 3) + 2,
        index=pd.date_range("2020-01-01", periods=48, freq="h"),
    )
    methods = {"zeta": last_value, "alpha": lambda h, k: np.full(k, h.mean())}
    bt = rolling_origin_backtest(series, methods, [24, 36], horizon=6, period=12)
    assert isinstance(bt, Backtest)
    assert list(bt.summary().index) == ["zeta", "alpha"]
    assert list(bt.summary().columns) == ["mase", "mae", "rmse"]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"origins": [20, 10]}, r"origins must be strictly increasing, got \[20, 10\]"),
        (
            {"origins": [28]},
            r"origins must lie in \(1, 27\] for period = 1, horizon = 3 and a "
            r"series of 30 values",
        ),
        ({"origins": [1]}, r"origins must lie in \(1, 27\]"),
        ({"origins": []}, r"origins must hold at least one position"),
        ({"forecasters": {}}, r"forecasters must be a non-empty mapping"),
        (
            {"forecasters": {"bad": lambda h, k: np.zeros(k + 1)}},
            r"forecasters\['bad'\] must return 3 values \(shape \(3,\) or "
            r"\(3, 1\)\), got shape \(4, 1\) at origin 10",
        ),
    ],
)
def test_backtest_bad_inputs(kwargs, match):
    args = {
        "series": np.arange(30.0),
        "forecasters": {"naive": last_value},
        "origins": [10],
        "horizon": 3,
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        rolling_origin_backtest(**args)


# --- the forecaster contract: predict(X) -> (N, H, C) ------------------------------


def test_networks_and_baselines_share_predict():
    torch.manual_seed(0)
    model = LSTMForecaster(1, hidden_size=4, horizon=2)
    X = np.random.default_rng(0).normal(size=(3, 5, 1)).astype(np.float32)
    np.testing.assert_array_equal(model.predict(X), predict(model, X))
    np.testing.assert_array_equal(SeasonalNaive(1, 2).predict(X), naive(X, 2))


def test_recursive_forecast_takes_a_network():
    torch.manual_seed(0)
    model = LSTMForecaster(1, hidden_size=4, horizon=1)
    X = np.random.default_rng(0).normal(size=(2, 3, 1)).astype(np.float32)
    by_hand = recursive_forecast(lambda x: predict(model, x), X, 4)
    np.testing.assert_allclose(recursive_forecast(model, X, 4), by_hand)


def test_backtest_takes_forecasters_and_gives_them_their_lookback():
    t = np.arange(100.0)
    seen = []

    class Spy(SeasonalNaive):
        def predict(self, X):
            seen.append(X.shape)
            return super().predict(X)

    bt = rolling_origin_backtest(
        t, {"naive": Spy(1, 5), "by hand": last_value}, [50, 80], 5
    )
    assert seen == [(1, 50, 1), (1, 80, 1)]  # the whole history as one window
    np.testing.assert_array_equal(bt.forecasts["naive"], bt.forecasts["by hand"])
    torch.manual_seed(0)
    model = NLinear(1, lookback=6, horizon=5)
    bt = rolling_origin_backtest(t, {"NLinear": model}, [50, 80], 5)
    window = t[None, 44:50, None].astype(np.float32)  # its lookback L = 6
    np.testing.assert_allclose(bt.forecasts["NLinear"][0], predict(model, window)[0])
    with pytest.raises(TypeError, match=r"forecasters\['bad'\] must have predict"):
        rolling_origin_backtest(t, {"bad": 3}, [50], 5)
