"""Tests of tslib.benchmark: width matching and latency."""

import numpy as np
import pytest
from torch import nn

import tslib.benchmark
from tslib.baselines import LinearAR
from tslib.benchmark import latency_ms, match_width
from tslib.models import LSTMForecaster, RNNForecaster
from tslib.training import count_parameters


def test_match_width_picks_the_closest_count():
    def build(d):
        return LSTMForecaster(1, hidden_size=d)

    width = match_width(build, target=3000)
    counts = {d: count_parameters(build(d)) for d in range(1, 60)}
    best = min(counts.values(), key=lambda c: abs(c - 3000))
    assert counts[width] == best
    assert match_width(lambda d: nn.Linear(1, d), target=1, widths=[5, 1, 3]) == 1
    with pytest.raises(ValueError, match="at least one width"):
        match_width(build, target=10, widths=[])
    with pytest.raises(ValueError, match="target must be >= 1, got 0"):
        match_width(build, target=0)
    with pytest.raises(ValueError, match="each width must be >= 1, got -1"):
        match_width(lambda d: nn.Linear(1, d), target=10, widths=[-1, 2])


def test_count_parameters_of_networks_and_baselines():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 6, 1)), rng.normal(size=(50, 2, 1))
    assert count_parameters(nn.Linear(4, 3)) == 15
    # weights L * H, intercepts H
    assert count_parameters(LinearAR().fit(X, y)) == 6 * 2 + 2
    assert count_parameters(np.mean) == 0


def test_latency_is_the_median_of_the_timed_calls(monkeypatch):
    # A scripted clock: the calls take 1, 4 and 2 seconds, so the median is 2 s.
    ticks = iter([0.0, 1.0, 10.0, 14.0, 20.0, 22.0])
    monkeypatch.setattr(tslib.benchmark.time, "perf_counter", lambda: next(ticks))
    x = np.zeros((1, 5, 1), dtype=np.float32)
    assert latency_ms(lambda X: X[:, -1:], x, repeats=3) == 2000.0


def test_latency_runs_networks_and_functions_on_the_windows():
    x = np.zeros((2, 5, 1), dtype=np.float32)
    seen = []
    latency_ms(lambda X: seen.append(X.shape), x, repeats=2)
    assert seen and set(seen) == {(2, 5, 1)}
    assert np.isfinite(latency_ms(RNNForecaster(1, hidden_size=2), x, repeats=2))
    with pytest.raises(TypeError, match="forecaster must be a network or a function"):
        latency_ms("lstm", x)
    with pytest.raises(ValueError, match="repeats must be >= 1"):
        latency_ms(lambda X: X, x, repeats=0)
