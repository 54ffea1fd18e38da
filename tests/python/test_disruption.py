"""Graph.disrupt, key_player_set, compare_disruption: golden curves on the
Montagna networks (Cavallaro et al. 2020), per-step metrics against networkx
and plain-Python definitions on random graphs, validation, the CLI entries
and the demo section."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import corridor as cr
from corridor import datasets
from corridor._analyses import ANALYSES

DATA = Path(__file__).parent / "data" / "montagna"


# ------------------------------------------------------------ references
def fragmentation_ref(G: nx.Graph) -> float:
    """Borgatti's F from its definition: the share of ordered pairs that
    cannot reach each other."""
    n = G.number_of_nodes()
    if n < 2:
        return 1.0
    reach = sum(len(c) * (len(c) - 1) for c in nx.connected_components(G))
    return 1 - reach / (n * (n - 1))


def distance_fragmentation_ref(G: nx.Graph) -> float:
    """Borgatti's DF: 1 - sum over ordered pairs of 1/d, over n (n - 1)."""
    n = G.number_of_nodes()
    if n < 2:
        return 1.0
    total = 0.0
    for u, d in nx.all_pairs_shortest_path_length(G):
        total += sum(1 / x for v, x in d.items() if v != u)
    return 1 - total / (n * (n - 1))


def graph_of(G: nx.Graph) -> cr.Graph:
    """The same graph in corridor, nodes in G's node order."""
    edges = pd.DataFrame(list(G.edges()), columns=["source", "target"]).astype(str)
    return cr.Graph.from_pandas(edges, nodes=[str(v) for v in G.nodes()])


def by_label(G: nx.Graph) -> list:
    """Tie priority: the lowest networkx label first."""
    return [("node", str(v)) for v in sorted(G)]


def montagna(kind: str):
    net = datasets.load(f"montagna_{kind}")
    g = net.graph(isolates=False)
    # networkx's insertion order in the authors' code: the ends of each line,
    # in file order; they take the last-inserted node among tied scores.
    inserted = list(dict.fromkeys(itertools.chain.from_iterable(zip(net.relations["src"], net.relations["dst"]))))
    return g, [("Person", str(k)) for k in reversed(inserted)]


# ------------------------------------------------------------ golden: Montagna
@pytest.fixture(scope="module")
def meetings():
    return montagna("meetings")


@pytest.fixture(scope="module")
def phonecalls():
    return montagna("phonecalls")


def test_montagna_graphs_as_the_authors_built_them(meetings, phonecalls):
    g, _ = meetings
    assert (g.num_nodes, g.num_edges) == (101, 256)
    assert g.fragmentation_state()["lcc"] == 92
    g, _ = phonecalls
    assert (g.num_nodes, g.num_edges) == (100, 124)
    assert g.fragmentation_state()["lcc"] == 89


@pytest.mark.parametrize("kind, file", [("meetings", "meeting"), ("phonecalls", "phone_calls")])
@pytest.mark.parametrize("mode", ["sequential", "block"])
@pytest.mark.parametrize("recompute", ["incremental", "exact"])
def test_montagna_betweenness_curves_match_published(request, kind, file, mode, recompute):
    g, ties = request.getfixturevalue(kind if kind == "meetings" else "phonecalls")
    pub = pd.read_csv(DATA / f"{mode}_{file}_unweighted.csv")
    steps = len(pub) - 1
    df = g.disrupt("betweenness", mode=mode, steps=steps, block_size=5, tie_break=ties, min_remaining=5,
                   distances=False, recompute=recompute)
    assert df.attrs["params"]["recompute"] == recompute
    assert df["removed_total"].tolist()[: len(pub)] == pub["No"].tolist()
    np.testing.assert_allclose(df["lcc_fraction"].to_numpy()[: len(pub)], pub["Betweenness"].to_numpy(),
                               atol=5e-5)


def test_montagna_degree_curve_matches_published(meetings):
    g, ties = meetings
    pub = pd.read_csv(DATA / "sequential_meeting_unweighted.csv")
    df = g.disrupt("degree", steps=len(pub) - 1, tie_break=ties, min_remaining=5, distances=False)
    np.testing.assert_allclose(df["lcc_fraction"].to_numpy(), pub["Degree"].to_numpy(), atol=5e-5)


