"""Tests of tslib.models.convolutional: shapes, causality, the receptive field, bad
input."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn
from torch.nn import functional as F

from tslib.models import CNNForecaster


@pytest.mark.parametrize("pool", ["last", "mean", "flatten"])
@pytest.mark.parametrize("horizon, output_size", [(1, 1), (4, 2)])
def test_output_shape_contract(pool, horizon, output_size):
    model = CNNForecaster(
        input_size=3,
        channels=5,
        kernel_size=3,
        n_layers=2,
        horizon=horizon,
        output_size=output_size,
        pool=pool,
        lookback=12,
    )
    assert model(torch.randn(4, 12, 3)).shape == (4, horizon, output_size)


def test_matches_conv1d_on_transposed_input():
    torch.manual_seed(0)
    model = CNNForecaster(input_size=2, channels=4, kernel_size=3, n_layers=1)
    x = torch.randn(3, 9, 2)
    conv = model.convs[0]
    expected = torch.relu(
        F.conv1d(F.pad(x.transpose(1, 2), (2, 0)), conv.weight, conv.bias)
    )  # (B, D, L)
    torch.testing.assert_close(model.features(x), expected)
    torch.testing.assert_close(model(x), model.head(expected[:, :, -1]).view(3, 1, 1))


@settings(max_examples=15, deadline=None)
@given(kernel_size=st.integers(1, 4), n_layers=st.integers(1, 3), t=st.integers(0, 19))
def test_causal_a_change_at_step_t_leaves_earlier_features_unchanged(
    kernel_size, n_layers, t
):
    torch.manual_seed(0)
    model = CNNForecaster(
        input_size=1, channels=3, kernel_size=kernel_size, n_layers=n_layers
    )
    x = torch.randn(2, 20, 1)
    changed = x.clone()
    changed[:, t] += 5.0
    before, after = model.features(x), model.features(changed)
    torch.testing.assert_close(before[:, :, :t], after[:, :, :t])


@pytest.mark.parametrize("kernel_size, n_layers", [(2, 1), (3, 3), (5, 2)])
def test_receptive_field_is_exact(kernel_size, n_layers):
    torch.manual_seed(0)
    model = CNNForecaster(
        input_size=1, channels=4, kernel_size=kernel_size, n_layers=n_layers
    )
    R, L = model.receptive_field, 40
    assert R == 1 + (kernel_size - 1) * (2**n_layers - 1)
    x = torch.randn(8, L, 1, requires_grad=True)
    model(x).sum().backward()
    used = (x.grad.abs().sum(dim=(0, 2)) > 0).nonzero().flatten()
    assert (
        used.min().item() >= L - R
    )  # nothing further back than R steps reaches the output
    assert x.grad[:, : L - R].abs().max().item() == 0.0


def test_batch_samples_are_independent_and_input_not_mutated():
    torch.manual_seed(0)
    model = CNNForecaster(input_size=1, channels=4, pool="mean").eval()
    x = torch.randn(5, 10, 1)
    copy = x.clone()
    alone = model(x[1:2])
    torch.testing.assert_close(model(x)[1:2], alone)
    assert torch.equal(x, copy)


def test_mean_pool_accepts_any_length_flatten_does_not():
    model = CNNForecaster(input_size=1, pool="mean")
    assert model(torch.randn(2, 7, 1)).shape == (2, 1, 1)
    flat = CNNForecaster(input_size=1, pool="flatten", lookback=8)
    with pytest.raises(
        ValueError,
        match=r"expected input of shape \(B, 8, 1\) \(lookback L = 8\), "
        r"got \(2, 7, 1\)",
    ):
        flat(torch.randn(2, 7, 1))


def test_bad_arguments_and_input():
    with pytest.raises(ValueError, match="pool must be one of"):
        CNNForecaster(input_size=1, pool="max")
    with pytest.raises(ValueError, match="needs the input length"):
        CNNForecaster(input_size=1, pool="flatten")
    with pytest.raises(ValueError, match="kernel_size must be >= 1, got 0"):
        CNNForecaster(input_size=1, kernel_size=0)
    model = CNNForecaster(input_size=3)
    with pytest.raises(
        ValueError,
        match=r"expected input of shape \(B, L, 3\), got \(4, 3, 20\).*transpose",
    ):
        model(torch.randn(4, 3, 20))
    with pytest.raises(TypeError, match="floating-point"):
        model(torch.ones(4, 20, 3, dtype=torch.long))


def test_is_a_module_with_trainable_parameters():
    model = CNNForecaster(input_size=1, channels=4, kernel_size=3, n_layers=2)
    expected = (1 * 4 * 3 + 4) + (4 * 4 * 3 + 4) + (4 + 1)
    assert sum(p.numel() for p in model.parameters()) == expected
    assert isinstance(model.convs[0], nn.Conv1d)
