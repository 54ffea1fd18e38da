"""Community detection: corridor against networkx and igraph.

* modularity: ``nx.community.modularity`` to 1e-12 on random graphs
  (undirected and directed, weighted and not, several resolutions).
* connected components: networkx's (weakly_|strongly_)connected_components.
* Leiden: every community connected (property test over many random graphs);
  modularity at least igraph's ``community_leiden(objective="modularity")`` and
  networkx's ``louvain_communities`` given the same number of seeds, on the
  classic benchmarks in ``data/community`` (see each SOURCE.txt) and on a
  real criminal network.
* LFR benchmarks (networkx ``LFR_benchmark_graph``, 1,000 nodes): NMI against
  the planted communities at least igraph Leiden's, and >= 0.95 where the
  realised mixing is <= 0.3.
* Determinism: the same partition for a seed at 1 and 2 threads.
* compare(): NMI and ARI against igraph's compare_communities.
"""

from __future__ import annotations

import random
from pathlib import Path

import igraph as ig
import networkx as nx
import numpy as np
import pandas as pd
import pytest

import corridor as cr
import corridor.datasets
from corridor._community import ari, compare, nmi

DATA = Path(__file__).parent / "data" / "community"
SEEDS = 5  # seeds given to each method on the benchmarks


def to_corridor(g: nx.Graph) -> cr.Graph:
    edges = pd.DataFrame([(str(u), str(v), d.get("weight", 1.0)) for u, v, d in g.edges(data=True)],
                         columns=["source", "target", "weight"])
    return cr.Graph.from_pandas(edges, weight="weight", directed=g.is_directed(), aggregate="sum",
                                nodes=[str(n) for n in g.nodes])


def labels(df: pd.DataFrame) -> dict[str, int]:
    """node key -> community of a result DataFrame."""
    return dict(zip(df["key"], df["community"]))


def sets(df: pd.DataFrame) -> list[set[str]]:
    return [set(grp["key"]) for _, grp in df.groupby("community")]


def random_graph(seed: int, directed: bool, weighted: bool) -> nx.Graph:
    rng = random.Random(seed)
    n = rng.randint(5, 60)
    g = nx.gnp_random_graph(n, rng.uniform(0.03, 0.3), seed=seed, directed=directed)
    for u, v in g.edges:
        g[u][v]["weight"] = rng.choice([0.5, 1.0, 2.0, 3.5]) if weighted else 1.0
    if rng.random() < 0.5 and n > 2:  # a self-loop now and then
        u = rng.randrange(n)
        g.add_edge(u, u, weight=2.0 if weighted else 1.0)
    return g


def random_partition(g: nx.Graph, seed: int) -> list[set]:
    rng = random.Random(seed)
    k = rng.randint(1, 6)
    parts = [set() for _ in range(k)]
    for v in g.nodes:
        parts[rng.randrange(k)].add(v)
    return [p for p in parts if p]


# ---------------------------------------------------------------- modularity
@pytest.mark.parametrize("directed", [False, True], ids=["und", "dir"])
@pytest.mark.parametrize("weighted", [False, True], ids=["u", "w"])
def test_modularity_matches_networkx(directed, weighted):
    checked = 0
    for seed in range(15):
        g = random_graph(seed, directed, weighted)
        if g.number_of_edges() == 0:
            continue
        c = to_corridor(g)
        for k, res in enumerate((0.0, 0.5, 1.0, 2.0)):
            parts = random_partition(g, seed * 10 + k)
            want = nx.community.modularity(g, parts, weight="weight" if weighted else None, resolution=res)
            got = c.modularity([{str(v) for v in p} for p in parts], resolution=res, weighted=weighted)
            assert got == pytest.approx(want, abs=1e-12, rel=0), (seed, res)
            checked += 1
    assert checked >= 48


