"""Tests of the classification side of tslib.training: logits_accuracy and fit(..., train_metrics=True)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from tslib.data import make_loader
from tslib.metrics import accuracy
from tslib.models import ConvLSTMClassifier
from tslib.training import fit, logits_accuracy


def test_logits_accuracy_matches_metrics_accuracy_on_argmax():
    rng = np.random.default_rng(0)
    logits = torch.from_numpy(rng.normal(size=(50, 4)))
    targets = torch.from_numpy(rng.integers(0, 4, size=50))
    expected = accuracy(targets.numpy(), logits.argmax(dim=-1).numpy())
    assert logits_accuracy(logits, targets) == pytest.approx(expected)


def test_logits_accuracy_does_not_mutate_and_rejects_bad_shapes():
    logits, targets = torch.tensor([[0.2, 0.8], [0.9, 0.1]]), torch.tensor([1, 1])
    before = logits.clone()
    assert logits_accuracy(logits, targets) == 0.5
    torch.testing.assert_close(logits, before)
    with pytest.raises(
        ValueError,
        match=r"expected logits \(N, K\) and targets \(N,\), got \(2,\) and \(2,\)",
    ):
        logits_accuracy(torch.tensor([0.2, 0.8]), targets)
    with pytest.raises(ValueError, match=r"got \(2, 2\) and \(3,\)"):
        logits_accuracy(logits, torch.tensor([0, 1, 1]))


def _toy_classification():
    rng = np.random.default_rng(0)
    y = np.arange(40) % 2
    X = rng.normal(0, 0.1, size=(40, 16, 1)).astype(np.float32)
    X[:, :, 0] += np.where(y[:, None] == 1, 1.0, -1.0)
    return X, y


def test_fit_records_validation_and_training_accuracy():
    X, y = _toy_classification()
    torch.manual_seed(0)
    model = ConvLSTMClassifier(1, 2, conv_channels=(4,), hidden_size=4)
    history = fit(
        model,
        make_loader(X, y, 10, shuffle=True, seed=0),
        make_loader(X, y, 40),
        epochs=5,
        lr=1e-2,
        loss_fn=nn.CrossEntropyLoss(),
        metrics={"accuracy": logits_accuracy},
        train_metrics=True,
        patience=None,
        progress=False,
        device="cpu",
    )
    assert set(history.metrics) == {"accuracy", "train_accuracy"}
    assert (
        len(history.metrics["accuracy"]) == len(history.metrics["train_accuracy"]) == 5
    )
    assert all(0.0 <= a <= 1.0 for a in history.metrics["train_accuracy"])


def test_train_metrics_without_validation_and_default_unchanged():
    X, y = _toy_classification()
    kwargs = dict(
        epochs=3,
        lr=1e-2,
        loss_fn=nn.CrossEntropyLoss(),
        metrics={"accuracy": logits_accuracy},
        patience=None,
        progress=False,
        device="cpu",
    )
    torch.manual_seed(0)
    history = fit(
        ConvLSTMClassifier(1, 2, conv_channels=(4,), hidden_size=4),
        make_loader(X, y, 40),
        train_metrics=True,
        **kwargs,
    )
    assert history.metrics == {
        "accuracy": [],
        "train_accuracy": history.metrics["train_accuracy"],
    }
    assert len(history.metrics["train_accuracy"]) == 3
    torch.manual_seed(0)
    default = fit(
        ConvLSTMClassifier(1, 2, conv_channels=(4,), hidden_size=4),
        make_loader(X, y, 40),
        **kwargs,
    )
    assert default.metrics == {
        "accuracy": []
    }  # backwards compatible: no training metrics unless asked
    assert (
        default.train_loss == history.train_loss
    )  # computing the metric does not change training
