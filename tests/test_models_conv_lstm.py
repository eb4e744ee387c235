"""Tests of the classifiers (tslib.models.classifiers): the Conv1D-LSTM family and its
baselines."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import nn

from tslib.models import (
    Classifier,
    CNNClassifier,
    ConvLSTMClassifier,
    Forecaster,
    LSTMClassifier,
)
from tslib.models.base import check_sequence_batch
from tslib.models.classifiers import ConvBlock, conv_stack


def _eval(model: nn.Module) -> nn.Module:
    torch.manual_seed(0)
    return model.eval()


@pytest.mark.parametrize(
    "model",
    [
        ConvLSTMClassifier(3, n_classes=4),
        ConvLSTMClassifier(
            3,
            n_classes=4,
            conv_channels=(8, 16),
            kernel_sizes=(7, 5),
            pool_size=(4, 2),
            hidden_size=8,
        ),
        ConvLSTMClassifier(
            3,
            n_classes=4,
            conv_channels=(8,),
            pool_size=1,
            n_layers=2,
            batch_norm=False,
        ),
        LSTMClassifier(3, n_classes=4, hidden_size=8),
        CNNClassifier(3, n_classes=4, conv_channels=(8, 16)),
    ],
)
def test_output_is_logits_of_shape_b_k(model):
    out = model(torch.randn(5, 40, 3))
    assert out.shape == (5, 4)
    assert torch.isfinite(out).all()
    assert isinstance(model, Classifier)


@settings(max_examples=15, deadline=None)
@given(
    B=st.integers(1, 4),
    L=st.integers(8, 40),
    C=st.integers(1, 4),
    K=st.integers(2, 5),
    n_blocks=st.integers(0, 2),
    kernel=st.sampled_from([1, 3, 5]),
)
def test_shape_contract_property(B, L, C, K, n_blocks, kernel):
    model = ConvLSTMClassifier(
        C,
        n_classes=K,
        conv_channels=(4,) * n_blocks,
        kernel_sizes=kernel,
        pool_size=2,
        hidden_size=3,
    ).eval()
    assert model(torch.randn(B, L, C)).shape == (B, K)


def test_conv_block_same_padding_and_pooling():
    assert ConvBlock(2, 6, kernel_size=3, pool_size=3)(torch.zeros(2, 2, 31)).shape == (
        2,
        6,
        10,
    )
    assert ConvBlock(2, 6, kernel_size=5)(torch.zeros(2, 2, 31)).shape == (2, 6, 31)
    with pytest.raises(ValueError, match="kernel_size must be odd.*got 4"):
        ConvBlock(2, 6, kernel_size=4)


def test_conv_block_matches_functional_reference():
    block = ConvBlock(2, 3, kernel_size=3, batch_norm=False).eval()
    x = torch.randn(4, 2, 12)
    expected = torch.relu(
        torch.nn.functional.conv1d(x, block.conv.weight, block.conv.bias, padding=1)
    )
    torch.testing.assert_close(block(x), expected)


def test_convolution_runs_over_time_not_channels():
    """A change at one step moves the conv features only within the kernel's reach: the
    (B, C, L) transpose is right."""
    model = ConvLSTMClassifier(
        2, n_classes=3, conv_channels=(4,), kernel_sizes=5, pool_size=1
    ).eval()
    x = torch.randn(1, 30, 2)
    x2 = x.clone()
    x2[0, 15, :] += 1.0
    with torch.no_grad():
        diff = (
            (model.conv(x2.transpose(1, 2)) - model.conv(x.transpose(1, 2)))
            .abs()
            .sum(dim=1)[0]
        )  # -> (L,)
    changed = torch.nonzero(diff > 0).flatten().tolist()
    assert changed and min(changed) >= 13 and max(changed) <= 17, changed


def test_batch_items_are_independent_in_eval_mode():
    model = _eval(
        ConvLSTMClassifier(2, n_classes=3, conv_channels=(4, 8), hidden_size=5)
    )
    x = torch.randn(6, 20, 2)
    with torch.no_grad():
        together = model(x)
        alone = torch.cat([model(x[i : i + 1]) for i in range(6)])
    torch.testing.assert_close(together, alone)


def test_lstm_classifier_matches_manual_lstm_and_head():
    model = _eval(LSTMClassifier(2, n_classes=3, hidden_size=4))
    assert not isinstance(model, ConvLSTMClassifier) and not hasattr(model, "conv")
    no_conv = ConvLSTMClassifier(2, n_classes=3, conv_channels=(), hidden_size=4)
    assert sum(p.numel() for p in model.parameters()) == sum(
        p.numel() for p in no_conv.parameters()
    )
    x = torch.randn(5, 9, 2)
    with torch.no_grad():
        out, _ = model.lstm(x)
        expected = model.head(out[:, -1, :])
        torch.testing.assert_close(model(x), expected)


def test_cnn_classifier_is_global_average_of_conv_features():
    model = _eval(CNNClassifier(2, n_classes=3, conv_channels=(4,), batch_norm=False))
    x = torch.randn(5, 9, 2)
    with torch.no_grad():
        expected = model.head(model.conv(x.transpose(1, 2)).mean(dim=-1))
        torch.testing.assert_close(model(x), expected)


def test_stack_sizes_and_parameter_broadcasting():
    stack = conv_stack(
        1, conv_channels=(8, 16, 32), kernel_sizes=3, pool_size=(2, 1, 2)
    )
    assert [b.conv.out_channels for b in stack] == [8, 16, 32]
    assert [b.kernel_size for b in stack] == [3, 3, 3]
    assert stack(torch.zeros(2, 1, 40)).shape == (2, 32, 10)
    assert (
        ConvLSTMClassifier(
            1, n_classes=2, pool_size=(2, 4), conv_channels=(4, 4)
        ).min_length
        == 8
    )


def test_dropout_only_in_training_mode():
    model = ConvLSTMClassifier(1, n_classes=2, conv_dropout=0.5, head_dropout=0.5)
    x = torch.randn(4, 20, 1)
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(model(x), model(x))
    assert sum(isinstance(m, nn.Dropout) for m in model.modules()) == 2


def test_input_is_not_mutated():
    x = torch.randn(3, 20, 2)
    before = x.clone()
    for model in (
        ConvLSTMClassifier(2, n_classes=2),
        LSTMClassifier(2, n_classes=2),
        CNNClassifier(2, n_classes=2),
    ):
        model(x).sum().backward()
    torch.testing.assert_close(x, before)


def test_forecaster_and_classifier_share_one_input_check():
    x = torch.zeros(4, 3, 10)
    messages = []
    for check in (
        Forecaster(3).check_input,
        ConvLSTMClassifier(3, n_classes=2).check_input,
        lambda t: check_sequence_batch(t, 3),
    ):
        with pytest.raises(ValueError) as info:
            check(x)
        messages.append(str(info.value))
    assert len(set(messages)) == 1 and "looks like (B, C, L)" in messages[0]


@pytest.mark.parametrize(
    "x, error, match",
    [
        (
            torch.zeros(4, 3, 10),
            ValueError,
            r"expected input of shape \(B, L, 3\), got \(4, 3, 10\).*transpose",
        ),
        (torch.zeros(4, 10), ValueError, r"got \(4, 10\).*unsqueeze"),
        (torch.zeros(4, 10, 3, dtype=torch.long), TypeError, "floating-point"),
        (np.zeros((4, 10, 3), dtype=np.float32), TypeError, "expected a torch.Tensor"),
        (
            torch.zeros(4, 3, 3),
            ValueError,
            r"at least 4 steps.*got input of shape \(4, 3, 3\)",
        ),
    ],
)
def test_bad_input_names_expected_and_actual(x, error, match):
    model = ConvLSTMClassifier(3, n_classes=2, conv_channels=(4, 4), pool_size=2)
    with pytest.raises(error, match=match):
        model(x)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        (dict(n_classes=1), ValueError, "n_classes must be >= 2, got 1"),
        (dict(conv_channels=32), TypeError, "conv_channels must be a sequence of ints"),
        (
            dict(conv_channels=(8, 16), kernel_sizes=(3, 5, 7)),
            ValueError,
            r"one entry per convolution block \(2\), got 3",
        ),
        (dict(conv_channels=(8, 0)), ValueError, "conv_channels must be >= 1, got 0"),
        (dict(pool_size=0), ValueError, "pool_size must be >= 1, got 0"),
        (
            dict(conv_dropout=1.0),
            ValueError,
            r"dropout must be in \[0.0, 1.0\), got 1.0",
        ),
        (dict(head_dropout=-0.1), ValueError, r"head_dropout must be in"),
        (dict(hidden_size=2.5), TypeError, "hidden_size must be an int"),
    ],
)
def test_bad_constructor_arguments(kwargs, error, match):
    args = dict(input_size=1, n_classes=2) | kwargs
    with pytest.raises(error, match=match):
        ConvLSTMClassifier(**args)


def test_cnn_needs_at_least_one_block():
    with pytest.raises(ValueError, match="at least one block"):
        CNNClassifier(1, n_classes=2, conv_channels=())
    with pytest.raises(TypeError, match="conv_channels must be a sequence"):
        CNNClassifier(1, n_classes=2, conv_channels=8)


def test_learns_a_local_pattern_quickly():
    """Where a short bump sits does not matter; whether it points up or down does."""
    rng = np.random.default_rng(0)
    n, length = 64, 32
    y = np.arange(n) % 2
    x = rng.normal(0, 0.1, size=(n, length, 1)).astype(np.float32)
    for i in range(n):
        start = rng.integers(0, length - 4)
        x[i, start : start + 4, 0] += 1.0 if y[i] else -1.0
    torch.manual_seed(0)
    model = ConvLSTMClassifier(
        1, n_classes=2, conv_channels=(8,), kernel_sizes=3, hidden_size=8
    )
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    for _ in range(60):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()
    model.eval()
    assert (model(xt).argmax(-1) == yt).float().mean() >= 0.95
