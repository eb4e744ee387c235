"""Tests of tslib.benchmark: width matching, the comparison table, baselines as rows,
bad input."""

import time

import numpy as np
import pandas as pd
import pytest
from torch import nn

from tslib.baselines import LinearAR, Naive, SeasonalNaive, naive
from tslib.benchmark import (
    Comparison,
    compare,
    latency_ms,
    match_width,
    summarize,
)
from tslib.models import LSTMForecaster, RNNForecaster
from tslib.training import EarlyStopping, count_parameters


def windows(n=80, L=6, H=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, L, 1)).astype("float32")
    y = np.concatenate([X[:, -1:, :], X[:, -2:-1, :]], axis=1)[
        :, :H
    ]  # the last two values, reversed
    return (X[:50], y[:50]), (X[50:65], y[50:65]), (X[65:], y[65:])


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


def test_count_parameters_of_networks_and_baselines():
    X, y = windows()[0]
    assert count_parameters(nn.Linear(4, 3)) == 15
    # weights L * H, intercepts H
    assert count_parameters(LinearAR().fit(X, y)) == 6 * 2 + 2
    assert count_parameters(naive) == 0 == count_parameters(SeasonalNaive(2, 2))


def test_compare_table_rows_columns_and_seeds():
    train, val, test = windows()
    result = compare(
        {
            "RNN": lambda: RNNForecaster(1, hidden_size=4, horizon=2),
            "linear AR": LinearAR,
            "naive": Naive(horizon=2),
        },
        train,
        val,
        test,
        seeds=[0, 1, 2],
        epochs=2,
    )
    assert isinstance(result, Comparison)
    runs = result.runs
    assert list(runs["model"]) == ["RNN"] * 3 + [
        "linear AR",
        "naive",
    ]  # baselines: one run
    table = result.table()
    assert list(table.index) == ["RNN", "linear AR", "naive"]
    assert list(table.columns) == [
        "params",
        "rmse",
        "rmse_std",
        "mae",
        "mae_std",
        "train_s",
        "latency_ms",
        "epochs",
        "seeds",
    ]
    assert table.loc["RNN", "seeds"] == 3 and table.loc["RNN", "epochs"] == 2
    assert table.loc["RNN", "params"] == count_parameters(
        RNNForecaster(1, hidden_size=4, horizon=2)
    )
    assert table.loc["linear AR", "rmse"] < 1e-4  # the target is linear in the window
    assert table.loc["naive", "params"] == 0 and table.loc["naive", "train_s"] == 0
    assert set(result.histories) == {("RNN", 0), ("RNN", 1), ("RNN", 2)}
    assert (table["latency_ms"] > 0).all()


def test_baseline_fit_time_is_the_best_of_repeated_fits():
    class SlowFirstFit(LinearAR):
        """A LinearAR whose first fit is delayed, as by a scheduler hiccup."""

        calls = 0

        def fit(self, X, y):
            type(self).calls += 1
            if type(self).calls == 1:
                time.sleep(0.2)
            return super().fit(X, y)

    train, val, test = windows()
    table = compare(
        {"linear AR": SlowFirstFit}, train, val, test, seeds=[0], epochs=1
    ).table()
    assert SlowFirstFit.calls == 3 and table.loc["linear AR", "train_s"] < 0.1


def test_compare_is_repeatable_and_seeds_differ():
    train, val, test = windows()
    models = {"LSTM": lambda: LSTMForecaster(1, hidden_size=3, horizon=2)}
    a = compare(models, train, val, test, seeds=[0, 1], epochs=2).runs
    b = compare(models, train, val, test, seeds=[0, 1], epochs=2).runs
    np.testing.assert_allclose(a["rmse"], b["rmse"], rtol=1e-6)
    assert a["rmse"].iloc[0] != a["rmse"].iloc[1]


def test_errors_are_on_the_original_scale():
    train, val, test = windows()
    scaled = compare({"naive": lambda: lambda X: naive(X, horizon=2)}, train, val, test)
    scaled = scaled.table()
    original = compare(
        {"naive": Naive(horizon=2)},
        train,
        val,
        test,
        inverse=lambda v: 10 * v + 3,
    ).table()
    assert original.loc["naive", "rmse"] == pytest.approx(
        10 * scaled.loc["naive", "rmse"], rel=1e-5
    )
    forecast = naive(test[0], horizon=2)
    expected = np.sqrt(np.mean((10 * forecast - 10 * test[1]) ** 2))
    assert original.loc["naive", "rmse"] == pytest.approx(expected, rel=1e-5)


def test_inputs_are_not_mutated():
    train, val, test = windows()
    copies = [tuple(a.copy() for a in part) for part in (train, val, test)]
    compare(
        {"RNN": lambda: RNNForecaster(1, hidden_size=2, horizon=2)},
        train,
        val,
        test,
        seeds=[0],
        epochs=1,
    )
    for part, copy in zip((train, val, test), copies):
        for a, b in zip(part, copy):
            np.testing.assert_array_equal(a, b)


