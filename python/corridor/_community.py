"""Cells: community detection as Graph methods, and comparing partitions.

Each method validates its arguments, runs one kernel of ``engine/community``
(without the GIL, interruptible with Ctrl-C / Jupyter's stop button) and
returns a DataFrame keyed by ``(type, key)`` with a ``community`` column:
communities are numbered by size (largest = 0, ties by the node that comes
first in the graph), rows sorted by community then (type, key). The run's
facts — method, parameters, seed, iterations, number of communities,
``modularity`` (networkx's, resolution 1, directed on a directed graph) and
``quality`` (the objective the kernel optimised) — are in ``df.attrs``.

Louvain, Leiden and label propagation read a directed graph as undirected
(both directions' weights added), as igraph's community_leiden requires;
``modularity`` follows networkx (directed modularity on directed graphs). The
C++ headers in ``engine/community/`` state each convention exactly.

>>> cells = g.leiden(seed=1, runs=20)          # doctest: +SKIP
>>> cells.attrs["modularity"], cells["stability"].mean()  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ._centrality import _number, _positive_int, _threads

_OBJECTIVES = ("modularity", "cpm")
_SEED_MAX = 2**64 - 1


def _seed(seed) -> int:
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or not 0 <= seed <= _SEED_MAX:
        raise ValueError(f"seed: an integer in [0, 2**64), not {seed!r}")
    return int(seed)


def _by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber labels (>= 0) by size, largest = 0, ties by first position.

    O(n), no sort of the n labels (np.unique's took ~0.3 s of a 1M-node
    table): labels below n (the kernels' case) are counted and their first
    positions taken in dense arrays; others are first factorized (a hash)."""
    labels = np.asarray(labels, dtype=np.int64)
    n = labels.size
    if n == 0:
        return labels
    if labels.max() >= n:
        labels = pd.factorize(labels)[0].astype(np.int64)
    counts = np.bincount(labels)
    first = np.full(len(counts), n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n, dtype=np.int64))
    used = np.flatnonzero(counts)
    new_id = np.empty(len(counts), dtype=np.int64)
    new_id[used[np.lexsort((first[used], -counts[used]))]] = np.arange(len(used))
    return new_id[labels]


# ---------------------------------------------------------------- comparing
def _labels_from(partition, name: str) -> pd.Series:
    """A partition as a Series indexed by node (any hashable), values = labels."""
    if isinstance(partition, pd.DataFrame):
        if not {"type", "key", "community"} <= set(partition.columns):
            raise ValueError(f"{name}: a DataFrame needs columns type, key and community")
        index = pd.MultiIndex.from_arrays([partition["type"].astype(str), partition["key"].astype(str)])
        s = pd.Series(partition["community"].to_numpy(), index=index)
    elif isinstance(partition, pd.Series):
        s = partition
    elif isinstance(partition, Mapping):
        s = pd.Series(list(partition.values()), index=pd.Index(list(partition.keys()), tupleize_cols=True))
    elif isinstance(partition, Iterable) and not isinstance(partition, (str, bytes)):
        nodes, labels = [], []
        for i, group in enumerate(partition):
            if isinstance(group, (str, bytes)) or not isinstance(group, Iterable):
                raise ValueError(f"{name}: a list of communities must hold collections of nodes, not {group!r}")
            for node in group:
                nodes.append(node)
                labels.append(i)
        s = pd.Series(labels, index=pd.Index(nodes, tupleize_cols=True))
    else:
        raise ValueError(f"{name}: a DataFrame (type, key, community), a Series or dict node -> label, "
                         f"or a list of node sets, not {type(partition).__name__}")
    if s.index.has_duplicates:
        dup = s.index[s.index.duplicated()][0]
        raise ValueError(f"{name}: node {dup!r} appears more than once")
    if s.isna().any():
        raise ValueError(f"{name}: node {s.index[s.isna().to_numpy()][0]!r} has no label")
    return s


def _contingency(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1), dtype=np.int64)
    np.add.at(table, (ai, bi), 1)
    return table


def _entropy(counts: np.ndarray, n: int) -> float:
    p = counts[counts > 0] / n
    return float(-(p * np.log(p)).sum())


