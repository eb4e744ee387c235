"""Training: seeds, device choice, early stopping, the ``fit`` loop and ``predict``.

Devices, one rule: ``device=None`` means :func:`get_device` in a function that places
a model (:func:`fit`, :func:`tslib.classification.fit_classifier`), and the device of
the model's parameters (where :func:`fit` left it) in :func:`predict`.
"""

from __future__ import annotations

import copy
import inspect
import os
import random
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from tslib import _distributed
from tslib._validate import (
    as_array,
    check_device,
    check_float,
    check_int,
    check_seed,
    describe,
)

with warnings.catch_warnings():
    # Without ipywidgets, tqdm.auto warns and falls back to the text bar: that is fine.
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

DEFAULT_EPOCHS = 100
"""The most epochs of a training run of :func:`fit`."""
DEFAULT_LR = 1e-3
"""The learning rate of :func:`fit`'s default Adam optimizer."""


def set_seed(seed: int) -> None:
    """Seed Python, NumPy and PyTorch (CPU and all GPUs): runs repeat on one machine."""
    seed = check_seed(seed)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)  # every device's generator, GPUs included


def _as_device(device: torch.device | str | None) -> torch.device:
    """``device`` checked (``check_device``); ``None`` picks :func:`get_device`."""
    return get_device() if device is None else check_device(device)


def get_device() -> torch.device:
    """Pick the fastest available device: ``cuda`` > ``mps`` > ``cpu``.

    Example:
        >>> get_device().type in ("cpu", "cuda", "mps")
        True
    """
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def count_parameters(model: Any) -> int:
    """Trainable parameters of a network, or the fitted coefficients of a baseline.

    Args:
        model: a network (its ``requires_grad`` parameters), a fitted baseline such as
            :class:`tslib.baselines.LinearAR` (its ``coef_`` and ``intercept_``), or
            anything else, such as a function (0).

    Example:
        >>> count_parameters(nn.Linear(3, 2))  # 3 * 2 weights + 2 biases
        8
    """
    if isinstance(model, nn.Module):
        return sum(p.numel() for p in model.parameters() if p.requires_grad)
    names = ("coef_", "intercept_")
    return int(sum(np.size(getattr(model, n)) for n in names if hasattr(model, n)))


