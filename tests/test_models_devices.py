"""Every model runs where its input is: no tensor created on the CPU inside `forward`.

There is no GPU in CI, so the models run on PyTorch's `meta` device instead: a tensor
that a `forward` creates on the CPU (`torch.zeros(...)` without `device=`) meets the
meta input and raises a device error here, as it would on `cuda` in Colab.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tslib import models as M
from tslib.data import make_loader
from tslib.training import fit, predict

B, L, C_IN, H, K = 4, 24, 2, 3, 3

FORECASTERS = {
    "RNN": lambda: M.RNNForecaster(C_IN, hidden_size=8, horizon=H),
    "LSTM": lambda: M.LSTMForecaster(C_IN, hidden_size=8, horizon=H),
    "GRU": lambda: M.GRUForecaster(C_IN, hidden_size=8, horizon=H),
    "CNN": lambda: M.CNNForecaster(C_IN, horizon=H),
    "Transformer": lambda: M.TransformerForecaster(C_IN, horizon=H),
    "encoder-decoder": lambda: M.EncoderDecoderForecaster(
        C_IN, hidden_size=8, horizon=H, teacher_forcing_ratio=0.5
    ),
}
CLASSIFIERS = {
    "CNN": lambda: M.CNNClassifier(C_IN, n_classes=K),
    "LSTM": lambda: M.LSTMClassifier(C_IN, n_classes=K),
    "Conv1D-LSTM": lambda: M.ConvLSTMClassifier(C_IN, n_classes=K),
}


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", FORECASTERS)
def test_forecaster_runs_on_the_device_of_its_input(name, mode):
    model = getattr(FORECASTERS[name]().to("meta"), mode)()
    x = torch.empty(B, L, C_IN, device="meta")
    out = model(x)
    assert out.device.type == "meta" and tuple(out.shape) == (B, H, 1)


def test_teacher_forcing_runs_on_the_device_of_its_input():
    model = FORECASTERS["encoder-decoder"]().to("meta").train()
    out = model(
        torch.empty(B, L, C_IN, device="meta"), torch.empty(B, H, 1, device="meta")
    )
    assert out.device.type == "meta"


def test_causal_mask_is_made_on_the_requested_device():
    from tslib.models.transformer import causal_mask

    # (the causal Transformer itself cannot run on `meta`: PyTorch inspects the mask's
    # values)
    assert causal_mask(5, device="meta").device.type == "meta"


@pytest.mark.parametrize("mode", ["train", "eval"])
@pytest.mark.parametrize("name", CLASSIFIERS)
def test_classifier_runs_on_the_device_of_its_input(name, mode):
    model = getattr(CLASSIFIERS[name]().to("meta"), mode)()
    out = model(torch.empty(B, L, C_IN, device="meta"))
    assert out.device.type == "meta" and tuple(out.shape) == (B, K)


@pytest.mark.parametrize("device", ["cpu", torch.device("cpu")])
def test_fit_and_predict_take_a_device_and_return_numpy(device):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(16, L, C_IN)).astype(np.float32)
    y = rng.normal(size=(16, H, 1)).astype(np.float32)
    model = FORECASTERS["LSTM"]()
    fit(model, make_loader(X, y, 8), epochs=1, progress=False, device=device)
    out = predict(model, X, device=device)
    assert isinstance(out, np.ndarray) and out.shape == (16, H, 1)