def test_montagna_headline_numbers(meetings, phonecalls):
    (gm, tm), (gp, tp) = meetings, phonecalls
    seq_m = gm.disrupt("betweenness", steps=10, tie_break=tm, distances=False)["lcc_fraction"]
    seq_p = gp.disrupt("betweenness", steps=10, tie_break=tp, distances=False)["lcc_fraction"]
    assert round(seq_m[5], 4) == 0.4239 and round(seq_m[10], 4) == 0.2065
    assert round(seq_p[5], 4) == 0.2472 and round(seq_p[10], 4) == 0.0449
    blk_m = gm.disrupt("betweenness", mode="block", steps=2, tie_break=tm, distances=False)["lcc_fraction"]
    blk_p = gp.disrupt("betweenness", mode="block", steps=1, tie_break=tp, distances=False)["lcc_fraction"]
    assert round(blk_m[1], 4) == 0.8370 and round(blk_m[2], 4) == 0.2609
    assert round(blk_p[1], 4) == 0.3258


def test_key_player_set_beats_top_betweenness_on_meetings(meetings):
    g, _ = meetings
    top5 = g.betweenness().head(5)
    f_top = g.fragmentation_state(list(zip(top5["type"], top5["key"])), distances=False)["fragmentation"]
    assert f_top == pytest.approx(0.355, abs=0.01)
    kp = g.key_player_set(k=5, objective="fragmentation", restarts=3, seed=1)
    assert len(kp) == 5
    assert kp.attrs["value"] >= 0.78
    got = g.fragmentation_state(list(zip(kp["type"], kp["key"])), distances=False)["fragmentation"]
    assert got == pytest.approx(kp.attrs["value"], abs=1e-12)
    assert (kp["contribution"] > 0).all()


