"""Training: seeds, device choice, early stopping, the ``fit`` loop and ``predict``.

``fit`` is the one training loop of the book: mini-batches, a validation pass every epoch,
early stopping on the validation loss, the best weights restored at the end, and a progress
bar (``tqdm.auto``: a widget in Colab and Jupyter with ipywidgets, text elsewhere).
"""

from __future__ import annotations

import copy
import inspect
import random
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader

from tslib._checks import as_array, check_float, check_int, describe

with warnings.catch_warnings():
    # Without ipywidgets, tqdm.auto warns and falls back to the text bar: the fallback is fine.
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

Metric = Callable[[torch.Tensor, torch.Tensor], float]


def logits_accuracy(logits: torch.Tensor, targets: torch.Tensor) -> float:
    """Accuracy of a classifier's logits: a ready-made metric for :func:`fit`.

    Use it as ``fit(..., loss_fn=nn.CrossEntropyLoss(), metrics={"accuracy": logits_accuracy})``.

    Args:
        logits: ``(N, K)`` class scores (the predicted class is the argmax).
        targets: ``(N,)`` integer labels in ``0..K-1``.

    Returns:
        The fraction of correct predictions, in ``[0, 1]``.

    Example:
        >>> logits_accuracy(torch.tensor([[2.0, 0.1], [0.3, 0.9], [1.0, 0.0], [0.0, 1.0]]), torch.tensor([0, 1, 1, 1]))
        0.75
    """
    if logits.dim() != 2 or targets.dim() != 1 or len(logits) != len(targets):
        raise ValueError(
            f"expected logits (N, K) and targets (N,), got {tuple(logits.shape)} and "
            f"{tuple(targets.shape)}"
        )
    return int((logits.argmax(dim=-1) == targets).sum()) / len(targets)


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (CPU and all GPUs) for repeatable runs.

    Results are repeatable on one machine and software stack; across different hardware or
    library versions, small numeric differences may remain.
    """
    seed = check_int(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def get_device(prefer: str | None = None) -> torch.device:
    """Pick the fastest available device: ``cuda`` > ``mps`` > ``cpu``.

    Args:
        prefer: force a device type (``"cpu"``, ``"cuda"``, ``"mps"``); default: the best available.

    Example:
        >>> get_device("cpu")
        device(type='cpu')
    """
    if prefer is not None:
        if prefer not in {"cpu", "cuda", "mps"}:
            raise ValueError(f"prefer must be 'cpu', 'cuda' or 'mps', got {prefer!r}")
        return torch.device(prefer)
    if torch.cuda.is_available():
        return torch.device("cuda")
    if (
        getattr(torch.backends, "mps", None) is not None
        and torch.backends.mps.is_available()
    ):
        return torch.device("mps")
    return torch.device("cpu")


def count_parameters(model: nn.Module, trainable_only: bool = True) -> int:
    """Number of (trainable) parameters of ``model``.

    Example:
        >>> count_parameters(nn.Linear(3, 2))  # 3 * 2 weights + 2 biases
        8
    """
    return sum(
        p.numel() for p in model.parameters() if p.requires_grad or not trainable_only
    )


class EarlyStopping:
    """Stop when the monitored loss has not improved for ``patience`` epochs.

    An epoch *improves* when its loss is below the best so far by more than ``min_delta``.

    Args:
        patience: epochs without improvement before stopping (>= 1).
        min_delta: the smallest decrease that counts as an improvement (>= 0).

    Attributes:
        best_score_ (float): the lowest loss seen.
        best_epoch_ (int): the epoch (1-based) where it was seen.
        wait_ (int): epochs since the last improvement.

    Example:
        >>> stopper = EarlyStopping(patience=2)
        >>> [stopper.step(loss) for loss in [3.0, 2.0, 2.5, 2.4]]
        [True, True, False, False]
        >>> stopper.should_stop, stopper.best_epoch_
        (True, 2)
    """

    def __init__(self, patience: int = 10, min_delta: float = 0.0) -> None:
        self.patience = check_int(patience, "patience", minimum=1)
        self.min_delta = check_float(min_delta, "min_delta", low=0.0)
        self.best_score_ = float("inf")
        self.best_epoch_ = 0
        self.wait_ = 0
        self._epoch = 0

    def step(self, loss: float) -> bool:
        """Record one epoch's loss; return whether it improved on the best so far."""
        loss = float(loss)
        self._epoch += 1
        if loss < self.best_score_ - self.min_delta:
            self.best_score_, self.best_epoch_, self.wait_ = loss, self._epoch, 0
            return True
        self.wait_ += 1
        return False

    @property
    def should_stop(self) -> bool:
        """Whether ``patience`` epochs have passed without improvement."""
        return self.wait_ >= self.patience