def nmi(a, b) -> float:
    """Normalised mutual information of two label arrays: 2 I / (H_a + H_b)
    (arithmetic normalisation: sklearn's default, igraph's ``"nmi"``); 1 when
    both are a single community."""
    a, b = np.asarray(a), np.asarray(b)
    n = len(a)
    t = _contingency(a, b)
    ha, hb = _entropy(t.sum(axis=1), n), _entropy(t.sum(axis=0), n)
    if ha + hb == 0:
        return 1.0
    nz = t > 0
    outer = np.outer(t.sum(axis=1), t.sum(axis=0))
    mi = float((t[nz] / n * np.log(t[nz] * n / outer[nz])).sum())
    return max(0.0, min(1.0, 2 * mi / (ha + hb)))


def ari(a, b) -> float:
    """Adjusted Rand index of two label arrays (Hubert & Arabie 1985; sklearn's
    adjusted_rand_score): 1 = identical, about 0 = chance."""
    a, b = np.asarray(a), np.asarray(b)
    n = len(a)
    t = _contingency(a, b).astype(float)

    def pairs(x):
        return float((x * (x - 1) / 2).sum())

    index, rows, cols, total = pairs(t), pairs(t.sum(axis=1)), pairs(t.sum(axis=0)), n * (n - 1) / 2
    if total == 0:
        return 1.0
    expected = rows * cols / total
    top = (rows + cols) / 2
    if top == expected:
        return 1.0
    return (index - expected) / (top - expected)


def compare(partition, truth) -> dict:
    """How well ``partition`` matches ``truth`` on the nodes both label:
    ``{"nmi": ..., "ari": ..., "nodes": ...}``.

    Each argument is a result DataFrame (type, key, community), a Series or
    dict node -> label, or a list of node sets (networkx style).

    >>> compare(g.leiden(), {("Person", "P-1"): "cell A", ...})  # doctest: +SKIP
    """
    a, b = _labels_from(partition, "partition"), _labels_from(truth, "truth")
    common = a.index.intersection(b.index)
    if len(common) == 0:
        raise ValueError("truth: shares no node with partition")
    x, y = a.loc[common].to_numpy(), b.loc[common].to_numpy()
    x = pd.factorize(x)[0]
    y = pd.factorize(y)[0]
    return {"nmi": nmi(x, y), "ari": ari(x, y), "nodes": int(len(common))}