@dataclass(eq=False)
class EarlyStopping:
    """Stop when the monitored loss has not improved for ``patience`` epochs.

    :func:`fit` calls :meth:`reset` first, so one object can serve several runs.

    Args:
        patience: epochs without improvement before stopping (>= 1); ``None`` never
            stops, but still tracks (and restores) the best epoch.
        min_delta: an epoch improves when its loss is below the best so far by more
            than this (>= 0).
        restore_best: at the end of training, load the best epoch's weights.

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

    patience: int | None = 10
    min_delta: float = 0.0
    restore_best: bool = True

    def __post_init__(self) -> None:
        if self.patience is not None:
            self.patience = check_int(self.patience, "patience", minimum=1)
        self.min_delta = check_float(self.min_delta, "min_delta", low=0.0)
        if not isinstance(self.restore_best, bool):
            raise TypeError(
                f"restore_best must be True or False, got {describe(self.restore_best)}"
            )
        self.reset()

    def reset(self) -> None:
        """Forget every epoch seen (and the saved weights): ready for a new run."""
        self.best_score_ = float("inf")
        self.best_epoch_ = 0
        self.wait_ = 0
        self._epoch = 0
        self._best_state: dict[str, Any] | None = None

    def step(self, loss: float, model: nn.Module | None = None) -> bool:
        """Record one epoch's loss; return whether it improved on the best so far
        (then, with ``restore_best``, keep a copy of ``model``'s weights)."""
        loss = float(loss)
        self._epoch += 1
        if loss < self.best_score_ - self.min_delta:
            self.best_score_, self.best_epoch_, self.wait_ = loss, self._epoch, 0
            if self.restore_best and model is not None:
                self._best_state = copy.deepcopy(model.state_dict())
            return True
        self.wait_ += 1
        return False

    @property
    def should_stop(self) -> bool:
        """Whether ``patience`` epochs have passed without improvement."""
        return self.patience is not None and self.wait_ >= self.patience

    def restore(self, model: nn.Module) -> None:
        """Load the best epoch's weights into ``model`` (if ``restore_best``)."""
        if self.restore_best and self._best_state is not None:
            model.load_state_dict(self._best_state)


@dataclass
class History:
    """What happened during :func:`fit`, one entry per epoch.

    Attributes:
        train_loss: mean training loss of each epoch (over samples).
        val_loss: mean validation loss of each epoch (empty without ``val_loader``).
        metrics: validation metrics, name -> one value per epoch.
        lr: the learning rate at the start of each epoch (first parameter group).
        best_epoch: the epoch (1-based) with the lowest monitored loss.
        stopped_early: whether early stopping ended training before ``epochs``.
        seconds: wall-clock training time.
    """

    train_loss: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    metrics: dict[str, list[float]] = field(default_factory=dict)
    lr: list[float] = field(default_factory=list)
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
        if self.val_loss and self.best_epoch:
            return self.val_loss[self.best_epoch - 1]
        return float("nan")


def update_loader(
    X: Any,
    y: Any,
    *,
    batch_size: int,
    updates: int,
    seed: int = 0,
    drop_last: bool = False,
) -> DataLoader:
    """Batches for a budget of ``updates`` optimizer steps, not epochs: train one epoch.

    Each pass over the ``N`` samples cuts a fresh permutation into batches, until
    ``updates`` batches: ``fit(model, update_loader(...), epochs=1)`` makes ``updates``
    steps however small the data set. PyTorch's global random stream is left alone.

    Args:
        X: inputs ``(N, ...)``, array or tensor.
        y: targets ``(N, ...)``, array or tensor.
        batch_size: samples per batch (>= 1).
        updates: batches in all (>= 1).
        seed: seed of the orders.
        drop_last: skip each pass's short last batch (batch norm needs > 1 sample).

    Example:
        >>> X, y = np.arange(5.0)[:, None], np.zeros(5)
        >>> loader = update_loader(X, y, batch_size=2, updates=4, seed=0)
        >>> [xb[:, 0].tolist() for xb, _ in loader]
        [[2.0, 4.0], [3.0, 0.0], [1.0], [4.0, 1.0]]
    """
    X, y = torch.as_tensor(np.asarray(X)), torch.as_tensor(np.asarray(y))
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"X and y must hold the same number >= 1 of samples, got {len(X)} and "
            f"{len(y)}"
        )
    n, size = len(X), check_int(batch_size, "batch_size", minimum=1)
    updates, seed = check_int(updates, "updates", minimum=1), check_seed(seed)
    if drop_last and size > n:
        raise ValueError(f"drop_last=True needs batch_size <= N, got {size} > {n}")
    rng = np.random.default_rng(seed)
    per_pass = n // size if drop_last else -(-n // size)  # ceiling: the short batch
    batches: list[list[int]] = []  # the same batches on every iteration
    while len(batches) < updates:
        order = rng.permutation(n)
        batches += [order[i * size : (i + 1) * size].tolist() for i in range(per_pass)]
    # its own generator: creating an iterator would otherwise draw from the global one
    generator = torch.Generator().manual_seed(seed)
    return DataLoader(
        TensorDataset(X, y), batch_sampler=batches[:updates], generator=generator
    )


def _check_loader(loader: Any, name: str) -> None:
    if not isinstance(loader, DataLoader):
        raise TypeError(
            f"{name} must be a torch DataLoader (see tslib.data.make_loader), "
            f"got {describe(loader)}"
        )
    try:
        n_batches = len(loader)
    except TypeError:  # an iterable dataset without a length: cannot tell
        return
    if n_batches == 0:
        raise ValueError(
            f"{name} must yield at least one batch, got an empty DataLoader (0 "
            "windows: is the series shorter than lookback + horizon?)"
        )


