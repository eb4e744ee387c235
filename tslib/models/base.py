"""The contracts every model shares, batch-first (see :mod:`tslib.models`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from tslib._validate import check_int
from tslib.training import predict


def check_sequence_batch(x: torch.Tensor, input_size: int) -> None:
    """Raise a clear error unless ``x`` is a float ``(B, L, input_size)`` tensor.

    Raises:
        TypeError: if ``x`` is not a floating-point tensor.
        ValueError: if its shape is not ``(B, L, input_size)``.

    Example:
        >>> check_sequence_batch(torch.zeros(4, 10, 3), input_size=3)  # fine: no error
        >>> check_sequence_batch(torch.zeros(4, 3, 10), input_size=3)
        ... # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: expected input of shape (B, L, 3), got (4, 3, 10) (it looks like ...
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(
            f"expected a torch.Tensor of shape (B, L, {input_size}), "
            f"got {type(x).__name__}"
        )
    if not x.is_floating_point():
        raise TypeError(f"expected a floating-point tensor, got dtype {x.dtype}")
    if x.dim() != 3 or x.shape[-1] != input_size:
        hint = ""
        if x.dim() == 3 and x.shape[1] == input_size:
            hint = (
                " (it looks like (B, C, L): use x.transpose(1, 2), "
                "models here are batch-first)"
            )
        elif x.dim() == 2:
            hint = " (add the feature axis: x.unsqueeze(-1))"
        raise ValueError(
            f"expected input of shape (B, L, {input_size}), got {tuple(x.shape)}{hint}"
        )


def relu_layers(in_features: int, width: int, n_layers: int) -> list[nn.Module]:
    """``n_layers`` times ``nn.Linear`` then ReLU, from ``in_features`` to ``width``."""
    layers: list[nn.Module] = []
    for i in range(n_layers):
        layers += [nn.Linear(width if i else in_features, width), nn.ReLU()]
    return layers


class Forecaster(nn.Module):
    """Base class of the book's forecasters, ``(B, L, C_in) -> (B, H, C_out)``.

    A subclass builds its layers in ``__init__`` (after calling this one); its
    ``forward`` calls :meth:`check_input` first.

    Args:
        input_size: input features ``C_in``.
        horizon: forecast steps ``H``.
        output_size: target features ``C_out``.
        lookback: input length ``L`` for models whose weights are per step (then
            :meth:`check_input` checks it); ``None`` for windows of any length.

    Example:
        >>> model = Forecaster(1, horizon=2, lookback=5)
        >>> model.check_input(torch.zeros(3, 4, 1))
        Traceback (most recent call last):
        ...
        ValueError: expected input of shape (B, 5, 1) (lookback L = 5), got (3, 4, 1)
    """

    def __init__(
        self,
        input_size: int,
        *,
        horizon: int = 1,
        output_size: int = 1,
        lookback: int | None = None,
    ) -> None:
        super().__init__()
        self.input_size = check_int(input_size, "input_size", minimum=1)
        self.horizon = check_int(horizon, "horizon", minimum=1)
        self.output_size = check_int(output_size, "output_size", minimum=1)
        self.lookback = (
            None if lookback is None else check_int(lookback, "lookback", minimum=1)
        )

    def check_input(self, x: torch.Tensor) -> None:
        """Raise a clear error unless ``x`` is a float ``(B, L, C_in)`` tensor."""
        check_sequence_batch(x, self.input_size)
        if self.lookback is not None and x.shape[1] != self.lookback:
            raise ValueError(
                f"expected input of shape (B, {self.lookback}, {self.input_size}) "
                f"(lookback L = {self.lookback}), got {tuple(x.shape)}"
            )

    def predict(self, X: Any) -> np.ndarray:
        """Forecasts ``(N, H, C_out)``, a NumPy array, for windows ``X (N, L, C_in)``.

        The contract of :mod:`tslib.evaluation`, by :func:`tslib.training.predict`.
        """
        return predict(self, X)


class Classifier(nn.Module):
    """Base class of the book's classifiers: ``(B, L, C_in) -> (B, K)`` logits.

    Train with ``nn.CrossEntropyLoss`` (it applies the softmax), predict with
    ``logits.argmax(dim=-1)``. Subclasses follow :class:`Forecaster`'s pattern.

    Args:
        input_size: input features (channels) ``C_in``.
        n_classes: number of classes ``K`` (>= 2).
    """

    def __init__(self, input_size: int, *, n_classes: int) -> None:
        super().__init__()
        self.input_size = check_int(input_size, "input_size", minimum=1)
        self.n_classes = check_int(n_classes, "n_classes", minimum=2)

    def check_input(self, x: torch.Tensor) -> None:
        """Raise a clear error unless ``x`` is a float ``(B, L, C_in)`` tensor."""
        check_sequence_batch(x, self.input_size)
