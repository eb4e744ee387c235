"""Tests of tslib.checks: comparison, margin, bad input and the sweep's log file."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tslib.checks import (
    LOG_ENV,
    ROBUSTNESS_URL,
    STRICT_ENV,
    CheckResult,
    ClaimWarning,
    check,
    check_id,
    strict_mode,
)


@pytest.fixture(autouse=True)
def no_log(monkeypatch):
    """Each test starts without a log file, in strict mode (as the harness runs)."""
    monkeypatch.delenv(LOG_ENV, raising=False)
    monkeypatch.setenv(STRICT_ENV, "1")


@pytest.mark.parametrize(
    ("value", "op", "threshold", "passed"),
    [
        (1, "<", 2, True),
        (2, "<", 2, False),
        (2, "<=", 2, True),
        (3, "<=", 2, False),
        (3, ">", 2, True),
        (2, ">", 2, False),
        (2, ">=", 2, True),
        (1, ">=", 2, False),
        (150, "==", 150, True),
        (149, "==", 150, False),
    ],
)
def test_the_comparison(value, op, threshold, passed):
    result = CheckResult("c", float(value), op, float(threshold), passed)
    if passed:
        assert check("c", value, op, threshold) == result
    else:
        with pytest.raises(AssertionError):
            check("c", value, op, threshold)


@pytest.mark.parametrize(
    ("value", "op", "threshold", "margin"),
    [
        (0.1, "<", 0.25, 0.6),  # a fraction of the threshold
        (0.25, "<=", 0.25, 0.0),  # on the threshold: no margin left
        (0.3, "<", 0.25, -0.2),  # a failed claim has a negative margin
        (0.99, ">=", 0.95, 0.04 / 0.95),
        (-3.0, ">", -4.0, 0.25),  # relative to |threshold|
        (0.5, ">", 0.0, 0.5),  # threshold 0: an absolute margin
        (-0.5, "<", 0.0, 0.5),
    ],
)
def test_the_margin(value, op, threshold, margin):
    passed = {"<": value < threshold, "<=": value <= threshold}.get(
        op, value > threshold if op == ">" else value >= threshold
    )
    result = CheckResult("c", value, op, threshold, passed)
    assert math.isclose(result.margin, margin, abs_tol=1e-12)


def test_an_exact_claim_has_no_margin():
    result = check("one window per value", 150, "==", 150)
    assert result.margin is None
    assert "margin" not in repr(result)


def test_numpy_numbers_are_accepted_and_stored_as_floats():
    result = check(
        "accuracy of at least 95 %", np.float32(0.97), ">=", np.float64(0.95)
    )
    assert type(result.value) is float and type(result.threshold) is float
    assert check("count", np.int64(3), "==", 3).passed


def test_the_failure_message_restates_claim_value_and_threshold():
    with pytest.raises(AssertionError) as info:
        check("accuracy of at least 95 %", 0.927, ">=", 0.95)
    assert (
        str(info.value) == "accuracy of at least 95 %: measured 0.927, expected >= 0.95"
    )


def test_repr_shows_the_claim_value_and_margin():
    text = repr(check("error below a quarter", 0.1, "<", 0.25))
    assert text == "holds: error below a quarter (measured 0.1 < 0.25, margin 60%)"
    failed = CheckResult("error below a quarter", 0.3, "<", 0.25, False)
    assert repr(failed).startswith("FAILS: error below a quarter")


@pytest.mark.parametrize(
    ("args", "error", "words"),
    [
        ((1, 0.1, "<", 1.0), TypeError, "claim must be a string"),
        (("   ", 0.1, "<", 1.0), ValueError, "empty"),
        (("c", 0.1, "=<", 1.0), ValueError, "op must be one of"),
        (("c", "0.1", "<", 1.0), TypeError, "value must be a real number, got str"),
        (("c", True, "==", 1.0), TypeError, "value must be a real number, got bool"),
        (("c", 0.1, "<", None), TypeError, "threshold must be a real number"),
        (("c", 1 + 2j, "<", 1.0), TypeError, "value must be a real number"),
        (("c", float("nan"), "<", 1.0), ValueError, "value must be a finite number"),
        (("c", 0.1, "<", np.nan), ValueError, "threshold must be a finite number"),
        (("c", float("inf"), ">", 1.0), ValueError, "value must be a finite number"),
        (("c", 1.0, "<", np.inf), ValueError, "threshold must be a finite number"),
        (("c", -np.inf, "<", 1.0), ValueError, "got -inf"),
        (("c", np.array([0.1]), "<", 1.0), TypeError, "value must be a real number"),
    ],
)
def test_bad_input_names_what_was_expected_and_given(args, error, words):
    with pytest.raises(error, match=words):
        check(*args)


def test_without_the_environment_variable_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    check("c", 1, "<", 2)
    assert list(tmp_path.iterdir()) == []


def test_every_check_appends_one_json_line_to_the_log(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    check("error below a quarter", 0.1, "<", 0.25)
    check("one window per value", np.int64(150), "==", 150)
    with pytest.raises(AssertionError):
        check("accuracy of at least 95 %", 0.927, ">=", 0.95)
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert lines == [
        {
            "claim": "error below a quarter",
            "value": 0.1,
            "op": "<",
            "threshold": 0.25,
            "passed": True,
            "by_construction": False,
            "margin": 0.6,
        },
        {
            "claim": "one window per value",
            "value": 150.0,
            "op": "==",
            "threshold": 150.0,
            "passed": True,
            "by_construction": False,
            "margin": None,
        },
        {
            "claim": "accuracy of at least 95 %",
            "value": 0.927,
            "op": ">=",
            "threshold": 0.95,
            "passed": False,  # a failing check is recorded before it raises
            "by_construction": False,
            "margin": pytest.approx(-0.023 / 0.95),
        },
    ]


def test_bad_input_is_not_logged(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    with pytest.raises(ValueError):
        check("c", float("nan"), "<", 1.0)
    assert not log.exists()


# ---- reader mode: a warning, not a crash ------------------------------------------


@pytest.mark.parametrize("unset", ["", "0", "false", None])
def test_outside_the_harness_a_failed_claim_warns_and_the_run_goes_on(
    monkeypatch, unset
):
    if unset is None:
        monkeypatch.delenv(STRICT_ENV)
    else:
        monkeypatch.setenv(STRICT_ENV, unset)
    assert not strict_mode()
    with pytest.warns(ClaimWarning) as caught:
        result = check("accuracy of at least 95 %", 0.927, ">=", 0.95)
    assert result.passed is False and result.value == 0.927
    text = str(caught[0].message)
    assert "accuracy of at least 95 %: measured 0.927, expected >= 0.95" in text
    assert "differs from the book's robustness sweep" in text
    assert f"{ROBUSTNESS_URL}#{check_id('accuracy of at least 95 %')}" in text


def test_a_claim_that_holds_warns_in_no_mode(monkeypatch, recwarn):
    monkeypatch.setenv(STRICT_ENV, "0")
    assert check("c", 1, "<", 2).passed
    assert not [w for w in recwarn if issubclass(w.category, ClaimWarning)]


@pytest.mark.parametrize("strict", ["1", "true", "YES", " on "])
def test_strict_mode_raises(monkeypatch, strict):
    monkeypatch.setenv(STRICT_ENV, strict)
    assert strict_mode()
    with pytest.raises(AssertionError, match="measured 0.927, expected >= 0.95"):
        check("accuracy of at least 95 %", 0.927, ">=", 0.95)


def test_a_strict_value_that_means_nothing_is_an_error(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "sometimes")
    with pytest.raises(ValueError, match="TSLIB_STRICT_CHECKS must be 1 .* or 0"):
        check("c", 3, "<", 2)


def test_in_a_notebook_the_warning_is_a_red_box_with_the_link(monkeypatch):
    import IPython
    import IPython.display

    shown = []
    monkeypatch.setenv(STRICT_ENV, "0")
    monkeypatch.setattr(IPython, "get_ipython", lambda: object())
    monkeypatch.setattr(IPython.display, "display", shown.append)
    with pytest.warns(ClaimWarning):
        check("error < 1 & below naive", 3, "<", 1)
    (box,) = shown
    assert "did not hold in your run" in box.data
    assert "error &lt; 1 &amp; below naive" in box.data  # escaped for HTML
    assert f'href="{ROBUSTNESS_URL}#{check_id("error < 1 & below naive")}"' in box.data


def test_a_failed_claim_is_logged_in_reader_mode_too(tmp_path, monkeypatch):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    monkeypatch.setenv(STRICT_ENV, "0")
    with pytest.warns(ClaimWarning):
        check("c", 3, "<", 2)
    assert json.loads(log.read_text())["passed"] is False


def test_the_anchor_is_stable_and_distinct():
    assert check_id("a") == check_id("a") != check_id("b")
    assert check_id("a").startswith("check-") and len(check_id("a")) == 16


def test_a_claim_by_construction_is_marked_in_the_result_and_the_log(
    tmp_path, monkeypatch
):
    log = tmp_path / "checks.jsonl"
    monkeypatch.setenv(LOG_ENV, str(log))
    result = check("a proven bound holds", 0.01, "<=", 0.03, by_construction=True)
    assert result.by_construction and result.passed
    assert json.loads(log.read_text())["by_construction"] is True
    with pytest.raises(TypeError, match="by_construction must be True or False"):
        check("c", 0.01, "<=", 0.03, by_construction="yes")
