"""Tests of tslib.metrics against hand-computed values and formulas."""

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tslib.metrics import (
    accuracy,
    confusion_matrix,
    logits_accuracy,
    mae,
    mape,
    mase,
    mase_scale,
    rmse,
    smape,
)

y_true = np.array([100.0, 200.0, 300.0, 400.0])
y_pred = np.array([110.0, 190.0, 330.0, 400.0])


def test_point_metrics_against_hand_computed_values():
    assert mae(y_true, y_pred) == pytest.approx((10 + 10 + 30 + 0) / 4)
    assert rmse(y_true, y_pred) == pytest.approx(np.sqrt((100 + 100 + 900 + 0) / 4))
    assert mape(y_true, y_pred) == pytest.approx(100 * (0.1 + 0.05 + 0.1 + 0) / 4)
    expected_smape = 100 * np.mean([20 / 210, 20 / 390, 60 / 630, 0.0])
    assert smape(y_true, y_pred) == pytest.approx(expected_smape)


def test_mase_is_mae_over_in_sample_seasonal_naive_error():
    train = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 8.0])
    # lag-2 naive errors in-sample: |2-1|, |5-3|, |4-2|, |8-5| -> mean 2.0
    assert mase([10.0, 12.0], [11.0, 15.0], train, period=2) == pytest.approx(
        ((1 + 3) / 2) / 2.0
    )
    # lag-1: |2|, |1|, |3|, |1|, |4| -> mean 2.2
    assert mase([10.0], [12.2], train) == pytest.approx(2.2 / 2.2)


@settings(max_examples=50, deadline=None)
@given(a=arrays(np.float64, st.integers(1, 30), elements=st.floats(-100, 100)))
def test_perfect_forecasts_score_zero_and_metrics_are_symmetric_where_they_should_be(a):
    assert mae(a, a) == 0 and rmse(a, a) == 0 and smape(a, a) == 0
    b = a + 1.0
    assert mae(a, b) == mae(b, a) and rmse(a, b) == pytest.approx(rmse(b, a))
    assert rmse(a, b) >= mae(a, b) - 1e-12


def test_metric_errors_name_expected_and_actual():
    with pytest.raises(ValueError, match=r"same shape, got \(3,\) and \(2,\)"):
        mae([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="NaN or infinite"):
        rmse([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(ValueError, match="undefined when y_true contains 0"):
        mape([0.0, 1.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="more than period = 12 values, got 5"):
        mase([1.0], [1.0], np.arange(5.0), period=12)
    with pytest.raises(
        ValueError, match="seasonal naive error of y_train at lag 1 is 0"
    ):
        mase([1.0], [1.0], np.ones(5))
    with pytest.raises(TypeError, match="array-like"):
        mae("abc", [1.0])


def test_classification_metrics():
    true, pred = [0, 1, 2, 2, 1], [0, 2, 2, 2, 1]
    assert accuracy(true, pred) == pytest.approx(0.8)
    cm = confusion_matrix(true, pred, n_classes=4)
    assert cm.shape == (4, 4) and cm.sum() == 5 and np.trace(cm) == 4
    assert cm[1, 2] == 1  # one true 1 predicted as 2


def test_classification_metrics_reject_non_integer_labels():
    with pytest.raises(TypeError, match="integer class labels, got dtype float64"):
        accuracy([0.0, 1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match="n_classes = 2 but labels go up to 2"):
        confusion_matrix([0, 2], [0, 1], n_classes=2)


def test_mase_is_mae_over_the_shared_scale():
    train = np.array([2.0, 5.0, 1.0, 7.0, 3.0])
    assert mase([4.0, 6.0], [5.0, 4.0], train, period=2) == pytest.approx(
        mae([4.0, 6.0], [5.0, 4.0]) / mase_scale(train, 2)
    )


def test_logits_accuracy_matches_accuracy_on_the_argmax():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(50, 4))
    labels = rng.integers(0, 4, size=50)
    expected = accuracy(labels, logits.argmax(axis=1))
    assert logits_accuracy(labels, logits) == pytest.approx(expected)
    assert logits_accuracy(torch.from_numpy(labels), torch.from_numpy(logits)) == (
        pytest.approx(expected)
    )


def test_logits_accuracy_rejects_bad_shapes():
    with pytest.raises(ValueError, match="logits must be 2-D"):
        logits_accuracy([1, 1], [0.2, 0.8])
    with pytest.raises(ValueError, match="same number of rows"):
        logits_accuracy([0, 1, 1], [[0.2, 0.8], [0.9, 0.1]])


# --- issue 26: pandas input is compared by position, so refuse misaligned indexes ----


@pytest.mark.parametrize("metric", [mae, rmse, mape, smape])
def test_series_with_the_same_index_in_another_order_raise(metric):
    index = pd.date_range("2020-01-01", periods=20, freq="D")
    actual = pd.Series(np.random.default_rng(0).uniform(1, 2, 20), index=index)
    shuffled = actual.sample(frac=1.0, random_state=1)  # the same values and times
    with pytest.raises(ValueError, match="same index in the same order"):
        metric(actual, shuffled)
    assert metric(actual, shuffled.reindex(actual.index)) == 0.0
    metric(actual, shuffled.to_numpy())  # an array is taken by position, as documented


def test_logits_accuracy_refuses_labels_the_logits_cannot_name():
    with pytest.raises(ValueError, match=r"labels 0..1 for logits of K = 2"):
        logits_accuracy([0, 5], [[1.0, 0.0], [0.0, 1.0]])
