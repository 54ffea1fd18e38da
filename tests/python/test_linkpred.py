"""Link prediction against networkx, and the evaluation harness against
reference computations written here (scikit-learn is not installed).

Graphs: seeded Erdős–Rényi, Barabási–Albert and multi-component graphs with
isolated nodes, undirected, plus self-loops in one family (networkx's
conventions: a self-loop puts the node in its own neighbourhood and counts
twice in its degree). networkx's functions compared: len(common_neighbors),
jaccard_coefficient, adamic_adar_index, resource_allocation_index,
preferential_attachment. CN, Jaccard and PA agree exactly; AA and RA to 1e-12
relative (floating-point sums in another order).
"""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

import corridor
from corridor import _core
from corridor._linkpred import METHODS, auc_score, average_precision

NX = {
    "common_neighbors": lambda G, ps: [(u, v, len(nx.common_neighbors(G, u, v))) for u, v in ps],
    "jaccard": lambda G, ps: list(nx.jaccard_coefficient(G, ps)),
    "adamic_adar": lambda G, ps: list(nx.adamic_adar_index(G, ps)),
    "resource_allocation": lambda G, ps: list(nx.resource_allocation_index(G, ps)),
    "preferential_attachment": lambda G, ps: list(nx.preferential_attachment(G, ps)),
}


def _graph(kind: str, seed: int) -> nx.Graph:
    if kind == "er":
        G = nx.gnp_random_graph(40, 0.12, seed=seed)
    elif kind == "ba":
        G = nx.barabasi_albert_graph(45, 2, seed=seed)
    elif kind == "parts":
        G = nx.disjoint_union(nx.gnp_random_graph(20, 0.2, seed=seed), nx.barabasi_albert_graph(15, 2, seed=seed))
        G.add_nodes_from(range(35, 40))
    else:  # loops
        G = nx.gnp_random_graph(30, 0.15, seed=seed)
        rng = random.Random(seed)
        G.add_edges_from((x, x) for x in rng.sample(range(30), 6))
    return G


def _corridor(G: nx.Graph) -> corridor.Graph:
    """The same graph, vertex i = the i-th smallest node (so ties break as in _brute_top)."""
    nodes = sorted(G.nodes())
    index = {x: i for i, x in enumerate(nodes)}
    src = np.asarray([index[u] for u, _ in G.edges()], dtype=np.uint32)
    dst = np.asarray([index[v] for _, v in G.edges()], dtype=np.uint32)
    core = _core.Graph.build(["node"], np.zeros(len(nodes), dtype=np.uint16), [str(x) for x in nodes], src, dst,
                             None, None, False, "count", -math.inf)
    return corridor.Graph(core)


def _name(g: corridor.Graph, df: pd.DataFrame) -> list[tuple[int, int, float]]:
    return [(int(a), int(b), s) for a, b, s in zip(df["key_a"], df["key_b"], df["score"])]


CASES = [(kind, seed) for kind in ("er", "ba", "parts", "loops") for seed in (1, 2, 3)]


@pytest.mark.parametrize("kind,seed", CASES)
def test_score_links_equals_networkx(kind, seed):
    G = _graph(kind, seed)
    g = _corridor(G)
    rng = random.Random(seed)
    nodes = list(G.nodes())
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(300)]
    pairs = [(u, v) for u, v in pairs if u != v]
    for method in METHODS:
        got = g.score_links([(str(u), str(v)) for u, v in pairs], method)
        want = [s for _, _, s in NX[method](G, pairs)]
        assert list(got.columns) == ["type_a", "key_a", "type_b", "key_b", "score"]
        assert [int(k) for k in got["key_a"]] == [u for u, _ in pairs]
        if method in ("adamic_adar", "resource_allocation"):
            np.testing.assert_allclose(got["score"], want, rtol=1e-12, atol=0)
        else:
            assert got["score"].tolist() == [float(x) for x in want], method


