"""Models, all batch-first: forecasters and classifiers.

Forecasters map ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contracts), ``recurrent`` (RNN, LSTM, GRU),
``linear``, ``encoder_decoder`` (sequence to sequence), ``convolutional`` (causal
dilated 1D CNN), ``transformer`` (encoder with positional encoding), ``nbeats``
(N-BEATS-style fully connected blocks, for global models), ``conv_lstm`` (Conv1D-LSTM
classifiers), ``classifiers`` (the LSTM-alone and CNN-alone baseline classifiers).

Dropout has one meaning per argument name, in every model (active in training mode
only):

- ``dropout``: inside the network's body, as in PyTorch: between stacked recurrent
  layers (``nn.LSTM(dropout=...)``, so it needs ``num_layers > 1``), or inside each
  Transformer encoder layer;
- ``conv_dropout``: after each convolution block;
- ``head_dropout``: on the summary vector that the linear head reads.
"""

from tslib.models.base import Classifier, Forecaster
from tslib.models.classifiers import CNNClassifier, LSTMClassifier
from tslib.models.conv_lstm import ConvBlock, ConvLSTMClassifier, conv_stack
from tslib.models.convolutional import CNNForecaster
from tslib.models.encoder_decoder import (
    EncoderDecoderForecaster,
    teacher_forcing_schedule,
)
from tslib.models.linear import LinearForecaster
from tslib.models.nbeats import NBeatsBlock, NBeatsForecaster
from tslib.models.recurrent import (
    GRUForecaster,
    LSTMForecaster,
    RecurrentForecaster,
    RNNForecaster,
)
from tslib.models.transformer import (
    PositionalEncoding,
    TransformerForecaster,
    attention,
    causal_mask,
)

__all__ = [
    "CNNClassifier",
    "CNNForecaster",
    "Classifier",
    "ConvBlock",
    "ConvLSTMClassifier",
    "EncoderDecoderForecaster",
    "Forecaster",
    "GRUForecaster",
    "LSTMClassifier",
    "LSTMForecaster",
    "LinearForecaster",
    "NBeatsBlock",
    "NBeatsForecaster",
    "PositionalEncoding",
    "RNNForecaster",
    "RecurrentForecaster",
    "TransformerForecaster",
    "attention",
    "causal_mask",
    "conv_stack",
    "teacher_forcing_schedule",
]
