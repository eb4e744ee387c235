"""Tests of fit's teacher-forcing support: ``target=`` in training only, and
``on_epoch_start``."""

import numpy as np
import pytest
import torch
from torch import nn

from tslib.data import make_loader
from tslib.models import EncoderDecoderForecaster, teacher_forcing_schedule
from tslib.training import fit, predict


class TargetSpy(nn.Module):
    """Records, for every call, whether it was in training mode and whether it got a
    target."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(()))
        self.calls = []

    def forward(self, x, target=None):
        self.calls.append((self.training, target is not None))
        if target is not None:
            assert target.shape == (len(x), 2, 1)
        return x[:, -2:, :] * 0 + self.weight


def data(n=8):
    X = np.random.default_rng(0).normal(size=(n, 3, 1)).astype(np.float32)
    return make_loader(X, X[:, -2:, :].copy(), batch_size=4)


def test_fit_passes_the_target_while_training_and_never_while_validating():
    model = TargetSpy()
    fit(
        model,
        data(),
        data(),
        epochs=2,
        teacher_forcing=True,
        progress=False,
        device="cpu",
    )
    training_calls = [got for training, got in model.calls if training]
    eval_calls = [got for training, got in model.calls if not training]
    assert training_calls == [True] * 4  # 2 epochs x 2 batches
    assert eval_calls == [False] * 4
    model.calls.clear()
    predict(model, np.zeros((3, 3, 1), dtype=np.float32))
    assert model.calls == [(False, False)]


def test_without_teacher_forcing_no_target_is_passed():
    model = TargetSpy()
    fit(model, data(), data(), epochs=1, progress=False, device="cpu")
    assert [got for _, got in model.calls] == [False] * 4


def test_teacher_forcing_needs_a_target_parameter():
    model = nn.Sequential(nn.Flatten(), nn.Linear(3, 2), nn.Unflatten(1, (2, 1)))
    with pytest.raises(TypeError, match="Sequential.forward has no 'target' parameter"):
        fit(model, data(), epochs=1, teacher_forcing=True, progress=False)


def test_on_epoch_start_is_called_before_each_epoch_with_the_model():
    model, calls = TargetSpy(), []

    def hook(m, epoch):
        calls.append((m is model, epoch, len(m.calls)))

    fit(
        model, data(), None, epochs=3, progress=False, device="cpu", on_epoch_start=hook
    )
    assert calls == [
        (True, 1, 0),
        (True, 2, 2),
        (True, 3, 4),
    ]  # before each epoch's 2 batches


def test_on_epoch_start_must_be_callable():
    with pytest.raises(
        TypeError,
        match=r"on_epoch_start must be a function \(model, epoch\) -> None, got int 3",
    ):
        fit(
            TargetSpy(),
            data(),
            epochs=1,
            progress=False,
            device="cpu",
            on_epoch_start=3,
        )


def test_fit_trains_an_encoder_decoder_on_a_schedule():
    torch.manual_seed(0)
    t = np.arange(400, dtype=np.float32)
    series = np.sin(2 * np.pi * t / 20)
    starts = np.arange(0, 370)
    X = series[starts[:, None] + np.arange(20)][..., None]
    y = series[starts[:, None] + 20 + np.arange(5)][..., None]
    model = EncoderDecoderForecaster(input_size=1, hidden_size=8, horizon=5)
    history = fit(
        model,
        make_loader(X, y, 64, shuffle=True, seed=0),
        make_loader(X, y, 370),
        epochs=12,
        lr=0.02,
        teacher_forcing=True,
        progress=False,
        device="cpu",
        on_epoch_start=teacher_forcing_schedule(1.0, 0.0, epochs=6),
    )
    assert model.teacher_forcing_ratio == 0.0
    assert (
        history.val_loss[-1] < 0.2 * history.val_loss[0]
    )  # autoregressive loss, which fit monitors