def _brute_top(G: nx.Graph, method: str, top: int, pairs) -> list[tuple[int, int, float]]:
    """networkx scores for every candidate pair, ties by (u, v) in node order."""
    pairs = [p for p in pairs if not G.has_edge(*p)]
    scored = [(u, v, float(s)) for u, v, s in NX[method](G, pairs) if s > 0]
    scored.sort(key=lambda t: (-t[2], t[0], t[1]))
    return scored[:top]


def _same_top(G, method, got: pd.DataFrame, want) -> None:
    """CN, Jaccard, PA: the same pairs in the same order. AA, RA: networkx
    sums in another order, so equal true scores may differ in the last bit;
    there the scores must agree to 1e-12 in sequence, each pair returned must
    carry its networkx score, and every pair clearly above the last score
    returned must be in."""
    pairs = [(a, b) for a, b, _ in _name(None, got)]
    if method not in ("adamic_adar", "resource_allocation"):
        assert pairs == [(a, b) for a, b, _ in want], method
        assert got["score"].tolist() == [s for *_, s in want]
        return
    np.testing.assert_allclose(got["score"], [s for *_, s in want], rtol=1e-12)
    mine = dict(((a, b), s) for a, b, s in NX[method](G, pairs))
    np.testing.assert_allclose(got["score"], [mine[p] for p in pairs], rtol=1e-12)
    if len(want):
        floor = want[-1][2] * (1 + 1e-9)
        assert {(a, b) for a, b, s in want if s > floor} <= set(pairs)


@pytest.mark.parametrize("kind,seed", CASES)
def test_predict_links_equals_brute_force_networkx(kind, seed):
    G = _graph(kind, seed)
    g = _corridor(G)  # node order = G's order = integer order here
    nodes = sorted(G.nodes())
    rng = random.Random(seed)
    group = sorted(rng.sample(nodes, 12))
    for method in METHODS:
        for top in (5, 60):
            got = g.predict_links(method, top=top)
            _same_top(G, method, got, _brute_top(G, method, top, itertools.combinations(nodes, 2)))
            assert (got["rank"].diff().fillna(0) >= 0).all() and got["rank"].iloc[0] == 1
            # among a group
            got = g.predict_links(method, top=top, among=[str(x) for x in group])
            _same_top(G, method, got, _brute_top(G, method, top, itertools.combinations(group, 2)))
            # for one entity: that entity in type_a / key_a
            x = group[0]
            got = g.predict_links(method, top=top, for_entity=str(x))
            _same_top(G, method, got, _brute_top(G, method, top, [(x, y) for y in nodes if y != x]))


def test_weighted_forms_and_rank_ties():
    # 0 -2- 1 -1- 2, 0 -1- 3 -3- 2: pair (0, 2) via 1 and 3; strengths 1:3, 3:4.
    df = pd.DataFrame({"source": ["0", "1", "0", "3"], "target": ["1", "2", "3", "2"], "w": [2.0, 1.0, 1.0, 3.0]})
    g = corridor.Graph.from_pandas(df, weight="w", aggregate="sum")
    s = g.score_links([("0", "2")], "resource_allocation", weighted=True)["score"].iloc[0]
    assert s == pytest.approx(3 / 3 + 4 / 4)
    s = g.score_links([("0", "2")], "adamic_adar", weighted=True)["score"].iloc[0]
    assert s == pytest.approx(3 / math.log(4) + 4 / math.log(5))
    s = g.score_links([("0", "2")], "common_neighbors", weighted=True)["score"].iloc[0]
    assert s == 7.0
    top = g.predict_links("common_neighbors", top=10)
    assert len(top) == 2 and top["rank"].tolist() == [1, 1]  # (0, 2) and (1, 3), both 2 common
    assert top.attrs["params"]["method"] == "common_neighbors"


