"""The root conftest.py harness: strict claims, a silent kernel started once more."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("dlts_harness", ROOT / "conftest.py")
harness = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = harness  # its dataclasses look their module up there
_spec.loader.exec_module(harness)


def scripted_start(*outcomes):
    """A stand-in for nbval's start_new_kernel that raises or returns, in turn."""
    calls = []

    def start(*args, **kwargs):
        calls.append((args, kwargs))
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    return start, calls


def test_a_kernel_that_never_answered_is_started_once_more():
    start, calls = scripted_start(
        RuntimeError("Kernel didn't respond in 60 seconds"), ("km", "kc")
    )
    with pytest.warns(UserWarning, match="never answered"):
        assert harness.start_kernel_with_one_retry(start)(kernel_name="k") == (
            "km",
            "kc",
        )
    assert calls == [((), {"kernel_name": "k"})] * 2


def test_the_silent_start_is_not_counted_against_the_chapter(monkeypatch):
    monkeypatch.setattr(harness, "RETRIED_SECONDS", [0.0])
    silence = RuntimeError("Kernel didn't respond in 60 seconds")

    def slow_silence(*args, **kwargs):
        harness.time.sleep(0.05)
        raise silence

    calls = iter([slow_silence, lambda *a, **k: ("km", "kc")])
    with pytest.warns(UserWarning):
        harness.start_kernel_with_one_retry(lambda: next(calls)())()
    assert harness.RETRIED_SECONDS[0] >= 0.05


def test_only_once():
    silence = RuntimeError("Kernel didn't respond in 60 seconds")
    start, calls = scripted_start(silence, silence, ("km", "kc"))
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="respond"):
        harness.start_kernel_with_one_retry(start)()
    assert len(calls) == 2


@pytest.mark.parametrize(
    "error", [RuntimeError("No such kernel named python9"), AssertionError("a claim")]
)
def test_other_errors_are_never_retried(error):
    start, calls = scripted_start(error, ("km", "kc"))
    with pytest.raises(type(error)):
        harness.start_kernel_with_one_retry(start)()
    assert len(calls) == 1


def test_the_harness_runs_kernels_in_strict_mode():
    """This session was configured by the root conftest.py: its kernels inherit it."""
    assert os.environ.get(harness.STRICT_ENV) == "1"
    import nbval.kernel

    assert hasattr(nbval.kernel.start_new_kernel, "__wrapped__")
