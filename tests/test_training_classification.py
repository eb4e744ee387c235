"""Tests of the classification side of fit: logits metrics and label checks."""

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
    model = ConvLSTMClassifier(1, 2, conv_channels=(4,), hidden_size=4)
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
    model = ConvLSTMClassifier(1, 2, conv_channels=(4,), hidden_size=4)
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
