"""Tests of tslib.training: seeds, devices, early stopping (scripted), fit and
predict."""

import numpy as np
import pytest
import torch
from torch import nn

from tslib.data import make_loader, make_windows
from tslib.metrics import mae, mape
from tslib.training import (
    EarlyStopping,
    History,
    count_parameters,
    fit,
    get_device,
    predict,
    set_seed,
    update_loader,
)


class ScriptedLoss(nn.Module):
    """A model whose validation loss follows a script, epoch by epoch (no real
    learning).

    Its single parameter holds the epoch number, so the restored weights tell which
    epoch they came from.
    """

    def __init__(self, val_losses):
        super().__init__()
        self.val_losses = val_losses
        self.epoch = nn.Parameter(torch.zeros(()))

    def forward(self, x):
        if self.training:
            with torch.no_grad():
                self.epoch += 1  # one training batch per epoch in these tests
            return torch.ones(len(x), 1, 1) + self.epoch * 0
        loss = self.val_losses[int(self.epoch.item()) - 1]
        return torch.full((len(x), 1, 1), float(np.sqrt(loss)))


def scripted_fit(val_losses, **kwargs):
    model = ScriptedLoss(val_losses)
    X = np.zeros((4, 2, 1), dtype=np.float32)
    y = np.zeros((4, 1, 1), dtype=np.float32)
    loader = make_loader(X, y, batch_size=4)
    history = fit(
        model,
        loader,
        loader,
        epochs=len(val_losses),
        progress=False,
        device="cpu",
        optimizer=torch.optim.SGD(model.parameters(), lr=0.0),
        **kwargs,
    )
    return model, history


def test_early_stopping_follows_the_script():
    stopper = EarlyStopping(patience=3, min_delta=0.1)
    improved = [stopper.step(v) for v in [5.0, 4.0, 3.95, 3.0, 3.5, 3.2, 3.1]]
    assert improved == [
        True,
        True,
        False,
        True,
        False,
        False,
        False,
    ]  # 3.95 is within min_delta
    assert (
        stopper.best_epoch_ == 4 and stopper.best_score_ == 3.0 and stopper.should_stop
    )


def test_fit_stops_after_patience_and_restores_the_best_epoch():
    model, history = scripted_fit(
        [4.0, 3.0, 1.0, 2.0, 2.5, 3.0, 0.5, 0.1],
        early_stopping=EarlyStopping(patience=3),
    )
    assert history.epochs == 6 and history.stopped_early
    assert history.best_epoch == 3 and history.best_val_loss == pytest.approx(1.0)
    assert model.epoch.item() == 3  # the weights of epoch 3, not of epoch 6


def test_fit_without_early_stopping_runs_every_epoch_and_keeps_the_last_weights():
    model, history = scripted_fit([4.0, 3.0, 1.0, 2.0])
    assert history.epochs == 4 and not history.stopped_early and history.best_epoch == 3
    assert model.epoch.item() == 4


def test_patience_none_never_stops_but_restores_the_best_epoch():
    stopper = EarlyStopping(patience=None)
    model, history = scripted_fit([4.0, 3.0, 1.0, 2.0, 5.0], early_stopping=stopper)
    assert history.epochs == 5 and not history.stopped_early
    assert history.best_epoch == 3 == stopper.best_epoch_ and model.epoch.item() == 3


def test_an_early_stopping_object_is_reset_by_each_fit():
    stopper = EarlyStopping(patience=2, restore_best=False)
    scripted_fit([1.0, 2.0, 3.0], early_stopping=stopper)
    model, history = scripted_fit([5.0, 4.0, 3.0], early_stopping=stopper)
    assert history.epochs == 3 and history.best_epoch == 3 and model.epoch.item() == 3
    assert repr(stopper) == (
        "EarlyStopping(patience=2, min_delta=0.0, restore_best=False)"
    )


def test_fit_learns_a_linear_map_and_records_history():
    set_seed(0)
    X, y = make_windows(np.sin(np.arange(300) / 5), lookback=4)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 1), nn.Unflatten(1, (1, 1)))
    history = fit(
        model,
        make_loader(X[:200], y[:200], 32, shuffle=True, seed=0),
        make_loader(X[200:], y[200:], 64),
        epochs=60,
        lr=0.02,
        progress=False,
        device="cpu",
        metrics={"mae": mae},
    )
    assert (
        isinstance(history, History)
        and len(history.train_loss) == len(history.val_loss) == history.epochs
    )
    assert (
        history.best_val_loss < 1e-3 and len(history.metrics["mae"]) == history.epochs
    )
    assert not model.training


