"""Baseline classifiers beside the Conv1D-LSTM: an LSTM alone and a CNN alone."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from tslib._checks import check_float, check_int
from tslib.models.base import Classifier
from tslib.models.conv_lstm import conv_stack


class LSTMClassifier(Classifier):
    r"""An LSTM alone on the raw series, then a linear head on its last output.

    The LSTM reads the ``L`` input steps; its output after the last step,
    :math:`h_L \in \mathbb{R}^D`, summarises the series, and a linear layer maps it to
    ``K`` logits: :class:`~tslib.models.ConvLSTMClassifier` without the convolutions.

    Args:
        input_size: input channels ``C_in``.
        n_classes: classes ``K``.
        hidden_size: LSTM hidden width ``D``.
        n_layers: stacked LSTM layers.
        head_dropout: dropout on the LSTM's summary, before the linear head.

    Shape:
        - Input: ``(B, L, C_in)``
        - Output: ``(B, K)`` logits.

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
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        head_dropout = check_float(
            head_dropout, "head_dropout", low=0.0, high=1.0, high_inclusive=False
        )
        # batch_first=True: the LSTM reads (B, L, C); without it, dim 0 would be time.
        self.lstm = nn.LSTM(
            input_size, self.hidden_size, self.n_layers, batch_first=True
        )
        self.dropout = nn.Dropout(head_dropout)
        self.head = nn.Linear(self.hidden_size, self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for a batch ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        out, _ = self.lstm(x)  # -> (B, L, D)
        last = self.dropout(out[:, -1, :])  # -> (B, D): the summary after the last step
        return self.head(last)  # -> (B, K)


class CNNClassifier(Classifier):
    """A CNN alone: convolution blocks, global average pooling over time, a linear head.

    The recipe of the fully convolutional network (FCN) baseline of :cite:`wang2017fcn`:
    the average over all steps makes the prediction independent of *where* a pattern
    occurs, and nothing relates patterns that lie further apart than the receptive
    field.

    Args:
        input_size: input channels ``C_in``.
        n_classes: classes ``K``.
        conv_channels: filters per convolution block.
        kernel_sizes: filter width per block (an int: the same for every block).
        pool_size: max-pooling per block (1: none).
        conv_dropout: dropout after each convolution block.
        head_dropout: dropout on the pooled features, before the linear head.
        batch_norm: batch normalisation in the convolution blocks.

    Shape:
        - Input: ``(B, L, C_in)``
        - Output: ``(B, K)`` logits.

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
            input_size,
            conv_channels=conv_channels,
            kernel_sizes=kernel_sizes,
            pool_size=pool_size,
            dropout=conv_dropout,
            batch_norm=batch_norm,
        )
        if len(self.conv) == 0:
            raise ValueError(
                "conv_channels must name at least one block for a CNN, got ()"
            )
        self.dropout = nn.Dropout(
            check_float(
                head_dropout, "head_dropout", low=0.0, high=1.0, high_inclusive=False
            )
        )
        self.head = nn.Linear(conv_channels[-1], self.n_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Logits ``(B, K)`` for a batch ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        features = self.conv(
            x.transpose(1, 2)
        )  # (B, L, C_in) -> (B, C_in, L) -> (B, C, L')
        pooled = self.dropout(
            features.mean(dim=-1)
        )  # -> (B, C): global average over time
        return self.head(pooled)  # -> (B, K)
