"""Convolutional forecasters: causal dilated 1D convolutions, pooling, a head."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from tslib._validate import check_int
from tslib.models.base import Forecaster

_POOLS = ("last", "mean", "flatten")


class CNNForecaster(Forecaster):
    r"""A stack of causal 1D convolutions over time, a pooling step, then a linear head.

    Layer ``i`` (0-based) convolves with kernel size :math:`k` and dilation :math:`2^i`,
    padded on the left only: the output at step :math:`t` depends on inputs at steps
    :math:`\le t` (causal), every layer keeps the length ``L``, and one output sees
    :math:`R = 1 + (k - 1)(2^{n} - 1)` steps for :math:`n` layers
    (:attr:`receptive_field`), as in TCN and WaveNet. ``pool`` makes the ``(B, D, L)``
    feature map one vector per window:

    - ``"last"``: the features at the last step: a *local* view, the last ``R`` inputs;
    - ``"mean"``: the average over all steps (sees the whole window, forgets where);
    - ``"flatten"``: all ``L * D`` features (keeps positions, needs ``lookback``).

    Args:
        channels: channels ``D`` of every convolution.
        kernel_size: kernel size ``k`` (>= 1).
        n_layers: number of convolutions ``n``; dilations ``1, 2, 4, ...``.

    Example:
        >>> model = CNNForecaster(
        ...     input_size=2, channels=8, kernel_size=3, n_layers=3, horizon=4
        ... )
        >>> tuple(model(torch.zeros(5, 30, 2)).shape), model.receptive_field
        ((5, 4, 1), 15)
    """

    def __init__(
        self,
        input_size: int,
        *,
        channels: int = 16,
        kernel_size: int = 3,
        n_layers: int = 3,
        horizon: int = 1,
        output_size: int = 1,
        pool: str = "last",
        lookback: int | None = None,
    ) -> None:
        if pool not in _POOLS:
            raise ValueError(f"pool must be one of {_POOLS}, got {pool!r}")
        if pool == "flatten" and lookback is None:
            raise ValueError("pool='flatten' needs the input length: pass lookback=L")
        super().__init__(
            input_size,
            horizon=horizon,
            output_size=output_size,
            lookback=lookback if pool == "flatten" else None,
        )
        self.channels = check_int(channels, "channels", minimum=1)
        self.kernel_size = check_int(kernel_size, "kernel_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        self.pool = pool
        self.dilations = [2**i for i in range(self.n_layers)]
        D, k = self.channels, self.kernel_size
        self.convs = nn.ModuleList(
            nn.Conv1d(D if i else input_size, D, k, dilation=d)
            for i, d in enumerate(self.dilations)
        )
        head_in = self.channels * (self.lookback if pool == "flatten" else 1)
        self.head = nn.Linear(head_in, self.horizon * self.output_size)

    @property
    def receptive_field(self) -> int:
        """The number of input steps one output sees, ``1 + (k - 1) * sum(d)``."""
        return 1 + (self.kernel_size - 1) * sum(self.dilations)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The feature map ``(B, D, L)`` of ``x`` ``(B, L, C_in)``, before pooling."""
        self.check_input(x)
        h = x.transpose(1, 2)  # -> (B, C_in, L): Conv1d wants channels before time
        for conv, d in zip(self.convs, self.dilations):
            # Left padding only: step t sees steps t, t - d, ..., never the future.
            h = F.pad(h, ((self.kernel_size - 1) * d, 0))  # -> (B, C, L + (k - 1) d)
            h = torch.relu(conv(h))  # -> (B, D, L)
        return h

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_out)`` from ``x`` of shape ``(B, L, C_in)``."""
        h = self.features(x)  # -> (B, D, L); checks x first
        B, L, _ = x.shape
        if self.pool == "mean":
            z = h.mean(dim=2)  # -> (B, D)
        else:  # "last": sees the last R inputs only; "flatten": L == lookback, checked
            z = h[:, :, -1] if self.pool == "last" else h.reshape(B, -1)  # (B, D [* L])
        return self.head(z).view(B, self.horizon, self.output_size)  # -> (B, H, C_out)
