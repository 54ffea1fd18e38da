"""Times at the boundary: the store speaks int64 nanoseconds since the
epoch, UTC; analysts speak strings, datetimes and pandas Timestamps."""

from __future__ import annotations

import numpy as np
import pandas as pd

NO_TIME = np.iinfo(np.int64).min


def to_ns(value, param: str) -> int | None:
    """A time given by the user -> ns since the epoch, UTC (naive = UTC)."""
    if value is None:
        return None
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise ValueError(f"{param}: cannot read {value!r} as a time") from None
    if ts is pd.NaT:
        raise ValueError(f"{param}: cannot read {value!r} as a time")
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return int(ts.as_unit("ns").value)


def to_timestamp(ns: int | None):
    return None if ns is None or ns == NO_TIME else pd.Timestamp(ns, unit="ns", tz="UTC")


def to_datetimes(ns: np.ndarray) -> pd.Series:
    """int64 ns with NO_TIME for missing -> a tz-aware datetime Series."""
    s = pd.Series(ns, dtype="Int64").mask(ns == NO_TIME)
    return pd.to_datetime(s, unit="ns", utc=True)
