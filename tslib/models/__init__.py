"""Models, all batch-first: forecasters ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contracts), ``recurrent`` (RNN, LSTM, GRU),
``linear``, ``conv_lstm`` (Conv1D-LSTM classifiers), ``classifiers`` (the LSTM-alone and
CNN-alone baselines).
"""

from tslib.models.base import Classifier, Forecaster
from tslib.models.classifiers import CNNClassifier, LSTMClassifier
from tslib.models.conv_lstm import ConvBlock, ConvLSTMClassifier, conv_stack
from tslib.models.linear import LinearForecaster
from tslib.models.recurrent import GRUForecaster, LSTMForecaster, RecurrentForecaster, RNNForecaster

__all__ = [
    "CNNClassifier",
    "Classifier",
    "ConvBlock",
    "ConvLSTMClassifier",
    "Forecaster",
    "GRUForecaster",
    "LSTMClassifier",
    "LSTMForecaster",
    "LinearForecaster",
    "RNNForecaster",
    "RecurrentForecaster",
    "conv_stack",
]