def test_modularity_accepts_every_partition_form():
    g = nx.karate_club_graph()
    c = to_corridor(g)
    club = {str(v): d["club"] for v, d in g.nodes(data=True)}
    want = nx.community.modularity(g, [{v for v in g if g.nodes[v]["club"] == x} for x in ("Mr. Hi", "Officer")])
    assert c.modularity(club) == pytest.approx(want, abs=1e-12)
    assert c.modularity({("node", k): v for k, v in club.items()}) == pytest.approx(want, abs=1e-12)
    df = c.nodes().assign(community=[club[k] for k in c.nodes()["key"]])
    assert c.modularity(df) == pytest.approx(want, abs=1e-12)
    with pytest.raises(ValueError, match="partition: node .* has no community"):
        c.modularity({"0": 1})
    with pytest.raises(ValueError, match="resolution"):
        c.modularity(club, resolution=-1)


# ---------------------------------------------------------------- components
@pytest.mark.parametrize("directed", [False, True], ids=["und", "dir"])
def test_connected_components_match_networkx(directed):
    for seed in range(20):
        g = random_graph(seed, directed, False)
        c = to_corridor(g)
        weak = c.connected_components()
        want = (nx.weakly_connected_components if directed else nx.connected_components)(g)
        assert sorted(map(sorted, sets(weak))) == sorted(sorted(str(v) for v in s) for s in want)
        sizes = weak.groupby("community").size().to_numpy()
        assert (np.diff(sizes) <= 0).all()  # numbered by size
        strong = c.connected_components(strong=True)
        want = nx.strongly_connected_components(g) if directed else nx.connected_components(g)
        assert sorted(map(sorted, sets(strong))) == sorted(sorted(str(v) for v in s) for s in want)
        assert strong.attrs["communities"] == len(sets(strong))


# ---------------------------------------------------------------- leiden
def test_every_leiden_community_is_connected():
    graphs = 0
    for seed in range(80):
        rng = random.Random(seed)
        n = rng.randint(10, 120)
        g = nx.gnm_random_graph(n, rng.randint(n // 2, 3 * n), seed=seed)
        for u, v in g.edges:
            g[u][v]["weight"] = rng.choice([1.0, 2.0, 5.0])
        c = to_corridor(g)
        for df in (c.leiden(resolution=rng.choice([0.5, 1.0, 2.0]), seed=seed),
                   c.leiden(resolution=rng.choice([0.05, 0.2]), objective="cpm", seed=seed)):
            for part in sets(df):
                assert nx.is_connected(g.subgraph(int(k) for k in part)), (seed, df.attrs["params"])
        graphs += 1
    assert graphs == 80


def _read(name: str) -> nx.Graph:
    folder = DATA / name
    gml = list(folder.glob("*.gml"))
    if gml:
        g = nx.Graph(nx.read_gml(gml[0], label="id"))
        for u, v, d in g.edges(data=True):
            d["weight"] = float(d.get("value", 1.0))
        return g
    lines = (folder / f"{name}.graph").read_text().split("\n")
    g = nx.Graph()
    n = int(lines[0].split()[0])
    g.add_nodes_from(range(1, n + 1))
    for i, line in enumerate(lines[1 : n + 1], start=1):
        for j in line.split():
            g.add_edge(i, int(j), weight=1.0)
    return g


BENCHMARKS = ["karate", "dolphins", "lesmis", "polbooks", "football", "jazz"]


def _igraph(g: nx.Graph) -> tuple[ig.Graph, list]:
    nodes = list(g.nodes)
    index = {v: i for i, v in enumerate(nodes)}
    h = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in g.edges])
    h.es["weight"] = [d.get("weight", 1.0) for _, _, d in g.edges(data=True)]
    return h, nodes


def best_others(g: nx.Graph, seeds: int) -> tuple[float, float]:
    """Best modularity of igraph Leiden and networkx Louvain over `seeds` seeds."""
    h, _ = _igraph(g)
    best_ig = -1.0
    for s in range(seeds):
        random.seed(s)
        ig.set_random_number_generator(random)
        p = h.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        best_ig = max(best_ig, h.modularity(p.membership, weights="weight"))
    best_nx = max(nx.community.modularity(g, nx.community.louvain_communities(g, weight="weight", seed=s))
                  for s in range(seeds))
    return best_ig, best_nx


