"""Models, all batch-first: forecasters and classifiers.

Forecasters map ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``.

One family per file: ``base`` (the shared contracts), ``recurrent`` (RNN, LSTM, GRU),
``linear`` (a linear map of the window; DLinear and NLinear), ``encoder_decoder``
(sequence to sequence), ``convolutional`` (causal dilated 1D CNN), ``transformer``
(encoder with positional encoding), ``nbeats`` (N-BEATS-style fully connected blocks,
for global models), ``probabilistic`` (quantile and distribution heads),
``classifiers`` (every classifier: the Conv1D-LSTM, its LSTM-alone and CNN-alone
baselines, and the network of :func:`tslib.classification.fit_classifier`).

Constructor arguments are uniform: ``input_size`` (``C_in``) may be passed by position,
every other argument by keyword only, with one name per concept: ``horizon``,
``lookback`` (only for models whose weights are per step; the base class
:class:`Forecaster` then checks ``L == lookback``), ``hidden_size``, ``n_layers``,
``output_size``, ``period`` (a seasonal period) and ``n_classes``. ``pool`` is always
how a feature map becomes one vector (``"last"``, ``"mean"``, ``"flatten"``);
``pool_size`` is always a max-pooling window (an int). Models without ``input_size``
(N-BEATS, the quantile and distribution nets, all univariate) take keywords only.

Dropout has one meaning per argument name, in every model (active in training mode
only):

- ``dropout``: inside the network's body, as in PyTorch: between stacked recurrent
  layers (``nn.LSTM(dropout=...)``, so it needs ``n_layers > 1``), or inside each
  Transformer encoder layer;
- ``conv_dropout``: after each convolution block;
- ``head_dropout``: on the summary vector that the linear head reads.
"""

from tslib.models.base import Classifier, Forecaster
from tslib.models.classifiers import (
    CNNClassifier,
    ConvLSTMClassifier,
    ConvLSTMNetwork,
    LSTMClassifier,
    ScaledClassifier,
)
from tslib.models.convolutional import CNNForecaster
from tslib.models.encoder_decoder import (
    EncoderDecoderForecaster,
    teacher_forcing_schedule,
)
from tslib.models.linear import DLinear, NLinear
from tslib.models.nbeats import NBeatsForecaster
from tslib.models.probabilistic import (
    DistributionForecaster,
    NLLLoss,
    PinballLoss,
    QuantileForecaster,
    sample_paths,
)
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
)

__all__ = [
    "CNNClassifier",
    "CNNForecaster",
    "Classifier",
    "DLinear",
    "ConvLSTMClassifier",
    "ConvLSTMNetwork",
    "DistributionForecaster",
    "EncoderDecoderForecaster",
    "Forecaster",
    "GRUForecaster",
    "LSTMClassifier",
    "LSTMForecaster",
    "NLLLoss",
    "PinballLoss",
    "NLinear",
    "NBeatsForecaster",
    "PositionalEncoding",
    "QuantileForecaster",
    "RNNForecaster",
    "RecurrentForecaster",
    "ScaledClassifier",
    "TransformerForecaster",
    "attention",
    "sample_paths",
    "teacher_forcing_schedule",
]
