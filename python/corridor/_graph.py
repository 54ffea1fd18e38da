"""corridor.Graph: an immutable projection, its nodes named (type, key)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import _core
from ._centrality import CentralityMixin
from ._community import CommunityMixin
from ._disruption import DisruptionMixin
from ._linkpred import LinkPredMixin
from ._time import NO_TIME, to_datetimes

Entity = tuple[str, str]


class Graph(CentralityMixin, CommunityMixin, LinkPredMixin, DisruptionMixin):
    """An immutable graph snapshot: a CSR in the C++ engine plus the
    (type, key) of each node. Made by :meth:`corridor.Store.project` or
    :meth:`Graph.from_pandas`.

    Edges carry ``weight`` (the aggregate chosen), ``count`` (records behind
    the edge) and ``first_time`` / ``last_time`` (first and last record time).
    """

    def __init__(self, core: _core.Graph, records: int | None = None):
        self._core = core
        self._records = records
        self._keys: list[str] | None = None
        self._names: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._categories: tuple | None = None

    # ------------------------------------------------------------ basics
    @property
    def num_nodes(self) -> int:
        return self._core.num_nodes

    @property
    def num_edges(self) -> int:
        return self._core.num_edges

    @property
    def directed(self) -> bool:
        return self._core.directed

    @property
    def types(self) -> list[str]:
        """The entity types of the nodes."""
        return self._core.type_names

    def __len__(self) -> int:
        return self.num_nodes

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        counts = np.bincount(self._core.vertex_types(), minlength=len(self.types))
        by_type = ", ".join(f"{n:,} {t}" for t, n in zip(self.types, counts) if n)
        records = f" from {self._records:,} records" if self._records is not None else ""
        return (
            f"<corridor.Graph {kind}: {self.num_nodes:,} nodes ({by_type or 'none'}), "
            f"{self.num_edges:,} edges{records}>"
        )

    # ------------------------------------------------------------ naming
    def _key_list(self) -> list[str]:
        if self._keys is None:
            self._keys = self._core.keys()
        return self._keys

    def _node_names(self) -> tuple[pd.api.extensions.ExtensionArray, pd.api.extensions.ExtensionArray, np.ndarray]:
        """Each node's type and key (string arrays, node order) and the nodes
        in (type, key) order; built once per graph."""
        if self._names is None:
            codes = np.asarray(self._core.vertex_types(), dtype=np.int64)
            types = pd.Series(np.asarray(self.types, dtype=object)[codes] if len(codes) else [], dtype="str")
            keys = pd.Series(self._key_list(), dtype="str")
            by_name = pd.DataFrame({"t": types, "k": keys}).sort_values(["t", "k"], kind="stable").index
            self._names = (types.array, keys.array, by_name.to_numpy())
        return self._names

    def _name_categories(self, vertices: np.ndarray) -> tuple[tuple[np.ndarray, pd.CategoricalDtype], ...]:
        """The type and the key of each of `vertices` as (int32 codes,
        categorical dtype) — for tables with many rows per node, where a
        categorical column is a gather of codes and a string column would copy
        every string. The dtypes are built once per graph; when every key is
        unique (the usual case) the key codes are the vertex ids themselves."""
        if self._categories is None:
            types = pd.CategoricalDtype(pd.Index(self.types, dtype="str"))
            tcodes = np.asarray(self._core.vertex_types(), dtype=np.int32)
            kcodes, kuniq = pd.factorize(pd.Series(self._key_list(), dtype="str"))
            identity = len(kuniq) == len(kcodes)  # factorize numbers first appearances 0, 1, ...
            self._categories = (tcodes, types, None if identity else kcodes,
                                pd.CategoricalDtype(pd.Index(kuniq, dtype="str")))
        tcodes, types, kcodes, keys = self._categories
        vertices = np.asarray(vertices)
        code = np.int32 if self.num_nodes < 2**31 else np.int64
        single = len(self.types) == 1
        return ((np.zeros(len(vertices), dtype=np.int32) if single else tcodes[vertices], types),
                (vertices.astype(code) if kcodes is None else kcodes[vertices].astype(code), keys))

    def nodes(self) -> pd.DataFrame:
        """One row per node: ``type``, ``key``, in node order."""
        types, keys, _ = self._node_names()
        return pd.DataFrame({"type": types.copy(), "key": keys.copy()})

    def _vertex(self, entity, param: str = "entity") -> int:
        if isinstance(entity, str) and len(self.types) == 1:
            entity = (self.types[0], entity)
        if not (isinstance(entity, tuple) and len(entity) == 2):
            raise TypeError(f"{param}: name an entity as a (type, key) tuple, not {entity!r}")
        v = self._core.find(str(entity[0]), str(entity[1]))
        if v < 0:
            raise KeyError(f"{param}: no node {entity!r} in this graph")
        return v

    def _frame(self, vertices: np.ndarray | None = None) -> pd.DataFrame:
        if vertices is None:
            return self.nodes()
        types, keys, _ = self._node_names()
        vertices = np.asarray(vertices, dtype=np.int64)
        return pd.DataFrame({"type": types.take(vertices), "key": keys.take(vertices)})

    def _scores(self, score: np.ndarray, name: str = "score", ascending: bool = False) -> pd.DataFrame:
        """type, key, score, rank (1 = highest, or lowest when ``ascending``;
        equal scores share the best rank), sorted by rank then (type, key).

        One stable sort of the scores laid out in the cached (type, key)
        order: no string comparison per call."""
        types, keys, by_name = self._node_names()
        score = np.asarray(score, dtype=float)
        if np.isnan(score).any():
            raise RuntimeError(f"{name}: the engine returned NaN for node {int(np.flatnonzero(np.isnan(score))[0])}")
        s = score[by_name]
        order = by_name[np.argsort(s if ascending else -s, kind="stable")]  # ties stay in (type, key) order
        s = score[order]
        first = np.ones(len(s), dtype=bool)
        first[1:] = s[1:] != s[:-1]
        rank = np.maximum.accumulate(np.where(first, np.arange(1, len(s) + 1), 0))
        return pd.DataFrame({"type": types.take(order), "key": keys.take(order), name: s, "rank": rank})

    # ------------------------------------------------------------ queries
    def edges(self) -> pd.DataFrame:
        """One row per edge (undirected edges once, source <= target by node
        order): ``src_type, src_key, dst_type, dst_key, weight, count,
        first_time, last_time``."""
        src, dst, weight, count, first, last = self._core.edges()
        types, keys, _ = self._node_names()
        src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
        return pd.DataFrame({
            "src_type": types.take(src), "src_key": keys.take(src), "dst_type": types.take(dst),
            "dst_key": keys.take(dst),
            "weight": weight, "count": count, "first_time": to_datetimes(first), "last_time": to_datetimes(last),
        })

    def degree(self, direction: str = "both", weighted: bool = False) -> pd.DataFrame:
        """Degree of each node (weighted=True: the sum of edge weights, i.e.
        strength). networkx's convention: an undirected self-loop counts twice;
        ``direction`` is ``"out"``, ``"in"`` or ``"both"`` on directed graphs.

        Returns ``type, key, score, rank``, highest degree first.

        >>> g.degree().head(3)                                        # doctest: +SKIP
        """
        return self._scores(self._core.degree(direction, bool(weighted)))

    def neighborhood(self, entity: Entity, hops: int = 1, direction: str = "both") -> Graph:
        """The ego network: the subgraph induced by every node within ``hops``
        steps of ``entity`` (on a directed graph, following arcs ``"out"``,
        ``"in"`` or ``"both"`` ways).

        >>> g.neighborhood(("Person", "P-0042"), hops=2)              # doctest: +SKIP
        """
        if not isinstance(hops, (int, np.integer)) or hops < 0:
            raise ValueError(f"hops: must be a non-negative integer, not {hops!r}")
        vs = self._core.neighborhood(self._vertex(entity), int(hops), direction)
        return Graph(self._core.subgraph(vs))

    def shortest_path(self, a: Entity, b: Entity, weighted: bool = False) -> list[Entity]:
        """One shortest path from ``a`` to ``b`` as a list of (type, key);
        empty when ``b`` cannot be reached. ``weighted=True`` treats edge
        weights as distances (Dijkstra); otherwise the fewest edges win.
        Directed graphs follow arcs forward."""
        path, _ = self._core.shortest_path(self._vertex(a, "a"), self._vertex(b, "b"), bool(weighted))
        nodes = self._frame(path)
        return list(zip(nodes["type"], nodes["key"]))

    # ------------------------------------------------------------ interop
    def to_networkx(self):
        """A networkx Graph / DiGraph with nodes named (type, key) and edge
        attributes weight, count, first_time, last_time (None when untimed)."""
        import networkx as nx

        g = nx.DiGraph() if self.directed else nx.Graph()
        nodes = self.nodes()
        names = list(zip(nodes["type"], nodes["key"]))
        g.add_nodes_from((n, {"type": n[0], "key": n[1]}) for n in names)
        src, dst, weight, count, first, last = self._core.edges()

        def t(ns):
            return None if ns == NO_TIME else pd.Timestamp(int(ns), unit="ns", tz="UTC")

        g.add_edges_from(
            (names[s], names[d], {"weight": float(w), "count": int(c), "first_time": t(f), "last_time": t(l)})
            for s, d, w, c, f, l in zip(src.tolist(), dst.tolist(), weight, count, first, last)
        )
        return g

    @classmethod
    def from_pandas(
        cls,
        edges: pd.DataFrame,
        source: str = "source",
        target: str = "target",
        *,
        weight: str | None = None,
        time: str | None = None,
        directed: bool = False,
        aggregate: str = "count",
        min_weight: float | None = None,
        node_type: str = "node",
        nodes: Sequence | None = None,
    ) -> Graph:
        """A graph straight from an edge list, without a store.

        Each row is one record; parallel records aggregate as in
        :meth:`corridor.Store.project`. Nodes are named ``(node_type, key)``
        with the key as text; ``nodes`` adds nodes that have no edges.

        >>> g = cr.Graph.from_pandas(df, "caller", "callee", time="ts")  # doctest: +SKIP
        """
        from . import _ingest

        if not isinstance(edges, pd.DataFrame):
            raise TypeError("edges: expected a pandas DataFrame")
        needed = {source: "source", target: "target"}
        if weight is not None:
            needed[weight] = "weight"
        if time is not None:
            needed[time] = "time"
        src = _ingest.open_source(edges, [], chunk_rows=max(len(edges), 1))
        _ingest.require_columns(src, needed)
        a = _ingest.row_keys(edges[source], "DataFrame")
        b = _ingest.row_keys(edges[target], "DataFrame")
        extra = np.asarray([] if nodes is None else [str(n) for n in nodes], dtype=object)
        # one node per distinct key, numbered in order of first appearance
        codes, uniques = pd.factorize(np.concatenate([a, b, extra]), sort=False)
        m = len(a)
        w = None if weight is None else _ingest.weights(edges[weight], "DataFrame", 0)
        t = None if time is None else _ingest.timestamps(edges[time], "DataFrame", 0)
        core = _core.Graph.build(
            [node_type], np.zeros(len(uniques), dtype=np.uint16), [str(u) for u in uniques],
            codes[:m].astype(np.uint32), codes[m : 2 * m].astype(np.uint32), w, t,
            bool(directed), aggregate, float("-inf") if min_weight is None else float(min_weight),
        )
        return cls(core, records=m)
