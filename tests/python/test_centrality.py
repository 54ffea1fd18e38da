"""Differential tests: the centrality suite against networkx.

Graphs
------
``GRAPHS`` holds 64 seeded random graphs of four families — Erdős–Rényi,
Barabási–Albert, Watts–Strogatz small worlds, and unions of several
components plus isolated nodes — each undirected and directed (random arc
orientations, some reciprocated), unweighted and weighted. Weights are drawn
from {1, 2, 4}, so that lengths 1 / weight are exact binary fractions and
path sums compare exactly — networkx detects equal-length paths with ``==``.
No self-loops (networkx's core_number refuses them); ``test_self_loops``
checks them where networkx defines them.

Conventions compared (networkx 3.x names)
-----------------------------------------
* pagerank: ``nx.pagerank`` with tol 1e-14; dangling nodes follow the
  personalization vector, undirected edges walk both ways.
* betweenness: ``nx.betweenness_centrality`` (normalized, endpoints;
  ``weight=`` lengths, or lengths 1 / weight for weight_as="strength") and
  ``nx.betweenness_centrality_subset`` for sources / targets.
* closeness: ``nx.closeness_centrality`` (incoming distances on directed
  graphs, ``wf_improved``); harmonic: ``nx.harmonic_centrality``.
* eigenvector: ``nx.eigenvector_centrality`` (tol 1e-14) on graphs where its
  power iteration converges to a unique vector (connected; strongly
  connected and aperiodic when directed).
* katz: ``nx.katz_centrality`` (iterative) and ``nx.katz_centrality_numpy``
  (exact) with alpha at half the inverse spectral radius.
* core_number, constraint, effective_size: networkx's functions.

Agreement: 1e-9 relative, with an absolute floor of 1e-12 for values at zero.
"""

from __future__ import annotations

import math
import random
import warnings

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import corridor as cr

REL = 1e-9
ABS = 1e-12


def _orient(g: nx.Graph, rng: random.Random) -> nx.DiGraph:
    d = nx.DiGraph()
    d.add_nodes_from(g.nodes)
    for u, v in g.edges:
        r = rng.random()
        if r < 0.45:
            d.add_edge(u, v)
        elif r < 0.9:
            d.add_edge(v, u)
        else:
            d.add_edge(u, v)
            d.add_edge(v, u)
    return d