@dataclass
class History:
    """What happened during :func:`fit`, one entry per epoch.

    Attributes:
        train_loss: mean training loss of each epoch (over samples).
        val_loss: mean validation loss of each epoch (empty without a validation loader).
        metrics: extra validation metrics, name -> one value per epoch (and
            ``"train_<name>"`` on the training batches with ``fit(..., train_metrics=True)``).
        best_epoch: the epoch (1-based) whose weights the model holds at the end if
            ``restore_best`` was set.
        stopped_early: whether early stopping ended training before ``epochs``.
        seconds: wall-clock training time.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    best_epoch: int = 0
    stopped_early: bool = False
    seconds: float = 0.0

    @property
    def epochs(self) -> int:
        """Number of epochs run."""
        return len(self.train_loss)

    @property
    def best_val_loss(self) -> float:
        """Validation loss at ``best_epoch`` (NaN without validation)."""
        return (
            self.val_loss[self.best_epoch - 1]
            if self.val_loss and self.best_epoch
            else float("nan")
        )


def _check_loader(loader: Any, name: str) -> None:
    if not isinstance(loader, DataLoader):
        raise TypeError(
            f"{name} must be a torch DataLoader (see tslib.data.make_loader), got {describe(loader)}"
        )


def _accepts_target(model: nn.Module) -> bool:
    """Whether ``model.forward`` takes a ``target`` keyword (teacher forcing; see :func:`fit`).

    Example:
        >>> _accepts_target(nn.Linear(2, 1))
        False
    """
    try:
        parameters = inspect.signature(model.forward).parameters
    except (
        TypeError,
        ValueError,
    ):  # some compiled or scripted modules have no signature
        return False
    return "target" in parameters


def _run_epoch(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: nn.Module,
    device: torch.device,
    optimizer: torch.optim.Optimizer | None = None,
    grad_clip: float | None = None,
    metrics: dict[str, Metric] | None = None,
) -> tuple[float, dict[str, float]]:
    """One pass over ``loader``; trains if ``optimizer`` is given. Returns the mean loss and metrics."""
    total, count = 0.0, 0
    preds, targets = [], []
    # Teacher forcing: a model whose forward takes `target` sees the targets while training only;
    # evaluation always runs the model as it will be used, on its inputs alone.
    pass_target = optimizer is not None and _accepts_target(model)
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        with torch.set_grad_enabled(optimizer is not None):
            out = model(xb, target=yb) if pass_target else model(xb)
            if yb.is_floating_point() and out.shape != yb.shape:
                # MSE would broadcast (B, H, 1) against (B, H) silently and learn the wrong thing.
                raise ValueError(
                    f"model output of shape {tuple(out.shape)} does not match the target "
                    f"batch of shape {tuple(yb.shape)}"
                )
            loss = loss_fn(out, yb)
        if optimizer is not None:
            optimizer.zero_grad()
            loss.backward()
            if grad_clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
            optimizer.step()
        total += loss.item() * len(xb)
        count += len(xb)
        if metrics:
            preds.append(out.detach().cpu())
            targets.append(yb.detach().cpu())
    scores = {}
    if metrics:
        all_preds, all_targets = torch.cat(preds), torch.cat(targets)
        scores = {
            name: float(fn(all_preds, all_targets)) for name, fn in metrics.items()
        }
    return total / count, scores


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    val_loader: DataLoader | None = None,
    *,
    epochs: int = 100,
    lr: float = 1e-3,
    loss_fn: nn.Module | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    patience: int | None = 10,
    min_delta: float = 0.0,
    restore_best: bool = True,
    grad_clip: float | None = None,
    metrics: dict[str, Metric] | None = None,
    train_metrics: bool = False,
    device: torch.device | str | None = None,
    progress: bool = True,
    desc: str | None = None,
    on_epoch_start: Callable[[nn.Module, int], None] | None = None,
) -> History:
    """Train ``model`` with mini-batches and early stopping; return the :class:`History`.

    Every epoch trains on ``train_loader``, then evaluates on ``val_loader``. The monitored
    loss is the validation loss (the training loss when there is no validation loader). With
    ``patience``, training stops once the monitored loss has not improved for that many
    epochs; with ``restore_best``, the model ends with the weights of its best epoch, not its
    last.

    Teacher forcing: if ``model.forward`` accepts a ``target`` keyword, training batches are
    run as ``model(x, target=y)``, so that a sequence model can feed the true previous values
    to its decoder (see :class:`tslib.models.EncoderDecoderForecaster`). Validation batches
    are always run as ``model(x)``: the validation loss measures the model as it will be used.
    Models without that keyword are called as ``model(x)`` throughout.

    Schedules: ``on_epoch_start(model, epoch)`` is called before each epoch's training pass
    (``epoch`` counts from 1); use it to change a model attribute over training, such as a
    teacher-forcing ratio that decays (:func:`tslib.models.teacher_forcing_schedule`).

    Args:
        model: the network; it is trained in place and moved to ``device``.
        train_loader: training batches ``(x, y)``.
        val_loader: validation batches, or ``None``.
        epochs: the most epochs to run.
        lr: learning rate of the default Adam optimizer.
        loss_fn: loss module, called as ``loss_fn(model(x), y)``; default ``nn.MSELoss()``
            (use ``nn.CrossEntropyLoss()`` for classifiers).
        optimizer: an optimizer over ``model.parameters()``; default ``Adam(lr=lr)``.
        patience: epochs without improvement before stopping; ``None`` runs all epochs.
        min_delta: smallest decrease of the loss that counts as an improvement.
        restore_best: load the best epoch's weights at the end.
        grad_clip: clip the gradient norm to this value (helps recurrent networks).
        metrics: extra metrics on the validation set, name -> ``fn(outputs, targets)``
            (e.g. ``{"accuracy": logits_accuracy}`` for a classifier).
        train_metrics: also compute ``metrics`` on the training batches of each epoch (as
            the weights change, with dropout on), stored as ``"train_<name>"``.
        device: where to train; default :func:`get_device`.
        progress: show a progress bar over epochs.
        desc: label of the progress bar.
        on_epoch_start: a function ``(model, epoch) -> None`` called before each epoch.

    Returns:
        The :class:`History` of losses and metrics.

    Example:
        >>> from tslib.data import make_loader
        >>> _ = torch.manual_seed(0)
        >>> X = np.random.default_rng(0).normal(size=(64, 4, 1)).astype("float32")
        >>> y = X[:, -1:, :].copy()  # learn to copy the last value
        >>> model = nn.Sequential(nn.Flatten(), nn.Linear(4, 1), nn.Unflatten(1, (1, 1)))
        >>> history = fit(model, make_loader(X, y, 16), make_loader(X, y, 64), epochs=300,
        ...               lr=0.05, progress=False, device="cpu")
        >>> history.best_val_loss < 1e-3
        True
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}")
    _check_loader(train_loader, "train_loader")
    if val_loader is not None:
        _check_loader(val_loader, "val_loader")
    epochs = check_int(epochs, "epochs", minimum=1)
    lr = check_float(lr, "lr", low=0.0, low_inclusive=False)
    if patience is not None:
        patience = check_int(patience, "patience", minimum=1)
    if grad_clip is not None:
        grad_clip = check_float(grad_clip, "grad_clip", low=0.0, low_inclusive=False)
    if on_epoch_start is not None and not callable(on_epoch_start):
        raise TypeError(
            f"on_epoch_start must be a function (model, epoch) -> None, got {describe(on_epoch_start)}"
        )
    device = get_device() if device is None else torch.device(device)
    model.to(device)
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    optimizer = (
        torch.optim.Adam(model.parameters(), lr=lr) if optimizer is None else optimizer
    )
    stopper = EarlyStopping(patience=patience or epochs, min_delta=min_delta)
    history = History(metrics={name: [] for name in (metrics or {})})
    if train_metrics:
        history.metrics.update({f"train_{name}": [] for name in (metrics or {})})
    best_state = None
    start = time.perf_counter()
    bar = tqdm(
        range(1, epochs + 1),
        desc=desc or type(model).__name__,
        disable=not progress,
        unit="epoch",
        leave=True,
    )
    for epoch in bar:
        if on_epoch_start is not None:
            on_epoch_start(model, epoch)
        model.train()
        train_loss, train_scores = _run_epoch(
            model,
            train_loader,
            loss_fn,
            device,
            optimizer,
            grad_clip,
            metrics=metrics if train_metrics else None,
        )
        history.train_loss.append(train_loss)
        for name, value in train_scores.items():
            history.metrics[f"train_{name}"].append(value)
        monitored = train_loss
        if val_loader is not None:
            model.eval()
            val_loss, scores = _run_epoch(
                model, val_loader, loss_fn, device, metrics=metrics
            )
            history.val_loss.append(val_loss)
            for name, value in scores.items():
                history.metrics[name].append(value)
            monitored = val_loss
        if not np.isfinite(monitored):
            raise FloatingPointError(
                f"the loss became {monitored} at epoch {epoch}: lower lr or set grad_clip"
            )
        if stopper.step(monitored):
            history.best_epoch = epoch
            if restore_best:
                best_state = copy.deepcopy(model.state_dict())
        postfix = {"train": f"{train_loss:.4g}"}
        if val_loader is not None:
            postfix["val"] = f"{history.val_loss[-1]:.4g}"
        bar.set_postfix(postfix, refresh=False)
        if patience is not None and stopper.should_stop:
            history.stopped_early = epoch < epochs
            break
    bar.close()
    if restore_best and best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    history.seconds = time.perf_counter() - start
    return history


