"""Models, all batch-first: forecasters and classifiers.

Forecasters map ``(B, L, C_in) -> (B, H, C_out)``, classifiers ``-> (B, K)``. One
family per file, the shared contracts in ``base``.

Constructor arguments are uniform, and the classes document only their own:
``input_size`` (``C_in``) may be passed by position, every other argument by keyword
only, with one name per concept: ``horizon`` (``H``), ``output_size`` (``C_out``),
``lookback`` (``L``, only for models whose weights are per step; :class:`Forecaster`
then checks it), ``hidden_size`` (``D``), ``n_layers``, ``n_classes`` (``K``),
``period`` (a seasonal period), ``pool`` (how a feature map becomes one vector:
``"last"``, ``"mean"``, ``"flatten"``) and ``pool_size`` (a max-pooling window). Models
without ``input_size`` (N-BEATS, the quantile and distribution nets, all univariate)
take keywords only. Dropout (active in training mode only) has one meaning per name:

- ``dropout``: inside the network's body, as in PyTorch: between stacked recurrent
  layers (so it needs ``n_layers > 1``), or inside each Transformer encoder layer;
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
