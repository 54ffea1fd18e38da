"""Hidden links: link prediction as Graph methods.

Which pairs of people who have no recorded contact probably know each other?
``predict_links`` ranks non-adjacent pairs by a neighbourhood index,
``score_links`` scores given pairs, and ``evaluate_link_prediction`` measures
how well each index recovers edges hidden from it (AUC, average precision,
precision@k). The kernels are in ``engine/linkpred`` (their headers state
each definition); scores equal networkx's link-prediction functions
(``jaccard_coefficient``, ``adamic_adar_index``, ``resource_allocation_index``,
``preferential_attachment``, ``len(common_neighbors)``) up to the order of
floating-point addition.

Only undirected graphs: a directed graph is rejected with a ValueError (the
indices are defined on undirected neighbourhoods; project undirected first).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

from ._centrality import _positive_int, _threads

METHODS = ("common_neighbors", "jaccard", "adamic_adar", "resource_allocation", "preferential_attachment")
_NO_TIME = np.iinfo(np.int64).min


GLOBAL_METHODS = ("katz", "rooted_pagerank")


def _method(method, global_ok: bool = False) -> str:
    allowed = METHODS + (GLOBAL_METHODS if global_ok else ())
    if method not in allowed:
        raise ValueError(f"method: one of {', '.join(allowed)}, not {method!r}")
    return method


def auc_score(pos: np.ndarray, neg: np.ndarray) -> float:
    """P(score of a random positive > score of a random negative), ties 1/2
    (the Mann-Whitney U statistic divided by |pos| |neg|)."""
    pos, neg = np.asarray(pos, dtype=float), np.asarray(neg, dtype=float)
    if len(pos) == 0 or len(neg) == 0:
        return math.nan
    ranks = pd.Series(np.concatenate([pos, neg])).rank(method="average").to_numpy()
    u = ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2
    return float(u / (len(pos) * len(neg)))


def average_precision(pos: np.ndarray, neg: np.ndarray) -> float:
    """Average precision as scikit-learn's average_precision_score: the sum
    over distinct score thresholds (high to low) of precision times the recall
    gained, tied scores entering together."""
    pos, neg = np.asarray(pos, dtype=float), np.asarray(neg, dtype=float)
    if len(pos) == 0:
        return math.nan
    score = np.concatenate([pos, neg])
    label = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    order = np.argsort(-score, kind="stable")
    score, label = score[order], label[order]
    last = np.r_[np.flatnonzero(np.diff(score) != 0), len(score) - 1]  # end of each tie group
    tp = np.cumsum(label)[last]
    precision = tp / (last + 1)
    recall = tp / len(pos)
    return float(np.sum(np.diff(np.r_[0.0, recall]) * precision))


SUPERVISED = "logistic"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(0.5 * z))  # no overflow warnings at large |z|


class LogisticFit(NamedTuple):
    """An L2-penalised logistic regression fitted by the engine
    (``engine/linkpred/logistic.hpp``): weights, intercept, Newton
    iterations, the penalised objective, ``||gradient||_inf`` there, and
    whether the stated convergence rule was met."""

    coef: np.ndarray
    intercept: float
    iterations: int
    objective: float
    gradient_norm: float
    converged: bool

    def logit(self, X: np.ndarray) -> np.ndarray:
        return np.asarray(X, dtype=float) @ self.coef + self.intercept


def _fit_logistic(X: np.ndarray, y: np.ndarray, l2: float = 1e-2, sample_weight: np.ndarray | None = None,
                  *, tol: float = 1e-10, max_iter: int = 100) -> LogisticFit:
    """Minimises sum_i s_i [log(1 + e^z_i) - y_i z_i] + l2/2 ||w||^2 with
    z = X w + b (intercept unpenalised; scikit-learn's C = 1 / l2) by the
    engine's damped Newton method. ValueError (naming ``x``, ``y``,
    ``sample_weight``, ``l2``) for a non-finite feature, a label not 0/1,
    a single class."""
    from . import _core

    sw = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    coef, b, iters, obj, gnorm, ok = _core.logistic_regression(np.asarray(X, dtype=float), np.asarray(y, dtype=float),
                                                               sw, float(l2), True, float(tol), int(max_iter))
    return LogisticFit(coef, float(b), int(iters), float(obj), float(gnorm), bool(ok))


def _fit_platt(logit: np.ndarray, y: np.ndarray) -> LogisticFit:
    """Platt scaling [Platt 1999]: P(edge) = sigmoid(a * logit + c) by
    maximum likelihood on held-out pairs. When that maximum does not exist
    (one class only, or the logit separates the classes, so the fit would
    run to infinite slope) Platt's own regularised targets are used instead:
    (N+ + 1) / (N+ + 2) for edges and 1 / (N- + 2) for non-edges, as a
    weighted 0/1 fit."""
    x = np.asarray(logit, dtype=float)[:, None]
    y = np.asarray(y, dtype=float)
    pos = int(y.sum())
    if 0 < pos < len(y):
        fit = _fit_logistic(x, y, l2=0.0)
        if fit.converged:
            return fit
    target = np.where(y == 1, (pos + 1) / (pos + 2), 1 / (len(y) - pos + 2))
    return _fit_logistic(np.r_[x, x], np.r_[np.ones(len(y)), np.zeros(len(y))], l2=0.0,
                         sample_weight=np.r_[target, 1 - target])


def _pair_features(core, us: np.ndarray, vs: np.ndarray, groups: np.ndarray | None) -> np.ndarray:
    """Per pair: the five local scores (PA as log1p), log degrees (sum and
    absolute difference), and 'same group' when a grouping is given."""
    cols = [core.score_links(us, vs, m, False) for m in METHODS]
    cols[-1] = np.log1p(cols[-1])
    cols[0] = np.log1p(cols[0])
    deg = np.asarray(core.degree("both", False), dtype=float)
    du, dv = np.log1p(deg[us]), np.log1p(deg[vs])
    cols += [du + dv, np.abs(du - dv)]
    if groups is not None:
        cols.append((groups[us] == groups[vs]) & (groups[us] >= 0))
    return np.column_stack(cols).astype(float)


class _LinkModel:
    """Logistic regression (the engine's, l2 = 1e-2) on standardised pair
    features, then Platt scaling fitted on a separate validation set
    (calibrated probabilities)."""

    def __init__(self, X: np.ndarray, y: np.ndarray, Xv: np.ndarray, yv: np.ndarray):
        self.mean = X.mean(axis=0)
        self.scale = np.where(X.std(axis=0) > 0, X.std(axis=0), 1.0)
        self.fit = _fit_logistic((X - self.mean) / self.scale, y)
        if not self.fit.converged:  # strictly convex with both classes: not expected
            raise RuntimeError(f"logistic model: Newton's method did not converge in {self.fit.iterations} "
                               f"iterations (gradient {self.fit.gradient_norm:.3g})")
        self.platt = _fit_platt(self._logit(Xv), yv)

    def _logit(self, X: np.ndarray) -> np.ndarray:
        return self.fit.logit((X - self.mean) / self.scale)

    def predict(self, X: np.ndarray) -> np.ndarray:
        return _sigmoid(self.platt.logit(self._logit(X)[:, None]))


class LinkPredMixin:
    """The linkpred methods of :class:`corridor.Graph`."""

    def _undirected(self, what: str) -> None:
        if self.directed:
            raise ValueError(f"{what}: graph is directed; link prediction is defined on undirected graphs "
                             "(project with directed=False)")

    def _pair_frame(self, us: np.ndarray, vs: np.ndarray, score: np.ndarray, rank=None) -> pd.DataFrame:
        """Pairs as type_a, key_a, type_b, key_b (categorical: a per-entity
        table repeats every name up to 2k times), score and, when given, rank."""
        cols = {}
        for end, at in (("a", us), ("b", vs)):
            for what, (codes, dtype) in zip(("type", "key"), self._name_categories(at)):
                cols[f"{what}_{end}"] = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
        cols["score"] = np.asarray(score, dtype=float)
        if rank is not None:
            cols["rank"] = np.asarray(rank, dtype=np.int64)
        return pd.DataFrame(cols, copy=False)

    def _global_scores(self, method: str, s: int, beta: float, max_length: int | None, damping: float):
        """One source's score for every vertex under a global method."""
        if method == "katz":
            return self._core.katz_links(int(s), beta, 1 if max_length is None else max_length, max_length is None)
        score, *_ = self._core.pagerank(damping, 1e-12, 10000, False, np.asarray([s], dtype=np.uint32),
                                        np.zeros(0), 0)
        return score

    def _global_params(self, beta, max_length, damping):
        beta = float(beta)
        if not 0 < beta < 1:
            raise ValueError(f"beta: must lie in (0, 1), not {beta!r}")
        if max_length is not None:
            max_length = _positive_int(max_length, "max_length")
        damping = float(damping)
        if not 0 <= damping < 1:
            raise ValueError(f"damping: must lie in [0, 1), not {damping!r}")
        return beta, max_length, damping

    def _predict_global(self, m, k, sources, among, beta, max_length, damping) -> tuple:
        if len(sources) == 0:
            raise ValueError(f"method: '{m}' scores from given sources; pass for_entity (or among) — "
                             "all n sources would cost n solves")
        if m == "rooted_pagerank" and among:
            raise ValueError("among: rooted_pagerank is not symmetric; use for_entity")
        n = self.num_nodes
        src, dst, *_ = self._core.edges()
        edges = np.unique(np.r_[src.astype(np.int64) * n + dst, dst.astype(np.int64) * n + src])
        sources = np.unique(sources)
        inset = np.zeros(n, dtype=bool)
        inset[sources] = True
        us, vs, sc = [], [], []
        for s in sources.tolist():
            score = np.asarray(self._global_scores(m, s, beta, max_length, damping))
            v = np.arange(n)
            keep = (v != s) & (score > 0) & ~np.isin(s * n + v, edges)
            keep &= (inset & (v > s)) if among else (~inset | (v > s))
            us.append(np.full(int(keep.sum()), s))
            vs.append(v[keep])
            sc.append(score[keep])
        us, vs, sc = np.concatenate(us), np.concatenate(vs), np.concatenate(sc)
        order = np.lexsort((vs, us, -sc))[:k]
        return us[order], vs[order], sc[order]

    def predict_links(self, method: str = "adamic_adar", top: int | None = None, *, per_entity: int | None = None,
                      among=None, for_entity=None, weighted: bool = False, beta: float = 0.05,
                      max_length: int | None = 3, damping: float = 0.85,
                      threads: int | None = None) -> pd.DataFrame:
        """The ``top`` most likely missing links: non-adjacent pairs ranked by
        a neighbourhood index, without scoring all n^2 pairs.

        ``method``: ``common_neighbors``, ``jaccard``, ``adamic_adar``,
        ``resource_allocation`` (networkx's definitions) or
        ``preferential_attachment`` (degree product: hubs pair with hubs).
        ``for_entity``: an entity (or a list): only pairs with one end there,
        that entity in ``type_a, key_a``. ``among``: a list of entities: only
        pairs with both ends in it. ``weighted=True``: Lü & Zhou's weighted
        forms (not for Jaccard).

        Global methods, from the given sources only (``for_entity``, or
        ``among`` for Katz): ``katz`` — walks of every length ``l`` up to
        ``max_length`` weighted ``beta**l`` (``max_length=None``: all
        lengths, by a sparse solve; needs beta < 1 / largest eigenvalue);
        ``rooted_pagerank`` — personalized PageRank from the source (restart
        ``1 - damping``), the score of v being the walker's time at v.
        Unweighted. Only pairs with a positive score are
        returned (fewer than ``top`` when fewer exist). Ties are broken by
        node order, so the answer is deterministic.

        ``top`` (default 50) counts pairs over the whole answer.
        ``per_entity=N`` instead asks for the N best candidates *of every
        entity* (or of each ``for_entity``): one call, parallel over the
        entities. An entity's candidates are the entities two steps away —
        not its neighbours, sharing at least one neighbour — the only pairs
        the neighbourhood indices score above 0; an isolated entity, or one
        whose neighbours' neighbours are all its neighbours, gets no rows.
        Rows are grouped by ``type_a, key_a`` (in node order), best first,
        ties broken by node order; ``rank`` counts within the entity. A pair
        appears once from each end. Not for ``preferential_attachment``
        (ranked per entity it is the degree order, the same for everyone) nor
        the global methods.

        Returns ``type_a, key_a, type_b, key_b, score, rank`` (rank 1 = most
        likely; tied scores share the best rank). The name columns are
        pandas categoricals (a per-entity answer repeats each name up to 2N
        times): compare them with strings as usual, ``.astype(str)`` for
        plain strings.

        >>> g.predict_links("resource_allocation", top=20)            # doctest: +SKIP
        >>> g.predict_links("adamic_adar", per_entity=100)           # doctest: +SKIP
        """
        self._undirected("predict_links")
        m = _method(method, global_ok=True)
        if per_entity is not None and top is not None:
            raise ValueError("top, per_entity: give one of them (top counts pairs overall, per_entity per entity)")
        k = _positive_int(50 if top is None else top, "top")
        gp = self._global_params(beta, max_length, damping)
        if among is not None and for_entity is not None:
            raise ValueError("among, for_entity: give one of them, not both")
        if weighted and m == "jaccard":
            raise ValueError("weighted: Jaccard has no weighted form; use weighted=False")
        sources = np.zeros(0, dtype=np.uint32)
        if among is not None:
            sources = self._vertices(among, "among")
        elif for_entity is not None:
            sources = self._vertices(for_entity, "for_entity")
        if per_entity is not None:
            return self._predict_per_entity(m, _positive_int(per_entity, "per_entity"), sources, among, weighted,
                                            threads, for_entity is not None)
        if m in GLOBAL_METHODS:
            if weighted:
                raise ValueError(f"weighted: '{m}' is unweighted here; use weighted=False")
            us, vs, score = self._predict_global(m, k, sources, among is not None, *gp)
        else:
            us, vs, score = self._core.top_links(m, bool(weighted), k, sources, among is not None,
                                                 _threads(threads))
        df = self._pair_frame(us, vs, score)
        df["rank"] = df["score"].rank(method="min", ascending=False).astype(np.int64)
        df.attrs.update(measure="predict_links", params=dict(method=m, top=k, weighted=bool(weighted),
                                                             among=among is not None,
                                                             for_entity=for_entity is not None))
        return df

    def _predict_per_entity(self, m: str, k: int, sources: np.ndarray, among, weighted: bool, threads,
                            for_entity: bool) -> pd.DataFrame:
        """predict_links(per_entity=k): the k best two-hop candidates of each source."""
        if among is not None:
            raise ValueError("among: not with per_entity (it ranks each entity's own candidates); "
                             "choose the entities with for_entity")
        if m in GLOBAL_METHODS or m == "preferential_attachment":
            raise ValueError(f"method: per_entity needs a neighbourhood index (common_neighbors, jaccard, "
                             f"adamic_adar, resource_allocation), not {m!r}")
        us, vs, score, rank = self._core.top_links_per_vertex(m, bool(weighted), k, sources, _threads(threads))
        df = self._pair_frame(us, vs, score, rank=rank)
        df.attrs.update(measure="predict_links", params=dict(method=m, per_entity=k, weighted=bool(weighted),
                                                             among=False, for_entity=for_entity))
        return df

    def _pair_vertices(self, pairs) -> tuple[np.ndarray, np.ndarray]:
        if isinstance(pairs, pd.DataFrame):
            missing = {"type_a", "key_a", "type_b", "key_b"} - set(pairs.columns)
            if missing:
                raise ValueError(f"pairs: a DataFrame needs columns type_a, key_a, type_b, key_b; "
                                 f"missing {', '.join(sorted(missing))}")
            pairs = [((ta, ka), (tb, kb)) for ta, ka, tb, kb in
                     zip(pairs["type_a"], pairs["key_a"], pairs["type_b"], pairs["key_b"])]
        us, vs = [], []
        for i, p in enumerate(pairs):
            if not (isinstance(p, (tuple, list)) and len(p) == 2):
                raise ValueError(f"pairs: item {i} is not a pair of entities: {p!r}")
            us.append(self._vertex(p[0], "pairs"))
            vs.append(self._vertex(p[1], "pairs"))
        return np.asarray(us, dtype=np.uint32), np.asarray(vs, dtype=np.uint32)

    def score_links(self, pairs, method: str = "adamic_adar", *, weighted: bool = False, beta: float = 0.05,
                    max_length: int | None = 3, damping: float = 0.85) -> pd.DataFrame:
        """Scores given pairs (adjacent or not) by a link-prediction index.

        ``pairs``: a list of ``(entity, entity)`` or a DataFrame with
        ``type_a, key_a, type_b, key_b`` (as predict_links returns). Returns
        those columns plus ``score``, in the order given. ``katz`` and
        ``rooted_pagerank`` (score of b from a) as in predict_links.

        >>> g.score_links([(("Person", "P-1"), ("Person", "P-2"))], "jaccard")  # doctest: +SKIP
        """
        self._undirected("score_links")
        m = _method(method, global_ok=True)
        gp = self._global_params(beta, max_length, damping)
        if weighted and m in ("jaccard",) + GLOBAL_METHODS:
            raise ValueError(f"weighted: '{m}' has no weighted form here; use weighted=False")
        us, vs = self._pair_vertices(pairs)
        if m in GLOBAL_METHODS:
            score = np.zeros(len(us))
            for s in np.unique(us).tolist():
                at = us == s
                score[at] = np.asarray(self._global_scores(m, s, *gp))[vs[at]]
        else:
            score = self._core.score_links(us, vs, m, bool(weighted))
        df = self._pair_frame(us, vs, score)
        df.attrs.update(measure="score_links", params=dict(method=m, weighted=bool(weighted)))
        return df

    # ------------------------------------------------------------ evaluation
    def _group_codes(self, groups) -> np.ndarray:
        """Per vertex: a code for its label in ``groups`` (keyed by (type, key)
        or by key), -1 when it has none."""
        if not hasattr(groups, "get"):
            raise ValueError("groups: a mapping from entity (type, key) or key to a label")
        nodes = self.nodes()
        labels = [groups.get((t, key), groups.get(key)) for t, key in zip(nodes["type"], nodes["key"])]
        codes, _ = pd.factorize(pd.Series(labels, dtype=object), use_na_sentinel=True)
        return codes.astype(np.int64)

    def _fit_link_model(self, rng, tsrc, tdst, tweight, all_codes, group_codes) -> _LinkModel:
        """The supervised model learnt from a training graph's edges alone."""
        cand = np.flatnonzero(tsrc != tdst)
        hide = rng.choice(cand, size=max(10, int(round(0.1 * len(cand)))), replace=False) if len(cand) > 20 else None
        if hide is None:
            raise ValueError("graph: too few edges to train the logistic model (needs more than 20)")
        mask = np.zeros(len(tsrc), dtype=bool)
        mask[hide] = True
        fit = self._training_graph(~mask, tsrc, tdst, tweight)
        fu, fv = tsrc[mask].astype(np.uint32), tdst[mask].astype(np.uint32)
        gu, gv = _sample_non_edges(rng, self.num_nodes, all_codes, len(fu))
        X = _pair_features(fit._core, np.r_[fu, gu], np.r_[fv, gv], group_codes)
        y = np.r_[np.ones(len(fu)), np.zeros(len(gu))]
        order = rng.permutation(len(y))
        cut = int(0.7 * len(y))
        return _LinkModel(X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]])

    def _training_graph(self, keep: np.ndarray, src: np.ndarray, dst: np.ndarray, weight: np.ndarray):
        """This graph's nodes (same order) with only the edges in ``keep``."""
        from . import _core
        from ._graph import Graph

        core = _core.Graph.build(list(self.types), self._core.vertex_types(), list(self._key_list()),
                                 src[keep].astype(np.uint32), dst[keep].astype(np.uint32),
                                 weight[keep].astype(float), None, False, "sum", -math.inf)
        return Graph(core)

    def evaluate_link_prediction(self, methods: Sequence[str] | None = None, holdout: float = 0.1,
                                 repeats: int = 20, seed: int = 0, split: str = "random", at=None, *,
                                 k: int = 100, weighted: bool = False, groups=None) -> pd.DataFrame:
        """How well each method recovers edges hidden from it.

        Each repeat hides test edges, scores them on the remaining (training)
        graph against as many sampled non-edges (pairs that are not edges of
        the full graph, drawn uniformly), and records
        - ``auc``: the chance a hidden edge outscores a non-edge (ties 1/2);
        - ``ap``: average precision of that ranking (scikit-learn's definition);
        - ``precision_at_k``: the share of the ``k`` best predicted links of
          the training graph (predict_links over the whole graph) that are
          hidden edges (missing predictions count as misses).
        ``split="random"`` hides a fraction ``holdout`` of the edges
        (self-loops are never hidden); ``split="time"`` trains on the edges
        first seen before ``at`` (a date; untimed edges train) and tests on
        the later ones — then only the sampled non-edges vary between repeats.

        Returns one row per method: ``method, auc_mean, auc_std, ap_mean,
        ap_std, precision_at_k_mean, precision_at_k_std`` (std over repeats,
        ddof 1) plus ``test_edges``; each repeat's numbers are in
        ``df.attrs["runs"]``. Deterministic for a seed.

        ``"logistic"`` among ``methods`` adds a supervised model: logistic
        regression over the five scores, log degrees (sum and difference)
        and, given ``groups`` (a mapping from entity, or key, to a label such
        as community or country), "same group". Within each repeat it learns
        from the training graph alone — 10% of the training edges are hidden
        again, scored on what remains, against sampled non-edges; 70% of
        those pairs fit the regression (standardised features, L2 penalty
        1e-2, by the engine's Newton solver), 30% fit Platt scaling (Platt's
        regularised targets when those pairs are separable or of one class),
        so its output is a calibrated probability (``brier_mean``: the Brier score on the
        test pairs; NaN for the unsupervised scores). Its precision@k re-ranks
        the union of the unsupervised methods' top 5k pairs.

        >>> g.evaluate_link_prediction(["adamic_adar", "jaccard"], repeats=5, seed=1)  # doctest: +SKIP
        """
        self._undirected("evaluate_link_prediction")
        if isinstance(methods, str):  # one name, or a comma-separated list (the CLI's --set methods=a,b)
            methods = [x.strip() for x in methods.split(",")]
        methods = list(METHODS if methods is None else methods)
        if not methods:
            raise ValueError("methods: an empty list; give at least one method")
        for m in methods:
            if m == SUPERVISED:
                continue
            _method(m)
            if weighted and m == "jaccard":
                raise ValueError("weighted: Jaccard has no weighted form; leave it out of methods or "
                                 "use weighted=False")
        repeats = _positive_int(repeats, "repeats")
        k = _positive_int(k, "k")
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"seed: a non-negative integer, not {seed!r}")
        if split not in ("random", "time"):
            raise ValueError(f"split: 'random' or 'time', not {split!r}")

        n = self.num_nodes
        src, dst, weight, _count, first, _last = self._core.edges()
        src, dst = src.astype(np.int64), dst.astype(np.int64)
        weight, first = np.asarray(weight, dtype=float), np.asarray(first, dtype=np.int64)
        codes = np.minimum(src, dst) * n + np.maximum(src, dst)
        loops = src == dst
        if split == "random":
            try:
                h = float(holdout)
            except (TypeError, ValueError):
                raise ValueError(f"holdout: a number in (0, 1), not {holdout!r}") from None
            if not 0 < h < 1:
                raise ValueError(f"holdout: must lie in (0, 1), not {holdout!r}")
            if at is not None:
                raise ValueError("at: only with split='time'")
            candidates = np.flatnonzero(~loops)
            n_test = max(1, int(round(h * len(candidates))))
            if len(candidates) < 2:
                raise ValueError("graph: needs at least two edges to hold some out")
        else:
            if at is None:
                raise ValueError("at: split='time' needs a date (edges first seen before it train)")
            try:
                ts = pd.Timestamp(at)
            except (TypeError, ValueError):
                raise ValueError(f"at: a date, not {at!r}") from None
            cut = (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")).value
            test_mask = (first != _NO_TIME) & (first >= cut) & ~loops
            if not test_mask.any() or test_mask.all():
                raise ValueError(f"at: {at!r} leaves {int(test_mask.sum())} of {len(src)} edges to test; "
                                 "pick a date inside the edges' time range")
            fixed_graph = self._training_graph(~test_mask, src, dst, weight)

        group_codes = None if groups is None else self._group_codes(groups)
        runs = []
        for r in range(repeats):
            rng = np.random.default_rng([int(seed), r])
            if split == "random":
                test = rng.choice(candidates, size=n_test, replace=False)
                test_mask = np.zeros(len(src), dtype=bool)
                test_mask[test] = True
                train = self._training_graph(~test_mask, src, dst, weight)
            else:
                train = fixed_graph
            pu, pv = src[test_mask], dst[test_mask]
            nu, nv = _sample_non_edges(rng, n, codes, len(pu))
            test_codes = codes[test_mask]
            if SUPERVISED in methods:
                model = self._fit_link_model(rng, src[~test_mask], dst[~test_mask], weight[~test_mask], codes,
                                             group_codes)
            for m in methods:
                if m == SUPERVISED:
                    pos = model.predict(_pair_features(train._core, pu.astype(np.uint32), pv.astype(np.uint32),
                                                       group_codes))
                    neg = model.predict(_pair_features(train._core, nu, nv, group_codes))
                    cand = np.unique(np.concatenate([
                        (lambda t: np.minimum(t[0], t[1]).astype(np.int64) * n + np.maximum(t[0], t[1]))(
                            train._core.top_links(x, False, 5 * k, np.zeros(0, dtype=np.uint32), False, 0))
                        for x in METHODS]))
                    cp = model.predict(_pair_features(train._core, (cand // n).astype(np.uint32),
                                                      (cand % n).astype(np.uint32), group_codes))
                    best = cand[np.lexsort((cand, -cp))[:k]]
                    runs.append(dict(method=m, repeat=r, auc=auc_score(pos, neg), ap=average_precision(pos, neg),
                                     precision_at_k=float(np.isin(best, test_codes).sum() / k),
                                     brier=float(np.mean(np.r_[(1 - pos) ** 2, neg ** 2])), test_edges=len(pu)))
                    continue
                pos = train._core.score_links(pu.astype(np.uint32), pv.astype(np.uint32), m, bool(weighted))
                neg = train._core.score_links(nu, nv, m, bool(weighted))
                tu, tv, _ = train._core.top_links(m, bool(weighted), k, np.zeros(0, dtype=np.uint32), False, 0)
                top_codes = np.minimum(tu, tv).astype(np.int64) * n + np.maximum(tu, tv)
                runs.append(dict(method=m, repeat=r, auc=auc_score(pos, neg), ap=average_precision(pos, neg),
                                 precision_at_k=float(np.isin(top_codes, test_codes).sum() / k),
                                 brier=math.nan, test_edges=len(pu)))
        per = pd.DataFrame(runs)
        rows = []
        for m in methods:
            d = per[per["method"] == m]
            row = dict(method=m)
            for col in ("auc", "ap", "precision_at_k"):
                row[f"{col}_mean"] = float(d[col].mean())
                row[f"{col}_std"] = float(d[col].std(ddof=1)) if len(d) > 1 else 0.0
            row["brier_mean"] = float(d["brier"].mean()) if d["brier"].notna().all() else math.nan
            row["test_edges"] = int(d["test_edges"].iloc[0])
            rows.append(row)
        out = pd.DataFrame(rows)
        out.attrs.update(measure="evaluate_link_prediction",
                         params=dict(holdout=None if split == "time" else float(holdout), repeats=repeats,
                                     seed=int(seed), split=split, at=None if at is None else str(at), k=k,
                                     weighted=bool(weighted)),
                         runs=per.to_dict("list"))
        return out


def _sample_non_edges(rng: np.random.Generator, n: int, edge_codes: np.ndarray, count: int):
    """``count`` distinct uniform pairs u < v that are not edges."""
    total = n * (n - 1) // 2 - len(np.unique(edge_codes[edge_codes // n != edge_codes % n]))
    if count > total:
        raise ValueError(f"graph: only {total} non-adjacent pairs to sample {count} negatives from")
    taken = np.zeros(0, dtype=np.int64)
    edges = np.unique(edge_codes)
    while len(taken) < count:
        a = rng.integers(0, n, size=2 * (count - len(taken)) + 16)
        b = rng.integers(0, n, size=len(a))
        c = np.minimum(a, b) * n + np.maximum(a, b)
        c = c[(a != b) & ~np.isin(c, edges) & ~np.isin(c, taken)]
        _, first = np.unique(c, return_index=True)
        taken = np.concatenate([taken, c[np.sort(first)]])[:count]
    return (taken // n).astype(np.uint32), (taken % n).astype(np.uint32)


def demo_section(rep, g, net, methods: Sequence[str] = METHODS, ks: Iterable[int] = (10, 50, 100)) -> dict:
    """The demo report's "## Hidden links" section: each method's top
    predictions on the person graph ``g`` checked against the synthetic
    network's withheld true contacts ``net.hidden_links`` (columns a, b:
    person keys; none is an edge of ``g``), beside a random guess; then the
    evaluation harness on ``g``'s own edges. Returns the numbers reported
    (``precision``: method -> {k: precision}, ``random``, ``harness``)."""
    import time

    t = time.perf_counter()
    ks = sorted(int(k) for k in ks)
    person = "Person" if "Person" in g.types else g.types[0]
    hidden = net.hidden_links
    found = [(g._core.find(person, str(a)), g._core.find(person, str(b))) for a, b in zip(hidden["a"], hidden["b"])]
    found = [(a, b) for a, b in found if a >= 0 and b >= 0 and a != b]
    n = g.num_nodes
    truth = {min(a, b) * n + max(a, b) for a, b in found}
    non_adjacent = n * (n - 1) // 2 - g.num_edges
    random_precision = len(truth) / non_adjacent if non_adjacent > 0 else math.nan
    reachable = 0
    if found:
        cn = g._core.score_links(np.asarray([a for a, _ in found], dtype=np.uint32),
                                 np.asarray([b for _, b in found], dtype=np.uint32), "common_neighbors", False)
        reachable = int((cn > 0).sum())

    rng = np.random.default_rng(0)
    hu = np.asarray([a for a, _ in found], dtype=np.uint32)
    hv = np.asarray([b for _, b in found], dtype=np.uint32)
    src, dst, *_ = g._core.edges()
    ru, rv = _sample_non_edges(rng, n, np.minimum(src, dst).astype(np.int64) * n + np.maximum(src, dst),
                               10 * max(len(found), 1))
    deg = np.asarray(g._core.degree("both", False))
    per_person = 10
    precision: dict[str, dict[int, float]] = {}
    auc: dict[str, float] = {}
    hits: dict[str, float] = {}
    for m in methods:
        u, v, _ = g._core.top_links(m, False, ks[-1], np.zeros(0, dtype=np.uint32), False, 0)
        hit = np.isin(np.minimum(u, v).astype(np.int64) * n + np.maximum(u, v), np.fromiter(truth, np.int64))
        precision[m] = {k: float(hit[:k].sum() / k) for k in ks}
        auc[m] = auc_score(g._core.score_links(hu, hv, m, False), g._core.score_links(ru, rv, m, False))
        found_b = 0
        for a, b in found:  # is b among a's best predictions?
            _, best, _ = g._core.top_links(m, False, per_person, np.asarray([a], dtype=np.uint32), False, 0)
            found_b += int(b in best)
        hits[m] = found_b / max(len(found), 1)
    hits_random = float(np.mean([per_person / max(n - 1 - deg[a], 1) for a, _ in found])) if found else math.nan

    people = getattr(net, "truth", None)
    country = None
    if people is not None and {"key", "country"} <= set(people.columns):
        country = dict(zip(people["key"].astype(str), people["country"]))
    harness = g.evaluate_link_prediction(list(methods) + [SUPERVISED], holdout=0.1, repeats=3, seed=0, k=ks[-1],
                                         groups=country)
    seconds = time.perf_counter() - t

    rep.say()
    rep.say("## Hidden links")
    rep.say()
    rep.say(f"The generator withheld {len(hidden):,} true contacts between people ({len(truth):,} of them between "
            f"two people of this graph); {reachable:,} of those pairs share a neighbour in the graph, the only "
            f"pairs the neighbourhood indices can score above 0. Each method ranks all non-adjacent pairs "
            f"(`g.predict_links(method, top={ks[-1]})`); precision@k is the share of its k best pairs that are "
            f"withheld contacts. A random pair is one with chance {random_precision:.2e} "
            f"({len(truth):,} of {non_adjacent:,} non-adjacent pairs).")
    rep.say()
    rep.say(f"Two further views of the same withheld contacts: *AUC* — the chance a withheld contact outscores a "
            f"random non-adjacent pair (0.5 = no better than chance); *hits@{per_person}* — the share of withheld "
            f"contacts (a, b) where b is among the {per_person} best predictions for a "
            f"(`g.predict_links(method, top={per_person}, for_entity=a)`).")
    rep.say()
    rows = [[m] + [f"{precision[m][k]:.2f}" for k in ks] + [f"{auc[m]:.3f}", f"{hits[m]:.3f}"] for m in methods]
    rows.append(["random pair"] + [f"{random_precision:.1e}" for _ in ks] + ["0.500", f"{hits_random:.3f}"])
    rep.table(["method"] + [f"precision@{k}" for k in ks] + ["AUC", f"hits@{per_person}"], rows,
              "l" + "r" * (len(ks) + 2))
    rep.say()
    rep.say(f"Held-out evaluation on the graph's own edges (`g.evaluate_link_prediction`: 10% of the edges hidden, "
            f"3 repeats, scored against as many sampled non-edges; mean ± std). `logistic` is the supervised "
            f"model over the five scores, degrees and same-country, with Platt-calibrated probabilities "
            f"(Brier score {harness.set_index('method').loc[SUPERVISED, 'brier_mean']:.3f}):")
    rep.say()
    rep.table(["method", "AUC", "average precision", f"precision@{ks[-1]}"],
              [[r.method, f"{r.auc_mean:.3f} ± {r.auc_std:.3f}", f"{r.ap_mean:.3f} ± {r.ap_std:.3f}",
                f"{r.precision_at_k_mean:.3f} ± {r.precision_at_k_std:.3f}"] for r in harness.itertuples()],
              "lrrr")
    rep.say()
    rep.say(f"Link prediction section computed in {seconds:.1f} s.")
    return dict(precision=precision, random=random_precision, reachable=reachable, auc=auc, hits=hits,
                hits_random=hits_random, harness=harness)
