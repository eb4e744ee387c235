"""Conv1D-LSTM classifiers: convolutions find local patterns, an LSTM relates them."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from tslib._checks import check_float, check_int, describe
from tslib.models.base import Classifier


def _as_sizes(values: int | Sequence[int], name: str, n_blocks: int) -> tuple[int, ...]:
    """One int per block: an int is repeated, a sequence needs ``n_blocks``."""
    if isinstance(values, Sequence) and not isinstance(values, (str, bytes)):
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
    Works on channels-first tensors, as ``nn.Conv1d`` does.

    Args:
        in_channels: input channels.
        out_channels: filters (output channels).
        kernel_size: width of each filter, in time steps (odd, so that the filter is
            centred).
        pool_size: max-pooling window and stride (1: no pooling).
        dropout: dropout probability after the block.
        batch_norm: normalise each filter's output over the batch (before the ReLU).

    Shape:
        - Input: ``(B, C_in, L)``
        - Output: ``(B, C_out, L // pool_size)``

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
        in_channels = check_int(in_channels, "in_channels", minimum=1)
        out_channels = check_int(out_channels, "out_channels", minimum=1)
        self.kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
        if self.kernel_size % 2 == 0:
            raise ValueError(
                "kernel_size must be odd (a centred filter keeps the length), "
                f"got {self.kernel_size}"
            )
        self.pool_size = check_int(pool_size, "pool_size", minimum=1)
        dropout = check_float(
            dropout, "dropout", low=0.0, high=1.0, high_inclusive=False
        )
        self.conv = nn.Conv1d(
            in_channels,
            out_channels,
            self.kernel_size,
            padding=self.kernel_size // 2,
            bias=not batch_norm,
        )
        self.norm = nn.BatchNorm1d(out_channels) if batch_norm else nn.Identity()
        self.pool = (
            nn.MaxPool1d(self.pool_size) if self.pool_size > 1 else nn.Identity()
        )
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Map ``(B, C_in, L)`` to ``(B, C_out, L // pool_size)``."""
        x = torch.relu(self.norm(self.conv(x)))  # -> (B, C_out, L)
        return self.dropout(self.pool(x))  # -> (B, C_out, L // pool_size)


def conv_stack(
    input_size: int,
    *,
    conv_channels: Sequence[int],
    kernel_sizes: int | Sequence[int] = 5,
    pool_size: int | Sequence[int] = 1,
    dropout: float = 0.0,
    batch_norm: bool = True,
) -> nn.Sequential:
    """A stack of :class:`ConvBlock` s, ``(B, C_in, L) -> (B, conv_channels[-1], L')``.

    Args:
        input_size: input channels ``C_in``.
        conv_channels: filters of each block, e.g. ``(32,)`` for one block, ``(32, 64)``
            for two.
        kernel_sizes: odd filter width per block (an int: the same for all).
        pool_size: max-pooling per block (an int: the same for all; 1: none).
        dropout: dropout after each block.
        batch_norm: batch normalisation in each block.

    Example:
        >>> stack = conv_stack(
        ...     1, conv_channels=(8, 16), kernel_sizes=(7, 5), pool_size=2
        ... )
        >>> tuple(stack(torch.zeros(2, 1, 40)).shape)  # 40 -> 20 -> 10 steps
        (2, 16, 10)
    """
    if not isinstance(conv_channels, Sequence) or isinstance(
        conv_channels, (str, bytes)
    ):
        raise TypeError(
            f"conv_channels must be a sequence of ints such as (32,) or (32, 64), "
            f"got {describe(conv_channels)}"
        )
    channels = tuple(check_int(c, "conv_channels", minimum=1) for c in conv_channels)
    kernels = _as_sizes(kernel_sizes, "kernel_sizes", len(channels))
    pools = _as_sizes(pool_size, "pool_size", len(channels))
    blocks, in_channels = [], check_int(input_size, "input_size", minimum=1)
    for out_channels, kernel, pool in zip(channels, kernels, pools):
        blocks.append(
            ConvBlock(
                in_channels,
                out_channels,
                kernel_size=kernel,
                pool_size=pool,
                dropout=dropout,
                batch_norm=batch_norm,
            )
        )
        in_channels = out_channels
    return nn.Sequential(*blocks)


class ConvLSTMClassifier(Classifier):
    r"""Convolution blocks, an LSTM over their feature sequence, a linear head.

    The convolutions see a few neighbouring steps at a time (a filter of width ``k``
    responds to one local shape wherever it occurs); max-pooling halves the sequence per
    block, so the LSTM runs over fewer, richer steps; its output after the last step,
    :math:`h_{L'} \in \mathbb{R}^D`, summarises the series, and a linear layer maps it
    to ``K`` logits. :class:`tslib.models.LSTMClassifier` is the same without the
    convolutions.

    Args:
        input_size: input channels ``C_in``.
        n_classes: classes ``K``.
        conv_channels: filters per convolution block: ``(32,)`` is a single block,
            ``(32, 64)`` a stack of two.
        kernel_sizes: odd filter width per block (an int: the same for every block).
        pool_size: max-pooling per block (an int: the same for every block; 1: none).
        hidden_size: LSTM hidden width ``D``.
        n_layers: stacked LSTM layers.
        conv_dropout: dropout after each convolution block.
        head_dropout: dropout on the LSTM's summary, before the linear head.
        batch_norm: batch normalisation in the convolution blocks.

    Shape:
        - Input: ``(B, L, C_in)``, with ``L`` at least the product of the pool sizes.
        - Output: ``(B, K)`` logits.

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
            input_size,
            conv_channels=conv_channels,
            kernel_sizes=kernel_sizes,
            pool_size=pool_size,
            dropout=conv_dropout,
            batch_norm=batch_norm,
        )
        self.min_length = 1
        for block in self.conv:
            self.min_length *= block.pool_size
        lstm_input = conv_channels[-1] if len(conv_channels) else input_size
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        head_dropout = check_float(
            head_dropout, "head_dropout", low=0.0, high=1.0, high_inclusive=False
        )
        # batch_first=True: the LSTM reads (B, L', C); without it, dim 0 would be taken
        # as time.
        self.lstm = nn.LSTM(
            lstm_input, self.hidden_size, self.n_layers, batch_first=True
        )
        self.dropout = nn.Dropout(head_dropout)
        self.head = nn.Linear(self.hidden_size, self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for a batch ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        B, L, _ = x.shape
        if L < self.min_length:
            raise ValueError(
                f"expected series of at least {self.min_length} steps "
                "(the product of the pool "
                f"sizes), got input of shape {tuple(x.shape)}"
            )
        # nn.Conv1d wants channels first: (B, L, C_in) -> (B, C_in, L), and back for the
        # LSTM.
        features = self.conv(x.transpose(1, 2))  # -> (B, C, L')
        out, _ = self.lstm(features.transpose(1, 2))  # -> (B, L', D)
        last = self.dropout(out[:, -1, :])  # -> (B, D): the summary after the last step
        return self.head(last)  # -> (B, K)
