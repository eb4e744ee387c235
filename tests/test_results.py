"""Tests of tslib.results: benchmark data, written once where the package reads it."""

from pathlib import Path

import pandas as pd
import pytest

from tslib.results import list_results, load_results

ROOT = Path(__file__).resolve().parents[1]


def test_every_result_is_written_once_where_the_package_reads_it():
    reports = ROOT / "benchmarks" / "results"
    data_there = sorted(p.name for p in reports.iterdir() if p.suffix != ".md")
    assert not data_there, (
        f"benchmarks/results/ holds reports only; data files belong in "
        f"tslib/results/data/ (tslib.results reads them): {data_there}"
    )
    shipped = ROOT / "tslib" / "results" / "data"
    assert list_results() == sorted(
        p.name.rsplit(".", 1)[0]
        for p in shipped.iterdir()
        if p.suffix in (".json", ".csv")
    )


def test_load_results_parses_json_and_csv():
    assert isinstance(load_results("global_models_curve"), dict)
    assert isinstance(load_results("global_models"), pd.DataFrame)


def test_unknown_name_is_an_error():
    with pytest.raises(ValueError, match="no result file"):
        load_results("nothing")


def test_load_results_names_a_name_that_is_no_string():
    with pytest.raises(TypeError, match="name must be the name of one result file"):
        load_results(["global_models_curve"])