@pytest.mark.parametrize("name", BENCHMARKS)
def test_leiden_quality_on_benchmarks(name):
    g = _read(name)
    c = to_corridor(g)
    ours = c.leiden(seed=0, runs=SEEDS)
    # the reported modularity is networkx's modularity of the partition
    nx_parts = [{int(k) for k in s} for s in sets(ours)]
    assert ours.attrs["modularity"] == pytest.approx(nx.community.modularity(g, nx_parts), abs=1e-12)
    best_ig, best_nx = best_others(g, SEEDS)
    assert ours.attrs["modularity"] >= max(best_ig, best_nx) - 1e-9, (ours.attrs["modularity"], best_ig, best_nx)
    louv = max(c.louvain(seed=s).attrs["modularity"] for s in range(SEEDS))
    assert louv >= best_nx - 0.01
    for part in sets(ours):
        assert nx.is_connected(g.subgraph(int(k) for k in part))


def test_leiden_quality_on_a_criminal_network():
    net = cr.datasets.load("montagna_meetings")
    c = net.graph()
    g = c.to_networkx()
    g = nx.Graph(g)  # undirected, weights as in corridor
    ours = c.leiden(seed=0, runs=SEEDS)
    best_ig, best_nx = best_others(g, SEEDS)
    assert ours.attrs["modularity"] >= max(best_ig, best_nx) - 1e-9, (ours.attrs["modularity"], best_ig, best_nx)


def cpm_quality(g: nx.Graph, membership: dict, resolution: float) -> float:
    """leidenalg's CPM: sum_c [e_c - resolution * n_c (n_c - 1) / 2]."""
    inside = sum(d.get("weight", 1.0) for u, v, d in g.edges(data=True) if membership[u] == membership[v])
    sizes = pd.Series(membership).value_counts().to_numpy()
    return inside - resolution * float((sizes * (sizes - 1) / 2).sum())


def test_leiden_cpm_at_least_igraph():
    g = _read("football")
    h, nodes = _igraph(g)
    c = to_corridor(g)
    ours = c.leiden(objective="cpm", resolution=0.1, seed=0, runs=SEEDS)
    mine = {int(k): v for k, v in labels(ours).items()}
    assert ours.attrs["quality"] == pytest.approx(cpm_quality(g, mine, 0.1), abs=1e-9)
    best = -np.inf
    for s in range(SEEDS):
        random.seed(s)
        ig.set_random_number_generator(random)
        p = h.community_leiden(objective_function="CPM", resolution=0.1, weights="weight", n_iterations=-1)
        best = max(best, cpm_quality(g, dict(zip(nodes, p.membership)), 0.1))
    assert ours.attrs["quality"] >= best - 1e-9, (ours.attrs["quality"], best)


# ---------------------------------------------------------------- LFR
LFR = [(0.1, 1), (0.15, 1), (0.3, 1), (0.5, 4)]  # (mu, generator seed); realised mixing is higher


def _lfr(mu: float, seed: int) -> tuple[nx.Graph, list[int]]:
    g = nx.LFR_benchmark_graph(1000, 3, 1.5, mu, average_degree=20, max_degree=50, min_community=20,
                               max_community=100, seed=seed)
    g.remove_edges_from(nx.selfloop_edges(g))
    truth = {}
    for i, comm in enumerate({frozenset(g.nodes[v]["community"]) for v in g}):
        for v in comm:
            truth[v] = i
    return g, [truth[v] for v in g.nodes]


@pytest.mark.parametrize(("mu", "seed"), LFR, ids=[f"mu{m}" for m, _ in LFR])
def test_lfr_recovers_planted_communities(mu, seed):
    g, truth = _lfr(mu, seed)
    idx = {v: i for i, v in enumerate(g.nodes)}
    realised = sum(truth[idx[u]] != truth[idx[v]] for u, v in g.edges) / g.number_of_edges()
    c = to_corridor(g)
    ours = c.leiden(seed=0, runs=SEEDS)  # the best of SEEDS runs by modularity
    got = labels(ours)
    ours_nmi = nmi([got[str(v)] for v in g.nodes], truth)
    h, _ = _igraph(g)
    best = (-np.inf, 0.0)
    for s in range(SEEDS):  # igraph's best run by modularity, too
        random.seed(s)
        ig.set_random_number_generator(random)
        p = h.community_leiden(objective_function="modularity", weights="weight", n_iterations=-1)
        best = max(best, (h.modularity(p.membership, weights="weight"), nmi(p.membership, truth)))
    ig_nmi = best[1]
    assert ours_nmi >= ig_nmi - 1e-9, (realised, ours_nmi, ig_nmi)
    if realised <= 0.3:
        assert ours_nmi >= 0.95, (realised, ours_nmi)


