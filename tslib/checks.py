"""Check cells: assert a claim of the text, and record how close it came to failing.

A check cell asserts a claim of the prose ("the LSTM beats the naive forecast by a
factor of four") on the numbers the notebook just computed: :func:`check` takes it as
``value <op> threshold`` and returns a :class:`CheckResult` with its *margin*.

The robustness sweep (``make sweep``) runs every chapter under several seeds and CPU
kernel paths: when the environment variable ``TSLIB_CHECK_LOG`` names a file, each
call of :func:`check` appends one JSON line there. Readers never need to set it.

**Strict and reader mode.** A failed claim raises only in *strict mode*
(``TSLIB_STRICT_CHECKS=1``, set by the book's harness: ``make test``, nbval, ``make
book``, the sweep). Everywhere else (Colab, Jupyter, VS Code) it shows a warning (in a
notebook, a red box) with the measured value, the threshold and a link to the claim's
row on the robustness page, and the chapter goes on.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import numbers
import operator
import os
import warnings
from dataclasses import asdict, dataclass

LOG_ENV = "TSLIB_CHECK_LOG"
STRICT_ENV = "TSLIB_STRICT_CHECKS"
ROBUSTNESS_URL = "https://dlts-book.github.io/dlts-book/robustness.html"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class ClaimWarning(UserWarning):
    """A claim of the text did not hold in this run (reader mode; see the module)."""


_OPERATORS = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
}


@dataclass(frozen=True)
class CheckResult:
    """One asserted claim: ``value <op> threshold``.

    Attributes:
        claim: the claim in words, as the text states it.
        value: the measured quantity.
        op: the comparison, one of ``<``, ``<=``, ``>``, ``>=``, ``==``.
        threshold: what the value is compared with.
        passed: whether the comparison holds.
        by_construction: the claim holds by a theorem or by construction whatever the
            seed (for example a proven bound); the robustness sweep gives it no z.
    """

    claim: str
    value: float
    op: str
    threshold: float
    passed: bool
    by_construction: bool = False

    @property
    def margin(self) -> float | None:
        """How far the value stayed on the passing side, relative to ``|threshold|``.

        ``0.5`` means the value could move by half the threshold before the claim fails;
        a negative margin means the claim failed. Relative to 1 when the threshold is 0
        (an absolute margin), and ``None`` for ``==`` (an exact claim has no margin).
        """
        if self.op == "==":
            return None
        scale = abs(self.threshold) if self.threshold != 0 else 1.0
        below = self.op in ("<", "<=")
        gap = self.threshold - self.value if below else self.value - self.threshold
        return round(gap / scale, 12)

    def __repr__(self) -> str:
        mark = "holds" if self.passed else "FAILS"
        margin = "" if self.margin is None else f", margin {self.margin:.0%}"
        return (
            f"{mark}: {self.claim} "
            f"(measured {self.value:.4g} {self.op} {self.threshold:.4g}{margin})"
        )


def check(
    claim: str,
    value: float,
    op: str,
    threshold: float,
    *,
    by_construction: bool = False,
) -> CheckResult:
    """Assert the claim ``value <op> threshold``; return it with its margin.

    Args:
        claim: the claim in words, as the text states it (the assertion's message).
        value: the measured quantity, a real number (a NumPy scalar is fine).
        op: ``"<"``, ``"<="``, ``">"``, ``">="`` or ``"=="``.
        threshold: the bound the claim sets.
        by_construction: ``True`` for a claim that a theorem or the construction
            guarantees whatever the seed (see :class:`CheckResult`).

    Returns:
        The :class:`CheckResult`; in a notebook it displays as one line with the measured
        value and the margin.

    Raises:
        AssertionError: a failed claim in strict mode (in reader mode: a
            :class:`ClaimWarning`, and ``passed=False``; see the module).
        TypeError: a non-string ``claim``, a ``value`` or ``threshold`` that is no real
            number, a non-bool ``by_construction``.
        ValueError: an unknown ``op``, an empty claim, a NaN or infinite number.

    Example:
        >>> check("the LSTM's error is below a quarter of the naive one", 0.1, "<", 0.25)
        holds: the LSTM's error is below a quarter of the naive one (measured 0.1 < 0.25, margin 60%)
    """  # noqa: E501 (a doctest's expected output is one line)
    if not isinstance(claim, str):
        raise TypeError(f"claim must be a string, got {type(claim).__name__}")
    if not claim.strip():
        raise ValueError("claim must state the claim in words, got an empty string")
    if op not in _OPERATORS:
        raise ValueError(f"op must be one of {sorted(_OPERATORS)}, got {op!r}")
    if not isinstance(by_construction, bool):
        raise TypeError(
            f"by_construction must be True or False, got {by_construction!r}"
        )
    for name, number in (("value", value), ("threshold", threshold)):
        if isinstance(number, bool) or not isinstance(number, numbers.Real):
            raise TypeError(
                f"{name} must be a real number, got {type(number).__name__} {number!r}"
            )
        if not math.isfinite(float(number)):
            raise ValueError(
                f"{name} must be a finite number, got {float(number)} "
                f"(claim: {claim!r})"
            )
    value, threshold = float(value), float(threshold)
    passed = bool(_OPERATORS[op](value, threshold))
    result = CheckResult(claim, value, op, threshold, passed, by_construction)
    _record(result)
    if not result.passed:
        message = f"{claim}: measured {value:.4g}, expected {op} {threshold:.4g}"
        if strict_mode():
            raise AssertionError(message)
        _warn(message, claim)
    return result


def strict_mode() -> bool:
    """Whether a failed claim raises: ``TSLIB_STRICT_CHECKS`` is ``1`` (or true/yes/on).

    Raises:
        ValueError: if it holds anything but 0/1, true/false, yes/no or on/off.
    """
    raw = os.environ.get(STRICT_ENV, "").strip().lower()
    if raw in _TRUE | _FALSE:
        return raw in _TRUE
    raise ValueError(
        f"{STRICT_ENV} must be 1 (a failed claim raises) or 0 (it warns), got {raw!r}"
    )


def check_id(claim: str) -> str:
    """The claim's anchor on the robustness page: ``check-`` and 10 hex digits.

    Example:
        >>> check_id("the LSTM beats the naive forecast")
        'check-e9ebb3f417'
    """
    return "check-" + hashlib.sha1(claim.encode("utf-8")).hexdigest()[:10]


def _warn(message: str, claim: str) -> None:
    """Reader mode: a visible warning with a link to the claim's robustness record."""
    url = f"{ROBUSTNESS_URL}#{check_id(claim)}"
    differs = (
        "Your run differs from the book's robustness sweep (another seed, CPU, GPU or "
        "library version); the chapter goes on."
    )
    text = (
        f"This claim did not hold in your run: {message}. {differs} How this claim "
        f"behaved over the sweep: {url}"
    )
    warnings.warn(text, ClaimWarning, stacklevel=3)
    try:  # in Jupyter or Colab, a red box the reader cannot miss
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        return
    if get_ipython() is None:
        return
    display(
        HTML(
            '<div style="border-left: 6px solid #c62828; background: #fdecea; '
            'padding: 0.6em 1em; margin: 0.5em 0;"><strong>⚠ This claim did not '
            f"hold in your run.</strong><br>{html.escape(message)}<br>{differs} "
            f'<a href="{url}" target="_blank">How this claim behaved over the '
            "sweep</a>.</div>"
        )
    )


def _record(result: CheckResult) -> None:
    """Append the result to the file named by ``TSLIB_CHECK_LOG``, if that is set."""
    if path := os.environ.get(LOG_ENV):
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({**asdict(result), "margin": result.margin}) + "\n")
