"""Recurrent forecasters: RNN, LSTM and GRU share one base class, differ by the cell."""

from __future__ import annotations

from typing import ClassVar

import torch
from torch import nn

from tslib._validate import check_dropout, check_float, check_int
from tslib.models.base import Forecaster


class RecurrentForecaster(Forecaster):
    r"""A recurrent encoder read to the end, then a linear head for all ``H`` steps.

    The layer's output at the last step, :math:`h_L \in \mathbb{R}^D`, summarises the
    window; a linear layer maps it to the ``H * C_out`` forecasts (the *direct*
    multi-step strategy). Subclasses set ``cell`` to ``nn.RNN``, ``nn.LSTM`` or
    ``nn.GRU``; nothing else differs.

    Example:
        >>> model = LSTMForecaster(input_size=3, hidden_size=8, horizon=2)
        >>> tuple(model(torch.zeros(4, 10, 3)).shape)
        (4, 2, 1)
    """

    cell: ClassVar[type[nn.RNNBase]] = nn.RNN

    def __init__(
        self,
        input_size: int,
        *,
        hidden_size: int = 64,
        n_layers: int = 1,
        horizon: int = 1,
        output_size: int = 1,
        dropout: float = 0.0,
    ) -> None:
        super().__init__(input_size, horizon=horizon, output_size=output_size)
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        dropout = check_dropout(dropout)
        # batch_first=True: without it the layer reads dim 0 as time, mixing the batch.
        self.rnn = self.cell(
            input_size,
            self.hidden_size,
            self.n_layers,
            batch_first=True,
            dropout=dropout if self.n_layers > 1 else 0.0,
        )
        self.head = nn.Linear(self.hidden_size, self.horizon * self.output_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_out)`` from ``x`` of shape ``(B, L, C_in)``."""
        self.check_input(x)
        out, _ = self.rnn(x)  # -> (B, L, D): the top layer's output at every step
        last = out[:, -1, :]  # -> (B, D): the summary after reading the whole window
        return self.head(last).view(len(x), self.horizon, self.output_size)


class RNNForecaster(RecurrentForecaster):
    """Elman RNN forecaster (``tanh`` cell); see :class:`RecurrentForecaster`."""

    cell = nn.RNN


class LSTMForecaster(RecurrentForecaster):
    r"""LSTM forecaster :cite:`hochreiter1997lstm`; see :class:`RecurrentForecaster`.

    The forget gate is that of :cite:`gers2000learning`; its total bias is the sum of
    the slices ``[D:2D]`` of ``bias_ih_l{k}`` and ``bias_hh_l{k}``.

    Args:
        forget_bias: initial total bias of the forget gates; ``0.0`` keeps PyTorch's
            initialisation (gates near :math:`\sigma(0) = 0.5`), any other value sets
            every layer's forget slice of ``bias_ih`` to it and of ``bias_hh`` to 0
            (no random draws). 1 is the common choice
            :cite:`gers2000learning,jozefowicz2015empirical`.
        **kwargs: keyword-only, as for :class:`RecurrentForecaster`.

    Example:
        >>> model = LSTMForecaster(1, hidden_size=4, forget_bias=1.0)
        >>> float((model.rnn.bias_ih_l0 + model.rnn.bias_hh_l0)[4:8].min())
        1.0
    """

    cell = nn.LSTM

    def __init__(self, input_size: int, *, forget_bias: float = 0.0, **kwargs) -> None:
        super().__init__(input_size, **kwargs)
        self.forget_bias = check_float(forget_bias, "forget_bias")
        if self.forget_bias != 0.0:
            D = self.hidden_size
            with torch.no_grad():
                for k in range(self.n_layers):
                    getattr(self.rnn, f"bias_ih_l{k}")[D : 2 * D] = self.forget_bias
                    getattr(self.rnn, f"bias_hh_l{k}")[D : 2 * D] = 0.0


class GRUForecaster(RecurrentForecaster):
    """GRU forecaster :cite:`cho2014gru`; see :class:`RecurrentForecaster`."""

    cell = nn.GRU
