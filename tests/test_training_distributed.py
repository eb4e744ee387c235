"""Tests of fit's distributed path (tslib/_distributed.py) and its checkpoint, in one
process: a process group of one rank (gloo). Two ranks under torchrun are tested in
tests/integration/test_distributed.py."""

import numpy as np
import pytest
import torch
import torch.distributed as dist
from torch import nn
from torch.utils.data import DistributedSampler

from tslib import _distributed
from tslib.data import make_loader
from tslib.training import EarlyStopping, fit, set_seed


@pytest.fixture
def one_rank():
    """A process group of one rank, as `torchrun --nproc-per-node=1` makes."""
    dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    yield
    dist.destroy_process_group()


def windows(n=96, lookback=6, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, lookback, 1)).astype("float32")
    return X, 0.5 * X[:, -2:, :] + 0.1 * rng.normal(size=(n, 2, 1)).astype("float32")


def train(shuffle=False, **kwargs):
    set_seed(0)
    X, y = windows()
    model = nn.Sequential(nn.Flatten(), nn.Linear(6, 2), nn.Unflatten(1, (2, 1)))
    history = fit(
        model,
        make_loader(X, y, 16, shuffle=shuffle, seed=0),
        make_loader(*windows(32, seed=1), 8),
        epochs=6,
        lr=0.01,
        progress=False,
        device="cpu",
        **kwargs,
    )
    return model, history


def test_no_process_group_outside_torchrun():
    assert not _distributed.is_distributed()
    assert _distributed.rank() == 0


def test_a_one_rank_group_trains_exactly_as_one_process(one_rank):
    # DDP over one rank averages each gradient with itself: nothing changes.
    model, history = train()
    dist.destroy_process_group()
    try:
        plain_model, plain = train()
    finally:
        dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
    assert history.train_loss == plain.train_loss
    assert history.val_loss == plain.val_loss
    for a, b in zip(model.parameters(), plain_model.parameters()):
        assert torch.equal(a, b)


def test_training_windows_are_reshuffled_every_epoch_from_the_seed(one_rank):
    set_seed(7)
    X, y = windows()
    loader = _distributed.shard_train(
        make_loader(X, y, 16, shuffle=True), torch.device("cpu")
    )
    assert isinstance(loader.sampler, DistributedSampler)
    assert loader.sampler.seed == 7 and loader.batch_size == 16
    orders = []
    for epoch in (1, 2, 1):
        _distributed.set_epoch(loader, epoch)
        orders.append(list(loader.sampler))
    assert orders[0] != orders[1] and orders[0] == orders[2]
    assert sorted(orders[0]) == list(range(len(X)))


def test_an_evaluation_set_keeps_every_window_in_order(one_rank):
    X, y = windows(30)
    loader = _distributed.shard_eval(make_loader(X, y, 8))
    assert torch.equal(torch.cat([xb for xb, _ in loader]), torch.from_numpy(X))
    assert _distributed.all_sum(3.0, 2, torch.device("cpu")) == (3.0, 2)
    assert _distributed.gather(np.arange(3)).tolist() == [0, 1, 2]


def test_checkpoint_holds_the_best_weights(tmp_path):
    path = tmp_path / "best.pt"
    model, history = train(checkpoint=path, early_stopping=EarlyStopping(patience=2))
    best = torch.load(path)
    assert history.best_epoch >= 1
    for name, value in model.state_dict().items():  # restored: the best epoch's
        assert torch.equal(best[name], value)


def test_checkpoint_does_not_change_training(tmp_path):
    _, with_file = train(shuffle=True, checkpoint=str(tmp_path / "best.pt"))
    _, without = train(shuffle=True)
    assert with_file.val_loss == without.val_loss


def test_checkpoint_must_be_a_path():
    with pytest.raises(TypeError, match="checkpoint must be a file path or None"):
        train(checkpoint=1)