def test_validation():
    g = _corridor(nx.path_graph(4))
    with pytest.raises(ValueError, match="method"):
        g.predict_links("katz")
    with pytest.raises(ValueError, match="top"):
        g.predict_links(top=0)
    with pytest.raises(ValueError, match="among, for_entity"):
        g.predict_links(among=["0", "1"], for_entity="2")
    with pytest.raises(ValueError, match="weighted"):
        g.score_links([("0", "2")], "jaccard", weighted=True)
    with pytest.raises(KeyError, match="pairs"):
        g.score_links([("0", "9")])
    with pytest.raises(ValueError, match="pairs"):
        g.score_links([("0",)])
    d = corridor.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]}), directed=True)
    with pytest.raises(ValueError, match="directed"):
        d.predict_links()
    with pytest.raises(ValueError, match="directed"):
        d.score_links([("a", "b")])
    with pytest.raises(ValueError, match="holdout"):
        g.evaluate_link_prediction(holdout=1.5)
    with pytest.raises(ValueError, match="split"):
        g.evaluate_link_prediction(split="later")
    with pytest.raises(ValueError, match="at"):
        g.evaluate_link_prediction(split="time")


# ---------------------------------------------------------------- harness
def _auc_reference(pos, neg):
    """Every (positive, negative) pair compared: 1 if the positive wins, 1/2 on a tie."""
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _ap_reference(pos, neg):
    """scikit-learn's AP: sum over distinct thresholds t (high to low) of
    (R(t) - R(previous t)) * P(t), where P, R count every pair scoring >= t."""
    scored = [(s, 1) for s in pos] + [(s, 0) for s in neg]
    total, prev_recall = 0.0, 0.0
    for t in sorted({s for s, _ in scored}, reverse=True):
        kept = [y for s, y in scored if s >= t]
        recall = sum(kept) / len(pos)
        total += (recall - prev_recall) * sum(kept) / len(kept)
        prev_recall = recall
    return total


def test_auc_and_ap_against_reference():
    rng = np.random.default_rng(7)
    for _ in range(30):
        pos = rng.integers(0, 6, size=rng.integers(1, 15)).astype(float)
        neg = rng.integers(0, 6, size=rng.integers(1, 15)).astype(float)  # many ties
        assert auc_score(pos, neg) == pytest.approx(_auc_reference(pos, neg), abs=1e-12)
        assert average_precision(pos, neg) == pytest.approx(_ap_reference(pos, neg), abs=1e-12)
    assert auc_score([2.0, 3.0], [1.0]) == 1.0 and average_precision([2.0], [1.0, 0.0]) == 1.0


def _community_graph(seed: int) -> nx.Graph:
    return nx.relabel_nodes(nx.planted_partition_graph(6, 25, 0.35, 0.01, seed=seed), str)


def test_evaluate_random_split_is_deterministic_and_informative():
    G = _community_graph(3)
    g = corridor.Graph.from_pandas(pd.DataFrame(list(G.edges()), columns=["source", "target"]))
    a = g.evaluate_link_prediction(["adamic_adar", "jaccard", "preferential_attachment"], holdout=0.1,
                                   repeats=4, seed=11, k=20)
    b = g.evaluate_link_prediction(["adamic_adar", "jaccard", "preferential_attachment"], holdout=0.1,
                                   repeats=4, seed=11, k=20)
    pd.testing.assert_frame_equal(a, b)
    assert list(a["method"]) == ["adamic_adar", "jaccard", "preferential_attachment"]
    aa = a.set_index("method")
    assert aa.loc["adamic_adar", "auc_mean"] > 0.8  # dense communities: common neighbours tell
    n, m, t = G.number_of_nodes(), G.number_of_edges(), a["test_edges"].iloc[0]
    chance = t / (n * (n - 1) / 2 - (m - t))  # a random non-adjacent pair of the training graph is a test edge
    assert aa.loc["adamic_adar", "precision_at_k_mean"] > 10 * chance
    assert aa.loc["adamic_adar", "auc_std"] > 0
    assert a["test_edges"].iloc[0] == round(0.1 * G.number_of_edges())
    c = g.evaluate_link_prediction(["adamic_adar"], repeats=2, seed=12, k=20)
    assert c["auc_mean"].iloc[0] != a["auc_mean"].iloc[0]


