"""corridor.Store: the property-graph store as analysts use it."""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from . import _core, _ingest
from ._graph import Graph
from ._time import to_ns, to_timestamp

StoreError = _core.StoreError


def open(path: str | os.PathLike, *, read_only: bool = False) -> Store:  # noqa: A001 - corridor.open reads well
    """Opens the corridor store at ``path``, creating it if the path is absent
    or an empty folder.

    One process may write at a time: a second writer gets a ``StoreError``.
    ``read_only=True`` opens beside a running writer and sees the store as it
    was at that moment.

    >>> import corridor as cr
    >>> with cr.open("case-alpha.corridor") as store:        # doctest: +SKIP
    ...     store.stats()
    """
    return Store(_core.Store.open(os.fspath(path), read_only), os.fspath(path))


def _entity(e) -> tuple[str, str]:
    if not (isinstance(e, tuple) and len(e) == 2):
        raise TypeError(f"an entity is named as a (type, key) tuple, not {e!r}")
    return str(e[0]), str(e[1])


def _endpoint(value, param: str) -> tuple[str, str]:
    if not (isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise ValueError(f"{param}: expected (entity_type, column), got {value!r}")
    return value


class Store:
    """A corridor store. Create one with :func:`corridor.open`."""

    def __init__(self, core: _core.Store, path: str):
        self._core = core
        self._path = path

    # ------------------------------------------------------------ lifecycle
    @property
    def path(self) -> str:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._core.read_only

    def close(self) -> None:
        self._core.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        try:
            s = self._core.stats()
        except StoreError:
            return f"<corridor.Store {self._path!r} (closed)>"
        mode = " read-only" if self.read_only else ""
        return (
            f"<corridor.Store {self._path!r}{mode}: {s['num_entities']:,} entities, "
            f"{s['num_relations']:,} relations, {s['num_batches']} batches>"
        )

    # ------------------------------------------------------------ ingest
    def ingest_entities(
        self, data, *, type: str, key: str, source: str | None = None, progress: bool = False
    ) -> dict:
        """Adds or updates entities of one type.

        ``data`` is a DataFrame or the path of a CSV or Parquet file; ``key``
        names the column holding each entity's external key; every other
        column becomes a property. Re-ingesting a (type, key) updates its
        properties (later values win, missing values keep the earlier ones) and
        never duplicates it. ``source`` names the records for provenance (a
        file defaults to its path).

        All or nothing: on a bad row a ``ValueError`` names source, row and
        column, and the store is left as it was.

        >>> store.ingest_entities(people, type="Person", key="person_id",
        ...                       source="intake-2021-07")            # doctest: +SKIP
        {'batch': 1, 'rows': 2000, 'entities_created': 2000, 'relations': 0}
        """
        with _ingest.open_source(data, [key]) as src:
            _ingest.require_columns(src, {key: "key"})
            batch = self._core.begin_entities(type, self._source_name(source, src), src.origin, key)
            return self._ingest_entity_chunks(src, key, batch, progress, f"{type} entities")

    @staticmethod
    def _ingest_entity_chunks(src: _ingest.Source, key: str, batch, progress: bool, what: str) -> dict:
        with _Committing(batch, progress, what) as bar:
            for first, chunk in src.chunks:
                uniques, codes = _ingest.keys(chunk[key], src.origin, first)
                props = [
                    _ingest.property_column(chunk[c], src.origin, first, src.text_kinds)
                    for c in src.columns if c != key
                ]
                batch.add_entities(first, uniques, codes, props)
                bar.update(len(chunk))
        return bar.summary

    def ingest_relations(
        self,
        data,
        *,
        type: str,
        src: tuple[str, str],
        dst: tuple[str, str],
        time: str | None = None,
        weight: str | None = None,
        source: str | None = None,
        progress: bool = False,
    ) -> dict:
        """Adds relations of one type: one record per row (every call, payment
        or crossing is its own relation, however many join the same pair).

        ``src`` and ``dst`` are ``(entity_type, column)``; entities they name
        that were never ingested are created. ``time`` names an optional
        timestamp column (datetimes, or text pandas can parse; naive times are
        UTC; an empty cell leaves that record untimed). ``weight`` names an
        optional column of finite, non-negative numbers (default 1 each).
        Every other column becomes a property of the relation.

        All or nothing, as :meth:`ingest_entities`.

        >>> store.ingest_relations(calls, type="CALLED", src=("Phone", "caller"),
        ...                        dst=("Phone", "callee"), time="ts",
        ...                        source="cdr-batch-7")               # doctest: +SKIP
        """
        src_type, src_col = _endpoint(src, "src")
        dst_type, dst_col = _endpoint(dst, "dst")
        needed = {src_col: "src", dst_col: "dst"}
        if time is not None:
            needed[time] = "time"
        if weight is not None:
            needed[weight] = "weight"
        with _ingest.open_source(data, [src_col, dst_col]) as reader:
            _ingest.require_columns(reader, needed)
            batch = self._core.begin_relations(
                type, self._source_name(source, reader), reader.origin,
                src_type, src_col, dst_type, dst_col, time or "", weight or "",
            )
            return self._ingest_relation_chunks(
                reader, batch, (src_col, dst_col, time, weight), progress, f"{type} relations"
            )

    @staticmethod
    def _ingest_relation_chunks(reader: _ingest.Source, batch, columns: tuple, progress: bool, what: str) -> dict:
        src_col, dst_col, time, weight = columns
        special = set(columns)
        with _Committing(batch, progress, what) as bar:
            for first, chunk in reader.chunks:
                o = reader.origin
                batch.add_relations(
                    first,
                    *_ingest.keys(chunk[src_col], o, first),
                    *_ingest.keys(chunk[dst_col], o, first),
                    None if time is None else _ingest.timestamps(chunk[time], o, first),
                    None if weight is None else _ingest.weights(chunk[weight], o, first),
                    [_ingest.property_column(chunk[c], o, first, reader.text_kinds)
                     for c in reader.columns if c not in special],
                )
                bar.update(len(chunk))
        return bar.summary

    @staticmethod
    def _source_name(source: str | None, reader: _ingest.Source) -> str:
        if source is not None:
            if not isinstance(source, str) or not source:
                raise ValueError("source: must be a non-empty string")
            return source
        if reader.origin == "DataFrame":
            raise ValueError(
                "source: name where these records come from (e.g. source='cdr-batch-7'); "
                "provenance points back to it"
            )
        return reader.origin

    # ------------------------------------------------------------ reading
    def stats(self) -> dict:
        """Counts by entity type and relation type, and the time range covered.

        >>> store.stats()["relations"]                                     # doctest: +SKIP
        {'CALLED': 48211, 'USES': 2304}
        """
        s = self._core.stats()
        s["first_time"] = to_timestamp(s["first_time"])
        s["last_time"] = to_timestamp(s["last_time"])
        return s

    def entity(self, entity: tuple[str, str]) -> dict | None:
        """The properties of an entity and the source records behind them,
        or None if the store has no such entity."""
        return self._core.entity(*_entity(entity))

    def provenance(self, a: tuple[str, str], b: tuple[str, str]) -> pd.DataFrame:
        """The relation records joining entities ``a`` and ``b`` in either
        direction — "why is this link here?" — one row per record, with the
        batch, source name and row it came from.

        >>> store.provenance(("Phone", "+502 5555 0101"), ("Phone", "+52 55 1234"))  # doctest: +SKIP
        """
        rows = self._core.provenance(*_entity(a), *_entity(b))
        cols = ["relation_id", "type", "src_type", "src_key", "dst_type", "dst_key", "time", "weight",
                "batch", "source", "row", "properties"]
        df = pd.DataFrame(rows, columns=cols)
        df["time"] = pd.to_datetime(df["time"].astype("Int64"), unit="ns", utc=True)
        return df

    def project(
        self,
        entities: Sequence[str] | None = None,
        relations: Sequence[str] | None = None,
        since=None,
        until=None,
        min_weight: float | None = None,
        directed: bool = False,
        aggregate: str = "count",
        collapse: Sequence[str] | None = None,
    ) -> Graph:
        """Projects stored records into an immutable graph.

        - ``entities`` / ``relations``: the entity and relation types to keep
          (default: the endpoint types of the chosen relations, or everything).
          Every entity of a kept type is a node, isolated ones included.
        - ``since`` (inclusive) / ``until`` (exclusive): a time window over
          timed relations; untimed relations (USES, LIVES_AT) always pass.
        - ``aggregate``: parallel records become one edge weighing their
          ``"count"``, ``"sum"`` of weights or ``"max"`` weight; each edge also
          keeps its record count and first and last time seen.
        - ``min_weight``: drop edges whose aggregated weight is below it.
        - ``collapse``: intermediary entity types to project through.
          ``collapse=["Phone"]`` turns Person–USES–Phone–CALLED–Phone–USES–Person
          into Person–Person edges, one record per call; people sharing a phone
          or an address are joined too.

        >>> g = store.project(relations=["CALLED", "USES"], collapse=["Phone"],
        ...                   since="2021-01-01", until="2021-07-01")   # doctest: +SKIP
        """
        def names(v, param):
            if v is None:
                return None
            if isinstance(v, str):
                v = [v]
            v = list(v)
            if not all(isinstance(x, str) for x in v):
                raise ValueError(f"{param}: expected a list of type names, got {v!r}")
            return v

        if aggregate not in ("count", "sum", "max"):
            raise ValueError(f"aggregate: must be 'count', 'sum' or 'max', not {aggregate!r}")
        lo, hi = to_ns(since, "since"), to_ns(until, "until")
        core, records = self._core.project(
            names(entities, "entities"), names(relations, "relations"), names(collapse, "collapse") or [],
            lo, hi, float("-inf") if min_weight is None else float(min_weight), bool(directed), aggregate,
        )
        return Graph(core, records=records)


class _Committing:
    """Commits a batch when its block ends cleanly, rolls it back otherwise
    (an error, Ctrl-C), and shows a progress bar when asked."""

    def __init__(self, batch, progress: bool, what: str):
        self.batch = batch
        self.summary: dict = {}
        self._bar = None
        if progress:
            from tqdm.auto import tqdm

            self._bar = tqdm(desc=f"ingesting {what}", unit=" rows", unit_scale=True)

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __enter__(self) -> _Committing:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._bar is not None:
            self._bar.close()
        if exc_type is None:
            self.summary = self.batch.commit()
        else:
            self.batch.rollback()
