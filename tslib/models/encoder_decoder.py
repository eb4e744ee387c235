"""Encoder-decoder (sequence-to-sequence) forecaster: one LSTM reads, another writes."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from tslib._validate import check_dropout, check_float, check_int, describe
from tslib.models.base import Forecaster


class EncoderDecoderForecaster(Forecaster):
    r"""LSTM encoder-decoder :cite:`sutskever2014seq2seq` for multi-step forecasting.

    The *encoder* LSTM reads the window; its final state starts the *decoder* LSTM,
    which writes the forecast step by step from the previous value (plus, optionally,
    features known in advance, such as the hour of day):

    .. math::
        s_k = \operatorname{LSTM}_{dec}([\,y_{k-1}, f_k\,], s_{k-1}), \qquad
        \hat y_k = W s_k + b, \qquad k = 1, \dots, H,

    with :math:`s_0` the encoder's final state and :math:`y_0` the last observed value
    (so the decoder's input width is ``C_out + C_f``, not ``D``). :math:`y_{k-1}` is:

    - at inference (``model.eval()``, or no ``target``): the model's own prediction
      :math:`\hat y_{k-1}` (autoregressive decoding);
    - in training with ``target``: the true value with probability
      ``teacher_forcing_ratio``, drawn per window and step, else the prediction
      :cite:`williams1989teacher`; lowering the ratio is scheduled sampling
      :cite:`bengio2015scheduled`. ``fit(model, ..., teacher_forcing=True)``
      (:func:`tslib.training.fit`) passes ``target`` while training.

    Args:
        hidden_size: hidden width ``D`` of both LSTMs.
        n_layers: stacked layers in each LSTM (both have the same depth).
        output_size: target features ``C_out``: the first ``C_out`` input features,
            whose last observed values start the decoder (at most ``C_in``).
        future_size: known-future features ``C_f`` per forecast step (0: none).
        teacher_forcing_ratio: see above.

    Shape:
        ``(B, L, C_in) -> (B, H, C_out)``; ``target`` (training only): ``(B, H,
        C_out)``, ``future`` (when ``future_size > 0``): ``(B, H, C_f)``.

    Example:
        >>> model = EncoderDecoderForecaster(input_size=1, hidden_size=8, horizon=5)
        >>> tuple(model(torch.zeros(4, 12, 1)).shape)
        (4, 5, 1)
        >>> model.decoder.input_size  # the previous value, not the hidden width
        1
    """

    def __init__(
        self,
        input_size: int,
        *,
        hidden_size: int = 32,
        n_layers: int = 1,
        horizon: int = 1,
        output_size: int = 1,
        future_size: int = 0,
        teacher_forcing_ratio: float = 1.0,
        dropout: float = 0.0,
    ) -> None:
        super().__init__(input_size, horizon=horizon, output_size=output_size)
        if self.output_size > self.input_size:
            raise ValueError(
                "output_size must be <= input_size (the targets are the first "
                f"C_out input features), got {self.output_size} > {self.input_size}"
            )
        self.hidden_size = check_int(hidden_size, "hidden_size", minimum=1)
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        self.future_size = check_int(future_size, "future_size", minimum=0)
        self.teacher_forcing_ratio = teacher_forcing_ratio
        dropout = check_dropout(dropout)
        dropout = dropout if self.n_layers > 1 else 0.0  # between layers only
        D, n = self.hidden_size, self.n_layers
        self.encoder = nn.LSTM(input_size, D, n, batch_first=True, dropout=dropout)
        # The decoder reads a value (plus known-future features), not a hidden vector.
        decoder_input = self.output_size + self.future_size
        self.decoder = nn.LSTM(decoder_input, D, n, batch_first=True, dropout=dropout)
        self.head = nn.Linear(self.hidden_size, self.output_size)

    @property
    def teacher_forcing_ratio(self) -> float:
        """Probability in ``[0, 1]`` of feeding the true previous value in training."""
        return self._teacher_forcing_ratio

    @teacher_forcing_ratio.setter
    def teacher_forcing_ratio(self, value: float) -> None:
        self._teacher_forcing_ratio = check_float(
            value, "teacher_forcing_ratio", low=0.0, high=1.0
        )

    def _check_sequence(
        self, value: torch.Tensor | None, name: str, width: int, batch: int
    ) -> None:
        expected = (batch, self.horizon, width)
        is_tensor = isinstance(value, torch.Tensor)
        if not is_tensor or tuple(value.shape) != expected:
            got = tuple(value.shape) if is_tensor else describe(value)
            raise ValueError(
                f"expected {name} of shape (B, H, {width}) = {expected}, got {got}"
            )

    def forward(
        self,
        x: torch.Tensor,
        target: torch.Tensor | None = None,
        future: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """Forecast ``(B, H, C_out)`` from ``x`` ``(B, L, C_in)``; see the class."""
        self.check_input(x)
        B, L, _ = x.shape
        if target is not None:
            self._check_sequence(target, "target", self.output_size, B)
        if self.future_size:
            self._check_sequence(future, "future", self.future_size, B)
        elif future is not None:
            raise ValueError(
                "this model was built with future_size=0 but got future of shape "
                f"{tuple(future.shape)}"
            )

        _, state = self.encoder(x)  # state: (h, c), each (n_layers, B, D)
        previous = x[:, -1:, : self.output_size]  # -> (B, 1, C_out): last observed
        teaching = self.training and target is not None
        ratio = self.teacher_forcing_ratio if teaching else 0.0
        if ratio >= 1.0:
            # Full teacher forcing: every decoder input is known, one call decodes all.
            inputs = torch.cat([previous, target[:, :-1]], dim=1)  # -> (B, H, C_out)
            if self.future_size:
                inputs = torch.cat([inputs, future], dim=-1)  # -> (B, H, C_out + C_f)
            out, _ = self.decoder(inputs, state)  # -> (B, H, D)
            return self.head(out)  # -> (B, H, C_out)

        outputs = []
        for k in range(self.horizon):
            step = previous
            if self.future_size:
                step = torch.cat([previous, future[:, k : k + 1]], dim=-1)
            out, state = self.decoder(step, state)  # -> (B, 1, D)
            prediction = self.head(out)  # -> (B, 1, C_out)
            outputs.append(prediction)
            previous = prediction  # autoregressive: feed back the model's own forecast
            if ratio > 0.0:  # one coin per window and step
                use_truth = torch.rand(B, 1, 1, device=x.device) < ratio
                previous = torch.where(use_truth, target[:, k : k + 1], prediction)
        return torch.cat(outputs, dim=1)  # -> (B, H, C_out)


def teacher_forcing_schedule(
    start: float = 1.0, end: float = 0.0, epochs: int = 10
) -> Callable[[nn.Module, int], None]:
    """A linear teacher-forcing schedule for ``fit(..., on_epoch_start=...)``.

    The returned function sets ``model.teacher_forcing_ratio``: ``start`` at epoch 1,
    linearly to ``end`` at epoch ``epochs``, then ``end``.

    Args:
        start: ratio at the first epoch, in ``[0, 1]``.
        end: ratio from epoch ``epochs`` on, in ``[0, 1]``.
        epochs: epochs over which the ratio moves (>= 1).

    Returns:
        A function ``(model, epoch) -> None``.

    Example:
        >>> model = EncoderDecoderForecaster(input_size=1, hidden_size=4, horizon=2)
        >>> schedule = teacher_forcing_schedule(1.0, 0.0, epochs=5)
        >>> ratios = []
        >>> for epoch in range(1, 7):
        ...     schedule(model, epoch)
        ...     ratios.append(model.teacher_forcing_ratio)
        >>> ratios
        [1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    """
    start = check_float(start, "start", low=0.0, high=1.0)
    end = check_float(end, "end", low=0.0, high=1.0)
    epochs = check_int(epochs, "epochs", minimum=1)

    def schedule(model: nn.Module, epoch: int) -> None:
        progress = 1.0 if epochs == 1 else min(max(epoch - 1, 0) / (epochs - 1), 1.0)
        model.teacher_forcing_ratio = start + (end - start) * progress

    return schedule