def test_evaluate_recomputes_runs_by_hand():
    """One repeat's numbers recomputed from its own split: hidden edges'
    scores on the training graph vs the sampled non-edges' scores."""
    G = _community_graph(5)
    g = corridor.Graph.from_pandas(pd.DataFrame(list(G.edges()), columns=["source", "target"]))
    res = g.evaluate_link_prediction(["resource_allocation"], repeats=3, seed=2, k=10)
    runs = pd.DataFrame(res.attrs["runs"])
    assert len(runs) == 3
    assert res["auc_mean"].iloc[0] == pytest.approx(runs["auc"].mean())
    assert res["ap_std"].iloc[0] == pytest.approx(runs["ap"].std(ddof=1))
    assert ((runs["auc"] > 0.5) & (runs["auc"] <= 1)).all()


def test_evaluate_time_split():
    rng = np.random.default_rng(0)
    G = _community_graph(2)
    edges = pd.DataFrame(list(G.edges()), columns=["source", "target"])
    edges["ts"] = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 100, len(edges)), "D")
    g = corridor.Graph.from_pandas(edges, time="ts")
    res = g.evaluate_link_prediction(["common_neighbors"], repeats=2, seed=0, split="time", at="2024-03-21",
                                     k=10)
    later = int((edges["ts"] >= pd.Timestamp("2024-03-21", tz="UTC")).sum())
    assert res["test_edges"].iloc[0] == later
    assert res["auc_mean"].iloc[0] > 0.7
    with pytest.raises(ValueError, match="at"):
        g.evaluate_link_prediction(split="time", at="2030-01-01")


def test_logistic_model_learns_and_is_calibrated():
    G = _community_graph(4)
    g = corridor.Graph.from_pandas(pd.DataFrame(list(G.edges()), columns=["source", "target"]))
    block = {str(x): x // 25 for x in range(150)}  # the planted communities, by key
    res = g.evaluate_link_prediction(["logistic", "adamic_adar"], repeats=3, seed=5, k=20, groups=block)
    again = g.evaluate_link_prediction(["logistic", "adamic_adar"], repeats=3, seed=5, k=20, groups=block)
    pd.testing.assert_frame_equal(res, again)
    r = res.set_index("method")
    plain = g.evaluate_link_prediction(["logistic"], repeats=3, seed=5, k=20).set_index("method")
    # measured: 0.86 with groups, 0.815 without, Adamic-Adar 0.81
    assert r.loc["logistic", "auc_mean"] > r.loc["adamic_adar", "auc_mean"] + 0.02
    assert r.loc["logistic", "auc_mean"] > plain.loc["logistic", "auc_mean"] + 0.02  # "same community" helps
    # calibrated probabilities: better than the uninformed 0.5 everywhere (Brier 0.25)
    assert 0 < r.loc["logistic", "brier_mean"] < 0.2
    assert math.isnan(r.loc["adamic_adar", "brier_mean"])
    assert 0 <= r.loc["logistic", "precision_at_k_mean"] <= 1
    with pytest.raises(ValueError, match="groups"):
        g.evaluate_link_prediction(["logistic"], repeats=1, groups=[1, 2])


def _penalised_objective(X, y, sw, l2):
    """The objective the engine minimises, written independently, with its gradient (theta = w then b)."""
    A = np.column_stack([X, np.ones(len(X))])
    pen = np.r_[np.full(X.shape[1], l2), 0.0]

    def f(theta):
        z = A @ theta
        loss = np.logaddexp(0, z) - y * z
        return float(sw @ loss + 0.5 * pen @ theta**2), A.T @ (sw * (expit(z) - y)) + pen * theta

    return f


@pytest.mark.parametrize("seed", range(6))
def test_fit_logistic_equals_scipy_minimize(seed):
    from scipy.optimize import minimize

    from corridor._linkpred import _fit_logistic

    rng = np.random.default_rng(seed)
    n, d = int(rng.integers(30, 400)), int(rng.integers(1, 7))
    X = rng.normal(size=(n, d)) * rng.uniform(0.2, 3, size=d)
    y = (rng.random(n) < expit(X @ rng.normal(size=d) + rng.normal())).astype(float)
    y[:2] = [0, 1]  # both classes
    for l2 in (1e-2, 0.5, 5.0):
        for sw in (None, rng.uniform(0.1, 3, size=n)):
            fit = _fit_logistic(X, y, l2=l2, sample_weight=sw)
            assert fit.converged and fit.iterations < 30
            f = _penalised_objective(X, y, np.ones(n) if sw is None else sw, l2)
            ref = minimize(f, np.zeros(d + 1), jac=True, method="BFGS", options=dict(gtol=1e-11, maxiter=10000))
            np.testing.assert_allclose(np.r_[fit.coef, fit.intercept], ref.x, rtol=1e-6, atol=1e-6)
            assert fit.objective == pytest.approx(ref.fun, rel=1e-10)
            assert fit.objective <= ref.fun + 1e-9
            np.testing.assert_allclose(f(np.r_[fit.coef, fit.intercept])[1], 0, atol=1e-8)


def test_fit_logistic_unpenalised_mle_and_separation():
    from corridor._linkpred import _fit_logistic

    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 3))
    y = (rng.random(400) < expit(X @ np.array([1.5, -2.0, 0.5]) + 0.3)).astype(float)
    fit = _fit_logistic(X, y, l2=0.0)
    A = np.column_stack([X, np.ones(400)])
    np.testing.assert_allclose(A.T @ (expit(A @ np.r_[fit.coef, fit.intercept]) - y), 0, atol=1e-8)  # score eqs
    assert np.sign(fit.coef).tolist() == [1.0, -1.0, 1.0]
    # separable without a penalty: no maximum, reported as not converged
    sep = _fit_logistic(np.r_[-1.0, -2.0, 1.0, 3.0][:, None], np.r_[0.0, 0, 1, 1], l2=0.0)
    assert not sep.converged and sep.coef[0] > 10


