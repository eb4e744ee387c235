"""Tests of tslib.baselines: window baselines, closed-form AR, classification
baselines."""

import numpy as np
import pytest

from tslib._validate import NotFittedError
from tslib.baselines import (
    LinearAR,
    MajorityClass,
    NearestNeighbor,
    SeasonalNaive,
    naive,
    seasonal_naive,
)
from tslib.data import make_windows


def test_naive_is_persistence_on_windows():
    x = np.arange(40.0)
    X, y = make_windows(x, lookback=5, horizon=3)
    forecast = naive(X, horizon=3)
    assert forecast.shape == y.shape
    np.testing.assert_array_equal(forecast, np.repeat(X[:, -1:, :], 3, axis=1))


def test_seasonal_naive_is_exact_on_a_periodic_series():
    x = np.tile([1.0, 5.0, 2.0, 7.0], 10)
    X, y = make_windows(x, lookback=8, horizon=6)
    np.testing.assert_array_equal(seasonal_naive(X, period=4, horizon=6), y)


def test_target_selects_columns():
    X = np.stack([np.arange(10.0), 10 * np.arange(10.0)], axis=1)[None]  # (1, 10, 2)
    assert naive(X, target=1).tolist() == [[[90.0]]]
    assert naive(X).shape == (1, 1, 2)
    with pytest.raises(
        ValueError, match=r"column positions in \[-2, 2\) or column names, got int 3"
    ):
        naive(X, target=3)


def test_baselines_reject_bad_input():
    with pytest.raises(ValueError, match="X must be 3-D, got a 2-D array"):
        naive(np.zeros((4, 5)))
    with pytest.raises(ValueError, match="lookback L >= period = 12, got L = 5"):
        seasonal_naive(np.zeros((2, 5, 1)), period=12)
    with pytest.raises(ValueError, match="horizon must be >= 1"):
        naive(np.zeros((2, 5, 1)), horizon=0)


def test_linear_ar_recovers_an_ar2_process_and_matches_numpy_lstsq():
    rng = np.random.default_rng(0)
    x = np.zeros(400)
    for t in range(2, 400):
        x[t] = 0.6 * x[t - 1] - 0.3 * x[t - 2] + 0.5 + 0.01 * rng.normal()
    X, y = make_windows(x, lookback=2)
    ar = LinearAR().fit(X, y)
    np.testing.assert_allclose(
        ar.coef_[:, 0], [-0.3, 0.6], atol=0.02
    )  # window order: oldest first
    design = np.column_stack([X.reshape(len(X), -1), np.ones(len(X))])
    reference = np.linalg.lstsq(design, y.reshape(len(y), -1), rcond=None)[0]
    np.testing.assert_allclose(
        ar.predict(X).reshape(len(X), -1), design @ reference, rtol=1e-6, atol=1e-6
    )


def test_linear_ar_ridge_shrinks_weights_and_validates():
    X = np.random.default_rng(1).normal(size=(50, 6, 1))
    y = X[:, -1:, :] * 2.0
    plain = LinearAR().fit(X, y)
    ridge = LinearAR(ridge=100.0).fit(X, y)
    assert np.abs(ridge.coef_).sum() < np.abs(plain.coef_).sum()
    with pytest.raises(NotFittedError, match="not fitted yet"):
        LinearAR().predict(X)
    with pytest.raises(
        ValueError, match=r"expected windows of shape \(N, 6, 1\), got \(2, 5, 1\)"
    ):
        plain.predict(np.zeros((2, 5, 1)))
    with pytest.raises(ValueError, match="ridge must be in"):
        LinearAR(ridge=-1.0).fit(X, y)


def test_linear_ar_does_not_mutate_inputs():
    X = np.random.default_rng(2).normal(size=(20, 4, 2))
    y = np.random.default_rng(3).normal(size=(20, 2, 1))
    X0, y0 = X.copy(), y.copy()
    LinearAR(ridge=1.0).fit(X, y).predict(X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_majority_class_and_nearest_neighbor():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(0, 0.1, (5, 8, 2)), rng.normal(3, 0.1, (7, 8, 2))])
    y = np.array([0] * 5 + [1] * 7)
    assert MajorityClass().fit(X, y).predict(X[:3]).tolist() == [1, 1, 1]
    nn1 = NearestNeighbor().fit(X, y)
    assert (
        nn1.predict(X).tolist() == y.tolist()
    )  # each series is its own nearest neighbour
    query = rng.normal(size=(4, 8, 2))
    flat_train, flat_query = X.reshape(12, -1), query.reshape(4, -1)
    brute = [y[np.argmin(((flat_train - q) ** 2).sum(1))] for q in flat_query]
    assert nn1.predict(query).tolist() == brute
    with pytest.raises(ValueError, match=r"expected series of shape \(N, 8, 2\)"):
        nn1.predict(np.zeros((1, 9, 2)))
    with pytest.raises(NotFittedError, match="not fitted yet"):
        NearestNeighbor().predict(X)


def test_forecaster_objects_equal_their_functions():
    X = np.random.default_rng(0).normal(size=(5, 8, 2))
    pairs = [
        (SeasonalNaive(4, 3), seasonal_naive(X, 4, 3)),
    ]
    for forecaster, expected in pairs:
        np.testing.assert_array_equal(forecaster.predict(X), expected)
    assert (
        repr(SeasonalNaive(24, 6)) == "SeasonalNaive(period=24, horizon=6, target=None)"
    )
    with pytest.raises(ValueError, match="horizon must be >= 1"):
        SeasonalNaive(2, 0)
    with pytest.raises(TypeError, match="period must be an int"):
        SeasonalNaive(2.5)


def test_linear_ar_refuses_an_underdetermined_system():
    X = np.random.default_rng(0).normal(size=(10, 12, 1))
    y = X[:, -1:, :]
    with pytest.raises(
        ValueError,
        match=r"10 training windows for L \* C_in = 12 \* 1 = 12 input features.*"
        r"underdetermined.*ridge > 0",
    ):
        LinearAR().fit(X, y)
    assert LinearAR(ridge=1.0).fit(X, y).predict(X).shape == y.shape


def test_fitted_baselines_need_as_many_targets_as_windows():
    X = np.zeros((4, 2, 1))
    with pytest.raises(ValueError, match="X and y must hold the same number of rows"):
        NearestNeighbor().fit(X, [0, 1, 0])
    with pytest.raises(ValueError, match="X and y must hold the same number of rows"):
        MajorityClass().fit(X, [0, 1, 0])


# --- issue 26: labels are whole numbers ----------------------------------------------


@pytest.mark.parametrize("classifier", [MajorityClass, NearestNeighbor])
@pytest.mark.parametrize(
    ("labels", "words"),
    [
        ([0.2, 0.9, 1.7], "values such as 0.2 that are no class"),
        ([0.0, np.nan, 1.0], "values such as nan that are no class"),
        ([0.0, 1.0, 1.0], r"whole numbers: convert them with y.astype\(int\)"),
        (["a", "b", "b"], "got dtype <U1"),
    ],
)
def test_classifiers_refuse_labels_that_are_not_integers(classifier, labels, words):
    # a cast would truncate 0.2, 0.9, 1.7 to 0, 0, 1 and NaN to a huge negative class
    X = np.arange(9.0).reshape(3, 3, 1)
    with pytest.raises(TypeError, match=f"y must hold integer class labels.*{words}"):
        classifier().fit(X, labels)
    assert classifier().fit(X, np.array([0, 1, 1])).predict(X).dtype == np.int64
