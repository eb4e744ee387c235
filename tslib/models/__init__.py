"""Models, all batch-first: forecasters ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contract), ``recurrent`` (RNN, LSTM, GRU),
``linear``, ``convolutional`` (causal dilated 1D CNN), ``transformer`` (encoder with
positional encoding).
"""

from tslib.models.base import Forecaster
from tslib.models.convolutional import CNNForecaster
from tslib.models.linear import LinearForecaster
from tslib.models.recurrent import GRUForecaster, LSTMForecaster, RecurrentForecaster, RNNForecaster
from tslib.models.transformer import PositionalEncoding, TransformerForecaster, attention, causal_mask

__all__ = [
    "CNNForecaster",
    "Forecaster",
    "GRUForecaster",
    "LSTMForecaster",
    "LinearForecaster",
    "PositionalEncoding",
    "RNNForecaster",
    "RecurrentForecaster",
    "TransformerForecaster",
    "attention",
    "causal_mask",
]
