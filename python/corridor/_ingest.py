"""Reading and validating records before they reach the store.

Every input — a DataFrame, a CSV file, a Parquet file — is read in chunks of
at most ``CHUNK_ROWS`` rows, so memory stays bounded whatever the input size.
Each chunk is checked column by column; the first bad value raises a
``ValueError`` naming the source, the row (0-based position of the record in
its source: the first record after a CSV header is row 0) and the column.
The store rolls the whole call back on any error, so a bad row in the last
chunk leaves nothing of the earlier chunks behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._time import NO_TIME

CHUNK_ROWS = 262_144


@dataclass
class Source:
    """Where records come from: how errors name it and how it is read."""

    origin: str  # the file path, or "DataFrame"
    columns: list[str]
    chunks: Iterator[tuple[int, pd.DataFrame]]  # (first row, chunk)
    # CSV read as text: the kind of each property column, fixed by the first
    # chunk and widened (integer -> float) when a later chunk needs it.
    text_kinds: dict[str, str] | None = None

    def close(self) -> None:
        """Closes the file behind the chunks, even when reading stopped early
        (a bad row, Ctrl-C)."""
        close = getattr(self.chunks, "close", None)
        if close is not None:
            close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def bad_row(origin: str, row: int, column: str, what: str) -> ValueError:
    return ValueError(f"{origin}, row {row}, column '{column}': {what}")


def open_source(data, text_columns: Sequence[str], chunk_rows: int | None = None) -> Source:
    """Opens a DataFrame, CSV or Parquet path for chunked reading, in chunks
    of ``chunk_rows`` (default: the module's CHUNK_ROWS, read at call time).

    ``text_columns`` (keys) are read from CSV as text, so that a phone number
    keeps its leading zeros.
    """
    chunk_rows = chunk_rows or CHUNK_ROWS
    if isinstance(data, pd.DataFrame):
        columns = [str(c) for c in data.columns]
        if len(set(columns)) != len(columns):
            raise ValueError("DataFrame: column names must be unique")
        frame = data.set_axis(columns, axis=1)

        def frame_chunks():
            for start in range(0, len(frame), chunk_rows):
                yield start, frame.iloc[start : start + chunk_rows]

        return Source("DataFrame", columns, frame_chunks())
    if isinstance(data, (str, os.PathLike)):
        path = Path(data)
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
        if path.suffix.lower() in (".parquet", ".pq"):
            return _parquet_source(path, chunk_rows)
        return _csv_source(path, text_columns, chunk_rows)
    raise TypeError(f"expected a pandas DataFrame or a path to a CSV or Parquet file, not {type(data).__name__}")


def _csv_source(path: Path, text_columns: Sequence[str], chunk_rows: int) -> Source:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return _pandas_csv_source(path, text_columns, chunk_rows)
    return _arrow_csv_source(path, chunk_rows)


def _arrow_csv_source(path: Path, chunk_rows: int) -> Source:
    """Reads every column as text with Arrow's streaming CSV reader (several
    times faster than pandas'); columns are typed afterwards, the same way in
    every chunk (see property_column)."""
    import pyarrow as pa
    import pyarrow.csv as pv

    try:
        with pv.open_csv(path, read_options=pv.ReadOptions(block_size=1 << 16)) as probe:
            columns = list(probe.schema.names)
    except (pa.ArrowInvalid, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a readable CSV file ({e})") from None
    if len(set(columns)) != len(columns):
        raise ValueError(f"{path}: column names must be unique")
    # block_size is in bytes (at most 4 MiB): Arrow parses several blocks
    # ahead on its threads, so the block size bounds the reader's memory;
    # the blocks are re-cut into chunks of chunk_rows rows below.
    read = pv.ReadOptions(block_size=max(1 << 16, min(chunk_rows * 16, 1 << 22)))
    # only an empty cell is missing: "NA", "null", "NaN" are text (a key, a nickname)
    convert = pv.ConvertOptions(column_types={c: pa.large_string() for c in columns}, strings_can_be_null=True,
                                null_values=[""])

    def chunks():
        start = 0
        try:
            with pv.open_csv(path, read_options=read, convert_options=convert) as reader:
                # Arrow reads blocks of bytes; re-cut them into chunks of chunk_rows rows
                pending = None
                for batch in reader:
                    table = pa.Table.from_batches([batch])
                    pending = table if pending is None else pa.concat_tables([pending, table])
                    while pending.num_rows >= chunk_rows:
                        yield start, pending.slice(0, chunk_rows).to_pandas()
                        start += chunk_rows
                        pending = pending.slice(chunk_rows)
                if pending is not None and pending.num_rows:
                    yield start, pending.to_pandas()
        except pa.ArrowInvalid as e:
            raise ValueError(f"{path}, near row {start}: malformed CSV ({e})") from None

    return Source(str(path), columns, chunks(), text_kinds={})


def _pandas_csv_source(path: Path, text_columns: Sequence[str], chunk_rows: int) -> Source:
    try:
        header = pd.read_csv(path, nrows=0)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a readable CSV file ({e})") from None
    columns = [str(c) for c in header.columns]
    dtypes = {c: str for c in text_columns if c in columns}

    def csv_chunks():
        start = 0
        try:
            with pd.read_csv(
                path, chunksize=chunk_rows, dtype=dtypes, keep_default_na=False,
                na_values=[""], dtype_backend="numpy_nullable",
            ) as reader:
                for chunk in reader:
                    yield start, chunk
                    start += len(chunk)
        except (pd.errors.ParserError, UnicodeDecodeError) as e:
            raise ValueError(f"{path}, near row {start}: malformed CSV ({e})") from None

    return Source(str(path), columns, csv_chunks())


def _parquet_source(path: Path, chunk_rows: int) -> Source:
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - depends on the environment
        raise ValueError(f"{path}: reading Parquet needs pyarrow (pip install pyarrow)") from None
    columns = list(pq.read_schema(path).names)

    def parquet_chunks():
        # opened on first read, so that a Source closed unread holds no file
        start = 0
        with pq.ParquetFile(path) as pf:
            for batch in pf.iter_batches(batch_size=chunk_rows):
                chunk = batch.to_pandas()
                yield start, chunk
                start += len(chunk)

    return Source(str(path), columns, parquet_chunks())


def require_columns(source: Source, needed: dict[str, str]) -> None:
    """``needed`` maps a column to the parameter that named it."""
    for column, param in needed.items():
        if column not in source.columns:
            raise ValueError(
                f"{source.origin}: no column '{column}' (given as {param}); "
                f"the columns are {', '.join(source.columns)}"
            )


def keys(col: pd.Series, origin: str, first_row: int) -> tuple:
    """Entity keys for the store, as either (distinct keys as text, one code
    per row) or, for Arrow-backed text, the Arrow buffers themselves
    ((offsets, bytes), None) so that no Python string is made per row.
    Integral floats (a key column with gaps read as float) lose their '.0';
    missing and blank keys are errors."""
    arrow = _arrow_strings(col)
    if arrow is not None:
        return _arrow_keys(arrow, col.name, origin, first_row), None
    if pd.api.types.is_float_dtype(col.dtype):
        values = col.to_numpy(dtype=float, na_value=np.nan)
        bad = ~np.isfinite(values)
        if bad.any():
            raise bad_row(origin, first_row + int(np.argmax(bad)), col.name, "empty key")
        integral = np.all(values == np.floor(values))
        col = pd.Series([str(int(v)) if integral else repr(float(v)) for v in values], dtype=object)
    codes, uniques = pd.factorize(col, use_na_sentinel=True)
    if len(codes) and codes.min() < 0:
        raise bad_row(origin, first_row + int(np.argmax(codes < 0)), col.name, "empty key")
    text = [u if isinstance(u, str) else str(u) for u in uniques.tolist()]
    for j, k in enumerate(text):
        if not k or k.isspace():
            raise bad_row(origin, first_row + int(np.argmax(codes == j)), col.name, "empty key")
    return text, codes.astype(np.uint32, copy=False)


def row_keys(col: pd.Series, origin: str) -> np.ndarray:
    """Validated keys as text, one per row (an object array)."""
    uniques, codes = keys(col, origin, 0)
    if codes is None:
        return col.astype(str).to_numpy(dtype=object)
    return np.asarray(uniques, dtype=object)[codes]


def _arrow_strings(col: pd.Series):
    """The pyarrow string array behind an Arrow-backed text column, or None."""
    pa_array = getattr(col.array, "_pa_array", None)
    if pa_array is None:
        return None
    import pyarrow as pa

    arr = pa_array.combine_chunks() if isinstance(pa_array, pa.ChunkedArray) else pa_array
    if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
        return None
    return arr


def _arrow_keys(arr, name: str, origin: str, first_row: int) -> tuple[np.ndarray, np.ndarray]:
    import pyarrow.compute as pc

    if arr.null_count:
        raise bad_row(origin, first_row + int(np.argmax(arr.is_null().to_numpy(zero_copy_only=False))), name,
                      "empty key")
    blank = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(arr)), 0).to_numpy(zero_copy_only=False)
    if blank.any():
        raise bad_row(origin, first_row + int(np.argmax(blank)), name, "empty key")
    _, offsets, data = arr.buffers()
    width = np.int64 if arr.type.equals(__import__("pyarrow").large_string()) else np.int32
    offsets = np.frombuffer(offsets, dtype=width)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)
    return offsets, data


def timestamps(col: pd.Series, origin: str, first_row: int) -> np.ndarray:
    """Nanoseconds since the epoch, UTC (naive times are taken as UTC).
    A missing time leaves that record untimed; an unparsable one is an error."""
    if isinstance(col.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(col.dtype):
        parsed = col if isinstance(col.dtype, pd.DatetimeTZDtype) else col.dt.tz_localize("UTC")
    elif pd.api.types.is_numeric_dtype(col.dtype) and not pd.api.types.is_bool_dtype(col.dtype):
        raise bad_row(
            origin, first_row, col.name,
            f"holds numbers ({col.dtype}), not times; convert it first, e.g. pd.to_datetime(col, unit='s')",
        )
    else:
        fast = _arrow_times(col)
        if fast is not None:
            return fast
        parsed = _parse_times(col, origin, first_row)
    ns = parsed.dt.tz_convert("UTC").dt.as_unit("ns")
    out = ns.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    out[ns.isna().to_numpy()] = NO_TIME
    return out


def _arrow_times(col: pd.Series) -> np.ndarray | None:
    """ISO 8601 text in an Arrow-backed column, parsed by Arrow's cast (about
    ten times faster than pandas) into ns since the epoch; None when any value
    needs more than that."""
    arr = _arrow_strings(col)
    if arr is None:
        return None
    import pyarrow as pa

    for target in (pa.timestamp("ns"), pa.timestamp("ns", tz="UTC")):
        try:
            ts = arr.cast(target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        # naive times are UTC; zoned ones Arrow has already brought to UTC
        return ts.cast(pa.int64()).fill_null(NO_TIME).to_numpy(zero_copy_only=False)
    return None


def _parse_times(col: pd.Series, origin: str, first_row: int) -> pd.Series:
    text = col.astype(object)
    given = text.notna().to_numpy().copy()
    given[given] = text[given].astype(str).str.strip().str.len().to_numpy() > 0
    text = text.where(given, None)
    # ISO 8601 parses at C speed; only what it cannot read goes to the
    # per-value parser (other layouts: "03/04/2021 10:22", "4 Mar 2021").
    parsed = pd.to_datetime(text, errors="coerce", utc=True, format="ISO8601")
    retry = given & parsed.isna().to_numpy()
    if retry.any():
        parsed = parsed.copy()
        parsed[retry] = pd.to_datetime(text[retry], errors="coerce", utc=True, format="mixed")
    bad = given & parsed.isna().to_numpy()
    if bad.any():
        i = int(np.argmax(bad))
        raise bad_row(origin, first_row + i, col.name, f"unparsable timestamp {text.iloc[i]!r}")
    return parsed


def weights(col: pd.Series, origin: str, first_row: int) -> np.ndarray:
    number = _arrow_cast(col, "float")
    if number is not None:
        col = pd.Series(number, name=col.name)
    if pd.api.types.is_bool_dtype(col.dtype) or not pd.api.types.is_numeric_dtype(col.dtype):
        numeric = pd.to_numeric(col.astype(object), errors="coerce")
        bad = numeric.isna().to_numpy() & col.notna().to_numpy()
        if bad.any() or pd.api.types.is_bool_dtype(col.dtype):
            i = int(np.argmax(bad)) if bad.any() else 0
            raise bad_row(origin, first_row + i, col.name, f"weight is not a number: {col.iloc[i]!r}")
        col = numeric
    w = col.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        i = int(np.argmax(bad))
        raise bad_row(origin, first_row + i, col.name, f"weight must be a finite number >= 0, got {w[i]}")
    return w


def _arrow_cast(col: pd.Series, kind: str) -> np.ndarray | None:
    """An Arrow-backed text column cast whole to int64 / float64 / bool (nulls
    as NaN, or as a masked value for int and bool: see callers), or None when
    the column is not Arrow text or some value does not cast."""
    arr = _arrow_strings(col)
    if arr is None:
        return None
    import pyarrow as pa

    target = {"int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}[kind]
    try:
        cast = arr.cast(target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if kind == "float":
        return cast.to_numpy(zero_copy_only=False)
    return pd.array(cast.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}.get))


def _typed_text(col: pd.Series, kinds: dict[str, str], origin: str, first_row: int) -> pd.Series:
    """A CSV text column typed as its first non-empty chunk decided: integer,
    float, boolean, timestamp or (failing all) text. A later chunk that does
    not fit widens integer to float, or fails naming the first row that does
    not fit."""
    name = str(col.name)
    kind = kinds.get(name)
    if kind is None and not col.notna().any():
        return col  # nothing to learn a type from yet
    order = ["int", "float", "bool", "timestamp", "string"] if kind is None else [kind]
    if kind == "int":
        order.append("float")
    for k in order:
        if k == "string":
            kinds[name] = k
            return col
        if k == "timestamp":
            ns = _arrow_times(col)
            if ns is None:
                continue
            kinds[name] = k
            return pd.Series(pd.to_datetime(pd.Series(ns).mask(ns == NO_TIME), unit="ns", utc=True).to_numpy(),
                             name=name).dt.tz_localize("UTC")
        typed = _arrow_cast(col, k)
        if typed is not None:
            kinds[name] = k
            return pd.Series(typed, name=name)
    i = _first_misfit(col, kind)
    raise bad_row(origin, first_row + i, name,
                  f"{col.iloc[i]!r} is not {'an integer or a number' if kind == 'int' else 'a ' + kind + ' value'}, "
                  "as the earlier rows of this column are")


def _first_misfit(col: pd.Series, kind: str) -> int:
    """The position of the first non-empty value of a text column that cannot
    be read as `kind`."""
    text = col.astype(object)
    given = text.notna().to_numpy()
    if kind in ("int", "float"):
        ok = pd.to_numeric(text, errors="coerce").notna().to_numpy()
    elif kind == "bool":
        ok = text.astype(str).str.lower().isin(["true", "false", "1", "0"]).to_numpy()
    else:
        ok = pd.to_datetime(text, errors="coerce", format="ISO8601").notna().to_numpy()
    misfit = given & ~ok
    return int(np.argmax(misfit)) if misfit.any() else 0


def property_column(col: pd.Series, origin: str, first_row: int, text_kinds: dict[str, str] | None = None) -> tuple:
    """One column as (name, kind, present, values) for the store. With
    ``text_kinds`` (a CSV read as text) the column is typed first."""
    if text_kinds is not None:
        col = _typed_text(col, text_kinds, origin, first_row)
    name = str(col.name)
    present = col.notna().to_numpy().astype(np.uint8)
    dtype = col.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return name, "bool", present, col.to_numpy(dtype=np.int64, na_value=0)
    if pd.api.types.is_integer_dtype(dtype):
        return name, "int", present, col.to_numpy(dtype=np.int64, na_value=0)
    if pd.api.types.is_float_dtype(dtype):
        values = col.to_numpy(dtype=float, na_value=np.nan)
        present &= np.isfinite(values) | np.isinf(values)
        return name, "float", present, np.where(present.astype(bool), values, 0.0)
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        return name, "timestamp", present, timestamps(col, origin, first_row)
    if (
        pd.api.types.is_string_dtype(dtype)
        or pd.api.types.is_object_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    ):
        values = ["" if not p else str(v) for v, p in zip(col.tolist(), present)]
        return name, "string", present, values
    raise bad_row(origin, first_row, name, f"unsupported column type {dtype}")