def _optimizer_and_scheduler(
    model: nn.Module, loss_fn: Any, lr: float, optimizer: Any, scheduler: Any, per: str
) -> tuple[torch.optim.Optimizer, Any]:
    """``fit``'s optimizer (``optimizer`` checked, or Adam) and scheduler (or None)."""
    if optimizer is None:
        optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    elif not isinstance(optimizer, torch.optim.Optimizer):
        raise TypeError(
            "optimizer must be a torch.optim.Optimizer over model.parameters(), "
            f"got {describe(optimizer)}"
        )
    own = {id(p) for p in model.parameters()}
    if isinstance(loss_fn, nn.Module):  # a loss with learnable weights is fine too
        own |= {id(p) for p in loss_fn.parameters()}
    given = [p for group in optimizer.param_groups for p in group["params"]]
    foreign = sum(id(p) not in own for p in given)
    if foreign or not given:
        raise ValueError(
            "optimizer must update the parameters of model, but "
            f"{foreign} of its {len(given)} parameters are not model's: build it "
            "with model.parameters() (e.g. torch.optim.Adam(model.parameters()))"
        )
    if scheduler is None:
        return optimizer, None
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau
    kinds = (torch.optim.lr_scheduler.LRScheduler, plateau)
    if not isinstance(scheduler, kinds):
        if not callable(scheduler):
            raise TypeError(
                "scheduler must be a torch.optim.lr_scheduler object or a function "
                f"optimizer -> scheduler, got {describe(scheduler)}"
            )
        scheduler = scheduler(optimizer)
        if not isinstance(scheduler, kinds):
            raise TypeError(
                "scheduler(optimizer) must return a torch.optim.lr_scheduler object, "
                f"got {describe(scheduler)}"
            )
    if scheduler.optimizer is not optimizer:
        raise ValueError(
            "scheduler must schedule the optimizer that fit uses: pass that optimizer "
            "as optimizer=..., or pass a function optimizer -> scheduler, such as "
            "lambda opt: torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)"
        )
    if isinstance(scheduler, plateau) and per == "batch":
        raise ValueError(
            "ReduceLROnPlateau steps with the monitored loss once per epoch: use "
            "scheduler_interval='epoch'"
        )
    return optimizer, scheduler


def _check_labels(out: torch.Tensor, yb: torch.Tensor) -> None:
    """Raise ``ValueError`` for labels outside ``0..K-1`` of ``(B, K)`` logits."""
    if out.dim() != 2 or yb.is_floating_point() or yb.dim() != 1:
        return
    K = out.shape[1]
    bad = (yb < 0) | (yb >= K)
    if bool(bad.any()):
        labels = sorted({int(v) for v in yb[bad].tolist()})
        raise ValueError(
            f"class labels {labels} are out of range for a classifier with K = {K} "
            f"outputs (labels must be 0..{K - 1}): remap the labels to 0..K-1 "
            "(np.unique(y, return_inverse=True)) or build the model with more classes"
        )


def _metric_value(name: str, value: Any) -> float:
    """A metric's value as a float, or a clear error naming the metric."""
    if hasattr(value, "detach"):  # a torch scalar
        value = value.detach().cpu()
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 (any object that is no array)
        arr = np.asarray(None)
    if arr.dtype.kind not in "iuf" or arr.size != 1:
        raise TypeError(
            f"metrics[{name!r}] must return one real number, got {describe(value)}"
        )
    return float(arr.reshape(()))