def _family(kind: str, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    if kind == "er":
        n = rng.randint(8, 60)
        return nx.gnp_random_graph(n, rng.uniform(0.05, 0.3), seed=seed)
    if kind == "ba":
        return nx.barabasi_albert_graph(rng.randint(10, 60), rng.randint(1, 3), seed=seed)
    if kind == "ws":
        return nx.watts_strogatz_graph(rng.randint(10, 60), 4, rng.uniform(0.05, 0.5), seed=seed)
    # several components plus isolated nodes
    parts = [nx.gnp_random_graph(rng.randint(3, 15), 0.4, seed=seed + i) for i in range(rng.randint(2, 4))]
    g = nx.disjoint_union_all(parts)
    g.add_nodes_from(range(len(g), len(g) + rng.randint(1, 4)))
    return g


def _make(kind: str, seed: int, directed: bool, weighted: bool) -> nx.Graph:
    rng = random.Random(seed * 7 + 3)
    g = _family(kind, seed)
    if directed:
        g = _orient(g, rng)
    if weighted:
        for u, v in g.edges:
            g.edges[u, v]["weight"] = float(rng.choice([1, 2, 4]))
    for u, v in g.edges:
        g.edges[u, v].setdefault("weight", 1.0)
        g.edges[u, v]["inv"] = 1.0 / g.edges[u, v]["weight"]
    return g


GRAPHS = [
    (f"{kind}-{seed}-{'dir' if d else 'und'}-{'w' if w else 'u'}", kind, seed, d, w)
    for kind in ("er", "ba", "ws", "multi")
    for seed in range(4)
    for d in (False, True)
    for w in (False, True)
]
IDS = [g[0] for g in GRAPHS]


def to_corridor(g: nx.Graph) -> cr.Graph:
    edges = pd.DataFrame([(str(u), str(v), d.get("weight", 1.0)) for u, v, d in g.edges(data=True)],
                         columns=["source", "target", "weight"])
    return cr.Graph.from_pandas(edges, weight="weight", directed=g.is_directed(), aggregate="sum",
                                nodes=[str(n) for n in g.nodes])


@pytest.fixture(scope="module", params=GRAPHS, ids=IDS)
def case(request):
    _, kind, seed, directed, weighted = request.param
    g = _make(kind, seed, directed, weighted)
    return g, to_corridor(g), weighted


WEIGHTED = [g for g in GRAPHS if g[4]]


@pytest.fixture(scope="module", params=WEIGHTED, ids=[g[0] for g in WEIGHTED])
def weighted_case(request):
    _, kind, seed, directed, _ = request.param
    g = _make(kind, seed, directed, True)
    return g, to_corridor(g)


def assert_matches(df: pd.DataFrame, expected: dict, column: str = "score") -> None:
    got = dict(zip(df["key"], df[column]))
    assert len(got) == len(expected)
    for node, want in expected.items():
        have = got[str(node)]
        if isinstance(want, float) and math.isnan(want):
            assert math.isnan(have), (node, have, want)
        else:
            assert have == pytest.approx(want, rel=REL, abs=ABS), (node, have, want)


def test_graph_families_are_many_and_varied():
    assert len(GRAPHS) >= 50
    graphs = [_make(k, s, d, w) for _, k, s, d, w in GRAPHS]
    assert any(nx.number_weakly_connected_components(g) > 1 if g.is_directed()
               else nx.number_connected_components(g) > 1 for g in graphs)
    assert any(any(d == 0 for _, d in g.degree) for g in graphs)


# ---------------------------------------------------------------- pagerank
@pytest.mark.parametrize("damping", [0.85, 0.5])
def test_pagerank(case, damping):
    g, cg, weighted = case
    want = nx.pagerank(g, alpha=damping, weight="weight" if weighted else None, tol=1e-14, max_iter=10_000)
    df = cg.pagerank(damping, weighted=weighted, tol=1e-14)
    assert_matches(df, want)
    assert df["score"].sum() == pytest.approx(1.0, abs=1e-12)
    assert df.attrs["converged"]


def test_pagerank_personalized(case):
    g, cg, weighted = case
    nodes = sorted(g.nodes)
    seeds = {nodes[0]: 1.0, nodes[len(nodes) // 2]: 3.0}
    want = nx.pagerank(g, personalization=seeds, weight="weight" if weighted else None, tol=1e-14,
                       max_iter=10_000)
    df = cg.pagerank(weighted=weighted, tol=1e-14, personalization={str(k): v for k, v in seeds.items()})
    assert_matches(df, want)


# ---------------------------------------------------------------- betweenness
@pytest.mark.parametrize("normalized,endpoints", [(True, False), (False, False), (True, True), (False, True)])
def test_betweenness_unweighted(case, normalized, endpoints):
    g, cg, _ = case
    want = nx.betweenness_centrality(g, normalized=normalized, endpoints=endpoints)
    assert_matches(cg.betweenness(normalized=normalized, endpoints=endpoints), want)


@pytest.mark.parametrize("weight_as", ["distance", "strength"])
def test_betweenness_weighted(weighted_case, weight_as):
    g, cg = weighted_case
    attr = "weight" if weight_as == "distance" else "inv"
    want = nx.betweenness_centrality(g, weight=attr)
    assert_matches(cg.betweenness(weighted=True, weight_as=weight_as), want)


@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_between_groups(case, normalized):
    g, cg, weighted = case
    nodes = sorted(g.nodes)
    rng = random.Random(len(nodes))
    sources = rng.sample(nodes, max(1, len(nodes) // 4))
    targets = rng.sample(nodes, max(1, len(nodes) // 3))
    want = nx.betweenness_centrality_subset(g, sources, targets, normalized=normalized,
                                            weight="weight" if weighted else None)
    df = cg.betweenness(weighted=weighted, normalized=normalized, sources=[str(s) for s in sources],
                        targets=[str(t) for t in targets])
    assert_matches(df, want)


def test_betweenness_same_at_any_thread_count(case):
    _, cg, weighted = case
    one = cg.betweenness(weighted=weighted, threads=1)
    two = cg.betweenness(weighted=weighted, threads=2)
    assert one["score"].tolist() == two["score"].tolist()


def test_approx_betweenness_honours_epsilon():
    """On graphs where exact betweenness is cheap, every estimate lies within
    epsilon of the exact pair-fraction value (delta = 0.1 per graph; with a
    fixed seed the outcome is deterministic, and RK's bound is loose enough
    that all ten graphs pass)."""
    eps = 0.02
    for seed in range(10):
        g = nx.barabasi_albert_graph(300, 2, seed=seed)
        cg = to_corridor(g)
        n = g.number_of_nodes()
        exact = nx.betweenness_centrality(g, normalized=True)
        df = cg.approx_betweenness(epsilon=eps, delta=0.1, seed=seed)
        got = dict(zip(df["key"], df["score"]))
        worst = max(abs(got[str(v)] - b * (n - 2) / n) for v, b in exact.items())
        assert worst <= eps, (seed, worst)
        assert df.attrs["samples"] > 0
    again = cg.approx_betweenness(epsilon=eps, delta=0.1, seed=9)
    assert again["score"].tolist() == df["score"].tolist()


# ---------------------------------------------------------------- closeness
@pytest.mark.parametrize("wf_improved", [True, False])
def test_closeness(case, wf_improved):
    g, cg, _ = case
    assert_matches(cg.closeness(wf_improved=wf_improved), nx.closeness_centrality(g, wf_improved=wf_improved))


@pytest.mark.parametrize("weight_as", ["distance", "strength"])
def test_closeness_weighted(weighted_case, weight_as):
    g, cg = weighted_case
    attr = "weight" if weight_as == "distance" else "inv"
    assert_matches(cg.closeness(weighted=True, weight_as=weight_as), nx.closeness_centrality(g, distance=attr))
    assert_matches(cg.harmonic_closeness(weighted=True, weight_as=weight_as),
                   nx.harmonic_centrality(g, distance=attr))


def test_harmonic_closeness(case):
    g, cg, _ = case
    assert_matches(cg.harmonic_closeness(), nx.harmonic_centrality(g))


# ---------------------------------------------------------------- spectral
def _unique_principal(g: nx.Graph) -> bool:
    if g.number_of_edges() == 0:
        return False
    if g.is_directed():
        return nx.is_strongly_connected(g) and nx.is_aperiodic(g)
    return nx.is_connected(g)


def test_eigenvector(case):
    g, cg, weighted = case
    if not _unique_principal(g):
        g = g.subgraph(max(nx.strongly_connected_components(g) if g.is_directed()
                           else nx.connected_components(g), key=len)).copy()
        if not _unique_principal(g):
            pytest.skip("no component with a unique principal eigenvector")
        cg = to_corridor(g)
    want = nx.eigenvector_centrality(g, weight="weight" if weighted else None, tol=1e-14, max_iter=100_000)
    df = cg.eigenvector_centrality(weighted=weighted, tol=1e-14, max_iter=100_000)
    got = dict(zip(df["key"], df["score"]))
    for node, w in want.items():
        assert got[str(node)] == pytest.approx(w, rel=1e-9, abs=1e-10)


def _katz_alpha(g: nx.Graph, weighted: bool) -> float:
    a = nx.to_numpy_array(g, weight="weight" if weighted else None)
    rho = max(abs(np.linalg.eigvals(a))) if len(a) else 0.0
    return 0.5 / rho if rho > 0 else 0.1


@pytest.mark.parametrize("normalized", [True, False])
def test_katz(case, normalized):
    g, cg, weighted = case
    alpha = _katz_alpha(g, weighted)
    w = "weight" if weighted else None
    want = nx.katz_centrality(g, alpha=alpha, beta=1.0, tol=1e-14, max_iter=100_000, normalized=normalized,
                              weight=w)
    assert_matches(cg.katz_centrality(alpha, normalized=normalized, weighted=weighted, tol=1e-14,
                                      max_iter=100_000), want)
    exact = nx.katz_centrality_numpy(g, alpha=alpha, beta=1.0, normalized=normalized, weight=w)
    assert_matches(cg.katz_centrality(alpha, normalized=normalized, weighted=weighted, exact=True), exact)


# ---------------------------------------------------------------- structure
def test_core_number(case):
    g, cg, _ = case
    assert_matches(cg.core_number(), nx.core_number(g))


def test_structural_holes(case):
    """networkx's per-node formulas (``nodes=`` given). Its scipy fast path
    for effective_size, taken when ``nodes`` is None, divides by the wrong
    node's largest tie on weighted or directed graphs (networkx PR #8906).
    One documented difference: on a directed graph networkx looks only at
    successors to decide that a node is isolated (its issue #2661) and gives
    NaN to a node with in-arcs only; corridor counts in- and out-neighbours
    for that test, as its formulas do everywhere else, so such nodes are
    left out here (engine test StructuralHoles.DirectedVertexWithInArcsOnly
    pins corridor's value)."""
    g, cg, weighted = case
    w = "weight" if weighted else None
    df = cg.structural_holes(weighted=weighted)
    keep = [v for v in g.nodes if not (g.is_directed() and g.out_degree(v) == 0 and g.in_degree(v) > 0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # networkx divides by zero for isolated nodes
        constraint = nx.constraint(g, nodes=list(g), weight=w)
        size = nx.effective_size(g, nodes=list(g), weight=w)
    df = df[df["key"].isin([str(v) for v in keep])]
    assert_matches(df, {v: constraint[v] for v in keep}, column="constraint")
    assert_matches(df, {v: size[v] for v in keep}, column="effective_size")


# ---------------------------------------------------------------- edge cases
def test_self_loops_follow_networkx():
    g = nx.Graph([(0, 1), (1, 2), (2, 2), (2, 3), (3, 0), (3, 3)])
    nx.set_edge_attributes(g, 1.0, "weight")
    nx.set_edge_attributes(g, 1.0, "inv")
    cg = to_corridor(g)
    assert_matches(cg.pagerank(tol=1e-14), nx.pagerank(g, tol=1e-14))
    assert_matches(cg.betweenness(), nx.betweenness_centrality(g))
    assert_matches(cg.closeness(), nx.closeness_centrality(g))
    d = nx.DiGraph([(0, 1), (1, 1), (1, 2), (2, 0), (2, 2)])
    assert_matches(to_corridor(d).pagerank(tol=1e-14), nx.pagerank(d, tol=1e-14))


def test_empty_and_tiny_graphs():
    one = cr.Graph.from_pandas(pd.DataFrame({"source": [], "target": []}), nodes=["a"])
    assert one.pagerank()["score"].tolist() == [1.0]
    assert one.betweenness()["score"].tolist() == [0.0]
    assert one.core_number()["score"].tolist() == [0.0]
    pair = cr.Graph.from_pandas(pd.DataFrame({"source": ["a"], "target": ["b"]}))
    assert pair.closeness()["score"].tolist() == [1.0, 1.0]


def test_bad_parameters_name_the_parameter():
    g = to_corridor(nx.path_graph(4))
    with pytest.raises(ValueError, match="damping"):
        g.pagerank(1.5)
    with pytest.raises(ValueError, match="weight_as"):
        g.betweenness(weighted=True, weight_as="length")
    with pytest.raises(KeyError, match="sources"):
        g.betweenness(sources=["nobody"])
    with pytest.raises(ValueError, match="epsilon"):
        g.approx_betweenness(epsilon=0)
    with pytest.raises(ValueError, match="threads"):
        g.closeness(threads=0)
    with pytest.raises(ValueError, match="personalization"):
        g.pagerank(personalization={"0": -1.0})
    with pytest.raises(ValueError, match="group: no group for 3 node"):
        g.brokerage({"0": "a"})
    with pytest.raises(ValueError, match="group: 2 labels for 4 nodes"):
        g.brokerage(["a", "b"])


def test_non_convergence_warns_and_is_recorded():
    g = to_corridor(nx.barabasi_albert_graph(50, 2, seed=1))
    with pytest.warns(cr.ConvergenceWarning, match="pagerank"):
        df = g.pagerank(max_iter=2, tol=1e-15)
    assert df.attrs["converged"] is False and df.attrs["iterations"] == 2


def test_results_are_keyed_ranked_and_sorted():
    g = to_corridor(nx.star_graph(5))
    df = g.betweenness()
    assert list(df.columns) == ["type", "key", "score", "rank"]
    assert df.iloc[0]["key"] == "0" and df.iloc[0]["rank"] == 1
    assert (df["rank"].iloc[1:] == 2).all()  # the leaves tie and share the best rank
    assert df.attrs["measure"] == "betweenness"


def test_key_players_names_the_measures():
    # two dense cells joined through one broker
    g = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(6))
    g.add_edges_from([(0, 12), (12, 6)])
    nx.set_edge_attributes(g, 1.0, "weight")
    nx.set_edge_attributes(g, 1.0, "inv")
    kp = to_corridor(g).key_players(k=3)
    assert len(kp) == 3
    assert list(kp.columns[:5]) == ["rank", "type", "key", "votes", "top_in"]
    assert set(kp["key"]) == {"0", "6", "12"}
    broker = kp.set_index("key").loc["12"]
    assert "betweenness" in broker["top_in"] and broker["betweenness_rank"] == 1
    assert broker["votes"] >= 2
    with pytest.raises(ValueError, match="measures"):
        to_corridor(g).key_players(measures=["fame"])


# ---------------------------------------------------------------- brokerage
# networkx has no brokerage; the reference is a line-by-line transcription of
# sna::brokerage (R/models.R: node-level expected values and variances under
# its Bernoulli-graph null) with brute-force role counts.
def _choose2(n: float) -> float:
    return n * (n - 1) / 2 if n >= 0 else float("nan")


def sna_brokerage(n: int, arcs: list[tuple[int, int]], cl: list[int]):
    arcset = set(arcs)
    br = [[0] * 5 for _ in range(n)]  # coordinator, itinerant, representative, gatekeeper, liaison
    for a in range(n):
        for b in range(n):
            if a == b or (a, b) not in arcset:
                continue
            for c in range(n):
                if c in (a, b) or (b, c) not in arcset or (a, c) in arcset:
                    continue
                if cl[a] == cl[b]:
                    br[b][0 if cl[b] == cl[c] else 2] += 1
                elif cl[b] == cl[c]:
                    br[b][3] += 1
                elif cl[a] == cl[c]:
                    br[b][1] += 1
                else:
                    br[b][4] += 1
    d = len(arcs) / (n * (n - 1))
    q = d**2 * (1 - d)
    r = d**3 * (1 - d) ** 3
    groups = sorted(set(cl))
    size = {gr: float(sum(1 for c in cl if c == gr)) for gr in groups}
    moments = {}
    for gr in groups:
        s = size[gr]
        o = [size[h] for h in groups if h != gr]
        m = n - s
        e = [q * (s - 1) * (s - 2), q * sum(x * (x - 1) for x in o), q * m * (s - 1), q * m * (s - 1),
             q * (sum(x * y for x in o for y in o) - sum(x * x for x in o)), q * (n - 1) * (n - 2)]
        k = [2 * (s - 1) * (s - 2) * (s - 3), 2 * sum(x * (x - 1) * (x - 2) for x in o),
             2 * ((s - 1) * _choose2(m) + m * _choose2(s - 1)), 2 * ((s - 1) * _choose2(m) + m * _choose2(s - 1)),
             4 * sum(x * _choose2(m - x) for x in o), 2 * (n - 1) * (n - 2) * (n - 3)]
        moments[gr] = (e, [ei * (1 - q) + ki * r for ei, ki in zip(e, k)])
    rows = []
    for v in range(n):
        e, var = moments[cl[v]]
        raw = br[v] + [sum(br[v])]
        z = []
        for x, ex, vx in zip(raw, e, var):
            sd = math.sqrt(vx)
            z.append((x - ex) / sd if sd != 0 else (float("nan") if x == ex else math.copysign(math.inf, x - ex)))
        rows.append((raw, e, z))
    return rows


@pytest.mark.parametrize("seed", range(50))
def test_brokerage_matches_sna(seed):
    rng = random.Random(seed)
    n = rng.randint(6, 30)
    g = nx.gnp_random_graph(n, rng.uniform(0.08, 0.35), seed=seed, directed=seed % 5 != 0)
    groups = [rng.randrange(rng.randint(1, 4)) for _ in range(n)]
    cg = to_corridor(g)
    arcs = list(g.edges) if g.is_directed() else [a for u, v in g.edges for a in ((u, v), (v, u))]
    want = sna_brokerage(n, arcs, groups)
    df = cg.brokerage({str(v): f"g{groups[v]}" for v in range(n)}).set_index("key")
    roles = ["coordinator", "itinerant", "representative", "gatekeeper", "liaison"]
    for v, (raw, e, z) in enumerate(want):
        row = df.loc[str(v)]
        assert [row[r] for r in roles] + [row["total"]] == raw
        assert [row[f"expected_{r}"] for r in roles] == pytest.approx(e[:5], rel=REL, abs=ABS)
        for have, w in zip([row[f"z_{r}"] for r in roles] + [row["z_total"]], z):
            if math.isnan(w):
                assert math.isnan(have)
            else:
                assert have == pytest.approx(w, rel=REL, abs=ABS)
    assert df.iloc[0]["total"] == df["total"].max()


# ---------------------------------------------------------------- real networks
REAL = ["montagna_meetings", "montagna_phonecalls", "caviar", "caviar_aggregate", "oversize_wr", "siren", "togo",
        "mexico_trafficking", "noordin_top", "madrid_train_bombing", "london_gang", "hijackers_911"]


@pytest.fixture(scope="module", params=REAL)
def real(request):
    from corridor import datasets

    net = datasets.load(request.param)
    cg = net.graph()
    g = cg.to_networkx()
    for u, v, d in g.edges(data=True):
        d["inv"] = 1.0 / d["weight"]
    return net, cg, nx.relabel_nodes(g, {n: n[1] for n in g})


def test_real_networks_match_networkx(real):
    """Every measure on the shipped criminal networks, weighted where the
    network has weights (call counts, meeting counts, tie strengths)."""
    _, cg, g = real
    assert_matches(cg.pagerank(tol=1e-14), nx.pagerank(g, tol=1e-14, max_iter=10_000))
    assert_matches(cg.betweenness(), nx.betweenness_centrality(g))
    assert_matches(cg.betweenness(weighted=True, weight_as="strength"), nx.betweenness_centrality(g, weight="inv"))
    assert_matches(cg.closeness(), nx.closeness_centrality(g))
    assert_matches(cg.harmonic_closeness(weighted=True, weight_as="strength"),
                   nx.harmonic_centrality(g, distance="inv"))
    assert_matches(cg.core_number(), nx.core_number(g))
    alpha = _katz_alpha(g, True)
    assert_matches(cg.katz_centrality(alpha, exact=True), nx.katz_centrality_numpy(g, alpha=alpha, weight="weight"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        constraint = nx.constraint(g, nodes=list(g), weight="weight")
    keep = [v for v in g if not (g.is_directed() and g.out_degree(v) == 0 and g.in_degree(v) > 0)]
    sh = cg.structural_holes(weighted=True)
    assert_matches(sh[sh["key"].isin(keep)], {v: constraint[v] for v in keep}, column="constraint")


def test_brokerage_on_the_mexico_trafficking_roles():
    """Brokerage between the 11 role types of the Mexico network (undirected:
    each tie as two arcs, as sna reads a symmetric matrix) equals the sna
    transcription."""
    from corridor import datasets

    net = datasets.load("mexico_trafficking")
    cg = net.graph()
    keys = cg.nodes()["key"].tolist()
    role = net.entities.set_index("key")["role"]
    index = {k: i for i, k in enumerate(keys)}
    codes = {r: i for i, r in enumerate(sorted(set(role)))}
    arcs = [a for e in cg.edges().itertuples() for a in ((index[e.src_key], index[e.dst_key]),
                                                         (index[e.dst_key], index[e.src_key]))]
    want = sna_brokerage(len(keys), arcs, [codes[role[k]] for k in keys])
    df = cg.brokerage(role).set_index("key")
    for k, (raw, _, z) in zip(keys, want):
        assert df.loc[k, "total"] == raw[5]
        assert df.loc[k, "z_total"] == pytest.approx(z[5], rel=REL)
    assert df["total"].max() > 0