def test_fit_logistic_validation():
    from corridor._linkpred import _fit_logistic

    X, y = np.arange(6.0).reshape(3, 2), np.r_[0.0, 1, 1]
    with pytest.raises(ValueError, match="x: row 1, column 1 is not finite"):
        _fit_logistic(np.where(X == 3, np.nan, X), y)
    with pytest.raises(ValueError, match="y: row 2 is 0.5"):
        _fit_logistic(X, np.r_[0.0, 1, 0.5])
    with pytest.raises(ValueError, match="y: only one class present"):
        _fit_logistic(X, np.ones(3))
    with pytest.raises(ValueError, match="sample_weight: row 0"):
        _fit_logistic(X, y, sample_weight=np.r_[-1.0, 1, 1])
    with pytest.raises(ValueError, match="x: expected 3 rows"):
        _fit_logistic(X[:2], y)
    with pytest.raises(ValueError, match="x: expected a two-dimensional"):
        _fit_logistic(np.arange(3.0), y)
    with pytest.raises(ValueError, match="l2"):
        _fit_logistic(X, y, l2=-1)


def test_platt_fallback_uses_platts_targets():
    from scipy.optimize import minimize

    from corridor._linkpred import _fit_platt

    logit = np.r_[-3.0, -1.0, -0.5, 0.5, 2.0, 4.0]
    y = np.r_[0.0, 0, 0, 1, 1, 1]  # separated by the logit: the plain MLE runs to infinity
    fit = _fit_platt(logit, y)
    assert fit.converged and 0 < fit.coef[0] < 20
    t = np.where(y == 1, 4 / 5, 1 / 5)  # (N+ + 1) / (N+ + 2), 1 / (N- + 2) with N+ = N- = 3
    ref = minimize(lambda th: float(np.sum(np.logaddexp(0, th[0] * logit + th[1]) - t * (th[0] * logit + th[1]))),
                   np.zeros(2), method="BFGS", options=dict(gtol=1e-10))
    np.testing.assert_allclose([fit.coef[0], fit.intercept], ref.x, rtol=1e-6, atol=1e-6)
    one = _fit_platt(logit[:3], np.zeros(3))  # one class: targets 1 / (3 + 2)
    assert one.converged
    p = expit(one.logit(logit[:3, None]))
    np.testing.assert_allclose(p.mean(), 1 / 5, atol=1e-8)
    # both classes, not separated: the plain maximum likelihood fit
    mixed = _fit_platt(logit, np.r_[0.0, 1, 0, 0, 1, 1])
    A = np.column_stack([logit, np.ones(6)])
    np.testing.assert_allclose(A.T @ (expit(A @ np.r_[mixed.coef, mixed.intercept]) - np.r_[0.0, 1, 0, 0, 1, 1]),
                               0, atol=1e-9)


