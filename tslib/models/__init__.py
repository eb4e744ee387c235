"""Models, all batch-first: forecasters ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contract), ``recurrent`` (RNN, LSTM, GRU),
``linear``, ``encoder_decoder`` (sequence to sequence).
"""

from tslib.models.base import Forecaster
from tslib.models.encoder_decoder import EncoderDecoderForecaster, teacher_forcing_schedule
from tslib.models.linear import LinearForecaster
from tslib.models.recurrent import GRUForecaster, LSTMForecaster, RecurrentForecaster, RNNForecaster

__all__ = [
    "EncoderDecoderForecaster",
    "Forecaster",
    "GRUForecaster",
    "LSTMForecaster",
    "LinearForecaster",
    "RNNForecaster",
    "RecurrentForecaster",
    "teacher_forcing_schedule",
]