def test_fit_is_repeatable_with_a_seed():
    def run():
        set_seed(123)
        X, y = make_windows(np.cos(np.arange(120) / 4), lookback=6)
        model = nn.Sequential(
            nn.Flatten(),
            nn.Linear(6, 8),
            nn.Tanh(),
            nn.Linear(8, 1),
            nn.Unflatten(1, (1, 1)),
        )
        return fit(
            model,
            make_loader(X, y, 16, shuffle=True, seed=1),
            epochs=5,
            progress=False,
            device="cpu",
        ).train_loss

    assert run() == run()


def test_fit_rejects_bad_arguments():
    loader = make_loader(np.zeros((4, 2, 1)), np.zeros((4, 1, 1)))
    model = nn.Linear(1, 1)
    with pytest.raises(TypeError, match="train_loader must be a torch DataLoader"):
        fit(model, np.zeros((4, 2, 1)), progress=False)
    with pytest.raises(TypeError, match="model must be a torch.nn.Module, got str"):
        fit("lstm", loader, progress=False)
    with pytest.raises(ValueError, match="epochs must be >= 1, got 0"):
        fit(model, loader, epochs=0, progress=False)
    with pytest.raises(ValueError, match="lr must be in"):
        fit(model, loader, lr=-1.0, progress=False)
    with pytest.raises(TypeError, match="early_stopping must be an EarlyStopping"):
        fit(model, loader, early_stopping=5, progress=False)
    with pytest.raises(ValueError, match="metrics are computed on the validation set"):
        fit(model, loader, metrics={"mae": mae}, progress=False)
    with pytest.raises(TypeError, match=r"metrics\['mae'\] must be a function"):
        fit(model, loader, loader, metrics={"mae": 1}, progress=False)


def _linear_problem(n=12, batch_size=4):
    X = np.random.default_rng(0).normal(size=(n, 3, 1)).astype(np.float32)
    y = X[:, -1:, :].copy()
    model = nn.Sequential(nn.Flatten(), nn.Linear(3, 1), nn.Unflatten(1, (1, 1)))
    return model, make_loader(X, y, batch_size)


def test_an_epoch_scheduler_sets_the_rate_of_each_epoch():
    model, loader = _linear_problem()
    history = fit(
        model,
        loader,
        epochs=4,
        lr=0.1,
        scheduler=lambda opt: torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.5**e),
        progress=False,
        device="cpu",
    )
    assert history.lr == pytest.approx([0.1, 0.05, 0.025, 0.0125], rel=1e-12)


def test_a_batch_scheduler_steps_after_every_update():
    model, loader = _linear_problem(n=12, batch_size=4)  # 3 batches per epoch
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda k: 1 / (1 + k))
    history = fit(
        model,
        loader,
        epochs=3,
        optimizer=optimizer,
        scheduler=scheduler,
        scheduler_interval="batch",
        progress=False,
        device="cpu",
    )
    assert history.lr == pytest.approx([1.0, 1 / 4, 1 / 7])
    assert optimizer.param_groups[0]["lr"] == pytest.approx(1 / 10)


def test_reduce_on_plateau_steps_with_the_validation_loss():
    model = ScriptedLoss([3.0, 2.0, 2.5, 2.4])
    loader = make_loader(np.zeros((4, 2, 1)), np.zeros((4, 1, 1)), batch_size=4)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)  # zero gradients
    history = fit(
        model,
        loader,
        loader,
        epochs=4,
        optimizer=optimizer,
        scheduler=torch.optim.lr_scheduler.ReduceLROnPlateau(
            optimizer, factor=0.5, patience=0
        ),
        progress=False,
        device="cpu",
    )
    assert history.lr == [1.0, 1.0, 1.0, 0.5]  # epoch 3 did not improve on 2.0


def test_fit_rejects_contradicting_optimizer_and_scheduler_arguments():
    model, loader = _linear_problem()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    other = torch.optim.SGD(model.parameters(), lr=0.1)
    step = torch.optim.lr_scheduler.StepLR
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau
    cases = [
        ({"lr": 0.1, "optimizer": optimizer}, ValueError, "pass lr or optimizer"),
        (
            {"optimizer": optimizer, "scheduler": step(other, 1)},
            ValueError,
            "scheduler must schedule the optimizer that fit uses",
        ),
        ({"scheduler": step(other, 1)}, ValueError, "optimizer that fit uses"),
        (
            {"scheduler": plateau, "scheduler_interval": "batch"},
            ValueError,
            "ReduceLROnPlateau steps with the monitored loss once per epoch",
        ),
        ({"scheduler_interval": "step"}, ValueError, "'epoch' or 'batch', got 'step'"),
        ({"scheduler": 0.5}, TypeError, "scheduler must be a torch.optim"),
        ({"scheduler": lambda opt: None}, TypeError, r"scheduler\(optimizer\) must"),
    ]
    for kwargs, error, message in cases:
        with pytest.raises(error, match=message):
            fit(model, loader, epochs=1, progress=False, device="cpu", **kwargs)