def _stability(runs: list[np.ndarray], src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Consensus partition and per-node stability of several partitions.

    Consensus: two nodes joined by an edge are tied when the runs put them
    together more often than not; consensus communities are the connected
    components of those ties. Stability of a node: the mean, over runs, of the
    Jaccard similarity between its community in that run and its consensus
    community (1 = always with exactly the same cell-mates)."""
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    together = np.zeros(len(src), dtype=np.int64)
    for m in runs:
        together += m[src] == m[dst]
    keep = together * 2 > len(runs)
    parent = np.arange(n)

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in zip(src[keep].tolist(), dst[keep].tolist()):
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[max(ru, rv)] = min(ru, rv)
    consensus = _by_size(np.array([find(v) for v in range(n)], dtype=np.int64))
    csize = np.bincount(consensus, minlength=consensus.max() + 1 if n else 0)
    stability = np.zeros(n)
    for m in runs:
        msize = np.bincount(m)
        key = m.astype(np.int64) * (consensus.max() + 1) + consensus
        _, inv, cnt = np.unique(key, return_inverse=True, return_counts=True)
        both = cnt[inv]
        stability += both / (msize[m] + csize[consensus] - both)
    return consensus, stability / len(runs)


class CommunityMixin:
    """The community methods of :class:`corridor.Graph`."""

    compare = staticmethod(compare)

    # ------------------------------------------------------------ helpers
    def _partition(self, membership: np.ndarray, method: str, params: dict, **facts) -> pd.DataFrame:
        """type, key, community (+ facts["columns"], per node), sorted by
        community then (type, key): one stable integer sort of the labels
        laid out in the graph's cached (type, key) order — no string
        comparison per call (a three-column sort_values compared a million
        strings and took ~10x the components kernel)."""
        types, keys, by_name = self._node_names()
        community = _by_size(membership)
        order = by_name[np.argsort(community[by_name], kind="stable")]
        columns = {"type": types.take(order), "key": keys.take(order), "community": community[order]}
        for name, values in facts.pop("columns", {}).items():
            columns[name] = np.asarray(values)[order]
        df = pd.DataFrame(columns)
        communities = int(community.max()) + 1 if len(community) else 0  # _by_size numbers 0 .. k - 1
        df.attrs.update(method=method, params=params, communities=communities, **facts)
        return df

    def _modularity_of(self, membership: np.ndarray, weighted) -> float:
        # networkx's modularity (directed on a directed graph; resolution 1)
        return float(self._core.modularity(membership, 1.0, bool(weighted)))

    def _membership(self, partition, name: str = "partition") -> np.ndarray:
        """Labels 0.. per vertex from any partition form; every node must be labelled."""
        s = _labels_from(partition, name)
        nodes = self.nodes()
        if len(self.types) == 1 and not isinstance(partition, pd.DataFrame):
            # keys alone are accepted on a graph of one node type
            s.index = pd.Index([k if isinstance(k, tuple) else (self.types[0], k) for k in s.index],
                               tupleize_cols=True)
        index = pd.MultiIndex.from_arrays([nodes["type"], nodes["key"]])
        labels = s.reindex(index)
        if labels.isna().any():
            missing = index[labels.isna().to_numpy()][0]
            raise ValueError(f"{name}: node {missing!r} has no community; label every node")
        extra = s.index.difference(index) if isinstance(s.index, pd.MultiIndex) else []
        if len(extra):
            raise KeyError(f"{name}: no node {extra[0]!r} in this graph")
        return pd.factorize(labels.to_numpy())[0].astype(np.uint32)

    # ------------------------------------------------------------ methods
    def connected_components(self, strong: bool = False, *, threads: int | None = None) -> pd.DataFrame:
        """Connected components as ``community`` (weakly connected on a
        directed graph unless ``strong=True``); networkx's
        (weakly_|strongly_)connected_components as sets.

        >>> g.connected_components().attrs["communities"]  # doctest: +SKIP
        """
        m, count, _, _ = self._core.connected_components(bool(strong), _threads(threads))
        return self._partition(m, "connected_components", dict(strong=bool(strong)), iterations=0)

    def modularity(self, partition, *, resolution: float = 1.0, weighted: bool = True) -> float:
        """Modularity of ``partition`` — networkx's community.modularity
        (directed modularity on a directed graph). ``partition``: a result
        DataFrame, a dict / Series node -> label, or a list of node sets
        covering every node.

        >>> g.modularity(g.louvain())  # doctest: +SKIP
        """
        res = _number(resolution, "resolution", 0.0, math.inf, lo_open=False)
        return float(self._core.modularity(self._membership(partition), res, bool(weighted)))

    def louvain(self, resolution: float = 1.0, seed: int = 0, weighted: bool = True, *,
                threads: int | None = None) -> pd.DataFrame:
        """Louvain communities (Blondel et al. 2008) maximising modularity with
        ``resolution`` (higher = smaller communities); the same partition for a
        seed at any thread count. Communities may be internally disconnected:
        prefer :meth:`leiden`.

        >>> g.louvain(seed=1).attrs["modularity"]  # doctest: +SKIP
        """
        res = _number(resolution, "resolution", 0.0, math.inf, lo_open=False)
        s = _seed(seed)
        m, count, it, q = self._core.louvain(res, bool(weighted), s, _threads(threads))
        return self._partition(m, "louvain", dict(resolution=res, weighted=bool(weighted)), seed=s,
                               iterations=int(it), modularity=self._modularity_of(m, weighted), quality=float(q))

    def leiden(self, resolution: float = 1.0, objective: str = "modularity", seed: int = 0, runs: int = 1, *,
               weighted: bool = True, theta: float = 0.01, max_iter: int = 3,
               threads: int | None = None) -> pd.DataFrame:
        """Leiden communities (Traag, Waltman & van Eck 2019): every community
        is connected. ``objective`` is ``"modularity"`` (with ``resolution``)
        or ``"cpm"`` (Constant Potts Model: ``resolution`` is the density a
        community must beat). The same partition for a seed at any thread count.

        One run is local moving, refinement (``theta``: randomness of the
        merges, in edge-weight units as igraph's) and aggregation, level after
        level. The run repeats from its own result while that improves the
        quality, at most ``max_iter`` times (default 3, NetworKit's
        ParallelLeiden count; igraph's default is 2): a repeat that does not
        improve is dropped and ends the loop. More repeats keep adding a
        little (~0.1-0.5% modularity each on a 1M-edge R-MAT graph) for a
        whole run's time each.

        ``runs > 1`` runs seeds ``seed .. seed + runs - 1``: ``community`` is
        the best run's, and two more columns say how stable it is —
        ``consensus`` (edges whose ends most runs put together, joined into
        communities) and ``stability`` (mean Jaccard similarity, over runs, of
        the node's community with its consensus community: 1 = always the same
        cell-mates). ``attrs["qualities"]`` lists every run's quality.

        >>> cells = g.leiden(seed=7, runs=20)  # doctest: +SKIP
        >>> cells.sort_values("stability").head()  # doctest: +SKIP
        """
        res = _number(resolution, "resolution", 0.0, math.inf, lo_open=False)
        if objective not in _OBJECTIVES:
            raise ValueError(f"objective: 'modularity' or 'cpm', not {objective!r}")
        s = _seed(seed)
        runs = _positive_int(runs, "runs")
        if s + runs - 1 > _SEED_MAX:
            raise ValueError(f"runs: seed + runs - 1 must stay below 2**64, not {s} + {runs} - 1")
        theta = _number(theta, "theta", 0.0, math.inf)
        max_iter = _positive_int(max_iter, "max_iter")
        results = [self._core.leiden(res, objective, bool(weighted), theta, max_iter, s + r, _threads(threads))
                   for r in range(runs)]
        qualities = [float(q) for _, _, _, q in results]
        best = int(np.argmax(qualities))
        m, count, it, q = results[best]
        params = dict(resolution=res, objective=objective, weighted=bool(weighted), theta=theta, max_iter=max_iter,
                      runs=runs)
        mod = self._modularity_of(m, weighted)
        facts = dict(seed=s, best_seed=s + best, iterations=int(it), quality=float(q), modularity=float(mod),
                     qualities=qualities)
        if runs > 1:
            src, dst = self._core.edges()[:2]
            consensus, stability = _stability([np.asarray(r[0]) for r in results], np.asarray(src, dtype=np.int64),
                                              np.asarray(dst, dtype=np.int64), self.num_nodes)
            facts.update(columns=dict(consensus=consensus, stability=stability),
                         mean_stability=float(stability.mean()) if len(stability) else 1.0)
        return self._partition(m, "leiden", params, **facts)

    def label_propagation(self, seed: int = 0, weighted: bool = True, *, max_iter: int = 1000,
                          threads: int | None = None) -> pd.DataFrame:
        """Communities by asynchronous label propagation (Raghavan et al. 2007;
        networkx's asyn_lpa_communities): fast, no objective, seeded.
        ``attrs["modularity"]`` is the modularity of the result.

        >>> g.label_propagation(seed=3).attrs["communities"]  # doctest: +SKIP
        """
        s = _seed(seed)
        max_iter = _positive_int(max_iter, "max_iter")
        m, count, it, _ = self._core.label_propagation(bool(weighted), max_iter, s, _threads(threads))
        return self._partition(m, "label_propagation", dict(weighted=bool(weighted), max_iter=max_iter), seed=s,
                               iterations=int(it), modularity=self._modularity_of(m, weighted))


# ---------------------------------------------------------------- demo report
def demo_section(rep, g, net) -> None:
    """The demo report's "## Cells" section: communities found on the person
    graph ``g`` against the true cells of the synthetic network ``net``
    (``net.truth``: cell, role, member, indexed by person key)."""
    import time

    truth = net.truth
    people = g.nodes()
    people = people[people["key"].isin(truth.index)]
    keys = people["key"].tolist()
    members = [k for k in keys if bool(truth.at[k, "member"])]
    true_cell = {k: truth.at[k, "cell"] for k in members}
    # Overall, a person outside the organisation belongs to no cell: a group of one.
    true_all = {k: (truth.at[k, "cell"] if bool(truth.at[k, "member"]) else f"outside:{k}") for k in keys}

    rep.say()
    rep.say("## Cells")
    rep.say()
    rep.say(f"Communities of the person graph against the true cells ({len(set(true_cell.values())):,} cells, "
            f"{len(members):,} organisation members; the coordinators form one more group). NMI and ARI "
            "compare with the ground truth corridor never saw: on members only, and overall (everyone "
            "outside the organisation counted as a group of one).")
    rep.say()
    rows, results = [], {}
    stable = "Leiden (resolution 5, best of 10 seeds)"
    for name, run in [("Leiden (modularity, resolution 1)", lambda: g.leiden(seed=0)),
                      (stable, lambda: g.leiden(resolution=5.0, seed=0, runs=10)),
                      ("Louvain", lambda: g.louvain(seed=0)),
                      ("label propagation", lambda: g.label_propagation(seed=0))]:
        t = time.perf_counter()
        df = run()
        seconds = time.perf_counter() - t
        found = dict(zip(df["key"], df["community"]))
        m = compare({k: found[k] for k in members}, true_cell) if members else {"nmi": 0.0, "ari": 0.0}
        a = compare({k: found[k] for k in keys}, true_all)
        results[name] = df
        rows.append([name, df.attrs["communities"], f"{df.attrs['modularity']:.3f}", f"{m['nmi']:.3f}",
                     f"{m['ari']:.3f}", f"{a['nmi']:.3f}", f"{a['ari']:.3f}", f"{seconds:.2f}"])
    rep.table(["method", "communities", "modularity", "NMI members", "ARI members", "NMI all", "ARI all",
               "seconds"], rows, "lrrrrrrr")

    rep.say()
    rep.say("Modularity at resolution 1 merges small cells (its resolution limit); a higher resolution "
            "splits the graph into pieces closer to the cells' size.")
    leiden = results[stable]
    stab = leiden.set_index("key")["stability"]
    mem_stab = stab.reindex(members).dropna()
    rest = stab.drop(index=members, errors="ignore")
    rep.say()
    rep.say(f"Stability over the 10 Leiden runs at resolution 5 (mean Jaccard similarity of a person's "
            f"community in each run with their consensus community; 1 = always the same cell-mates): members "
            f"{mem_stab.mean():.2f} (median {mem_stab.median():.2f}), others {rest.mean():.2f}; "
            f"{(mem_stab >= 0.9).mean():.0%} of members have stability >= 0.9. The consensus partition has "
            f"{leiden['consensus'].nunique():,} communities.")
    by_role = leiden.join(truth[["role"]], on="key").groupby("role")["stability"].mean().sort_values()
    rep.say()
    rep.table(["true role", "mean stability"], [[r, f"{v:.2f}"] for r, v in by_role.items()], "lr")

    def draw(plt):
        from matplotlib.collections import LineCollection

        # Each community on its own spot of a grid, members on a circle around
        # it (a spring layout would take seconds here); edges drawn faintly.
        comm = dict(zip(leiden["key"], leiden["community"]))
        groups: dict[int, list[str]] = {}
        for k in members:
            groups.setdefault(int(comm[k]), []).append(k)
        side = max(1, math.ceil(math.sqrt(len(groups))))
        pos = {}
        for i, (c, ks) in enumerate(sorted(groups.items())):
            cx, cy = i % side, -(i // side)
            r = 0.12 + 0.3 * math.sqrt(len(ks) / max(len(v) for v in groups.values()))
            for j, k in enumerate(ks):
                t = 2 * math.pi * j / len(ks)
                pos[k] = (cx + r * math.cos(t), cy + r * math.sin(t))
        e = g.edges()
        e = e[e["src_key"].isin(pos) & e["dst_key"].isin(pos) & (e["src_key"] != e["dst_key"])]
        fig, ax = plt.subplots(figsize=(7, 7))
        ax.add_collection(LineCollection([(pos[a], pos[b]) for a, b in zip(e["src_key"], e["dst_key"])],
                                         linewidths=0.3, colors="grey", alpha=0.25))
        ax.scatter([pos[k][0] for k in members], [pos[k][1] for k in members],
                   c=[comm[k] % 20 for k in members], cmap="tab20", s=10, vmin=0, vmax=19)
        ax.set_axis_off()
        ax.set_title("Organisation members, coloured by Leiden community (resolution 5)")
        return fig

    rep.figure("cells", "Organisation members coloured by Leiden community (resolution 5)", draw)
