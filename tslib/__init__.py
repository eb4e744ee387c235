"""tslib: the companion library of *Deep Learning for Time Series with PyTorch*.

Every chapter of the book imports this small library. It holds what more than one
chapter needs, one concept per module: the bundled data sets (``tslib.datasets``),
windows and scaling (``tslib.data``), the models, the training loop (``tslib.training``)
and recipes built on it, metrics, baselines, backtests (``tslib.evaluation``), sizes and
speeds (``tslib.benchmark``) and plots (``tslib.plotting``).

Shape alphabet, used in every docstring, comment and error message:

=========  ==============================================
``N``      number of windows (samples) in a data set
``B``      batch size
``T``      length of a whole series
``L``      lookback: the length of one input window
``H``      horizon: the number of future steps forecast
``C_in``   input features (channels)
``C_out``  target features
``D``      hidden width
``K``      number of classes
=========  ==============================================

Every public model is batch-first. Forecasters map ``(B, L, C_in) -> (B, H, C_out)``;
classifiers map ``(B, L, C_in) -> (B, K)`` logits.
"""

__version__ = "0.1.0"