def test_fit_says_which_devices_exist():
    loader = make_loader(np.zeros((4, 2, 1)), np.zeros((4, 1, 1)))
    model = nn.Sequential(nn.Flatten(), nn.Linear(2, 1), nn.Unflatten(1, (1, 1)))
    with pytest.raises(
        ValueError,
        match="device must be 'cpu', 'cuda', 'mps' or a torch.device, got 'gpu'",
    ):
        fit(model, loader, device="gpu", progress=False)
    with pytest.raises(TypeError, match="device must be"):
        fit(model, loader, device=0, progress=False)


def test_fit_metrics_are_called_like_tslib_metrics():
    """``metrics={"mape": mape}`` gives ``mape(y_val, predict(model, X_val))``.

    A metric called as ``fn(y_pred, y_true)`` would divide by the forecasts instead.
    """
    set_seed(0)
    X, y = make_windows(2.0 + np.sin(np.arange(200) / 5), lookback=4)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 1), nn.Unflatten(1, (1, 1)))
    history = fit(
        model,
        make_loader(X[:150], y[:150], 32, shuffle=True, seed=0),
        make_loader(X[150:], y[150:], 16),
        epochs=3,
        lr=0.01,
        metrics={"mape": mape},
        progress=False,
        device="cpu",
    )
    expected = mape(y[150:], predict(model, X[150:]))
    assert history.metrics["mape"][-1] == pytest.approx(expected, rel=1e-5)
    reversed_order = mape(predict(model, X[150:]), y[150:])
    assert abs(reversed_order - expected) > 1e-4  # the test can tell the two apart


def test_fit_rejects_outputs_that_would_broadcast_against_targets():
    loader = make_loader(
        np.zeros((4, 3, 1)), np.zeros((4, 2))
    )  # targets (B, H) without the feature axis
    model = nn.Sequential(nn.Flatten(), nn.Linear(3, 2), nn.Unflatten(1, (2, 1)))
    with pytest.raises(
        ValueError,
        match=r"output of shape \(4, 2, 1\) does not match the target batch of "
        r"shape \(4, 2\)",
    ):
        fit(model, loader, epochs=1, progress=False, device="cpu")


def test_fit_raises_on_a_diverging_loss():
    X = np.ones((8, 2, 1), dtype=np.float32)
    model = nn.Sequential(nn.Flatten(), nn.Linear(2, 1), nn.Unflatten(1, (1, 1)))
    with pytest.raises(FloatingPointError, match="lower lr or set grad_clip"):
        fit(
            model,
            make_loader(X, X[:, :1] * 1e30, 8),
            epochs=5,
            lr=1e10,
            progress=False,
            device="cpu",
        )


