"""Transformer forecasters: attention, positional encoding, an encoder and a head."""

from __future__ import annotations

import math

import torch
from torch import nn

from tslib._validate import check_dropout, check_int
from tslib.models.base import Forecaster

_POOLS = ("last", "mean")


def attention(
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    mask: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Scaled dot-product attention; returns the output *and* the weights.

    .. math:: \operatorname{softmax}\!\left(\frac{Q K^\top}{\sqrt{d}}\right) V

    where :math:`d` is the width of the queries and keys. Row :math:`i` of the weights
    (summing to 1) says how much position :math:`i` reads from each position :math:`j`.

    Args:
        query: ``(..., L_q, d)``.
        key: ``(..., L_k, d)``.
        value: ``(..., L_k, d_v)``.
        mask: boolean, broadcastable to ``(..., L_q, L_k)``; ``True`` marks a *blocked*
            pair (the convention of :class:`torch.nn.MultiheadAttention`).

    Returns:
        ``(out, weights)`` of shapes ``(..., L_q, d_v)`` and ``(..., L_q, L_k)``.

    Example:
        >>> q = k = v = torch.eye(3).unsqueeze(0)  # (1, 3, 3)
        >>> out, w = attention(q, k, v, mask=causal_mask(3))
        >>> w[0, 0].tolist()  # the first position can only read itself
        [1.0, 0.0, 0.0]
    """
    if key.size(-1) != query.size(-1) or value.size(-2) != key.size(-2):
        raise ValueError(
            "expected query (..., L_q, d), key (..., L_k, d) and "
            f"value (..., L_k, d_v), got {tuple(query.shape)}, {tuple(key.shape)} "
            f"and {tuple(value.shape)}"
        )
    d = query.size(-1)
    scores = query @ key.transpose(-2, -1) / math.sqrt(d)  # -> (..., L_q, L_k)
    if mask is not None:
        scores = scores.masked_fill(mask, float("-inf"))
    weights = torch.softmax(scores, dim=-1)  # -> (..., L_q, L_k), rows sum to 1
    return weights @ value, weights  # -> (..., L_q, d_v), (..., L_q, L_k)


def causal_mask(length: int, device: torch.device | str | None = None) -> torch.Tensor:
    """Boolean ``(L, L)`` mask, ``True`` above the diagonal: no step reads the future.

    Example:
        >>> causal_mask(3).int().tolist()
        [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
    """
    length = check_int(length, "length", minimum=1)
    return torch.ones(length, length, dtype=torch.bool, device=device).triu(diagonal=1)


class PositionalEncoding(nn.Module):
    r"""Add the sinusoidal position code of Vaswani et al. (2017) to a sequence.

    .. math::
        PE_{t, 2i} = \sin(t / 10000^{2i/D}), \qquad
        PE_{t, 2i+1} = \cos(t / 10000^{2i/D})

    Args:
        d_model: width ``D``.
        max_len: the longest sequence supported.

    Shape:
        ``(B, L, D) -> (B, L, D)``, with ``L <= max_len``

    Example:
        >>> pe = PositionalEncoding(d_model=4, max_len=10)
        >>> out = pe(torch.zeros(2, 3, 4))
        >>> tuple(out.shape), out[0, 0].tolist()  # position 0: sin(0) = 0, cos(0) = 1
        ((2, 3, 4), [0.0, 1.0, 0.0, 1.0])
    """

    def __init__(self, d_model: int, max_len: int = 512) -> None:
        super().__init__()
        self.d_model = check_int(d_model, "d_model", minimum=1)
        self.max_len = check_int(max_len, "max_len", minimum=1)
        D = self.d_model
        t = torch.arange(self.max_len, dtype=torch.float32)[:, None]  # -> (max_len, 1)
        log_rate = -math.log(10000.0) / D
        rate = torch.exp(torch.arange(0, D, 2, dtype=torch.float32) * log_rate)
        pe = torch.zeros(self.max_len, D)
        pe[:, 0::2] = torch.sin(t * rate)
        pe[:, 1::2] = torch.cos(t * rate[: D // 2])  # odd D: one cosine fewer
        # A buffer: it moves with .to(device) and is not trained.
        self.register_buffer("pe", pe, persistent=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return ``x + PE[:L]`` for ``x`` of shape ``(B, L, D)``."""
        if x.dim() != 3 or x.shape[-1] != self.d_model or x.shape[1] > self.max_len:
            raise ValueError(
                f"expected input of shape (B, L <= {self.max_len}, {self.d_model}), "
                f"got {tuple(x.shape)}"
            )
        return x + self.pe[: x.shape[1]]  # (L, D) broadcasts over B -> (B, L, D)


class TransformerForecaster(Forecaster):
    r"""A Transformer encoder over the window, a linear head on the last (or mean) step.

    Each input step is embedded linearly to width ``D``, the positional encoding is
    added, ``n_layers`` :class:`torch.nn.TransformerEncoderLayer` blocks let every step
    attend to every other (with ``causal=True``, to itself and earlier steps only), and
    a linear layer maps the encoding of the last step (``pool="last"``) or the mean over
    steps (``pool="mean"``) to the ``H * C_out`` forecasts.

    Args:
        d_model: width ``D`` (divisible by ``nhead``).
        nhead: attention heads.
        dim_feedforward: width of each layer's feed-forward block.
        causal: mask attention so that step ``t`` reads only steps ``<= t``.
        max_len: the longest window supported.

    Example:
        >>> model = TransformerForecaster(
        ...     input_size=2, d_model=8, nhead=2, horizon=3, causal=True
        ... )
        >>> tuple(model(torch.zeros(4, 10, 2)).shape)
        (4, 3, 1)
        >>> tuple(model.attention_weights(torch.zeros(4, 10, 2)).shape)
        (4, 1, 2, 10, 10)
    """

    def __init__(
        self,
        input_size: int,
        *,
        d_model: int = 16,
        nhead: int = 2,
        n_layers: int = 1,
        dim_feedforward: int = 32,
        horizon: int = 1,
        output_size: int = 1,
        dropout: float = 0.0,
        causal: bool = False,
        max_len: int = 512,
        pool: str = "last",
    ) -> None:
        super().__init__(input_size, horizon=horizon, output_size=output_size)
        self.d_model = check_int(d_model, "d_model", minimum=1)
        self.nhead = check_int(nhead, "nhead", minimum=1)
        if self.d_model % self.nhead:
            raise ValueError(
                "d_model must be divisible by nhead, "
                f"got d_model={self.d_model}, nhead={self.nhead}"
            )
        self.n_layers = check_int(n_layers, "n_layers", minimum=1)
        dim_feedforward = check_int(dim_feedforward, "dim_feedforward", minimum=1)
        dropout = check_dropout(dropout)
        if pool not in _POOLS:
            raise ValueError(f"pool must be one of {_POOLS}, got {pool!r}")
        self.pool, self.causal = pool, bool(causal)
        self.embed = nn.Linear(input_size, self.d_model)
        self.position = PositionalEncoding(self.d_model, max_len)
        # batch_first=True: without it the layers attend across the windows of a batch.
        layer = nn.TransformerEncoderLayer(
            self.d_model, self.nhead, dim_feedforward, dropout, batch_first=True
        )
        self.encoder = nn.TransformerEncoder(
            layer, self.n_layers, enable_nested_tensor=False
        )
        self.head = nn.Linear(self.d_model, self.horizon * self.output_size)

    def _embed(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        self.check_input(x)
        h = self.position(self.embed(x))  # -> (B, L, D), tagged with positions
        mask = causal_mask(x.shape[1], device=x.device) if self.causal else None
        return h, mask

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The encoder output ``(B, L, D)`` for ``x`` ``(B, L, C_in)`` (no pooling)."""
        h, mask = self._embed(x)
        return self.encoder(h, mask=mask)  # -> (B, L, D)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Forecast ``(B, H, C_out)`` from ``x`` of shape ``(B, L, C_in)``."""
        h = self.encode(x)  # -> (B, L, D)
        z = h[:, -1, :] if self.pool == "last" else h.mean(dim=1)  # -> (B, D)
        return self.head(z).view(len(x), self.horizon, self.output_size)

    @torch.no_grad()
    def attention_weights(self, x: torch.Tensor) -> torch.Tensor:
        """Attention weights of every layer and head: ``(B, n_layers, nhead, L, L)``.

        Entry ``[b, l, h, i, j]`` is how much step ``i`` reads from step ``j`` in head
        ``h`` of layer ``l`` for window ``b``. The (post-norm) layers run as in
        :meth:`forward`, in the current mode: call ``model.eval()`` first for dropout.
        """
        h, mask = self._embed(x)  # -> (B, L, D)
        weights = []
        for layer in self.encoder.layers:
            if layer.norm_first:
                raise ValueError(
                    "attention_weights needs post-norm layers (norm_first=False)"
                )
            _, w = layer.self_attn(
                h, h, h, attn_mask=mask, need_weights=True, average_attn_weights=False
            )
            weights.append(w)  # (B, nhead, L, L)
            h = layer(h, src_mask=mask)  # -> (B, L, D), the next layer's input
        return torch.stack(weights, dim=1)  # -> (B, n_layers, nhead, L, L)