def _reliability(p: np.ndarray, y: np.ndarray, min_count: int = 200) -> tuple[list[float], float]:
    """Per decile of predicted probability (bins with at least min_count
    pairs): |mean prediction - observed frequency|; and the expected
    calibration error over all bins."""
    bins = np.minimum((p * 10).astype(int), 9)
    gaps = [abs(p[bins == b].mean() - y[bins == b].mean()) for b in range(10) if (bins == b).sum() >= min_count]
    ece = sum(abs(p[bins == b].mean() - y[bins == b].mean()) * (bins == b).mean() for b in range(10)
              if (bins == b).any())
    return gaps, ece


def test_link_model_probabilities_are_calibrated():
    """Reliability on a synthetic split: pairs whose edge probability is a
    known logistic function of the features (in raw units, which the model
    standardises), the model fitted on one part and Platt-scaled on a second,
    checked on a large third part by deciles of predicted probability."""
    from corridor._linkpred import _LinkModel

    rng = np.random.default_rng(7)

    def draw(n):
        X = np.column_stack([rng.normal(size=n) * 3, rng.exponential(size=n), rng.integers(0, 2, size=n)])
        z = 0.6 * X[:, 0] - 1.2 * X[:, 1] + 1.5 * X[:, 2] + 0.2
        return X, (rng.random(n) < expit(z)).astype(float)

    X, y = draw(3000)
    Xv, yv = draw(1500)
    Xt, yt = draw(40000)
    p = _LinkModel(X, y, Xv, yv).predict(Xt)
    gaps, ece = _reliability(p, yt)
    assert len(gaps) >= 8
    assert max(gaps) < 0.03, gaps  # sampling noise in a bin of >= 200 pairs is up to ~0.035 at 1 sd
    assert ece < 0.015
    assert abs(p.mean() - yt.mean()) < 0.01


def test_platt_scaling_calibrates_an_overconfident_score():
    """A score three times too confident (logit x 3) is badly calibrated;
    Platt scaling fitted on 3,000 held-out pairs recovers the slope 1/3 and
    calibrated probabilities on 40,000 others."""
    from corridor._linkpred import _fit_platt

    rng = np.random.default_rng(11)
    z = rng.normal(size=43000) * 1.5
    y = (rng.random(len(z)) < expit(z)).astype(float)
    raw = 3 * z
    platt = _fit_platt(raw[:3000], y[:3000])
    assert platt.converged and platt.coef[0] == pytest.approx(1 / 3, rel=0.15)
    _, before = _reliability(expit(raw[3000:]), y[3000:])
    gaps, after = _reliability(expit(platt.logit(raw[3000:, None])), y[3000:])
    # measured: before 0.149, after 0.016 (the rest is the fitted intercept's sampling error, -0.09 here)
    assert before > 0.1 and after < 0.025 and max(gaps) < 0.045, (before, after, gaps)


def test_demo_section_on_small_network(tmp_path):
    from corridor._demo import PERSON_GRAPH
    from corridor._linkpred import demo_section
    from corridor.datasets import smuggling_network

    class Rep:
        def __init__(self):
            self.lines = []

        def say(self, text=""):
            self.lines.append(text)

        def table(self, header, rows, align=None):
            self.lines.append(" | ".join(header))
            self.lines += [" | ".join(str(x) for x in r) for r in rows]

        def figure(self, name, caption, draw):
            pass

    net = smuggling_network(people=400, seed=3)
    with corridor.open(tmp_path / "s") as store:
        net.ingest(store)
        g = store.project(**PERSON_GRAPH)
    rep = Rep()
    out = demo_section(rep, g, net)
    assert rep.lines[1] == "## Hidden links"
    assert set(out["precision"]) == set(METHODS)
    for m in METHODS:
        assert all(0 <= p <= 1 for p in out["precision"][m].values())
    assert 0 < out["random"] < 1e-2
    assert out["harness"]["auc_mean"].between(0, 1).all()
    assert any("random pair" in line for line in rep.lines)


