"""Loaders of the bundled forecasting data: AirPassengers and two Seattle weather series."""

from __future__ import annotations

import functools
import io

import numpy as np
import pandas as pd

from ._files import read_text

__all__ = [
    "load_air_passengers",
    "load_seattle_weather",
    "load_seattle_hourly_temperature",
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

    The classic seasonal series with a trend and a seasonal swing that grows with the level
    (multiplicative seasonality; a log transform makes it additive).

    Provenance: Box & Jenkins (1976), *Time Series Analysis: Forecasting and Control*,
    Series G (BibTeX key ``box1976time``). Copied unchanged from ``Airline.csv`` of the
    aeon 1.6.0 wheel (BSD-3-Clause). Public data.

    Returns:
        A new Series of float64 values in thousands of passengers, named ``"passengers"``,
        with a monthly DatetimeIndex named ``"month"`` (month start, ``freq="MS"``),
        1949-01-01 to 1960-12-01. No missing values.

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
    """Daily weather in Seattle, 2012 to 2015: precipitation, temperature range and wind.

    Units, checked against the values (the file has no units): ``precipitation`` is the daily
    total in millimetres (0 to 55.9), ``temp_max`` and ``temp_min`` are the daily extremes in
    degrees Celsius (-7.1 to 35.6), ``wind`` is the mean wind speed in m/s (0.4 to 9.5).
    No missing values or days.

    The file's categorical ``weather`` column (sun, fog, rain, drizzle, snow) is dropped: its
    coding changes over the years (rain on 191 days in 2012 but 3 in 2014, fog on 310 days
    with precipitation), so it is not a reliable target or feature.

    Provenance: NOAA daily observations for Seattle (public domain), as prepared by the Vega
    project; copied unchanged from ``seattle-weather.csv`` of the vega_datasets 0.9.0 wheel
    (MIT). BibTeX key ``vegadatasets``.

    Returns:
        A new DataFrame of float64 columns ``precipitation, temp_max, temp_min, wind`` (in
        that order) with a daily DatetimeIndex named ``"date"`` (``freq="D"``),
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
def _seattle_hourly_temperature() -> pd.Series:
    raw = pd.read_csv(io.StringIO(read_text("seattle-temps.csv")))
    stamps = pd.DatetimeIndex(
        pd.to_datetime(raw["date"], format="%Y/%m/%d %H:%M"), name="time"
    )
    celsius = (raw["temp"].to_numpy(dtype=np.float64) - 32.0) * 5.0 / 9.0
    series = pd.Series(celsius, index=stamps, name="temperature")
    full = pd.date_range(stamps[0], stamps[-1], freq=pd.offsets.Hour(1), name="time")
    # The file skips 2010-03-14 03:00 (the morning US daylight saving time began); fill it
    # from its neighbours in time so the index is regular and free of NaN.
    return series.reindex(full).interpolate(method="time")


def load_seattle_hourly_temperature() -> pd.Series:
    """Hourly temperature in Seattle over the 8760 hours of 2010, in degrees Celsius.

    The file holds degrees Fahrenheit (37.5 to 75.9 F); the loader converts with
    ``C = (F - 32) * 5 / 9`` (3.1 to 24.4 C). Its time stamps are naive local clock times
    with no duplicated or unsorted hours, but one hour is missing: 2010-03-14 03:00, the
    morning US daylight saving time began (no duplicate hour appears when it ended on
    2010-11-07). The loader fills that 1 hour by time interpolation between 02:00 and 04:00,
    so the index is regular (``freq="h"``) and has no NaN; 8759 values come from the file.

    Read this before you forecast it: the values are a smooth, almost periodic cycle. The
    same hour on consecutive days differs by only 0.09 C on average (at most 1.1 C), and the
    coldest hour is 3.1 C although Seattle nights fall below freezing in most winters, so the
    series behaves like hourly climate normals of a typical year rather than raw
    observations (vega_datasets does not say which). A seasonal naive forecast
    (repeat the last 24 hours) is therefore a very strong baseline.

    Provenance: NOAA data for Seattle (public domain), as prepared by the Vega project;
    copied unchanged from ``seattle-temps.csv`` of the vega_datasets 0.9.0 wheel (MIT).
    BibTeX key ``vegadatasets``.

    Returns:
        A new float64 Series named ``"temperature"`` (degrees Celsius) with an hourly
        DatetimeIndex named ``"time"``, 2010-01-01 00:00 to 2010-12-31 23:00.

    Shape:
        ``(T,)`` with T = 8760 hours.

    Example:
        >>> from tslib.datasets import load_seattle_hourly_temperature
        >>> temperature = load_seattle_hourly_temperature()
        >>> len(temperature), int(temperature.isna().sum())
        (8760, 0)
        >>> round(float(temperature.iloc[0]), 2)  # 39.4 F at midnight on 1 January
        4.11
    """
    return _seattle_hourly_temperature().copy(deep=True)
