"""Tests of the classification side of training: fit with logits, fit_classifier."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from tslib.data import make_loader
from tslib.metrics import logits_accuracy
from tslib.models import ConvLSTMClassifier
from tslib.training import fit, predict


def _toy_classification():
    rng = np.random.default_rng(0)
    y = np.arange(40) % 2
    X = rng.normal(0, 0.1, size=(40, 16, 1)).astype(np.float32)
    X[:, :, 0] += np.where(y[:, None] == 1, 1.0, -1.0)
    return X, y


def test_fit_records_validation_accuracy_of_the_logits():
    X, y = _toy_classification()
    torch.manual_seed(0)
    model = ConvLSTMClassifier(1, n_classes=2, conv_channels=(4,), hidden_size=4)
    history = fit(
        model,
        make_loader(X, y, 10, shuffle=True, seed=0),
        make_loader(X, y, 40),
        epochs=5,
        lr=1e-2,
        loss_fn=nn.CrossEntropyLoss(),
        metrics={"accuracy": logits_accuracy},
        progress=False,
        device="cpu",
    )
    assert set(history.metrics) == {"accuracy"}
    assert len(history.metrics["accuracy"]) == 5
    assert history.metrics["accuracy"][-1] == logits_accuracy(y, predict(model, X))


def test_fit_names_labels_out_of_range_for_the_classifier():
    X, y = _toy_classification()
    y = y.copy()
    y[:3] = [2, 5, 2]
    model = ConvLSTMClassifier(1, n_classes=2, conv_channels=(4,), hidden_size=4)
    with pytest.raises(
        ValueError,
        match=r"class labels \[2, 5\] are out of range for a classifier with K = 2",
    ):
        fit(
            model,
            make_loader(X, y, 40),
            epochs=1,
            loss_fn=nn.CrossEntropyLoss(),
            progress=False,
            device="cpu",
        )


# ---- fit_classifier: the chapter 5 recipe ------------------------------------------

TINY = dict(updates=20, conv_channels=(4,), kernel_sizes=(3,), hidden_size=4)


def _raw_toy(n=24, length=20, channels=2, seed=0):
    """Two classes that differ by a level shift, on a raw (unscaled) scale."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    X = 100.0 + 10.0 * rng.normal(size=(n, length, channels))
    X[:, :, 0] += 40.0 * y[:, None]
    return X, y


def test_fit_classifier_learns_raw_series():
    from tslib.classification import fit_classifier
    from tslib.models import ScaledClassifier
    from tslib.training import predict

    X, y = _raw_toy()
    model = fit_classifier(
        X, y, seed=0, updates=60, conv_channels=(8,), kernel_sizes=(3,)
    )
    assert isinstance(model, ScaledClassifier) and not model.training
    logits = predict(model, X)
    assert logits.shape == (len(X), 2)
    assert (logits.argmax(1) == y).mean() == 1.0


def test_fit_classifier_scaling_is_fitted_on_the_training_series():
    from tslib.classification import fit_classifier

    X, y = _raw_toy()
    model = fit_classifier(X, y, **TINY)
    flat = X.reshape(-1, X.shape[2])
    np.testing.assert_allclose(model.mean.numpy(), flat.mean(0), rtol=1e-5)
    np.testing.assert_allclose(model.std.numpy(), flat.std(0), rtol=1e-5)
    inputs = model.features(torch.from_numpy(X.astype(np.float32)))  # + differences
    assert inputs.shape == (*X.shape[:2], 2 * X.shape[2])
    np.testing.assert_allclose(
        inputs[:, :, :2].mean(dim=(0, 1)).numpy(), 0.0, atol=1e-4
    )
    slopes = inputs[:, 1:, :2] - inputs[:, :-1, :2]
    torch.testing.assert_close(inputs[:, 1:, 2:], slopes)


def test_fit_classifier_is_repeatable_and_leaves_inputs_and_rng_alone():
    from tslib.classification import fit_classifier
    from tslib.training import predict

    X, y = _raw_toy()
    X_before, y_before = X.copy(), y.copy()
    torch.manual_seed(123)
    expected_draw = torch.rand(3)
    torch.manual_seed(123)
    first = predict(fit_classifier(X, y, seed=3, **TINY), X)
    torch.testing.assert_close(torch.rand(3), expected_draw)  # caller's RNG untouched
    second = predict(fit_classifier(X, y, seed=3, **TINY), X)
    other = predict(fit_classifier(X, y, seed=4, **TINY), X)
    np.testing.assert_array_equal(first, second)
    assert not np.allclose(first, other)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)


def test_fit_classifier_ensemble_averages_its_members_logits():
    from tslib.classification import fit_classifier

    X, y = _raw_toy()
    model = fit_classifier(X, y, n_models=2, **TINY)
    assert len(model.networks) == 2
    x = torch.from_numpy(X[:5].astype(np.float32))
    with torch.no_grad():
        members = [net(model.features(x)) for net in model.networks]
        torch.testing.assert_close(model(x), (members[0] + members[1]) / 2)


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (np.zeros((6, 20)), np.arange(6) % 2, ValueError, r"X_train must be 3-D"),
        (np.zeros((6, 20, 1)), np.arange(5) % 2, ValueError, r"expected y_train of"),
        (np.zeros((6, 20, 1)), np.zeros((6, 1), int), ValueError, r"y_train must be 1"),
        (np.zeros((6, 20, 1)), np.arange(6) % 2 + 0.0, TypeError, r"integer class"),
        (np.zeros((6, 20, 1)), np.arange(6) % 2 * 2, ValueError, r"every class"),
        (np.zeros((6, 20, 1)), np.zeros(6, dtype=int), ValueError, r"K >= 2"),
        (np.full((6, 20, 1), np.nan), np.arange(6) % 2, ValueError, r"NaN"),
    ],
)
def test_fit_classifier_rejects_bad_training_data(X, y, error, message):
    from tslib.classification import fit_classifier

    with pytest.raises(error, match=message):
        fit_classifier(X, y, **TINY)


def test_fit_classifier_rejects_bad_settings_and_channels_first_input():
    from tslib.classification import fit_classifier

    X, y = _raw_toy()
    with pytest.raises(TypeError, match="updates must be an int, got float 10.0"):
        fit_classifier(X, y, updates=10.0)
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0.0, 1.0\)"):
        fit_classifier(X, y, label_smoothing=1.0)
    model = fit_classifier(X, y, **TINY)
    with pytest.raises(ValueError, match=r"expected input of shape \(B, L, 2\)"):
        model(torch.zeros(3, 2, 20))


# --- issue 26: devices ---------------------------------------------------------------


@pytest.mark.parametrize("device", ["gpu", "cuda:x", 3])
def test_fit_classifier_names_a_bad_device(device):
    from tslib.classification import fit_classifier

    X = np.random.default_rng(0).normal(size=(8, 10, 1))
    y = np.arange(8) % 2
    error = TypeError if device == 3 else ValueError
    with pytest.raises(error, match="device must be 'cpu', 'cuda', 'mps'"):
        fit_classifier(X, y, updates=1, device=device)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU")
def test_fit_classifier_says_that_no_gpu_is_available():
    from tslib.classification import fit_classifier

    X = np.random.default_rng(0).normal(size=(8, 10, 1))
    with pytest.raises(ValueError, match="no CUDA GPU is available.*device='cpu'"):
        fit_classifier(X, np.arange(8) % 2, updates=1, device="cuda")