@pytest.mark.parametrize("kind,seed", [("er", 1), ("parts", 2), ("loops", 3)])
def test_global_methods_against_dense_and_networkx(kind, seed):
    G = _graph(kind, seed)
    g = _corridor(G)
    nodes = sorted(G.nodes())
    A = nx.to_numpy_array(G, nodelist=nodes, weight=None)  # self-loop: A[x, x] = 1
    n = len(nodes)
    beta = 0.5 / max(abs(np.linalg.eigvalsh(A)))
    s = nodes[3]
    truncated = sum(np.linalg.matrix_power(beta * A, length)[3] for length in (1, 2, 3))
    exact = np.linalg.inv(np.eye(n) - beta * A)[3] - np.eye(n)[3]
    pairs = [(str(s), str(v)) for v in nodes]
    np.testing.assert_allclose(g.score_links(pairs, "katz", beta=beta, max_length=3)["score"], truncated,
                               rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(g.score_links(pairs, "katz", beta=beta, max_length=None)["score"], exact,
                               rtol=1e-8, atol=1e-14)
    ppr = nx.pagerank(G, alpha=0.85, personalization={s: 1}, tol=1e-14, max_iter=10000, weight=None)
    # atol: both power iterations start from 1/n everywhere, so vertices the walker cannot reach keep a
    # decayed residue (~1e-11 here, below the stopping tolerance) instead of an exact 0
    np.testing.assert_allclose(g.score_links(pairs, "rooted_pagerank")["score"], [ppr[v] for v in nodes],
                               rtol=1e-8, atol=1e-10)
    # predict_links from s: the best non-neighbours by exact Katz
    got = g.predict_links("katz", top=5, for_entity=str(s), beta=beta, max_length=None)
    cand = [(v, exact[i]) for i, v in enumerate(nodes) if v != s and not G.has_edge(s, v) and exact[i] > 0]
    cand.sort(key=lambda t: (-t[1], t[0]))
    np.testing.assert_allclose(got["score"], [c for _, c in cand[:5]], rtol=1e-8)  # ties may swap
    np.testing.assert_allclose(got["score"], [exact[nodes.index(int(x))] for x in got["key_b"]], rtol=1e-8)
    assert set(got["key_a"]) == {str(s)}
    with pytest.raises(ValueError, match="for_entity"):
        g.predict_links("katz")
    with pytest.raises(ValueError, match="among"):
        g.predict_links("rooted_pagerank", among=["0", "1"])
    with pytest.raises(ValueError, match="beta"):
        g.predict_links("katz", for_entity=str(s), beta=1.5)


# ---------------------------------------------------------------- per entity
def _two_hop(G: nx.Graph, u) -> list:
    """u's candidates: not u, not adjacent, sharing a neighbour z != u (distance exactly 2)."""
    out = set()
    for z in G[u]:
        if z == u:
            continue
        for v in G[z]:
            if v != u and not G.has_edge(u, v):
                out.add(v)
    return sorted(out)


def _nx_per_entity(G: nx.Graph, method: str, k: int, sources) -> dict:
    """networkx over each source's two-hop candidates: positive scores, sorted
    by score descending then node, the first k."""
    want = {}
    for u in sources:
        scored = [(v, float(s)) for _, v, s in NX[method](G, [(u, v) for v in _two_hop(G, u)]) if s > 0]
        scored.sort(key=lambda t: (-t[1], t[0]))
        want[u] = scored[:k]
    return want


PER_ENTITY_GRAPHS = [(kind, seed) for kind in ("er", "ba", "parts", "loops") for seed in (1, 2, 3, 4, 5)]


@pytest.mark.parametrize("kind,seed", PER_ENTITY_GRAPHS)
def test_per_entity_equals_networkx_two_hop(kind, seed):
    """Every node's k best two-hop candidates equal networkx's scores over the
    same candidates. CN and Jaccard: the same rows in the same order. AA, RA:
    networkx sums in another order, so the scores agree to 1e-12 position by
    position, every row carries its networkx score, and every candidate clearly
    above the k-th score is in (a tie at the k-th may be cut at another node)."""
    G = _graph(kind, seed)
    g = _corridor(G)
    nodes = sorted(G.nodes())
    for method in ("common_neighbors", "jaccard", "adamic_adar", "resource_allocation"):
        for k in (1, 4, 1000):
            got = g.predict_links(method, per_entity=k)
            assert list(got.columns) == ["type_a", "key_a", "type_b", "key_b", "score", "rank"]
            want = _nx_per_entity(G, method, k, nodes)
            keys = got["key_a"].astype(int).to_numpy()
            assert (np.diff(keys) >= 0).all()  # grouped by entity, in node order
            for u in nodes:
                rows = got[keys == u]
                w = want[u]
                assert len(rows) == len(w), (method, k, u)
                vs = rows["key_b"].astype(int).tolist()
                if method in ("common_neighbors", "jaccard"):
                    assert vs == [v for v, _ in w] and rows["score"].tolist() == [s for _, s in w]
                else:
                    np.testing.assert_allclose(rows["score"], [s for _, s in w], rtol=1e-12)
                    mine = {v: s for _, v, s in NX[method](G, [(u, v) for v in vs])}
                    np.testing.assert_allclose(rows["score"], [mine[v] for v in vs], rtol=1e-12)
                    if w:
                        floor = w[-1][1] * (1 + 1e-9)
                        assert {v for v, s in w if s > floor} <= set(vs)
                # rank within the entity: 1, ties sharing the best rank
                r = rows["rank"].tolist()
                s = rows["score"].tolist()
                assert r == [1 + next(j for j in range(len(s)) if s[j] == s[i]) for i in range(len(s))]


def test_per_entity_for_entities_threads_weighted_and_cli():
    G = _graph("parts", 7)
    g = _corridor(G)
    some = ["3", "17", "3", "36", "22"]  # 36 is isolated: no rows; 3 twice: once
    got = g.predict_links("adamic_adar", per_entity=5, for_entity=some)
    whole = g.predict_links("adamic_adar", per_entity=5)
    assert list(dict.fromkeys(got["key_a"])) == ["3", "17", "22"]  # in node order, 36 without candidates
    for x in ("3", "17", "22"):
        pd.testing.assert_frame_equal(got[got["key_a"] == x].reset_index(drop=True),
                                      whole[whole["key_a"] == x].reset_index(drop=True))
    assert got.attrs["params"] == dict(method="adamic_adar", per_entity=5, weighted=False, among=False,
                                       for_entity=True)
    pd.testing.assert_frame_equal(g.predict_links("jaccard", per_entity=3, threads=1),
                                  g.predict_links("jaccard", per_entity=3, threads=2))
    # weighted: each row's score is score_links' weighted score of that pair, best first
    w = g.predict_links("resource_allocation", per_entity=3, weighted=True)
    again = g.score_links(list(zip(w["key_a"], w["key_b"])), "resource_allocation", weighted=True)
    assert w["score"].tolist() == again["score"].tolist()
    # the CLI's analysis registry passes per_entity through
    from corridor._analyses import ANALYSES

    cli = ANALYSES["predict_links"].run(g, {"method": "adamic_adar", "per_entity": 5})
    pd.testing.assert_frame_equal(cli, whole)


def test_per_entity_validation():
    g = _corridor(nx.path_graph(4))
    with pytest.raises(ValueError, match="per_entity"):
        g.predict_links(per_entity=0)
    with pytest.raises(ValueError, match="top, per_entity"):
        g.predict_links(top=5, per_entity=5)
    with pytest.raises(ValueError, match="among"):
        g.predict_links(per_entity=5, among=["0", "1"])
    with pytest.raises(ValueError, match="method"):
        g.predict_links("preferential_attachment", per_entity=5)
    with pytest.raises(ValueError, match="method"):
        g.predict_links("katz", per_entity=5)
    with pytest.raises(ValueError, match="weighted"):
        g.predict_links("jaccard", per_entity=5, weighted=True)
    with pytest.raises(ValueError, match="threads"):
        g.predict_links(per_entity=5, threads=0)
