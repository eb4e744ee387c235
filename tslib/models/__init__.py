"""Models, all batch-first: forecasters ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contract), ``recurrent`` (RNN, LSTM, GRU),
``linear``.
"""

from tslib.models.base import Forecaster
from tslib.models.linear import LinearForecaster
from tslib.models.recurrent import GRUForecaster, LSTMForecaster, RecurrentForecaster, RNNForecaster

__all__ = [
    "Forecaster",
    "GRUForecaster",
    "LSTMForecaster",
    "LinearForecaster",
    "RNNForecaster",
    "RecurrentForecaster",
]