def _run_epoch(
    model: nn.Module,
    loader: DataLoader,
    loss_fn: nn.Module,
    device: torch.device,
    optimizer: torch.optim.Optimizer | None = None,
    grad_clip: float | None = None,
    teacher_forcing: bool = False,
    keep_outputs: bool = False,
    batch_scheduler: Any = None,
) -> tuple[float, np.ndarray | None, np.ndarray | None]:
    """One pass over ``loader`` (training if ``optimizer`` is given): the mean loss and,
    with ``keep_outputs``, the targets and outputs as arrays."""
    total, count = 0.0, 0
    preds, targets = [], []
    pass_target = optimizer is not None and teacher_forcing
    for xb, yb in loader:
        xb, yb = xb.to(device), yb.to(device)
        with torch.set_grad_enabled(optimizer is not None):
            out = model(xb, target=yb) if pass_target else model(xb)
            # MSE would broadcast (B, H, 1) against (B, H) silently and learn the wrong
            # thing; losses that check their own shapes (checks_shapes = True, e.g. a
            # pinball loss over (B, H, Q) quantiles) opt out.
            checked = getattr(loss_fn, "checks_shapes", False)
            if yb.is_floating_point() and out.shape != yb.shape and not checked:
                raise ValueError(
                    f"model output of shape {tuple(out.shape)} does not match the "
                    f"target batch of shape {tuple(yb.shape)}"
                )
            _check_labels(out, yb)
            loss = loss_fn(out, yb)
        if optimizer is not None:
            optimizer.zero_grad()
            loss.backward()
            if grad_clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
            optimizer.step()
            if batch_scheduler is not None:
                batch_scheduler.step()
        total += loss.item() * len(xb)
        count += len(xb)
        if keep_outputs:
            preds.append(out.detach().cpu())
            targets.append(yb.detach().cpu())
    if _distributed.is_distributed():  # under torchrun: the mean over every rank
        total, count = _distributed.all_sum(total, count, device)
    if not keep_outputs:
        return total / count, None, None
    y_true, y_pred = torch.cat(targets).numpy(), torch.cat(preds).numpy()
    if _distributed.is_distributed():
        y_true, y_pred = _distributed.gather(y_true), _distributed.gather(y_pred)
    return total / count, y_true, y_pred