def test_summarize_mean_and_spread():
    runs = pd.DataFrame(
        {
            "model": ["b", "b", "b", "a"],
            "seed": [0, 1, 2, 0],
            "params": [7] * 4,
            "epochs": [1, 2, 3, 0],
            "train_s": [1.0] * 4,
            "latency_ms": [0.5] * 4,
            "rmse": [1.0, 2.0, 3.0, 5.0],
            "mae": [1.0] * 4,
        }
    )
    table = summarize(runs)
    assert list(table.index) == ["b", "a"]
    assert table.loc["b", "rmse"] == 2.0 and table.loc["b", "rmse_std"] == 1.0
    assert table.loc["a", "rmse_std"] == 0.0 and table.loc["b", "epochs"] == 2.0
    with pytest.raises(ValueError, match=r"missing \['rmse'\]"):
        summarize(runs.drop(columns="rmse"))


def test_latency_is_positive_for_networks_and_functions():
    x = np.zeros((1, 5, 1), dtype=np.float32)
    assert latency_ms(RNNForecaster(1, hidden_size=2), x, repeats=3) > 0
    assert latency_ms(lambda X: X[:, -1:], x, repeats=3) >= 0


def test_bad_input():
    train, val, test = windows()
    with pytest.raises(TypeError, match="non-empty mapping"):
        compare({}, train, val, test)
    with pytest.raises(TypeError, match=r"train must be a pair \(X, y\)"):
        compare({"naive": lambda: naive}, train[0], val, test)
    with pytest.raises(ValueError, match="same number of rows.*got 50 and 49"):
        compare({"naive": lambda: naive}, (train[0], train[1][:49]), val, test)
    with pytest.raises(
        ValueError,
        match=r"forecast the test windows with shape \(15, 1, 1\), "
        r"expected \(15, 2, 1\)",
    ):
        compare({"naive": lambda: naive}, train, val, test)  # horizon 1 instead of 2
    with pytest.raises(TypeError, match="must return an nn.Module"):
        compare({"thing": lambda: 3}, train, val, test)
    with pytest.raises(TypeError, match="is a network instance: pass a factory"):
        compare({"RNN": RNNForecaster(1)}, train, val, test)
    with pytest.raises(TypeError, match="cannot take an optimizer"):
        compare({"naive": Naive(2)}, train, val, test, optimizer=None)
    with pytest.raises(ValueError, match="at least one seed"):
        compare({"naive": lambda: naive}, train, val, test, seeds=[])


def test_compare_takes_an_early_stopping():
    train, val, test = windows()
    result = compare(
        {"RNN": lambda: RNNForecaster(1, hidden_size=2, horizon=2)},
        train,
        val,
        test,
        seeds=[0, 1],
        epochs=50,
        lr=0.5,
        early_stopping=EarlyStopping(patience=1),
    )
    assert all(h.stopped_early for h in result.histories.values())


# --- issue 26: seeds and inverse -----------------------------------------------------


@pytest.mark.parametrize(
    ("seeds", "error", "words"),
    [
        (0, TypeError, r"seeds must be a sequence of ints such as \(0, 1, 2\)"),
        ((0, 0, 0), ValueError, r"seeds must be distinct .* \[0\] repeated"),
        ((0, 1.5), TypeError, r"seeds\[1\] must be an int"),
        ((), ValueError, "at least one seed"),
    ],
)
def test_compare_checks_its_seeds(seeds, error, words):
    with pytest.raises(error, match=words):
        compare({"naive": Naive(2)}, *windows(), seeds=seeds)


def test_compare_names_an_inverse_that_changes_the_shape():
    def drop_rows(values):
        return values[:-1]

    with pytest.raises(ValueError, match=r"inverse must map values of shape \(30, 1\)"):
        compare({"naive": Naive(2)}, *windows(), inverse=drop_rows)


def test_summarize_and_match_width_name_bad_input():
    with pytest.raises(TypeError, match="runs must be a DataFrame"):
        summarize([1, 2])
    with pytest.raises(ValueError, match="each width must be >= 1, got -1"):
        match_width(lambda d: nn.Linear(1, d), target=10, widths=[-1, 2])


@pytest.mark.parametrize("part", [1, 2])
def test_compare_refuses_parts_of_other_window_shapes(part):
    data = list(windows())
    X, y = data[part]
    data[part] = (X, np.concatenate([y, y], axis=1))  # another horizon
    name = ["train", "val", "test"][part]
    with pytest.raises(ValueError, match=f"{name} windows must have the shapes"):
        compare({"naive": Naive(2)}, *data)
