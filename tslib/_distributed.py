"""Data parallelism for ``fit`` under ``torchrun``; without a process group, unused.

Each rank trains on its own shard of the windows, ``DistributedDataParallel`` averages
the gradients, and the losses are summed over the ranks (early stopping agrees).
"""

from __future__ import annotations

import os

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import (
    DataLoader,
    DistributedSampler,
    IterableDataset,
    RandomSampler,
    Subset,
)


def is_distributed() -> bool:
    """Whether this process is one rank of an initialised process group."""
    return dist.is_available() and dist.is_initialized()


def rank() -> int:
    """This process's rank (0 without a process group)."""
    return dist.get_rank() if is_distributed() else 0


def local_device(device: torch.device) -> torch.device:
    """``cuda`` becomes this rank's own GPU, ``cuda:LOCAL_RANK`` (set by torchrun)."""
    if device.type == "cuda" and device.index is None:
        device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0)))
        torch.cuda.set_device(device)
    return device


def wrap(model: nn.Module, device: torch.device) -> nn.Module:
    """The model in ``DistributedDataParallel`` (copies rank 0's weights to all)."""
    device_ids = [device.index] if device.type == "cuda" else None
    return DistributedDataParallel(model, device_ids=device_ids)


def shard_train(loader: DataLoader, device: torch.device) -> DataLoader:
    """The same loader, drawing this rank's shard of the windows each epoch: shards of
    equal length, so that the all-reduces pair up (a stream must shard itself)."""
    stream = isinstance(loader.dataset, IterableDataset)
    if stream or isinstance(loader.sampler, DistributedSampler):
        return loader
    if loader.batch_size is None:
        raise TypeError(
            "fit shards a DataLoader with a batch_size across the ranks; got one "
            "with a custom batch_sampler: give it a DistributedSampler yourself"
        )
    # every rank must draw the same permutation: rank 0's seed (set_seed's) wins
    seed = torch.tensor([torch.initial_seed() % 2**62], device=device)
    dist.broadcast(seed, src=0)
    shuffle = isinstance(loader.sampler, RandomSampler)
    sampler = DistributedSampler(loader.dataset, shuffle=shuffle, seed=int(seed.item()))
    return _same_loader(loader, loader.dataset, sampler)


def shard_eval(loader: DataLoader) -> DataLoader:
    """This rank's contiguous part of an evaluation set (no window twice, none lost)."""
    if isinstance(loader.dataset, IterableDataset) or loader.batch_size is None:
        return loader
    n, world, r = len(loader.dataset), dist.get_world_size(), rank()
    part = Subset(loader.dataset, range(r * n // world, (r + 1) * n // world))
    return _same_loader(loader, part, None)


def _same_loader(loader: DataLoader, dataset, sampler) -> DataLoader:
    return DataLoader(
        dataset,
        batch_size=loader.batch_size,
        sampler=sampler,
        num_workers=loader.num_workers,
        collate_fn=loader.collate_fn,
        pin_memory=loader.pin_memory,
        drop_last=loader.drop_last,
    )


def set_epoch(loader: DataLoader, epoch: int) -> None:
    """Reshuffle a distributed sampler for ``epoch``."""
    if isinstance(loader.sampler, DistributedSampler):
        loader.sampler.set_epoch(epoch)


def all_sum(total: float, count: int, device: torch.device) -> tuple[float, int]:
    """``(total, count)`` summed over the ranks: the mean loss of all windows."""
    t = torch.tensor([total, count], dtype=torch.float64, device=device)
    dist.all_reduce(t)
    return float(t[0]), int(t[1])


def gather(array: np.ndarray) -> np.ndarray:
    """The ranks' arrays, concatenated in rank order (the order of ``shard_eval``)."""
    parts: list = [None] * dist.get_world_size()
    dist.all_gather_object(parts, array)
    return np.concatenate(parts)