def fit(
    model: nn.Module,
    train_loader: DataLoader,
    val_loader: DataLoader | None = None,
    *,
    epochs: int = DEFAULT_EPOCHS,
    lr: float | None = None,
    loss_fn: nn.Module | None = None,
    optimizer: torch.optim.Optimizer | None = None,
    scheduler: Any = None,
    scheduler_interval: str = "epoch",
    early_stopping: EarlyStopping | None = None,
    teacher_forcing: bool = False,
    grad_clip: float | None = None,
    metrics: Mapping[str, Callable[[np.ndarray, np.ndarray], float]] | None = None,
    device: torch.device | str | None = None,
    progress: bool = True,
    on_epoch_start: Callable[[nn.Module, int], None] | None = None,
    checkpoint: str | os.PathLike | None = None,
) -> History:
    """Train ``model`` with mini-batches; return the :class:`History`.

    Every epoch trains on ``train_loader``, then evaluates on ``val_loader`` (always as
    ``model(x)``, the model as it will be used); the monitored loss is the validation
    loss, or the training loss without a validation loader.

    Under ``torchrun`` (after ``init_process_group``), each process trains a
    ``DistributedDataParallel`` replica on its own shard of the windows; only rank 0
    shows progress and writes ``checkpoint`` (see "When one machine is not enough").

    Args:
        model: the network; it is trained in place and moved to ``device``.
        train_loader: training batches ``(x, y)``.
        val_loader: validation batches, or ``None``.
        epochs: the most epochs to run.
        lr: learning rate of the default Adam optimizer (default :data:`DEFAULT_LR`);
            an error together with ``optimizer``, which carries its own rate.
        loss_fn: loss module, called as ``loss_fn(model(x), y)``; default
            ``nn.MSELoss()`` (use ``nn.CrossEntropyLoss()`` for classifiers).
        optimizer: an optimizer over ``model.parameters()``; default ``Adam(lr=lr)``.
        scheduler: a ``torch.optim.lr_scheduler`` over ``optimizer``, or (with the
            default optimizer) a function such as ``lambda opt: CosineAnnealingLR(opt,
            T_max=epochs)``; ``ReduceLROnPlateau`` steps with the monitored loss.
        scheduler_interval: when ``scheduler`` steps: after every epoch (``"epoch"``)
            or after every optimizer step (``"batch"``, e.g. for ``OneCycleLR``).
        early_stopping: an :class:`EarlyStopping`, or ``None``: run every epoch and
            keep the last weights.
        teacher_forcing: call ``model(x, target=y)`` on training batches (see
            :class:`tslib.models.EncoderDecoderForecaster`).
        grad_clip: clip the gradient norm to this value (helps recurrent networks).
        metrics: validation metrics, name -> ``fn(y_true, y_pred)``, called like the
            :mod:`tslib.metrics` functions on the whole validation set's targets and
            outputs (e.g. ``{"accuracy": tslib.metrics.logits_accuracy}``).
        device: where to train; ``None``: :func:`get_device`.
        progress: show a progress bar over epochs (``tqdm.auto``).
        on_epoch_start: ``(model, epoch) -> None``, called before each epoch's training
            (``epoch`` from 1), e.g. :func:`tslib.models.teacher_forcing_schedule`.
        checkpoint: a file path where rank 0 saves the model's ``state_dict`` at
            every epoch that improves the monitored loss, or ``None``.

    Returns:
        The :class:`History` of losses and metrics.

    Raises:
        TypeError: a non-module ``model``, a non-DataLoader loader, an argument of the
            wrong type, ``teacher_forcing`` with a ``forward`` that takes no ``target``.
        ValueError: outputs of another shape than the targets, labels out of range, a
            bad ``device``, both ``lr`` and ``optimizer``, a foreign scheduler.
        FloatingPointError: a NaN or infinite loss.

    Example:
        >>> from tslib.data import make_loader
        >>> _ = torch.manual_seed(0)
        >>> X = np.random.default_rng(0).normal(size=(64, 4, 1)).astype("float32")
        >>> y = X[:, -1:, :].copy()  # learn to copy the last value
        >>> model = nn.Sequential(
        ...     nn.Flatten(), nn.Linear(4, 1), nn.Unflatten(1, (1, 1))
        ... )
        >>> history = fit(model, make_loader(X, y, 16), make_loader(X, y, 64),
        ...               epochs=300, lr=0.05, early_stopping=EarlyStopping(),
        ...               progress=False, device="cpu")
        >>> history.best_val_loss < 1e-3
        True
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}")
    _check_loader(train_loader, "train_loader")
    if val_loader is not None:
        _check_loader(val_loader, "val_loader")
    epochs = check_int(epochs, "epochs", minimum=1)
    if lr is not None and optimizer is not None:
        raise ValueError(
            f"pass lr or optimizer, not both: the optimizer carries its own learning "
            f"rate (got lr={lr!r} and optimizer={type(optimizer).__name__})"
        )
    lr = check_float(
        DEFAULT_LR if lr is None else lr, "lr", low=0.0, low_inclusive=False
    )
    if scheduler_interval not in ("epoch", "batch"):
        raise ValueError(
            f"scheduler_interval must be 'epoch' or 'batch', got {scheduler_interval!r}"
        )
    if early_stopping is not None and not isinstance(early_stopping, EarlyStopping):
        raise TypeError(
            "early_stopping must be an EarlyStopping (e.g. EarlyStopping(patience=10)) "
            f"or None, got {describe(early_stopping)}"
        )
    if teacher_forcing:
        try:
            forward = inspect.signature(model.forward).parameters
        except (TypeError, ValueError):  # some compiled modules have no signature
            forward = {}
        if "target" not in forward:
            raise TypeError(
                "teacher_forcing=True calls model(x, target=y) while training, but "
                f"{type(model).__name__}.forward has no 'target' parameter; use "
                "teacher_forcing=False, or a model such as EncoderDecoderForecaster"
            )
    if grad_clip is not None:
        grad_clip = check_float(grad_clip, "grad_clip", low=0.0, low_inclusive=False)
    metrics = dict(metrics or {})
    for name, fn in metrics.items():
        if not callable(fn):
            raise TypeError(
                f"metrics[{name!r}] must be a function (y_true, y_pred) -> float, "
                f"got {describe(fn)}"
            )
    if metrics and val_loader is None:
        raise ValueError("metrics are computed on the validation set: pass val_loader")
    if on_epoch_start is not None and not callable(on_epoch_start):
        raise TypeError(
            "on_epoch_start must be a function (model, epoch) -> None, "
            f"got {describe(on_epoch_start)}"
        )
    if checkpoint is not None and not isinstance(checkpoint, (str, os.PathLike)):
        raise TypeError(
            f"checkpoint must be a file path or None, got {describe(checkpoint)}"
        )
    device = _as_device(device)
    net, distributed = model, _distributed.is_distributed()  # net: what trains
    if distributed:  # this rank's replica in DDP, which averages the gradients
        device = _distributed.local_device(device)
        net = _distributed.wrap(model.to(device), device)
        train_loader = _distributed.shard_train(train_loader, device)
        if val_loader is not None:
            val_loader = _distributed.shard_eval(val_loader)
    model.to(device)
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    optimizer, scheduler = _optimizer_and_scheduler(
        model, loss_fn, lr, optimizer, scheduler, scheduler_interval
    )
    batch_scheduler = scheduler if scheduler_interval == "batch" else None
    epoch_scheduler = scheduler if scheduler_interval == "epoch" else None
    is_main = _distributed.rank() == 0
    # without early stopping: track the best epoch (for History), never stop
    stopper = early_stopping or EarlyStopping(patience=None, restore_best=False)
    stopper.reset()
    history = History(metrics={name: [] for name in metrics})
    start = time.perf_counter()
    quiet = not progress or not is_main
    bar = tqdm(
        range(1, epochs + 1), desc=type(model).__name__, disable=quiet, unit="epoch"
    )
    for epoch in bar:
        if on_epoch_start is not None:
            on_epoch_start(model, epoch)
        if distributed:
            _distributed.set_epoch(train_loader, epoch)
        net.train()
        history.lr.append(float(optimizer.param_groups[0]["lr"]))
        train_loss, _, _ = _run_epoch(
            net,
            train_loader,
            loss_fn,
            device,
            optimizer,
            grad_clip,
            teacher_forcing=teacher_forcing,
            batch_scheduler=batch_scheduler,
        )
        history.train_loss.append(train_loss)
        monitored = train_loss
        postfix = {"train": f"{train_loss:.4g}"}
        if val_loader is not None:
            model.eval()
            val_loss, y_true, y_pred = _run_epoch(
                model, val_loader, loss_fn, device, keep_outputs=bool(metrics)
            )
            history.val_loss.append(val_loss)
            for name, fn in metrics.items():
                history.metrics[name].append(_metric_value(name, fn(y_true, y_pred)))
            monitored = val_loss
            postfix["val"] = f"{val_loss:.4g}"
        if not np.isfinite(monitored):
            raise FloatingPointError(
                f"the loss became {monitored} at epoch {epoch}: "
                "lower lr or set grad_clip"
            )
        if isinstance(epoch_scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau):
            epoch_scheduler.step(monitored)
        elif epoch_scheduler is not None:
            epoch_scheduler.step()
        if stopper.step(monitored, model):
            history.best_epoch = epoch
            if checkpoint is not None and is_main:
                torch.save(model.state_dict(), checkpoint)
        bar.set_postfix(postfix, refresh=False)
        if stopper.should_stop:
            history.stopped_early = epoch < epochs
            break
    bar.close()
    stopper.restore(model)
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
    """Run ``model`` in evaluation mode over ``data``; return the outputs as one array.

    Args:
        model: a trained model.
        data: inputs ``(N, L, C_in)``, array or tensor.
        batch_size: samples per forward pass.
        device: where to run; default the device of the model's parameters.

    Returns:
        ``(N, H, C_out)`` forecasts or ``(N, K)`` logits, float32. The model's training
        mode is restored afterwards.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {describe(model)}")
    if device is None:
        device = next((p.device for p in model.parameters()), torch.device("cpu"))
    device = _as_device(device)
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


# The global forecasting recipe (chapter 6) lives in its own module, re-exported here.
# Imported last: tslib.recipe imports this module's functions inside its own.
from tslib.recipe import fit_global as fit_global  # noqa: E402
from tslib.recipe import forecast_series as forecast_series  # noqa: E402
