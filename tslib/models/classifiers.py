"""Classifiers, ``(B, L, C_in) -> (B, K)`` logits: every one of the book in one module.

:class:`ConvLSTMClassifier` (chapter 5's model, built from :class:`ConvBlock` s) with
its baselines :class:`LSTMClassifier` and :class:`CNNClassifier`; the network of
:func:`tslib.classification.fit_classifier`, :class:`ConvLSTMNetwork`, and its wrapper
for raw series, :class:`ScaledClassifier`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from tslib._validate import as_array, check_dropout, check_int, describe
from tslib.models.base import Classifier, check_sequence_batch


def _is_sequence(values: Any) -> bool:
    return isinstance(values, Sequence) and not isinstance(values, (str, bytes))


def _as_sizes(values: int | Sequence[int], name: str, n_blocks: int) -> tuple[int, ...]:
    """One int per block: an int is repeated, a sequence needs ``n_blocks``."""
    if _is_sequence(values):
        sizes = tuple(check_int(v, name, minimum=1) for v in values)
        if len(sizes) != n_blocks:
            raise ValueError(
                f"{name} must have one entry per convolution block ({n_blocks}), "
                f"got {len(sizes)}"
            )
        return sizes
    return (check_int(values, name, minimum=1),) * n_blocks


class ConvBlock(nn.Module):
    """One block on ``(B, C, L)``: Conv1d, BatchNorm, ReLU, MaxPool, Dropout.

    The convolution pads ``kernel_size // 2`` zeros on each side (an odd kernel keeps
    the length), so only the pooling shortens the sequence: ``L' = L // pool_size``.

    Example:
        >>> block = ConvBlock(3, 16, kernel_size=5, pool_size=2)
        >>> tuple(block(torch.zeros(4, 3, 20)).shape)
        (4, 16, 10)
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        *,
        kernel_size: int = 5,
        pool_size: int = 1,
        dropout: float = 0.0,
        batch_norm: bool = True,
    ) -> None:
        super().__init__()
        c_in = check_int(in_channels, "in_channels", minimum=1)
        c_out = check_int(out_channels, "out_channels", minimum=1)
        k = self.kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
        if k % 2 == 0:
            raise ValueError(
                f"kernel_size must be odd (a centred filter keeps the length), got {k}"
            )
        p = self.pool_size = check_int(pool_size, "pool_size", minimum=1)
        dropout = check_dropout(dropout)
        self.conv = nn.Conv1d(c_in, c_out, k, padding=k // 2, bias=not batch_norm)
        self.norm = nn.BatchNorm1d(c_out) if batch_norm else nn.Identity()
        self.pool = nn.MaxPool1d(p) if p > 1 else nn.Identity()
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(B, C_in, L)`` to ``(B, C_out, L // pool_size)``."""
        x = torch.relu(self.norm(self.conv(x)))  # -> (B, C_out, L)
        return self.dropout(self.pool(x))  # -> (B, C_out, L // pool_size)


def conv_stack(
    input_size: int,
    conv_channels: Sequence[int],
    kernel_sizes: int | Sequence[int] = 5,
    pool_size: int | Sequence[int] = 1,
    dropout: float = 0.0,
    batch_norm: bool = True,
) -> nn.Sequential:
    """A stack of :class:`ConvBlock` s, ``(B, C_in, L) -> (B, conv_channels[-1], L')``.

    ``conv_channels`` holds the filters of each block; ``kernel_sizes`` and
    ``pool_size`` are one per block, or an int for all.

    Example:
        >>> stack = conv_stack(1, conv_channels=(8, 16), kernel_sizes=(7, 5),
        ...                    pool_size=2)
        >>> tuple(stack(torch.zeros(2, 1, 40)).shape)  # 40 -> 20 -> 10 steps
        (2, 16, 10)
    """
    if not _is_sequence(conv_channels):
        raise TypeError(
            f"conv_channels must be a sequence of ints such as (32,) or (32, 64), "
            f"got {describe(conv_channels)}"
        )
    channels = tuple(check_int(c, "conv_channels", minimum=1) for c in conv_channels)
    kernels = _as_sizes(kernel_sizes, "kernel_sizes", len(channels))
    pools = _as_sizes(pool_size, "pool_size", len(channels))
    inputs = (check_int(input_size, "input_size", minimum=1), *channels)
    sizes = zip(inputs, channels, kernels, pools)
    opts = dict(dropout=dropout, batch_norm=batch_norm)
    return nn.Sequential(
        *(ConvBlock(i, o, kernel_size=k, pool_size=p, **opts) for i, o, k, p in sizes)
    )


class _LSTMHead(Classifier):
    """A classifier whose LSTM's output after the last step feeds a linear head."""

    def _add_lstm_head(
        self, lstm_input: int, hidden_size: int, n_layers: int, head_dropout: float
    ) -> None:
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        head_dropout = check_dropout(head_dropout, "head_dropout")
        self.lstm = nn.LSTM(
            lstm_input, self.hidden_size, self.n_layers, batch_first=True
        )
        self.dropout = nn.Dropout(head_dropout)
        self.head = nn.Linear(self.hidden_size, self.n_classes)

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        return x  # the sequence the LSTM reads

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` of a batch ``(B, L, C_in)``."""
        self.check_input(x)
        out, _ = self.lstm(self._steps(x))  # -> (B, L', D)
        last = self.dropout(out[:, -1, :])  # -> (B, D): the summary after the last step
        return self.head(last)  # -> (B, K)


class ConvLSTMClassifier(_LSTMHead):
    r"""Convolution blocks, an LSTM over their feature sequence, a linear head.

    Max-pooling shortens the sequence per block; the LSTM's output after the last step,
    :math:`h_{L'} \in \mathbb{R}^D`, feeds the head. The input needs at least the
    product of the pool sizes steps (``min_length``).

    Args:
        conv_channels: filters per convolution block: ``(32,)`` is a single block,
            ``(32, 64)`` a stack of two.
        kernel_sizes: odd filter width per block (an int: the same for every block).
        pool_size: max-pooling per block (an int: the same for every block; 1: none).
        batch_norm: batch normalisation in the convolution blocks.

    Example:
        >>> model = ConvLSTMClassifier(
        ...     input_size=6, n_classes=4, conv_channels=(16, 32), hidden_size=8
        ... )
        >>> tuple(model(torch.zeros(2, 100, 6)).shape)
        (2, 4)
    """

    def __init__(
        self,
        input_size: int,
        *,
        n_classes: int,
        conv_channels: Sequence[int] = (32,),
        kernel_sizes: int | Sequence[int] = 5,
        pool_size: int | Sequence[int] = 2,
        hidden_size: int = 32,
        n_layers: int = 1,
        conv_dropout: float = 0.1,
        head_dropout: float = 0.1,
        batch_norm: bool = True,
    ) -> None:
        super().__init__(input_size, n_classes=n_classes)
        self.conv = conv_stack(
            input_size, conv_channels, kernel_sizes, pool_size, conv_dropout, batch_norm
        )
        self.min_length = math.prod(block.pool_size for block in self.conv)
        lstm_input = conv_channels[-1] if len(conv_channels) else input_size
        self._add_lstm_head(lstm_input, hidden_size, n_layers, head_dropout)

    def _steps(self, x: torch.Tensor) -> torch.Tensor:
        if x.shape[1] < self.min_length:
            raise ValueError(
                f"expected series of at least {self.min_length} steps (the product of "
                f"the pool sizes), got input of shape {tuple(x.shape)}"
            )
        features = self.conv(x.transpose(1, 2))  # (B, C_in, L) -> (B, C, L')
        return features.transpose(1, 2)  # -> (B, L', C)


class LSTMClassifier(_LSTMHead):
    r"""An LSTM alone on the raw series, then a linear head on its last output.

    :class:`ConvLSTMClassifier` without the convolutions (the same ``n_layers`` and
    ``head_dropout``).

    Example:
        >>> model = LSTMClassifier(input_size=1, n_classes=2, hidden_size=8)
        >>> tuple(model(torch.zeros(3, 50, 1)).shape)
        (3, 2)
    """

    def __init__(
        self,
        input_size: int,
        *,
        n_classes: int,
        hidden_size: int = 32,
        n_layers: int = 1,
        head_dropout: float = 0.1,
    ) -> None:
        super().__init__(input_size, n_classes=n_classes)
        self._add_lstm_head(input_size, hidden_size, n_layers, head_dropout)


class CNNClassifier(Classifier):
    """A CNN alone: convolution blocks, global average pooling over time, a linear head.

    The fully convolutional network (FCN) baseline of :cite:`wang2017fcn`, blind to
    *where* a pattern occurs. The arguments are those of :class:`ConvLSTMClassifier`;
    ``head_dropout`` acts on the average.

    Example:
        >>> model = CNNClassifier(input_size=6, n_classes=4, conv_channels=(8, 16))
        >>> tuple(model(torch.zeros(2, 100, 6)).shape)
        (2, 4)
    """

    def __init__(
        self,
        input_size: int,
        *,
        n_classes: int,
        conv_channels: Sequence[int] = (32, 64),
        kernel_sizes: int | Sequence[int] = 5,
        pool_size: int | Sequence[int] = 1,
        conv_dropout: float = 0.1,
        head_dropout: float = 0.1,
        batch_norm: bool = True,
    ) -> None:
        super().__init__(input_size, n_classes=n_classes)
        self.conv = conv_stack(
            input_size, conv_channels, kernel_sizes, pool_size, conv_dropout, batch_norm
        )
        if len(self.conv) == 0:
            raise ValueError(
                "conv_channels must name at least one block for a CNN, got ()"
            )
        self.dropout = nn.Dropout(check_dropout(head_dropout, "head_dropout"))
        self.head = nn.Linear(conv_channels[-1], self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` of a batch ``(B, L, C_in)``."""
        self.check_input(x)
        features = self.conv(x.transpose(1, 2))  # (B, C_in, L) -> (B, C, L')
        pooled = self.dropout(features.mean(dim=-1))  # -> (B, C): average over time
        return self.head(pooled)  # -> (B, K)


class ConvLSTMNetwork(Classifier):
    """Convolution blocks, global average pooling, and optionally an LSTM beside it.

    The head reads the average of the features over all steps (as in
    :class:`CNNClassifier`) and, with ``lstm_pool``, the output after the last step of
    an LSTM that reads the features max-pooled by ``lstm_pool``: the serial design of
    DeepConvLSTM (Ordóñez and Roggen, 2016), which can tell *in which order* shapes
    occur. Its input is already scaled.

    Args:
        conv_channels: filters per convolution block (no pooling, no dropout).
        kernel_sizes: odd filter width per block.
        lstm_pool: max-pooling window in front of the LSTM; ``None``: no LSTM.

    Example:
        >>> net = ConvLSTMNetwork(3, n_classes=4, conv_channels=(8, 8),
        ...                       kernel_sizes=(5, 3), hidden_size=8, lstm_pool=4)
        >>> tuple(net(torch.zeros(2, 50, 3)).shape)
        (2, 4)
    """

    def __init__(
        self,
        input_size: int,
        *,
        n_classes: int,
        conv_channels: Sequence[int] = (16, 32, 32),
        kernel_sizes: Sequence[int] = (7, 5, 3),
        hidden_size: int = 32,
        lstm_pool: int | None = None,
    ) -> None:
        super().__init__(input_size, n_classes=n_classes)
        self.conv = conv_stack(self.input_size, conv_channels, kernel_sizes)
        width = self.conv[-1].conv.out_channels
        self.lstm = None
        if lstm_pool is not None:
            lstm_pool = check_int(lstm_pool, "lstm_pool", minimum=1)
            self.pool = nn.MaxPool1d(lstm_pool, ceil_mode=True)
            hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
            self.lstm = nn.LSTM(width, hidden_size, batch_first=True)
            width += hidden_size
        self.head = nn.Linear(width, self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for a scaled batch ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        features = self.conv(x.transpose(1, 2))  # (B, C_in, L) -> (B, C, L)
        summary = features.mean(dim=-1)  # -> (B, C): global average over time
        if self.lstm is not None:
            steps = self.pool(features).transpose(1, 2)  # -> (B, L / pool, C)
            out, _ = self.lstm(steps)  # -> (B, L / pool, D)
            summary = torch.cat([summary, out[:, -1]], dim=1)  # -> (B, C + D)
        return self.head(summary)  # -> (B, K)


class ScaledClassifier(nn.Module):
    """Raw series in, logits out: per-channel scaling, differences, then the networks.

    The scaling statistics are buffers (saved with ``state_dict``, moved with
    ``.to(device)``). The networks' logits ``(B, K)`` are averaged.

    Args:
        mean: ``(C_in,)`` training mean of each channel.
        std: ``(C_in,)`` training standard deviation of each channel (> 0).
        networks: the trained networks, each ``(B, L, C_in or 2 C_in) -> (B, K)``.
        differences: append the first difference of each scaled channel (0 at the
            first step) as a channel.

    Example:
        >>> clf = ScaledClassifier([10.0], [2.0], [nn.Flatten()], differences=True)
        >>> clf(torch.tensor([[[12.0], [8.0]]]))  # (1, 2, 1): scaled, + differences
        tensor([[ 1.,  0., -1., -2.]])
    """

    def __init__(
        self,
        mean: Any,
        std: Any,
        networks: Sequence[nn.Module],
        differences: bool = False,
    ) -> None:
        super().__init__()
        mean, std = as_array(mean, "mean", ndim=1), as_array(std, "std", ndim=1)
        if mean.shape != std.shape or np.any(std <= 0):
            raise ValueError(
                f"expected mean and std of the same shape (C_in,) with std > 0, got "
                f"{mean.shape} and {std.shape} (smallest std {std.min()})"
            )
        if len(networks) == 0:
            raise ValueError("expected at least one network, got none")
        self.input_size = len(mean)
        self.differences = bool(differences)
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.networks = nn.ModuleList(networks)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The input as the networks see it: scaled, with differences if asked."""
        check_sequence_batch(x, self.input_size)
        scaled = (x - self.mean) / self.std  # (B, L, C_in)
        if not self.differences:
            return scaled
        slopes = torch.diff(scaled, dim=1, prepend=scaled[:, :1])  # 0 at step 0
        return torch.cat([scaled, slopes], dim=2)  # -> (B, L, 2 C_in)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for raw series ``x`` of shape ``(B, L, C_in)``."""
        inputs = self.features(x)
        return torch.stack([net(inputs) for net in self.networks]).mean(dim=0)
