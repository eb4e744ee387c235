"""Tests of tslib.results: the shipped copies match benchmarks/results."""

from pathlib import Path

import pandas as pd
import pytest

from tslib.results import list_results, load_results

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_copies_match_the_committed_results():
    committed = sorted(
        p.name
        for p in (ROOT / "benchmarks" / "results").iterdir()
        if p.suffix in (".json", ".csv")
    )
    assert list_results() == sorted(name.rsplit(".", 1)[0] for name in committed)
    for name in committed:
        shipped = ROOT / "tslib" / "results" / "data" / name
        original = ROOT / "benchmarks" / "results" / name
        assert shipped.read_bytes() == original.read_bytes(), name


def test_load_results_parses_json_and_csv():
    assert isinstance(load_results("global_models_curve"), dict)
    assert isinstance(load_results("global_models"), pd.DataFrame)


def test_unknown_name_is_an_error():
    with pytest.raises(ValueError, match="no result file"):
        load_results("nothing")


def test_load_results_names_a_name_that_is_no_string():
    with pytest.raises(TypeError, match="name must be the name of one result file"):
        load_results(["global_models_curve"])