def test_predict_matches_the_model_and_restores_training_mode():
    model = nn.Sequential(
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(3, 2), nn.Unflatten(1, (2, 1))
    )
    X = np.random.default_rng(0).normal(size=(700, 3, 1)).astype(np.float32)
    model.train()
    out = predict(model, X, batch_size=256)
    assert model.training  # mode restored
    model.eval()
    with torch.no_grad():
        expected = model(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(
        out, expected, rtol=1e-6
    )  # eval mode inside: no dropout noise
    with pytest.raises(ValueError, match="data must be 3-D"):
        predict(model, X[:, :, 0])


def test_seed_device_and_parameter_count():
    set_seed(7)
    a = torch.rand(3)
    set_seed(7)
    assert torch.equal(a, torch.rand(3))
    assert get_device().type in {"cpu", "cuda", "mps"}
    layer = nn.Linear(4, 3)
    layer.bias.requires_grad_(False)
    assert count_parameters(layer) == 12  # the frozen bias is not counted


# --- issue 26: fit's arguments -------------------------------------------------------


def _tiny():
    loader = make_loader(np.zeros((4, 2, 1)), np.zeros((4, 1, 1)))
    model = nn.Sequential(nn.Flatten(), nn.Linear(2, 1), nn.Unflatten(1, (1, 1)))
    return model, loader


def test_fit_refuses_an_optimizer_of_another_model():
    model, loader = _tiny()
    other, _ = _tiny()
    with pytest.raises(ValueError, match="optimizer must update the parameters of"):
        fit(model, loader, epochs=1, optimizer=torch.optim.Adam(other.parameters()))
    with pytest.raises(TypeError, match="optimizer must be a torch.optim.Optimizer"):
        fit(model, loader, epochs=1, optimizer="adam")
    # an optimizer over part of the model (fine-tuning a head) is fine
    fit(model, loader, epochs=1, optimizer=torch.optim.SGD(model[1].parameters()))


def test_fit_refuses_an_empty_loader():
    model, loader = _tiny()
    empty = make_loader(np.zeros((4, 2, 1)), np.zeros((4, 1, 1)))
    empty.dataset.tensors = tuple(t[:0] for t in empty.dataset.tensors)
    with pytest.raises(ValueError, match="train_loader must yield at least one batch"):
        fit(model, empty, epochs=1)
    with pytest.raises(ValueError, match="val_loader must yield at least one batch"):
        fit(model, loader, empty, epochs=1)


@pytest.mark.parametrize("device", ["cuda", "cuda:x", "cuda:99"])
def test_fit_says_when_the_gpu_does_not_exist(device):
    model, loader = _tiny()
    if torch.cuda.is_available() and device == "cuda":
        pytest.skip("this machine has a GPU")
    with pytest.raises(ValueError, match="device"):
        fit(model, loader, epochs=1, device=device)
    if not torch.cuda.is_available() and device == "cuda":
        with pytest.raises(ValueError, match="no CUDA GPU is available.*'cpu'"):
            predict(model, np.zeros((2, 2, 1)), device=device)


def test_fit_names_a_metric_that_returns_no_number():
    model, loader = _tiny()

    def text_metric(y_true, y_pred):
        return "good"

    with pytest.raises(TypeError, match="metrics\\['text'\\] must return one real"):
        fit(model, loader, loader, epochs=1, metrics={"text": text_metric})
    history = fit(
        model, loader, loader, epochs=1, metrics={"t": lambda a, b: torch.tensor(0.5)}
    )
    assert history.metrics["t"] == [0.5]


@pytest.mark.parametrize(
    ("seed", "error"), [(2**64, ValueError), (1.5, TypeError), ("0", TypeError)]
)
def test_set_seed_checks_its_seed(seed, error):
    with pytest.raises(error, match=r"seed must be an int in \[0, 2\*\*63 - 1\]"):
        set_seed(seed)


def test_predict_takes_arrays_not_loaders():
    model, loader = _tiny()
    with pytest.raises(TypeError, match="data must be a numeric array-like, got Data"):
        predict(model, loader)


def test_update_loader_gives_a_budget_of_batches_in_fresh_orders():
    X, y = np.arange(10.0)[:, None], np.arange(10)
    loader = update_loader(X, y, batch_size=4, updates=7, seed=3)
    batches = [yb.tolist() for _, yb in loader]
    assert len(loader) == len(batches) == 7
    assert [len(b) for b in batches] == [4, 4, 2] * 2 + [4]  # 3 batches per pass
    assert sorted(sum(batches[:3], [])) == list(range(10))  # a pass sees each once
    assert batches[:3] != batches[3:6]  # a new order every pass
    assert [yb.tolist() for _, yb in loader] == batches  # repeatable
    full = update_loader(X, y, batch_size=4, updates=5, seed=3, drop_last=True)
    assert [len(yb) for _, yb in full] == [4] * 5


def test_update_loader_leaves_the_global_random_stream_alone():
    X, y = np.zeros((6, 1)), np.zeros(6)
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    list(update_loader(X, y, batch_size=2, updates=4))
    torch.testing.assert_close(torch.rand(3), expected)


def test_update_loader_rejects_bad_arguments():
    X, y = np.zeros((6, 1)), np.zeros(6)
    with pytest.raises(ValueError, match="same number >= 1 of samples, got 6 and 5"):
        update_loader(X, y[:5], batch_size=2, updates=1)
    with pytest.raises(ValueError, match="updates must be >= 1"):
        update_loader(X, y, batch_size=2, updates=0)
    with pytest.raises(ValueError, match="drop_last=True needs batch_size <= N"):
        update_loader(X, y, batch_size=8, updates=1, drop_last=True)