# ---------------------------------------------------------------- determinism, stability
def test_same_partition_for_a_seed_at_one_and_two_threads():
    g, _ = _lfr(0.3, 2)
    c = to_corridor(g)
    for seed in (0, 3):
        a = c.leiden(seed=seed, threads=1)
        b = c.leiden(seed=seed, threads=2)
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(c.louvain(seed=seed, threads=1), c.louvain(seed=seed, threads=2))
        pd.testing.assert_frame_equal(c.label_propagation(seed=seed, threads=1),
                                      c.label_propagation(seed=seed, threads=2))


def test_leiden_runs_give_consensus_and_stability():
    # Two 8-cliques joined by one edge, plus a node hanging between them.
    g = nx.disjoint_union(nx.complete_graph(8), nx.complete_graph(8))
    g.add_edge(0, 8)
    g.add_edge(16, 1)
    g.add_edge(16, 9)
    c = to_corridor(g)
    df = c.leiden(seed=0, runs=20)
    assert {"community", "consensus", "stability"} <= set(df.columns)
    assert len(df.attrs["qualities"]) == 20
    assert df.attrs["quality"] == max(df.attrs["qualities"])
    stab = dict(zip(df["key"], df["stability"]))
    cons = dict(zip(df["key"], df["consensus"]))
    # the cliques are never split: members have stability 1 unless the swing node joins them
    assert cons["2"] == cons["3"] and cons["10"] == cons["11"] and cons["2"] != cons["10"]
    assert all(0 < s <= 1 for s in stab.values())
    assert stab["2"] >= stab["16"]
    one = c.leiden(seed=0)
    assert "stability" not in one.columns


def test_result_shape_and_numbering():
    g = nx.disjoint_union_all([nx.complete_graph(3), nx.complete_graph(6), nx.complete_graph(4)])
    c = to_corridor(g)
    for df in (c.leiden(), c.louvain(), c.label_propagation(), c.connected_components()):
        assert list(df.columns[:3]) == ["type", "key", "community"]
        by = {int(k): v for k, v in labels(df).items()}
        assert by[3] == 0 and by[9] == 1 and by[0] == 2
        assert df["community"].is_monotonic_increasing
        assert df.attrs["communities"] == 3
        assert "iterations" in df.attrs
    assert c.leiden(seed=5).attrs["seed"] == 5


def test_partition_table_is_sorted_by_community_then_name():
    # Keys whose text order differs from node order, an isolated node, and
    # per-node extra columns (runs > 1): the table is exactly the old
    # construction — nodes() with the columns, sorted by (community, type, key).
    edges = pd.DataFrame({"source": ["b9", "b10", "a2", "x", "a1", "c3"], "target": ["b10", "a2", "b9", "y", "z", "a1"]})
    g = cr.Graph.from_pandas(edges, directed=False, nodes=["lonely", "b9", "z", "b10"])
    for df in (g.connected_components(), g.leiden(seed=1, runs=3), g.louvain(seed=2)):
        old = g.nodes()
        by_node = {(t, k): i for i, (t, k) in enumerate(zip(old["type"], old["key"]))}
        index = [by_node[(t, k)] for t, k in zip(df["type"], df["key"])]
        for column in df.columns[2:]:
            values = np.empty(len(df), dtype=df[column].dtype)
            values[index] = df[column].to_numpy()
            old[column] = values
        expect = old.sort_values(["community", "type", "key"], kind="stable").reset_index(drop=True)
        pd.testing.assert_frame_equal(df, expect)
        assert df.attrs["communities"] == df["community"].nunique()