# ------------------------------------------------------------ differential
@pytest.mark.parametrize("seed", range(4))
def test_per_step_metrics_match_networkx(seed):
    G = nx.gnm_random_graph(40, 55, seed=seed)
    g = graph_of(G)
    df = g.disrupt("degree", steps=12, seed=seed)
    H = G.copy()
    for row in df.itertuples():
        for key in (row.key.split("; ") if row.key else []):
            H.remove_node(int(key))
        comps = [len(c) for c in nx.connected_components(H)]
        assert row.remaining == H.number_of_nodes()
        assert row.lcc == max(comps, default=0)
        assert row.components == len(comps)
        assert row.efficiency == pytest.approx(nx.global_efficiency(H), abs=1e-12)
        assert row.fragmentation == pytest.approx(fragmentation_ref(H), abs=1e-12)
        assert row.distance_fragmentation == pytest.approx(distance_fragmentation_ref(H), abs=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_sequential_choices_match_networkx_argmax(seed):
    """Each sequential removal is a highest-scoring node of networkx's
    measure on the remaining graph (ties: the lowest label, by tie_break)."""
    G = nx.gnm_random_graph(30, 45, seed=10 + seed)
    g = graph_of(G)
    for strategy, measure in [("betweenness", nx.betweenness_centrality), ("degree", nx.degree_centrality),
                              ("kcore", nx.core_number),
                              ("pagerank", lambda h: nx.pagerank(h, tol=1e-12, max_iter=1000))]:
        df = g.disrupt(strategy, steps=8, distances=False, tie_break=by_label(G))
        H = G.copy()
        for key in df["key"].iloc[1:]:
            sc = measure(H)
            best = max(sc.values())
            tied = [v for v in H if math.isclose(sc[v], best, rel_tol=1e-6)]
            assert int(key) == min(tied), strategy
            H.remove_node(int(key))


# ------------------------------------------------------------ incremental == exact
def _families(seed: int) -> dict[str, nx.Graph]:
    """Graphs with several components, many exact ties (lattices, cliques,
    stars, trees) and none (random graphs); nodes relabelled at random so
    that components interleave in node order."""
    rng = np.random.default_rng(seed)
    parts = {
        "gnm+ba+tree": [nx.gnm_random_graph(40, 60, seed=seed), nx.barabasi_albert_graph(30, 2, seed=seed),
                        nx.random_labeled_tree(25, seed=seed), nx.empty_graph(3)],
        "grid+caveman+star": [nx.grid_2d_graph(5, 6), nx.connected_caveman_graph(4, 5), nx.star_graph(7),
                              nx.path_graph(4), nx.cycle_graph(9)],
        "ws+barbell": [nx.connected_watts_strogatz_graph(45, 4, 0.2, seed=seed), nx.barbell_graph(6, 3),
                       nx.complete_graph(5), nx.gnm_random_graph(25, 28, seed=seed + 100)],
    }
    out = {}
    for name, gs in parts.items():
        G = nx.convert_node_labels_to_integers(nx.disjoint_union_all(gs))
        perm = rng.permutation(G.number_of_nodes())
        H = nx.relabel_nodes(G, {v: int(perm[v]) for v in G})
        out[name] = nx.Graph()
        out[name].add_nodes_from(sorted(H))
        out[name].add_edges_from(H.edges())
    return out


def _same_curve(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert a["key"].tolist() == b["key"].tolist()
    a, b = a.copy(), b.copy()
    a.attrs, b.attrs = {}, {}
    pd.testing.assert_frame_equal(a, b, check_exact=True)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("mode", ["sequential", "block"])
def test_incremental_removes_as_exact_on_random_graphs(seed, mode):
    for name, G in _families(seed).items():
        g = graph_of(G)
        for tie_break in ("first", "last"):
            kw = dict(mode=mode, steps=40, block_size=3, tie_break=tie_break, distances=False)
            exact = g.disrupt("betweenness", recompute="exact", **kw)
            inc = g.disrupt("betweenness", recompute="incremental", threads=1, **kw)
            _same_curve(inc, exact)
            assert exact.attrs["params"]["recompute"] == "exact"
            assert inc.attrs["params"]["recompute"] == "incremental"
            assert g.disrupt("betweenness", **kw).attrs["params"]["recompute"] == "incremental"  # the default


def test_incremental_with_distances_weights_and_direction():
    for seed in range(3):
        G = _families(seed)["gnm+ba+tree"]
        g = graph_of(G)
        kw = dict(steps=15, tie_break="last")
        _same_curve(g.disrupt("betweenness", recompute="incremental", **kw),
                    g.disrupt("betweenness", recompute="exact", **kw))
        rng = np.random.default_rng(seed)
        edges = pd.DataFrame(list(G.edges()), columns=["source", "target"]).astype(str)
        edges["w"] = rng.integers(1, 4, len(edges)).astype(float)  # integer lengths: exact ties
        for directed in (False, True):
            h = cr.Graph.from_pandas(edges, weight="w", aggregate="sum", directed=directed,
                                     nodes=[str(v) for v in G.nodes()])
            for weight_as in ("distance", "strength"):
                kw = dict(steps=20, weighted=True, weight_as=weight_as, mode="block", block_size=2,
                          distances=False)
                _same_curve(h.disrupt("betweenness", recompute="incremental", **kw),
                            h.disrupt("betweenness", recompute="exact", **kw))


def test_incremental_choices_match_networkx_argmax():
    """Incremental removals are argmaxes of networkx's betweenness on what is
    left, across components (raw scores compared, not per-component ones)."""
    G = _families(1)["gnm+ba+tree"]
    g = graph_of(G)
    df = g.disrupt("betweenness", steps=20, distances=False, tie_break=by_label(G), recompute="incremental")
    H = G.copy()
    for key in df["key"].iloc[1:]:
        sc = nx.betweenness_centrality(H, normalized=False)
        best = max(sc.values())
        assert int(key) == min(v for v in H if math.isclose(sc[v], best, rel_tol=1e-9, abs_tol=1e-12))
        H.remove_node(int(key))


def test_recompute_modes_and_approximate_alias(small):
    a = small.disrupt("betweenness", steps=4, approximate=True, epsilon=0.05, seed=1, distances=False)
    b = small.disrupt("betweenness", steps=4, recompute="approximate", epsilon=0.05, seed=1, distances=False)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["params"]["recompute"] == "approximate" and a.attrs["params"]["approximate"] is True
    assert small.disrupt("degree", steps=2).attrs["params"]["recompute"] == "exact"
    assert small.disrupt("random", steps=2, repetitions=2).attrs["params"]["recompute"] is None
    with pytest.raises(ValueError, match="approximate"):
        small.disrupt("betweenness", approximate=True, recompute="incremental")


def test_collective_influence_matches_definition():
    G = nx.gnm_random_graph(35, 60, seed=3)
    g = graph_of(G)
    for radius in (1, 2, 3):
        df = g.disrupt("collective_influence", steps=1, ci_radius=radius, distances=False, tie_break=by_label(G))
        dist = dict(nx.all_pairs_shortest_path_length(G))
        ci = {v: (G.degree(v) - 1) * sum(G.degree(u) - 1 for u, d in dist[v].items() if d == radius) for v in G}
        best = max(ci.values())
        assert int(df["key"].iloc[1]) == min(v for v in G if ci[v] == best)


def test_key_player_reach_matches_brute_force():
    G = nx.gnm_random_graph(14, 18, seed=5)
    g = graph_of(G)
    kp = g.key_player_set(k=2, objective="reach", m=1, restarts=4)

    def reach(S):
        near = set().union(*(set(G[v]) for v in S)) - set(S)
        return len(near) / (len(G) - len(S))

    best = max(reach(S) for S in itertools.combinations(G.nodes(), 2))
    assert kp.attrs["value"] == pytest.approx(best)
    assert reach([int(k) for k in kp["key"]]) == pytest.approx(best)


def test_key_player_fragmentation_near_brute_force_and_constraints():
    G = nx.gnm_random_graph(16, 20, seed=8)
    g = graph_of(G)
    kp = g.key_player_set(k=2, objective="distance_fragmentation", restarts=5)

    def df_of(S):
        H = G.copy()
        H.remove_nodes_from(S)
        return distance_fragmentation_ref(H)

    best = max(df_of(S) for S in itertools.combinations(G.nodes(), 2))
    assert kp.attrs["value"] == pytest.approx(best, abs=1e-12)
    inc = g.key_player_set(k=2, include=[("node", "0")], exclude=[("node", "1")])
    assert "0" in inc["key"].tolist() and "1" not in inc["key"].tolist()


# ------------------------------------------------------------ behaviour
@pytest.fixture(scope="module")
def small():
    return graph_of(nx.gnm_random_graph(60, 100, seed=2))


def test_random_strategy_mean_and_spread(small):
    df = small.disrupt("random", steps=10, repetitions=6, seed=3)
    assert len(df) == 11
    assert {"lcc_fraction_std", "fragmentation_std"} <= set(df.columns)
    assert df["lcc_fraction"].iloc[0] == 1.0 and df["lcc_fraction_std"].iloc[0] == 0.0
    assert df["lcc_fraction_std"].iloc[1:].max() > 0
    again = small.disrupt("random", steps=10, repetitions=6, seed=3)
    pd.testing.assert_frame_equal(df, again)
    assert len(df.attrs["removed"]) == 6


def test_list_strategy_and_block_mode(small):
    order = [("node", k) for k in ["5", "7", "9", "11"]]
    df = small.disrupt(order, mode="block", block_size=3, steps=5)
    assert df["key"].tolist() == ["", "5; 7; 9", "11"]
    assert df["removed_total"].tolist() == [0, 3, 4]


def test_approximate_betweenness_is_seeded_and_close(small):
    a = small.disrupt("betweenness", steps=5, approximate=True, epsilon=0.05, seed=4, distances=False)
    b = small.disrupt("betweenness", steps=5, approximate=True, epsilon=0.05, seed=4, distances=False)
    pd.testing.assert_frame_equal(a, b)
    exact = small.disrupt("betweenness", steps=5, distances=False)
    assert abs(a["lcc"].iloc[-1] - exact["lcc"].iloc[-1]) <= 20
    assert a.attrs["params"]["approximate"] is True


def test_every_strategy_runs(small):
    for s in ["degree", "strength", "betweenness", "pagerank", "katz", "collective_influence", "kcore"]:
        df = small.disrupt(s, steps=3, distance_sources=20)
        assert len(df) == 4 and df["removed_total"].iloc[-1] == 3
        assert (df["lcc"].diff().iloc[1:] <= 0).all()


def test_compare_disruption_and_plot(small, tmp_path):
    t = small.compare_disruption(["degree", "betweenness", "random"], steps=4, repetitions=3)
    assert t["strategy"].unique().tolist() == ["degree", "betweenness", "random"]
    assert len(t) == 15
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from corridor._disruption import plot_disruption

    ax = plot_disruption(t, "fragmentation")
    assert len(ax.get_lines()) == 3
    ax.figure.savefig(tmp_path / "c.png")
    plt.close(ax.figure)
    assert (tmp_path / "c.png").stat().st_size > 0


@pytest.mark.parametrize("kwargs, match", [
    (dict(strategy="closeness"), "strategy"),
    (dict(mode="raid"), "mode"),
    (dict(block_size=0), "block_size"),
    (dict(steps=-1), "steps"),
    (dict(ci_radius=0), "ci_radius"),
    (dict(tie_break="middle"), "tie_break"),
    (dict(approximate=True, epsilon=2.0), "epsilon"),
    (dict(recompute="approximate", epsilon=-0.1), "epsilon"),
    (dict(recompute="fast"), "recompute"),
    (dict(approximate="yes"), "approximate"),
    (dict(seed=-1), "seed"),
])
def test_disrupt_validation(small, kwargs, match):
    with pytest.raises(ValueError, match=match):
        small.disrupt(**kwargs)


def test_key_player_validation(small):
    for kwargs, match in [(dict(k=0), "k"), (dict(objective="reachh"), "objective"), (dict(k=61), "k"),
                          (dict(restarts=0), "restarts"),
                          (dict(include=[("node", "1")], exclude=[("node", "1")]), "include"),
                          (dict(k=1, include=[("node", "1"), ("node", "2")]), "include")]:
        with pytest.raises(ValueError, match=match):
            small.key_player_set(**kwargs)
    with pytest.raises(KeyError, match="strategy"):
        small.disrupt([("node", "nobody")])


# ------------------------------------------------------------ CLI and demo
def test_analyses_registered(small):
    df = ANALYSES["disrupt"].run(small, {"strategy": "betweenness", "steps": 3, "k": 4})
    assert len(df) == 4
    ex = ANALYSES["disrupt"].run(small, {"strategy": "betweenness", "steps": 3, "recompute": "exact"})
    assert ex.attrs["params"]["recompute"] == "exact" and ex["key"].tolist() == df["key"].tolist()
    kp = ANALYSES["key_player_set"].run(small, {"k": 3, "objective": "reach"})
    assert len(kp) == 3 and kp.attrs["objective"] == "reach"


def test_cli_writes_disruption_table(tmp_path):
    import subprocess
    import sys

    edges = tmp_path / "met.csv"
    pd.DataFrame({"a": ["p1", "p2", "p3", "p4", "p2"], "b": ["p2", "p3", "p4", "p5", "p5"]}).to_csv(edges,
                                                                                                   index=False)
    store = tmp_path / "s.corridor"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "corridor", "--quiet", *map(str, args)],
                              capture_output=True, text=True)

    r = run("ingest", store, "--relations", edges, "--type", "MET", "--src", "Person:a", "--dst", "Person:b")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "d.csv"
    r = run("analyze", store, "--relations", "MET", "--run", "disrupt", "--set", "strategy=betweenness",
            "--set", "steps=2", "--out", out)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, keep_default_na=False)
    assert df["step"].tolist() == [0, 1, 2]
    # p1 hangs off p2 on the 4-cycle p2-p3-p4-p5: p2 carries every path from p1
    assert df["key"].iloc[1] == "p2"
    assert df["lcc"].iloc[0] == 5


def test_demo_section(tmp_path):
    from corridor._demo import PERSON_GRAPH, Report
    from corridor._disruption import demo_section

    net = datasets.smuggling_network(people=600, seed=0)   # the demo uses 2,000; smaller keeps this quick
    store = cr.open(tmp_path / "demo.corridor")
    try:
        net.ingest(store)
        g = store.project(**PERSON_GRAPH)
    finally:
        store.close()
    rep = Report(tmp_path)
    demo_section(rep, g, net)
    text = "\n".join(rep.lines)
    assert "## Which arrests break the network" in text
    assert "coordinator" in text
    assert (tmp_path / "figures" / "disruption_curves.png").exists()