@torch.no_grad()
def predict(
    model: nn.Module,
    data: Any,
    batch_size: int = 512,
    device: torch.device | str | None = None,
) -> np.ndarray:
    """Run ``model`` in evaluation mode over ``data`` and return the outputs as one array.

    Args:
        model: a trained model.
        data: inputs ``(N, L, C_in)`` (array or tensor), or a DataLoader of ``(x, y)`` batches
            (in its order; never shuffle an evaluation loader).
        batch_size: batch size when ``data`` is an array.
        device: where to run; default the device of the model's parameters.

    Returns:
        ``(N, H, C_out)`` forecasts or ``(N, K)`` logits, float32. The model's training mode
        is restored afterwards.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}")
    if device is None:
        param = next(model.parameters(), None)
        device = param.device if param is not None else torch.device("cpu")
    device = torch.device(device)
    if isinstance(data, DataLoader):
        batches = (xb for xb, *_ in data)
    else:
        x = torch.as_tensor(as_array(data, "data", ndim=3, dtype=np.float32))
        batch_size = check_int(batch_size, "batch_size", minimum=1)
        batches = (x[i : i + batch_size] for i in range(0, len(x), batch_size))
    was_training = model.training
    model.eval()
    try:
        outputs = [model(xb.to(device)).cpu() for xb in batches]
    finally:
        model.train(was_training)
    return torch.cat(outputs).numpy()


# Chapter 5's classifier recipe lives in its own module, re-exported here beside `fit`.
# Imported last: tslib.classification imports nothing from this module.
from tslib.classification import fit_classifier as fit_classifier  # noqa: E402
