"""tslib: the companion library of *Deep Learning for Time Series with PyTorch*.

Every chapter of the book imports this small library. It holds what more than one
chapter needs: the bundled data sets, windowing and scaling, the models, a training
loop, metrics, baselines, backtests and plots. One concept per module:

========================  ==========================================================
``tslib.datasets``        the bundled real data sets (no download, ever)
``tslib.data``            synthetic series, chronological splits, scalers, windows
``tslib.models``          forecasters and classifiers, all batch-first
``tslib.training``        seeds, devices, ``fit`` (the one training loop), ``predict``
``tslib.classification``  a classifier recipe on ``fit``: ``fit_classifier`` (chapter 5)
``tslib.recipe``          a global forecaster on ``fit``: ``fit_global`` (chapter 6)
``tslib.metrics``         MAE, RMSE, MAPE, sMAPE, MASE, accuracy, confusion matrix
``tslib.baselines``       naive, seasonal naive, linear AR, 1-NN, majority
``tslib.evaluation``      the forecaster contract, recursive forecasts, backtests
``tslib.benchmark``       sizes and speeds: ``match_width``, ``latency_ms`` (chapter 4)
``tslib.plotting``        matplotlib figures; every function takes ``ax`` and returns it
========================  ==========================================================

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
