"""Key players: the centrality suite as Graph methods.

Each method validates its arguments, runs one kernel of ``engine/centrality``
(without the GIL, interruptible with Ctrl-C / Jupyter's stop button) and
returns a DataFrame keyed by ``(type, key)`` with ``score`` and ``rank``
(1 = most central; ties share the best rank), sorted by rank. The run's facts
— measure, parameters, iterations, residual, converged — are in ``df.attrs``.

Conventions follow networkx unless a docstring says otherwise; the C++
headers in ``engine/centrality/`` state each one exactly.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd


class ConvergenceWarning(RuntimeWarning):
    """An iterative measure stopped at ``max_iter`` before reaching ``tol``."""


_WEIGHT_AS = ("distance", "strength")
ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _threads(threads) -> int:
    if threads is None:
        return 0
    if not isinstance(threads, (int, np.integer)) or isinstance(threads, bool) or threads < 1:
        raise ValueError(f"threads: a positive integer or None, not {threads!r}")
    return int(threads)


def _positive_int(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name}: a positive integer, not {value!r}")
    return int(value)


def _number(value, name: str, lo: float, hi: float, lo_open: bool = True, hi_open: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: a number, not {value!r}") from None
    low_ok = x > lo if lo_open else x >= lo
    high_ok = x < hi if hi_open else x <= hi
    if not (low_ok and high_ok) or math.isnan(x):
        left, right = "(" if lo_open else "[", ")" if hi_open else "]"
        raise ValueError(f"{name}: must lie in {left}{lo}, {hi}{right}, not {value!r}")
    return x


def _weight_as(value: str) -> str:
    if value not in _WEIGHT_AS:
        raise ValueError(f"weight_as: 'distance' (weights are lengths) or 'strength' "
                         f"(length = 1 / weight), not {value!r}")
    return value


class CentralityMixin:
    """The centrality methods of :class:`corridor.Graph`."""

    # ------------------------------------------------------------ helpers
    def _vertices(self, entities, param: str) -> np.ndarray:
        if entities is None:
            return np.zeros(0, dtype=np.uint32)
        if isinstance(entities, tuple) and len(entities) == 2 and all(isinstance(x, str) for x in entities):
            entities = [entities]
        if isinstance(entities, str):
            entities = [entities]
        out = [self._vertex(e, param) for e in entities]
        if not out:
            raise ValueError(f"{param}: an empty list; give at least one entity or None")
        return np.asarray(out, dtype=np.uint32)

    def _measure(self, score: np.ndarray, measure: str, params: dict, iterations=0, residual=0.0,
                 converged=True, ascending: bool = False) -> pd.DataFrame:
        df = self._scores(score, ascending=ascending)  # ascending: low is central (constraint)
        df.attrs.update(measure=measure, params=params, iterations=int(iterations), residual=float(residual),
                        converged=bool(converged))
        if not converged:
            warnings.warn(f"{measure}: stopped after {iterations} iterations with residual {residual:.3g} "
                          f"above tol; raise max_iter or tol", ConvergenceWarning, stacklevel=3)
        return df

    # ------------------------------------------------------------ spectral
    def pagerank(self, damping: float = 0.85, *, weighted: bool = True, personalization=None,
                 tol: float = 1e-10, max_iter: int = 1000, threads: int | None = None) -> pd.DataFrame:
        """PageRank: where a random walker following contacts spends its time.

        networkx's convention: undirected edges are walked both ways; a node
        with no out-edge (dangling) sends its rank along the personalization
        distribution (uniform when none is given); scores sum to 1 (up to
        rounding).
        ``personalization`` — seed suspects as a list of entities, or a dict
        entity -> weight — makes the walker restart at them (personalized
        PageRank: who is close to these suspects?). Stops when the L1 change
        is below ``num_nodes * tol``.

        >>> g.pagerank(personalization=[("Person", "P-000012")]).head()  # doctest: +SKIP
        """
        d = _number(damping, "damping", 0.0, 1.0, lo_open=False)
        pers, pw = np.zeros(0, dtype=np.uint32), np.zeros(0)
        if personalization is not None:
            if isinstance(personalization, Mapping):
                pers = self._vertices(list(personalization.keys()), "personalization")
                pw = np.asarray([float(x) for x in personalization.values()])
                if (pw < 0).any() or not np.isfinite(pw).all() or pw.sum() <= 0:
                    raise ValueError("personalization: weights must be finite, non-negative, not all zero")
            else:
                pers = self._vertices(personalization, "personalization")
        tol = _number(tol, "tol", 0.0, math.inf)
        max_iter = _positive_int(max_iter, "max_iter")
        score, it, res, conv = self._core.pagerank(d, tol, max_iter, bool(weighted), pers, pw, _threads(threads))
        return self._measure(score, "pagerank", dict(damping=d, weighted=bool(weighted), tol=tol,
                                                     max_iter=max_iter, personalized=len(pers) > 0), it, res, conv)

    def eigenvector_centrality(self, *, weighted: bool = True, tol: float = 1e-10, max_iter: int = 1000,
                               threads: int | None = None) -> pd.DataFrame:
        """Eigenvector centrality: central when tied to central people
        (networkx's eigenvector_centrality: on a directed graph, being pointed
        at by central nodes counts; unit Euclidean norm)."""
        tol = _number(tol, "tol", 0.0, math.inf)
        max_iter = _positive_int(max_iter, "max_iter")
        score, it, res, conv = self._core.eigenvector(tol, max_iter, bool(weighted), _threads(threads))
        return self._measure(score, "eigenvector_centrality",
                             dict(weighted=bool(weighted), tol=tol, max_iter=max_iter), it, res, conv)

    def katz_centrality(self, alpha: float = 0.1, beta: float = 1.0, *, normalized: bool = True,
                        weighted: bool = True, exact: bool = False, tol: float = 1e-10, max_iter: int = 1000,
                        threads: int | None = None) -> pd.DataFrame:
        """Katz centrality: walks of every length reaching a node, each step
        attenuated by ``alpha`` (networkx's katz_centrality; ``exact=True``
        solves the linear system as katz_centrality_numpy does). ``alpha``
        must be below 1 / (largest eigenvalue) for the sum to converge."""
        a = _number(alpha, "alpha", 0.0, math.inf)
        b = _number(beta, "beta", -math.inf, math.inf)
        if b == 0:
            raise ValueError("beta: must not be 0 (every score would be 0)")
        tol = _number(tol, "tol", 0.0, math.inf)
        max_iter = _positive_int(max_iter, "max_iter")
        score, it, res, conv = self._core.katz(a, b, tol, max_iter, bool(normalized), bool(weighted), bool(exact),
                                               _threads(threads))
        return self._measure(score, "katz_centrality", dict(alpha=a, beta=b, normalized=bool(normalized),
                                                            weighted=bool(weighted), exact=bool(exact)),
                             it, res, conv)

    # ------------------------------------------------------------ paths
    def betweenness(self, *, weighted: bool = False, weight_as: str = "distance", normalized: bool = True,
                    endpoints: bool = False, sources=None, targets=None,
                    threads: int | None = None) -> pd.DataFrame:
        """Betweenness: how many shortest paths run through each node — the
        brokers between cells (Brandes' exact algorithm, parallel over
        sources; networkx's betweenness_centrality conventions).

        ``weighted=True`` runs Dijkstra over edge weights read as lengths
        (``weight_as="distance"``), or as tie strengths turned into lengths
        1 / weight (``weight_as="strength"``: more calls = closer). With
        ``sources`` and/or ``targets`` (lists of entities), only paths from a
        source to a target count — betweenness between two groups of
        suspects (networkx's betweenness_centrality_subset).

        >>> g.betweenness(weighted=True, weight_as="strength").head(10)  # doctest: +SKIP
        """
        wa = _weight_as(weight_as)
        s = self._vertices(sources, "sources")
        t = self._vertices(targets, "targets")
        score, it, res, conv = self._core.betweenness(bool(weighted), wa, bool(normalized), bool(endpoints), s, t,
                                                      _threads(threads))
        return self._measure(score, "betweenness", dict(weighted=bool(weighted), weight_as=wa,
                                                        normalized=bool(normalized), endpoints=bool(endpoints),
                                                        sources=len(s), targets=len(t)), it, res, conv)

    def approx_betweenness(self, epsilon: float = 0.01, delta: float = 0.1, *, weighted: bool = False,
                           weight_as: str = "distance", seed: int = 0,
                           threads: int | None = None) -> pd.DataFrame:
        """Betweenness estimated by sampling shortest paths (Riondato and
        Kornaropoulos), for graphs too large for the exact count.

        With probability at least ``1 - delta`` every score is within
        ``epsilon`` of the exact betweenness on the pair-fraction scale —
        the share of ordered node pairs whose shortest paths pass through the
        node, ``b(v) = sum_{s != t} sigma_st(v) / sigma_st / (n (n - 1))``
        (networkx's normalized value times ``(n - 2) / n`` on directed graphs,
        ``(n - 2) / n`` as well on undirected ones). ``df.attrs`` records the
        number of samples drawn. Deterministic for a seed.
        """
        eps = _number(epsilon, "epsilon", 0.0, 1.0)
        dl = _number(delta, "delta", 0.0, 1.0)
        wa = _weight_as(weight_as)
        score, samples, vd = self._core.approx_betweenness(eps, dl, bool(weighted), wa, int(seed), _threads(threads))
        df = self._measure(score, "approx_betweenness", dict(epsilon=eps, delta=dl, weighted=bool(weighted),
                                                             weight_as=wa, seed=int(seed)))
        df.attrs.update(samples=int(samples), vertex_diameter=int(vd))
        return df

    def closeness(self, *, weighted: bool = False, weight_as: str = "distance", wf_improved: bool = True,
                  threads: int | None = None) -> pd.DataFrame:
        """Closeness: how near a node is to everyone it can reach (networkx's
        closeness_centrality: directed graphs use distances *to* the node).
        ``wf_improved`` scales by the share of the graph reached (Wasserman
        and Faust), so nodes in small components do not look central."""
        wa = _weight_as(weight_as)
        score, it, res, conv = self._core.closeness(False, bool(weighted), wa, bool(wf_improved), _threads(threads))
        return self._measure(score, "closeness", dict(weighted=bool(weighted), weight_as=wa,
                                                      wf_improved=bool(wf_improved)), it, res, conv)

    def harmonic_closeness(self, *, weighted: bool = False, weight_as: str = "distance",
                           threads: int | None = None) -> pd.DataFrame:
        """Harmonic closeness: the sum of 1 / d(v, u) over every other node v
        (networkx's harmonic_centrality: on a directed graph, distances from
        the others *to* the node, as closeness); well defined on disconnected
        graphs."""
        wa = _weight_as(weight_as)
        score, it, res, conv = self._core.closeness(True, bool(weighted), wa, False, _threads(threads))
        return self._measure(score, "harmonic_closeness", dict(weighted=bool(weighted), weight_as=wa),
                             it, res, conv)

    # ------------------------------------------------------------ structure
    def core_number(self, *, threads: int | None = None) -> pd.DataFrame:
        """k-core number: the largest k such that the node sits in a group
        where everyone has at least k contacts inside the group (networkx's
        core_number; self-loops ignored; directed graphs use in + out)."""
        score, it, res, conv = self._core.core_number(_threads(threads))
        return self._measure(score, "core_number", {}, it, res, conv)

    def structural_holes(self, *, weighted: bool = False, threads: int | None = None) -> pd.DataFrame:
        """Burt's structural holes: ``constraint`` (low = the node's contacts
        do not know each other — a broker) and ``effective_size`` (the
        non-redundant part of the node's network), as networkx's constraint
        and effective_size. Isolated nodes get NaN.

        Returns ``type, key, constraint, constraint_rank, effective_size,
        effective_size_rank`` sorted by constraint rank (lowest first).
        """
        c, e = self._core.structural_holes(bool(weighted), _threads(threads))
        df = self.nodes()
        df["constraint"] = c
        df["constraint_rank"] = df["constraint"].rank(method="min", ascending=True).astype("Int64")
        df["effective_size"] = e
        df["effective_size_rank"] = df["effective_size"].rank(method="min", ascending=False).astype("Int64")
        df = df.sort_values(["constraint_rank", "type", "key"], kind="stable", na_position="last")
        df = df.reset_index(drop=True)
        df.attrs.update(measure="structural_holes", params=dict(weighted=bool(weighted)))
        return df

    def _groups(self, group) -> tuple[np.ndarray, pd.Index]:
        """Group labels for every node, as codes and their labels."""
        nodes = self.nodes()
        if isinstance(group, (Mapping, pd.Series)):
            mapping = group if isinstance(group, Mapping) else group.to_dict()
            by_pair = all(isinstance(k, tuple) for k in mapping)
            lookup = list(zip(nodes["type"], nodes["key"])) if by_pair else nodes["key"].tolist()
            labels = [mapping.get(k) for k in lookup]
            missing = [k for k, lab in zip(lookup, labels) if lab is None or (isinstance(lab, float) and
                                                                                math.isnan(lab))]
            if missing:
                raise ValueError(f"group: no group for {len(missing)} node(s), e.g. {missing[:3]}")
        elif isinstance(group, Iterable) and not isinstance(group, str):
            labels = list(group)
            if len(labels) != self.num_nodes:
                raise ValueError(f"group: {len(labels)} labels for {self.num_nodes} nodes; give one per node in "
                                 f"node order, or a mapping from entity to group")
        else:
            raise TypeError("group: a mapping (key or (type, key) -> group), a Series, or one label per node")
        codes, uniques = pd.factorize(pd.Series(labels, dtype=object), sort=True)
        return codes.astype(np.uint32), pd.Index(uniques)

    def brokerage(self, group, *, threads: int | None = None) -> pd.DataFrame:
        """Gould and Fernandez brokerage roles for a group attribute
        (country, cell, role), as R's ``sna::brokerage`` defines them: for
        each node b, the open two-paths a -> b -> c (a, b, c distinct, no arc
        a -> c) in which b acts as coordinator (a, b, c in one group),
        itinerant (a and c in one group, b outside), representative (b passes
        its group's ties out), gatekeeper (b lets outside ties into its
        group) or liaison (three groups). Expected counts, and z-scores, come
        from sna's random-graph model with the observed density and group
        sizes; a z-score sna cannot define (e.g. coordinator in a one-member
        group) is NaN. An undirected graph counts each edge as two arcs, as
        sna does.

        ``group`` maps each node to its group: a dict or Series keyed by key
        (or by (type, key)), or one label per node in node order.

        Returns ``type, key, group``, the five role counts, ``total``,
        ``expected_<role>``, ``z_<role>`` and ``z_total``, sorted by total
        (highest first).
        """
        codes, labels = self._groups(group)
        count, expected, z, total, total_z = self._core.brokerage(codes, _threads(threads))
        df = self.nodes()
        df["group"] = labels[codes]
        for role, c in zip(ROLES, count):
            df[role] = c
        df["total"] = total
        for role, e in zip(ROLES, expected):
            df[f"expected_{role}"] = e
        for role, zz in zip(ROLES, z):
            df[f"z_{role}"] = zz
        df["z_total"] = total_z
        df["rank"] = df["total"].rank(method="min", ascending=False).astype(np.int64)
        df = df.sort_values(["rank", "type", "key"], kind="stable").reset_index(drop=True)
        df.attrs.update(measure="brokerage", params=dict(groups=len(labels)))
        return df

    # ------------------------------------------------------------ one answer
    KEY_PLAYER_MEASURES = ("degree", "betweenness", "pagerank", "harmonic_closeness", "eigenvector_centrality",
                           "core_number", "constraint")
    _EXACT_BETWEENNESS_LIMIT = 20_000  # nodes; above it key_players samples betweenness

    def key_players(self, k: int = 10, *, measures: Iterable[str] | None = None, weighted: bool = False,
                    seed: int = 0, threads: int | None = None) -> pd.DataFrame:
        """Who holds this network together: one table joining several
        centrality measures, for the analyst who wants one answer.

        Each measure ranks every node; a node's ``votes`` is the number of
        measures that put it in their top ``k`` *and* score it better than
        their median node (so a measure on which most nodes tie, such as the
        k-core number inside one dense cell, votes for nobody), and
        ``top_in`` names them. Rows are ordered by votes, then by the mean of
        the node's ranks (ties broken by type and key).
        Measures (default: all of ``KEY_PLAYER_MEASURES``): degree,
        betweenness (exact up to 20,000 nodes, sampled with epsilon = 0.005
        above), pagerank, harmonic_closeness, eigenvector_centrality,
        core_number and constraint (low constraint = broker; isolated nodes
        rank last). ``weighted`` applies to every measure that has weights
        (betweenness then reads weights as strengths).

        Returns ``rank, type, key, votes, top_in`` and, per measure, its
        ``<measure>_rank`` — ``k`` rows.

        >>> g.key_players(k=10)                                           # doctest: +SKIP
        """
        k = _positive_int(k, "k")
        chosen = tuple(self.KEY_PLAYER_MEASURES if measures is None else measures)
        unknown = [m for m in chosen if m not in self.KEY_PLAYER_MEASURES]
        if unknown or not chosen:
            raise ValueError(f"measures: unknown {unknown}; choose from {', '.join(self.KEY_PLAYER_MEASURES)}")
        w = bool(weighted)
        t = threads

        def measure(name: str) -> pd.DataFrame:
            if name == "degree":
                return self.degree(weighted=w)
            if name == "betweenness":
                if self.num_nodes > self._EXACT_BETWEENNESS_LIMIT:
                    return self.approx_betweenness(0.005, 0.1, weighted=w, weight_as="strength", seed=seed,
                                                   threads=t)
                return self.betweenness(weighted=w, weight_as="strength", threads=t)
            if name == "pagerank":
                return self.pagerank(weighted=w, threads=t)
            if name == "harmonic_closeness":
                return self.harmonic_closeness(weighted=w, weight_as="strength", threads=t)
            if name == "eigenvector_centrality":
                return self.eigenvector_centrality(weighted=w, threads=t)
            if name == "core_number":
                return self.core_number(threads=t)
            sh = self.structural_holes(weighted=w, threads=t)
            sh["score"] = -sh["constraint"]  # low constraint is central
            return sh.rename(columns={"constraint_rank": "rank"})

        table = self.nodes()
        rank_cols, votes = [], []
        for name in chosen:
            r = measure(name)[["type", "key", "rank", "score"]]
            r = r.assign(**{f"_{name}_votes": r["rank"].le(k) & r["score"].gt(r["score"].median())})
            table = table.merge(r.drop(columns="score").rename(columns={"rank": f"{name}_rank"}),
                                on=["type", "key"], how="left")
            rank_cols.append(f"{name}_rank")
            votes.append(f"_{name}_votes")
        ranks = table[rank_cols].astype("float64").fillna(self.num_nodes + 1)
        in_top = table[votes].fillna(False).astype(bool)
        table["votes"] = in_top.sum(axis=1).astype(np.int64)
        names = np.array(chosen, dtype=object)
        table["top_in"] = [", ".join(names[row]) for row in in_top.to_numpy()]
        table["_mean_rank"] = ranks.mean(axis=1)
        table = table.drop(columns=votes)
        table = table.sort_values(["votes", "_mean_rank", "type", "key"], ascending=[False, True, True, True],
                                  kind="stable").head(k).reset_index(drop=True)
        table.insert(0, "rank", np.arange(1, len(table) + 1))
        table = table[["rank", "type", "key", "votes", "top_in", *rank_cols]]
        table.attrs.update(measure="key_players", params=dict(k=k, measures=list(chosen), weighted=w, seed=seed))
        return table
