"""Loaders of the bundled classification data: GunPoint (UCR) and BasicMotions (UEA)."""

from __future__ import annotations

import functools

import numpy as np

from .._validate import check_choice
from ._registry import read_text
from ._ts_format import load_ts_file

__all__ = [
    "GUNPOINT_CLASSES",
    "BASIC_MOTIONS_CLASSES",
    "load_gunpoint",
    "load_basic_motions",
]

#: Original GunPoint labels: label 0 is "1" (Gun-Draw), label 1 is "2" (Point).
GUNPOINT_CLASSES: tuple[str, ...] = ("1", "2")

#: Original BasicMotions labels, sorted: label k is ``BASIC_MOTIONS_CLASSES[k]``.
BASIC_MOTIONS_CLASSES: tuple[str, ...] = ("Badminton", "Running", "Standing", "Walking")


@functools.cache
def _parse(filename: str, classes: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Parse a .ts file once; labels become 0..K-1 in ``classes`` order."""
    X, labels = load_ts_file(read_text(filename))
    index = {label: k for k, label in enumerate(classes)}
    return X.astype(np.float32), np.array([index[y] for y in labels], dtype=np.int64)


def _load(prefix: str, split: object, classes: tuple[str, ...]) -> tuple:
    split = check_choice(split, "split", ("train", "test"))
    X, y = _parse(f"{prefix}_{split.upper()}.ts", classes)
    return X.copy(), y.copy()


def load_gunpoint(split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """GunPoint: is the actor drawing a gun or pointing a finger? (UCR, univariate).

    Two actors draw a replica gun from a hip holster, point it at a target and put it
    back (class "1", Gun-Draw), or make the same motion pointing a finger (class "2",
    Point). Each series is the X coordinate of the right hand's centroid from video, 150
    frames, z-normalised per case; official split: 50 train cases (24 Gun-Draw, 26
    Point), 150 test cases (76 / 74). UCR archive 2018 (Dau et al. 2019, BibTeX key
    ``dau2019ucr``; cite the archive), copied from aeon 1.6.0.

    Args:
        split: ``"train"`` or ``"test"``.

    Returns:
        ``(X, y)``, new arrays on every call: ``X`` float32 series, ``y`` int64 labels
        where 0 = Gun-Draw (original "1") and 1 = Point (original "2"); see
        ``GUNPOINT_CLASSES``.

    Shape:
        - X: ``(N, L, C)`` = ``(50, 150, 1)`` for train, ``(150, 150, 1)`` for test.
        - y: ``(N,)``.

    Raises:
        TypeError: If ``split`` is not a string.
        ValueError: If ``split`` is not ``"train"`` or ``"test"``.

    Example:
        >>> from tslib.datasets import load_gunpoint
        >>> X, y = load_gunpoint("train")
        >>> X.shape, X.dtype, y.shape, y.dtype
        ((50, 150, 1), dtype('float32'), (50,), dtype('int64'))
    """
    return _load("GunPoint", split, GUNPOINT_CLASSES)


def load_basic_motions(split: str = "train") -> tuple[np.ndarray, np.ndarray]:
    """BasicMotions: which activity is a smart-watch wearer doing? (UEA, 6 channels).

    Four students wore a smart watch while playing badminton, running, standing and
    walking. Each case is 10 seconds at 10 Hz (length 100) of 6 channels, a 3-axis
    accelerometer and a 3-axis gyroscope in the file's (unnamed) channel order. Values
    are not normalised (per-channel spread differs by a factor of about 30 between
    Standing and Running): scale them with statistics of the training split. Official
    split: 40 train and 40 test cases, 10 of each class in each. UEA archive 2018
    (Bagnall et al. 2018, BibTeX key ``bagnall2018uea``; cite the archive), copied from
    aeon 1.6.0.

    Args:
        split: ``"train"`` or ``"test"``.

    Returns:
        ``(X, y)``, new arrays on every call: ``X`` float32 series, ``y`` int64 labels
        0..3 indexing ``BASIC_MOTIONS_CLASSES`` (Badminton, Running, Standing, Walking:
        the original labels sorted).

    Shape:
        - X: ``(N, L, C)`` = ``(40, 100, 6)`` for either split.
        - y: ``(N,)``.

    Raises:
        TypeError: If ``split`` is not a string.
        ValueError: If ``split`` is not ``"train"`` or ``"test"``.

    Example:
        >>> from tslib.datasets import BASIC_MOTIONS_CLASSES, load_basic_motions
        >>> X, y = load_basic_motions("test")
        >>> X.shape, sorted(set(y.tolist()))
        ((40, 100, 6), [0, 1, 2, 3])
        >>> BASIC_MOTIONS_CLASSES[y[0]]
        'Standing'
    """
    return _load("BasicMotions", split, BASIC_MOTIONS_CLASSES)