def test_by_size_matches_a_sort_based_reference():
    from corridor._community import _by_size

    def reference(labels):
        uniq, first, inverse, counts = np.unique(labels, return_index=True, return_inverse=True, return_counts=True)
        new_id = np.empty(len(uniq), dtype=np.int64)
        new_id[np.lexsort((first, -counts))] = np.arange(len(uniq))
        return new_id[inverse.ravel()]

    rng = np.random.default_rng(3)
    for trial in range(200):
        n = int(rng.integers(1, 120))
        labels = rng.integers(0, int(rng.integers(1, 200)), n) * (int(rng.integers(2, 10**12)) if trial % 2 else 1)
        assert (_by_size(labels) == reference(labels)).all()
    assert _by_size(np.array([5, 5, 2, 7, 2, 9])).tolist() == [0, 0, 1, 2, 1, 3]


def test_validation_names_the_parameter():
    c = to_corridor(nx.karate_club_graph())
    with pytest.raises(ValueError, match="resolution"):
        c.leiden(resolution=-1)
    with pytest.raises(ValueError, match="objective"):
        c.leiden(objective="surprise")
    with pytest.raises(ValueError, match="seed"):
        c.louvain(seed=-1)
    with pytest.raises(ValueError, match="runs"):
        c.leiden(runs=0)
    with pytest.raises(ValueError, match="max_iter"):
        c.label_propagation(max_iter=0)
    with pytest.raises(ValueError, match="threads"):
        c.leiden(threads=0)


# ---------------------------------------------------------------- compare
def test_compare_matches_igraph():
    rng = np.random.default_rng(0)
    for _ in range(20):
        a = rng.integers(0, rng.integers(1, 8), size=60)
        b = np.where(rng.random(60) < 0.6, a, rng.integers(0, 5, size=60))
        assert nmi(a, b) == pytest.approx(ig.compare_communities(a.tolist(), b.tolist(), method="nmi"), abs=1e-12)
        assert ari(a, b) == pytest.approx(
            ig.compare_communities(a.tolist(), b.tolist(), method="adjusted_rand"), abs=1e-12)
    assert nmi([0, 0, 1], [5, 5, 7]) == 1.0 and ari([0, 0, 1], [5, 5, 7]) == 1.0


def test_compare_partition_forms():
    c = to_corridor(nx.karate_club_graph())
    club = {str(v): d["club"] for v, d in nx.karate_club_graph().nodes(data=True)}
    truth = {("node", k): v for k, v in club.items()}
    df = c.leiden(seed=0)
    r = compare(df, truth)
    assert r["nodes"] == 34 and 0 < r["nmi"] <= 1 and -1 <= r["ari"] <= 1
    assert c.compare(df, truth) == r
    assert compare(df, df) == {"nmi": 1.0, "ari": 1.0, "nodes": 34}
    with pytest.raises(ValueError, match="truth: shares no node"):
        compare(df, {("x", "y"): 1})
    with pytest.raises(ValueError, match="partition"):
        compare(42, truth)


# ---------------------------------------------------------------- CLI, demo
def test_analyses_merge_community_columns():
    from corridor import _analyses

    c = to_corridor(nx.karate_club_graph())
    names = ["components", "louvain", "leiden", "label_propagation"]
    table = _analyses.run(c, [_analyses.ANALYSES[n] for n in names], {"seed": 2, "runs": 3})
    assert {"leiden", "louvain", "components", "label_propagation", "leiden_consensus",
            "leiden_stability"} <= set(table.columns)
    assert len(table) == 34 and (table["components"] == 0).all()
    direct = labels(c.leiden(seed=2, runs=3))
    assert dict(zip(table["key"], table["leiden"])) == direct


def test_demo_section_reports_cells(tmp_path):
    from corridor._community import demo_section
    from corridor._demo import PERSON_GRAPH, Report
    from corridor._synthetic import smuggling_network

    net = smuggling_network(people=400, seed=1)
    with cr.open(tmp_path / "s") as store:
        net.ingest(store)
        g = store.project(**PERSON_GRAPH)
    rep = Report(tmp_path)
    demo_section(rep, g, net)
    text = "\n".join(rep.lines)
    assert "## Cells" in text and "NMI members" in text and "Stability over the 10 Leiden runs" in text
    rows = [line for line in rep.lines if line.startswith("| Leiden")]
    assert len(rows) == 2
    nmi_members = float(rows[1].split("|")[4])
    assert 0.5 < nmi_members <= 1.0
    assert (tmp_path / "figures" / "cells.png").exists() or "needs matplotlib" in text
