"""corridor's centrality beside NetworKit, igraph and networkx: same graphs,
same run, same machine, same thread count.

    .venv/bin/python bench/compare.py                      # everything, 3 runs each (hours on 2 cores)
    .venv/bin/python bench/compare.py --smoke              # CI: agreement only on the small graphs (< 1 min)
    .venv/bin/python bench/compare.py --algorithms pagerank,core_number --graphs ca-GrQc,rmat-1M \\
        --tools corridor,networkit --repeats 5 --out /tmp/cmp
    .venv/bin/python bench/compare.py --scaling            # seconds against edges, R-MAT 2k..2M (< 20 min)
    .venv/bin/python bench/compare.py --scaling --smoke    # CI: the scaling mode on rmat-2k, rmat-20k
    .venv/bin/python bench/compare.py --update-readme      # README's tables from bench/results/*.json

Graphs: the mid-size real graphs copied into bench/data (never ../shared),
and generated ones, each deterministic for its seed and cached in
bench/data/cache (gitignored; regenerated when the parameters change):
  rmat-2k .. rmat-2M  R-MAT (a=0.57 b=0.19 c=0.19, seed 20240601) of 2,000,
                      20,000, 200,000, 1,000,000 and 2,000,000 undirected
                      edges, edge factor about 16 (scale 7, 10, 14, 16, 17),
                      duplicates and self-loops dropped, isolated ids
                      dropped, vertices randomly relabelled
  ba-100k             Barabasi-Albert, 100,000 nodes, m = 5 (networkx)
  lfr-10k             LFR benchmark, 10,000 nodes, tau1 2.5, tau2 1.5,
                      mu 0.2, average degree 10, max degree 100,
                      communities of 20..500 (networkx; planted
                      communities kept for the community benchmarks)
  smuggling-10k, -100k, -1M
                      the person-to-person graph the demo projects from
                      corridor's synthetic smuggling network of that many
                      people (seed 0); 1M people take a few minutes once
  ba-1k, lfr-1k, smuggling-1k: the same generators, small, for --smoke.
Every graph is simple and undirected: wiki-Vote is symmetrised (an arc
either way becomes one edge); its directed original is run for PageRank only,
as "wiki-Vote-directed". The Markdown and JSON state each graph's source or
generator and parameters.

--scaling runs pagerank, core_number, closeness and betweenness on rmat-2k,
rmat-20k, rmat-200k and rmat-2M (the all-pairs measures up to 200,000 edges)
for every tool, with a 60 s call timeout (a stopped call is a lower-bound
row), a 20 s budget per row and no networkx size limits (any --algorithms
works), and plots seconds against edges
on log-log axes, one panel per algorithm, one line per tool and thread count,
with the algorithm's complexity (O(m), O(nm)) as a reference line:
scaling.{csv,json,md,png}.

--update-readme replaces the text between <!-- bench:compare:start --> and
<!-- bench:compare:end --> in README.md (and bench:scaling) with the table
generated from compare.json (scaling.json), with the command and machine.

Each (algorithm, graph, tool, threads) runs in a fresh process (this script
with --worker): it loads the graph (not timed), resets the peak-RSS counter
(/proc/self/clear_refs), then times --repeats calls of the algorithm (calls
shorter than --min-time / --repeats repeat until --min-time seconds have
passed, up to 25 runs; calls longer than --budget / --repeats stop once
--budget seconds have passed, so a 15-minute betweenness runs once — the
table gives the number of runs) and reports the seconds of each, the CPU
seconds, the RSS after loading and the peak RSS (VmHWM) during the calls —
the whole process, graph included. The median is reported. Only
the call is timed, with the result as the tool hands it to a user: corridor's
DataFrame (type, key, score, rank — building it is timed too, and its share
is reported as corridor_df_s), NetworKit's constructor + run() + scores()
list, igraph's and networkx's list / dict.

Threads: corridor and NetworKit at 1 thread and at all cores
(os.cpu_count()); igraph and networkx are single-threaded (BLAS pinned to 1).
The ratio is tool time / corridor time at the same thread count (> 1:
corridor is faster). networkx runs the all-pairs measures (betweenness,
closeness, harmonic) only up to 20,000 edges (ca-GrQc) and its pure-Python
power iterations (eigenvector, katz) up to 300,000; above, its row says
"n/a (too slow)" and its ratio is the one on the smaller graph.

Agreement: every tool's scores are compared with corridor's (1 thread) after
conversion to networkx's conventions; a disagreement makes the script exit 1.
  pagerank        max |diff| <= 1e-6; tolerances tight everywhere (corridor,
                  networkx: L1 change < n * 1e-10; NetworKit: L1 norm,
                  tol = n * 1e-10, sinks distributed; igraph: PRPACK solve)
  betweenness     rel 1e-9 (abs floor 1e-12), networkx's normalised values
                  (igraph's raw pair counts * 2 / ((n-1)(n-2)))
  closeness       rel 1e-9, Wasserman-Faust scaled (networkx wf_improved;
                  NetworKit's Generalized variant; igraph's r / sum(d) times
                  r / (n - 1), r = component size - 1, isolated 0)
  harmonic        rel 1e-9, unnormalised sums
  core_number     equal
  eigenvector     max |diff| <= 1e-6 after scaling to unit L2 norm
  katz            max |diff| <= 1e-6 (alpha = 1 / (max degree + 1), beta 1,
                  unit L2 norm); NetworKit's KatzCentrality normalises inside
                  its iteration, another fixed point, and igraph has none
  approx_betw.    equal quality: each tool's max error against the exact
                  betweenness (on the pair-fraction scale both use) must be
                  within epsilon = 0.01 (delta = 0.1)
Not compared: degree (trivial), structural holes and brokerage (no
counterpart in NetworKit; brokerage only in R's sna).

Writes compare.csv, compare.json (every run), compare.md and compare.png to
--out (default bench/results); --smoke writes nothing unless --out is given.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"

SEED = 20240601
CACHE = DATA / "cache"  # generated graphs, kept between runs (gitignored)


def rmat_params(edges: int) -> dict:
    """R-MAT of `edges` edges at edge factor about 16: scale = round(log2(edges / 16))."""
    return dict(scale=round(math.log2(edges / 16)), edges=edges, a=0.57, b=0.19, c=0.19, seed=SEED)


RMAT = rmat_params(1_000_000)  # rmat-1M: scale 16, as before

# name -> (file under bench/data, directed as read, algorithms restricted to or None)
REAL = {
    "ca-GrQc": ("snap_ca-GrQc/ca-GrQc.txt.gz", False, None),
    "PGPgiantcompo": ("dimacs10_PGPgiantcompo/PGPgiantcompo.graph.gz", False, None),
    "wiki-Vote": ("snap_wiki-Vote/wiki-Vote.txt.gz", False, None),  # symmetrised
    "wiki-Vote-directed": ("snap_wiki-Vote/wiki-Vote.txt.gz", True, ("pagerank",)),
    "ca-HepPh": ("snap_ca-HepPh/CA-HepPh.txt.gz", False, None),
    "astro-ph": ("newman_astro-ph/astro-ph.graph.gz", False, None),
    "MIT8": ("facebook100_MIT8/MIT8.edgelist.gz", False, None),
}
LFR = dict(tau1=2.5, tau2=1.5, mu=0.2, average_degree=10, max_degree=100, min_community=20, max_community=500,
           seed=SEED)
# name -> (generator, its parameters); every one deterministic for its seed
GENERATED = {
    **{f"rmat-{label}": ("rmat", rmat_params(e)) for label, e in
       (("2k", 2_000), ("20k", 20_000), ("200k", 200_000), ("1M", 1_000_000), ("2M", 2_000_000))},
    "ba-1k": ("barabasi_albert", dict(n=1_000, m=5, seed=SEED)),  # --smoke
    "ba-100k": ("barabasi_albert", dict(n=100_000, m=5, seed=SEED)),
    "lfr-1k": ("lfr", dict(LFR, n=1_000)),  # --smoke
    "lfr-10k": ("lfr", dict(LFR, n=10_000)),
    "smuggling-1k": ("smuggling", dict(people=1_000, seed=0)),  # --smoke
    "smuggling-10k": ("smuggling", dict(people=10_000, seed=0)),
    "smuggling-100k": ("smuggling", dict(people=100_000, seed=0)),
    "smuggling-1M": ("smuggling", dict(people=1_000_000, seed=0)),
}
GRAPHS = [*REAL, "rmat-1M", "ba-100k", "lfr-10k", "smuggling-10k", "smuggling-100k", "smuggling-1M"]  # the default run
ALL_GRAPHS = [*REAL, *GENERATED]
SMOKE_GRAPHS = ["ca-GrQc", "rmat-2k", "ba-1k", "lfr-1k", "smuggling-1k"]

# --scaling: R-MAT growing 10x a step; the all-pairs measures only up to SCALING_MAX_EDGES (O(nm))
SCALING_GRAPHS = ["rmat-2k", "rmat-20k", "rmat-200k", "rmat-2M"]
SCALING_SMOKE_GRAPHS = ["rmat-2k", "rmat-20k"]
SCALING_ALGORITHMS = ["pagerank", "core_number", "closeness", "betweenness"]
SCALING_MAX_EDGES = {"closeness": 200_000, "betweenness": 200_000, "harmonic": 200_000,
                     "approx_betweenness": 200_000}
COMPLEXITY = {  # algorithm -> (label, cost as a function of n and m), the reference line of the scaling plot
    "pagerank": ("O(m) per iteration", lambda n, m: m), "core_number": ("O(m)", lambda n, m: m),
    "eigenvector": ("O(m) per iteration", lambda n, m: m), "katz": ("O(m) per iteration", lambda n, m: m),
    "closeness": ("O(nm)", lambda n, m: n * m), "harmonic": ("O(nm)", lambda n, m: n * m),
    "betweenness": ("O(nm)", lambda n, m: n * m), "approx_betweenness": ("O(m) per sample", lambda n, m: m),
}

ALGORITHMS = ["pagerank", "betweenness", "closeness", "harmonic", "core_number", "eigenvector", "katz",
              "approx_betweenness"]
TOOLS = ["corridor", "networkit", "igraph", "networkx"]
PARALLEL_TOOLS = {"corridor", "networkit"}
HAS = {  # which tool has which algorithm (in a comparable convention)
    "corridor": set(ALGORITHMS),
    "networkit": set(ALGORITHMS) - {"katz"},
    "igraph": set(ALGORITHMS) - {"katz", "approx_betweenness"},
    "networkx": set(ALGORITHMS) - {"approx_betweenness"},
}
WHY_MISSING = {
    ("networkit", "katz"): "KatzCentrality normalises inside its iteration (another fixed point)",
    ("igraph", "katz"): "no Katz centrality",
    ("igraph", "approx_betweenness"): "no sampled betweenness with a guarantee",
    ("networkx", "approx_betweenness"): "its k-source sampling has no (epsilon, delta) guarantee",
}
ALLPAIRS = {"betweenness", "closeness", "harmonic"}
NX_MAX_EDGES = {"betweenness": 20_000, "closeness": 20_000, "harmonic": 20_000,
                "eigenvector": 300_000, "katz": 300_000}

PR_DAMPING, PR_TOL, MAX_ITER = 0.85, 1e-10, 1000
EIG_TOL = 1e-10
NK_EIG_TOL = 1e-12  # NetworKit stops when its eigenvalue estimate changes by <= tol (absolute), not the vector
APPROX_EPS, APPROX_DELTA = 0.01, 0.1
SMOKE_EPS = 0.05  # --smoke: fewer samples (about 1/25), same check
MAX_RUNS = 25  # fast calls repeat until --min-time has passed, up to this many runs
SAMPLE = 100  # networkx's all-pairs measures in --smoke: this many sources / nodes

# The targets of the issue: (algorithm, opponent, factor): corridor must be at least `factor` times as fast.
TARGETS = [("pagerank", "networkit", 1), ("betweenness", "networkit", 1), ("closeness", "networkit", 1),
           ("core_number", "networkit", 1), ("betweenness", "igraph", 5)] + \
          [(a, "networkx", 100) for a in ALGORITHMS if a != "approx_betweenness"]


# ---------------------------------------------------------------------------- graphs
def read_metis(path: Path) -> tuple[int, np.ndarray]:
    """METIS adjacency: a header 'n m [fmt]' (comments start with %), then
    line i lists the 1-based neighbours of vertex i (unweighted only)."""
    with gzip.open(path, "rt") as f:
        lines = [ln for ln in f if not ln.startswith("%")]
    head = lines[0].split()
    n, m = int(head[0]), int(head[1])
    if len(head) > 2 and head[2].strip("0"):
        raise ValueError(f"{path}: weighted METIS (fmt {head[2]}) is not supported")
    rows = lines[1:n + 1]
    deg = np.fromiter((len(r.split()) for r in rows), np.int64, n)
    nbr = np.array(" ".join(rows).split(), dtype=np.int64) - 1
    src = np.repeat(np.arange(n, dtype=np.int64), deg)
    edges = np.stack([src, nbr], axis=1)
    edges = edges[edges[:, 0] < edges[:, 1]]
    if len(edges) != m:
        raise ValueError(f"{path}: header says {m} edges, adjacency has {len(edges)}")
    return n, edges


def read_edgelist(path: Path) -> tuple[int, np.ndarray]:
    """Whitespace-separated pairs, '#' comments (SNAP, Facebook100). Every id
    that appears is a node (also one seen only in a self-loop), numbered in
    sorted id order."""
    import pandas as pd

    df = pd.read_csv(path, sep=r"\s+", comment="#", header=None, names=["a", "b"], dtype=np.int64)
    ids, inv = np.unique(df.to_numpy().ravel(), return_inverse=True)
    return len(ids), inv.reshape(-1, 2).astype(np.int64)


def simple(n: int, edges: np.ndarray, directed: bool) -> np.ndarray:
    """Without self-loops and duplicates; undirected edges once, as (lo, hi)."""
    edges = edges[edges[:, 0] != edges[:, 1]]
    if not directed:
        edges = np.sort(edges, axis=1)
    codes = np.unique(edges[:, 0] * n + edges[:, 1])
    return np.stack([codes // n, codes % n], axis=1)


def rmat(scale: int, edges: int, a: float, b: float, c: float, seed: int) -> tuple[int, np.ndarray]:
    """R-MAT (Chakrabarti, Zhan, Faloutsos 2004), vectorised: each edge picks
    one of four quadrants per level (a top-left, b top-right, c bottom-left,
    d = 1 - a - b - c bottom-right). Undirected, without self-loops and
    duplicates; exactly `edges` edges (sampled down from the distinct ones);
    vertices without an edge dropped and the rest relabelled at random."""
    rng = np.random.default_rng(seed)
    n = 1 << scale
    keys = np.zeros(0, dtype=np.int64)
    batch = edges
    while len(keys) < edges:
        u = np.zeros(batch, dtype=np.int64)
        v = np.zeros(batch, dtype=np.int64)
        for _ in range(scale):
            r = rng.random(batch)
            u = (u << 1) | (r >= a + b)
            v = (v << 1) | (((r >= a) & (r < a + b)) | (r >= a + b + c))
        lo, hi = np.minimum(u, v), np.maximum(u, v)
        keep = lo != hi
        keys = np.unique(np.concatenate([keys, lo[keep] * n + hi[keep]]))
        batch = max(2 * (edges - len(keys)), 1024)
    keys = np.sort(rng.choice(keys, edges, replace=False))
    u, v = keys // n, keys % n
    used = np.unique(np.concatenate([u, v]))
    perm = rng.permutation(len(used))
    u, v = perm[np.searchsorted(used, u)], perm[np.searchsorted(used, v)]
    return len(used), np.stack([u, v], axis=1)


def barabasi_albert(n: int, m: int, seed: int) -> tuple[int, np.ndarray]:
    """networkx's barabasi_albert_graph (each new node attaches to m existing
    nodes, preferentially by degree; seeded)."""
    import networkx as nx

    g = nx.barabasi_albert_graph(n, m, seed=seed)
    return n, np.array(g.edges(), dtype=np.int64).reshape(-1, 2)


def lfr(seed: int, **params) -> tuple[int, np.ndarray, np.ndarray]:
    """networkx's LFR_benchmark_graph (Lancichinetti, Fortunato, Radicchi
    2008): power-law degrees (tau1) and community sizes (tau2), a fraction
    mu of each node's edges leaving its community. Also returns each node's
    planted community (labelled by its smallest member)."""
    import networkx as nx

    g = nx.LFR_benchmark_graph(seed=seed, max_iters=500, **params)
    n = g.number_of_nodes()
    community = np.array([min(g.nodes[v]["community"]) for v in range(n)], dtype=np.int64)
    return n, np.array(g.edges(), dtype=np.int64).reshape(-1, 2), community


def smuggling(people: int, seed: int) -> tuple[int, np.ndarray]:
    """The person-to-person graph the demo projects (``_demo.PERSON_GRAPH``:
    people joined through calls, payments, shared phones, accounts and
    addresses) from corridor's synthetic smuggling network: written to CSV a
    chunk at a time, ingested into a fresh store, projected; ids 0..n-1 in
    corridor's node order."""
    import pandas as pd

    cr = import_corridor()
    from corridor._demo import PERSON_GRAPH
    from corridor.datasets import ingest_generated, write_smuggling_network

    with tempfile.TemporaryDirectory(prefix="corridor-smuggling-") as tmp:
        write_smuggling_network(Path(tmp) / "csv", people=people, seed=seed)
        with cr.open(Path(tmp) / "store.corridor") as store:
            ingest_generated(store, Path(tmp) / "csv")
            g = store.project(**PERSON_GRAPH)
    nodes = pd.Index(g.nodes()["key"])
    e = g.edges()
    edges = np.stack([nodes.get_indexer(e["src_key"]), nodes.get_indexer(e["dst_key"])], axis=1).astype(np.int64)
    return len(nodes), edges


def describe(name: str) -> str:
    """The generator and its parameters, for the metadata and the Markdown."""
    kind, p = GENERATED[name]
    if kind == "rmat":
        return ("R-MAT (Chakrabarti et al. 2004) scale {scale}, {edges:,} edges, a={a} b={b} c={c}, seed {seed}, "
                "bench/compare.py rmat()").format(**p)
    if kind == "barabasi_albert":
        return f"Barabasi-Albert n={p['n']:,} m={p['m']}, seed {p['seed']}, networkx.barabasi_albert_graph"
    if kind == "lfr":
        q = {k: v for k, v in p.items() if k not in ("n", "seed")}
        return (f"LFR n={p['n']:,} " + " ".join(f"{k}={v}" for k, v in q.items())
                + f", seed {p['seed']}, networkx.LFR_benchmark_graph")
    return (f"corridor synthetic smuggling network, {p['people']:,} people, seed {p['seed']}: the demo's person graph "
            f"(corridor.datasets.write_smuggling_network, ingest_generated, Store.project(**_demo.PERSON_GRAPH))")


def generate(name: str, cache: Path | None = CACHE) -> tuple[int, np.ndarray, np.ndarray | None]:
    """(n, edges, LFR's planted communities or None) of a generated graph,
    from `cache` (an .npz named after the graph, checked against the
    generator's parameters) or generated and stored there."""
    kind, p = GENERATED[name]
    stamp = json.dumps([kind, p], sort_keys=True)
    path = cache / f"{name}.npz" if cache is not None else None
    if path is not None and path.exists():
        with np.load(path) as z:
            if str(z["params"]) == stamp:
                return int(z["n"]), z["edges"], (z["communities"] if "communities" in z else None)
    communities = None
    if kind == "rmat":
        n, edges = rmat(**p)
    elif kind == "barabasi_albert":
        n, edges = barabasi_albert(**p)
    elif kind == "lfr":
        n, edges, communities = lfr(**p)
    else:
        n, edges = smuggling(**p)
    if path is not None:
        cache.mkdir(parents=True, exist_ok=True)
        extra = {} if communities is None else {"communities": communities}
        tmp = cache / f"{name}.{os.getpid()}.tmp.npz"
        np.savez(tmp, n=n, edges=edges, params=stamp, **extra)
        tmp.replace(path)  # whole or not at all: two runs may generate at once
    return n, edges, communities


def load_graph(name: str, cache: Path | None = CACHE) -> dict:
    """A graph by name (REAL or GENERATED), simple: {name, n, m, directed,
    edges (m x 2, undirected edges once as (lo, hi)), source}, and for LFR
    graphs `communities` (the planted community of each node)."""
    communities = None
    if name in GENERATED:
        n, edges, communities = generate(name, cache)
        directed = False
        source = describe(name)
    else:
        rel, directed, _ = REAL[name]
        path = DATA / rel
        n, edges = read_metis(path) if path.name.endswith(".graph.gz") else read_edgelist(path)
        source = f"bench/data/{rel}" + ("" if directed else ", undirected")
    edges = simple(n, edges, directed)
    out = {"name": name, "n": int(n), "m": int(len(edges)), "directed": directed, "edges": edges,
           "source": source}
    if communities is not None:
        out["communities"] = communities
    return out


def graph_algorithms(name: str) -> tuple[str, ...] | None:
    return REAL[name][2] if name in REAL else None


# ---------------------------------------------------------------------------- worker
def status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux >= 4.0), so that the peak
    measured afterwards is the algorithm's, not the loader's."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def import_corridor():
    """The package is installed editable and others may be rebuilding it:
    retry for a few minutes before giving up."""
    for attempt in range(10):
        try:
            import corridor
            return corridor
        except ImportError:
            if attempt == 9:
                raise
            time.sleep(30)


def katz_alpha(n: int, edges: np.ndarray) -> float:
    deg = np.bincount(edges.ravel(), minlength=n)
    return 1.0 / (int(deg.max(initial=0)) + 1)


def sample_nodes(n: int) -> np.ndarray:
    return np.sort(np.random.default_rng(0).choice(n, min(SAMPLE, n), replace=False))


class CorridorTool:
    name = "corridor"

    def build(self, n, edges, directed, threads):
        import pandas as pd

        cr = import_corridor()
        self.version = getattr(cr, "__version__", "?")
        df = pd.DataFrame({"s": edges[:, 0], "t": edges[:, 1]})
        self.g = cr.Graph.from_pandas(df, "s", "t", directed=directed, nodes=np.arange(n))
        assert self.g.num_nodes == n and self.g.num_edges == len(edges), (self.g, n, len(edges))
        self.n, self.edges, self.threads = n, edges, threads

    def call(self, algo):
        g, t = self.g, self.threads
        if algo == "pagerank":
            return g.pagerank(PR_DAMPING, weighted=False, tol=PR_TOL, max_iter=MAX_ITER, threads=t)
        if algo == "betweenness":
            return g.betweenness(weighted=False, normalized=True, threads=t)
        if algo == "approx_betweenness":
            return g.approx_betweenness(self.epsilon, APPROX_DELTA, seed=0, threads=t)
        if algo == "closeness":
            return g.closeness(wf_improved=True, threads=t)
        if algo == "harmonic":
            return g.harmonic_closeness(threads=t)
        if algo == "core_number":
            return g.core_number(threads=t)
        if algo == "eigenvector":
            return g.eigenvector_centrality(weighted=False, tol=EIG_TOL, max_iter=MAX_ITER, threads=t)
        if algo == "katz":
            return g.katz_centrality(katz_alpha(self.n, self.edges), 1.0, normalized=True, weighted=False,
                                     tol=PR_TOL, max_iter=MAX_ITER, threads=t)
        raise KeyError(algo)

    def scores(self, algo, res):
        out = np.full(self.n, np.nan)
        out[res["key"].astype(np.int64).to_numpy()] = res["score"].to_numpy()
        return out

    def extra(self, algo, res):
        a = res.attrs
        e = {k: a[k] for k in ("iterations", "samples") if k in a}
        # the DataFrame's share of the timed call: build it again from the scores
        key_order = self.g.nodes()["key"].astype(np.int64).to_numpy()
        raw = self.scores(algo, res)[key_order]
        times = []
        for _ in range(5):
            t = time.perf_counter()
            self.g._measure(raw, algo, {})
            times.append(time.perf_counter() - t)
        e["df_s"] = float(np.median(times))
        return e


class NetworKitTool:
    name = "networkit"

    def build(self, n, edges, directed, threads):
        import networkit as nk

        nk.setNumberOfThreads(threads)
        nk.engineering.setLogLevel("ERROR") if hasattr(nk, "engineering") else None
        self.nk, self.version = nk, nk.__version__
        g = nk.Graph(n, directed=directed)
        g.addEdges((edges[:, 0].astype(np.uint64), edges[:, 1].astype(np.uint64)))
        assert g.numberOfNodes() == n and g.numberOfEdges() == len(edges)
        self.g, self.n, self.edges = g, n, edges

    def call(self, algo):
        c, g = self.nk.centrality, self.g
        if algo == "pagerank":
            a = c.PageRank(g, PR_DAMPING, self.n * PR_TOL, distributeSinks=c.SinkHandling.DistributeSinks)
            a.norm = c.Norm.L1_NORM
            a.maxIterations = MAX_ITER
        elif algo == "betweenness":
            a = c.Betweenness(g, True)
        elif algo == "approx_betweenness":
            a = c.ApproxBetweenness(g, self.epsilon, APPROX_DELTA)
        elif algo == "closeness":
            a = c.Closeness(g, True, c.ClosenessVariant.Generalized)
        elif algo == "harmonic":
            a = c.HarmonicCloseness(g, False)
        elif algo == "core_number":
            a = c.CoreDecomposition(g)
        elif algo == "eigenvector":
            a = c.EigenvectorCentrality(g, NK_EIG_TOL)
        else:
            raise KeyError(algo)
        a.run()
        return a, a.scores()

    def scores(self, algo, res):
        return np.asarray(res[1], dtype=float)

    def extra(self, algo, res):
        a = res[0]
        if algo == "pagerank":
            return {"iterations": int(a.numberOfIterations())}
        if algo == "approx_betweenness":
            return {"samples": int(a.numberOfSamples())}
        return {}


class IGraphTool:
    name = "igraph"

    def build(self, n, edges, directed, threads):
        import igraph as ig

        self.version = ig.__version__
        self.g = ig.Graph(n=n, edges=edges, directed=directed)
        self.directed, self.n = directed, n

    def call(self, algo):
        g = self.g
        if algo == "pagerank":
            return g.pagerank(directed=self.directed, damping=PR_DAMPING, implementation="prpack")
        if algo == "betweenness":
            return g.betweenness(directed=self.directed)
        if algo == "closeness":
            return g.closeness(normalized=True)
        if algo == "harmonic":
            return g.harmonic_centrality(normalized=False)
        if algo == "core_number":
            return g.coreness()
        if algo == "eigenvector":
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)  # "not meaningful for disconnected graphs"
                # (igraph 1.0 rejects directed=False on an undirected graph: "Invalid mode")
                return g.eigenvector_centrality(directed=True) if self.directed else g.eigenvector_centrality()
        raise KeyError(algo)

    def scores(self, algo, res):
        s = np.asarray(res, dtype=float)
        if algo == "betweenness":  # raw pair counts (unordered pairs when undirected) -> networkx-normalised
            pairs = (self.n - 1) * (self.n - 2)
            s = s * ((1.0 if self.directed else 2.0) / pairs if pairs > 0 else 0.0)
        if algo == "closeness":  # r / sum d over the reached vertices -> times r / (n - 1), as networkx
            memb = np.asarray(self.g.connected_components().membership)
            r = np.bincount(memb)[memb] - 1
            s = np.where(r > 0, np.nan_to_num(s) * r / max(self.n - 1, 1), 0.0)
        return s

    def extra(self, algo, res):
        return {}


class NetworkXTool:
    name = "networkx"

    def build(self, n, edges, directed, threads):
        import networkx as nx

        self.nx, self.version = nx, nx.__version__
        g = nx.DiGraph() if directed else nx.Graph()
        g.add_nodes_from(range(n))
        g.add_edges_from(edges.tolist())
        self.g, self.n, self.edges = g, n, edges
        self.sample = None

    def call(self, algo):
        nx, g = self.nx, self.g
        if self.sample is not None and algo in ALLPAIRS:
            return self.sampled(algo)
        if algo == "pagerank":
            return nx.pagerank(g, PR_DAMPING, tol=PR_TOL, max_iter=MAX_ITER, weight=None)
        if algo == "betweenness":
            return nx.betweenness_centrality(g, normalized=True)
        if algo == "closeness":
            return nx.closeness_centrality(g, wf_improved=True)
        if algo == "harmonic":
            return nx.harmonic_centrality(g)
        if algo == "core_number":
            return nx.core_number(g)
        if algo == "eigenvector":
            return nx.eigenvector_centrality(g, max_iter=MAX_ITER, tol=EIG_TOL, weight=None)
        if algo == "katz":
            return nx.katz_centrality(g, katz_alpha(self.n, self.edges), 1.0, max_iter=MAX_ITER, tol=PR_TOL,
                                      normalized=True, weight=None)
        raise KeyError(algo)

    def sampled(self, algo):
        """--smoke: the all-pairs measures on a fixed sample (betweenness
        from SAMPLE sources to everyone, closeness and harmonic at SAMPLE
        nodes), checked against corridor's same quantities."""
        nx, g, s = self.nx, self.g, [int(x) for x in self.sample]
        if algo == "betweenness":
            return nx.betweenness_centrality_subset(g, s, list(g), normalized=True)
        if algo == "closeness":
            return {v: nx.closeness_centrality(g, u=v, wf_improved=True) for v in s}
        return nx.harmonic_centrality(g, nbunch=s)

    def scores(self, algo, res):
        out = np.full(self.n, np.nan)
        idx = np.fromiter(res.keys(), np.int64, len(res))
        out[idx] = np.fromiter(res.values(), float, len(res))
        return out

    def extra(self, algo, res):
        return {}


TOOL_CLASSES = {c.name: c for c in (CorridorTool, NetworKitTool, IGraphTool, NetworkXTool)}


def worker(spec: dict) -> dict:
    """One tool at one thread count on one graph: load (untimed), then for
    each algorithm `repeats` timed calls. Scores of the last call go to an
    .npy file for the parent to compare."""
    loadavg = os.getloadavg()
    with np.load(spec["graph_file"]) as z:
        n, edges, directed = int(z["n"]), z["edges"], bool(z["directed"])
    tool = TOOL_CLASSES[spec["tool"]]()
    t = time.perf_counter()
    tool.epsilon = spec.get("epsilon", APPROX_EPS)
    tool.build(n, edges, directed, spec["threads"])
    if spec.get("sample"):
        tool.sample = sample_nodes(n)
    load_s = time.perf_counter() - t
    gc.collect()
    out = {"tool": spec["tool"], "version": tool.version, "threads": spec["threads"], "load_s": load_s,
           "load_peak_rss_mib": status_kib("VmHWM") / 1024, "loadavg_start": loadavg[0], "results": []}
    for algo in spec["algorithms"]:
        gc.collect()
        peak_reset = reset_peak()
        rss_loaded = status_kib("VmRSS") / 1024
        secs, cpu = [], []
        res = None
        started = marker(spec, algo, "started")  # read by the parent if it has to stop us: written whole
        started.with_suffix(".tmp").write_text(repr(time.time()))
        started.with_suffix(".tmp").replace(started)
        while True:
            res = None
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            res = tool.call(algo)
            t1, c1 = time.perf_counter(), time.process_time()
            if not secs:
                marker(spec, algo, "first_done").touch()
            secs.append(t1 - t0)
            cpu.append(c1 - c0)
            spent = sum(secs)
            if (len(secs) >= MAX_RUNS or spent >= spec["budget"]
                    or (len(secs) >= spec["repeats"] and spent >= spec["min_time"])):
                break
        peak = status_kib("VmHWM") / 1024
        scores = tool.scores(algo, res)
        path = Path(spec["scores_dir"]) / f"{spec['graph']}.{algo}.{spec['tool']}.{spec['threads']}.npy"
        np.save(path, scores)
        out["results"].append({
            "algorithm": algo, "seconds": secs, "cpu_seconds": cpu, "rss_after_load_mib": rss_loaded,
            "peak_rss_mib": peak if peak_reset else float("nan"), "peak_reset": peak_reset,
            "scores": str(path), "sampled": bool(spec.get("sample")) and algo in ALLPAIRS,
            **tool.extra(algo, res),
        })
    out["loadavg_end"] = os.getloadavg()[0]
    return out


# ---------------------------------------------------------------------------- agreement
def unit(x: np.ndarray) -> np.ndarray:
    x = np.nan_to_num(np.asarray(x, dtype=float))
    norm = np.linalg.norm(x)
    if norm == 0:
        return x
    return x / norm * (1.0 if x.sum() >= 0 else -1.0)


def compare(algo: str, have: np.ndarray, want: np.ndarray, info: dict, exact: np.ndarray | None,
            epsilon: float = APPROX_EPS) -> tuple:
    """(agree, max abs diff, max rel diff, criterion) of a tool's scores
    against corridor's; NaN entries of `have` (a sampled check) are skipped."""
    if algo == "approx_betweenness":
        if exact is None:
            return None, math.nan, math.nan, "no exact betweenness to compare with"
        n = info["n"]
        scale = (n - 2) / n if n > 2 else 0.0  # networkx-normalised -> pair fraction (undirected and directed)
        err = float(np.max(np.abs(have - exact * scale)))
        return err <= epsilon, err, math.nan, f"max error vs exact <= {epsilon}"
    mask = ~np.isnan(have)
    a, b = have[mask], np.nan_to_num(want[mask])
    if algo in ("eigenvector", "katz"):
        a, b = unit(have)[mask], unit(want)[mask]
    diff = np.abs(a - b)
    max_abs = float(diff.max(initial=0.0))
    rel = diff / np.maximum(np.abs(b), 1e-300)
    max_rel = float(rel[diff > 0].max(initial=0.0))
    if algo == "core_number":
        return bool(np.array_equal(a, b)), max_abs, max_rel, "equal"
    if algo in ("pagerank", "eigenvector", "katz"):
        return max_abs <= 1e-6, max_abs, max_rel, "max |diff| <= 1e-6"
    return bool(np.all(diff <= 1e-9 * np.abs(b) + 1e-12)), max_abs, max_rel, "rel 1e-9 (abs 1e-12)"


def corridor_subset_betweenness(info: dict) -> np.ndarray:
    """corridor's betweenness from the smoke sample of sources, in node-id
    order (for networkx's sampled betweenness_centrality_subset)."""
    import pandas as pd

    cr = import_corridor()
    e = info["edges"]
    g = cr.Graph.from_pandas(pd.DataFrame({"s": e[:, 0], "t": e[:, 1]}), "s", "t", directed=info["directed"],
                             nodes=np.arange(info["n"]))
    df = g.betweenness(sources=[str(v) for v in sample_nodes(info["n"])], normalized=True)
    out = np.empty(info["n"])
    out[df["key"].astype(np.int64).to_numpy()] = df["score"].to_numpy()
    return out


# ---------------------------------------------------------------------------- driver
def machine() -> dict:
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        ram = int(f.readline().split()[1]) / 1024**2
    versions = {}
    for mod in ("corridor", "networkit", "igraph", "networkx", "numpy", "scipy"):
        try:
            versions[mod] = __import__(mod).__version__
        except Exception as exc:  # a tool not installed: its rows fail, the header says why
            versions[mod] = f"not importable ({type(exc).__name__})"
    try:
        commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE), "status", "--porcelain", "--", "engine", "bindings",
                                "python"], capture_output=True, text=True).stdout.strip()
        commit += " + uncommitted changes" if dirty else ""
    except OSError:
        commit = "?"
    try:
        os_name = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    except OSError:
        os_name = platform.system()
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(ram, 1), "os": os_name,
            "kernel": platform.release(), "python": platform.python_version(), "versions": versions,
            "corridor_commit": commit, "date": time.strftime("%Y-%m-%d %H:%M %Z")}


def marker(spec: dict, algo: str, what: str) -> Path:
    """The file a worker writes when its first call of `algo` starts
    ("started", holding the time) and ends ("first_done")."""
    return Path(spec["scores_dir"]) / f"{spec['graph']}.{algo}.{spec['tool']}.{spec['threads']}.{what}"


def spawn_worker(script: Path, spec: dict, timeout: float | None) -> dict:
    """Runs `script --worker SPEC` in a fresh process with the spec's thread
    count in the usual environment variables and returns the JSON dict its
    last stdout line prints; {"error": ..., "timeout": seconds} when it ran
    past `timeout`, {"error": its last stderr line} when it failed. The
    side-by-side scripts (linkpred_compare, community_compare) share it."""
    env = dict(os.environ)
    th = str(spec["threads"])
    env.update(OMP_NUM_THREADS=th, OPENBLAS_NUM_THREADS=th, MKL_NUM_THREADS=th)
    cmd = [sys.executable, str(Path(script).resolve()), "--worker", json.dumps(spec)]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"> {timeout:.0f} s (timed out)", "timeout": timeout}
    if p.returncode != 0:
        return {"error": (p.stderr.strip().splitlines() or [f"exit {p.returncode}"])[-1]}
    return json.loads(p.stdout.strip().splitlines()[-1])


def run_worker(spec: dict, timeout: float | None, call_timeout: float | None = None) -> dict:
    """Runs one worker process; stops it after `timeout` seconds in all, or
    (a single-algorithm worker) once its first call has run `call_timeout`
    seconds — the caller turns that into a lower-bound row."""
    env = dict(os.environ)
    th = str(spec["threads"])
    env.update(OMP_NUM_THREADS=th, OPENBLAS_NUM_THREADS=th, MKL_NUM_THREADS=th, NUMEXPR_NUM_THREADS=th)
    if spec.get("smoke"):  # --smoke runs workers side by side: no OpenMP spinning on shared cores
        env["OMP_WAIT_POLICY"] = "PASSIVE"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", json.dumps(spec)]
    watch = call_timeout is not None and len(spec["algorithms"]) == 1
    if watch:
        started, first = (marker(spec, spec["algorithms"][0], w) for w in ("started", "first_done"))
        started.unlink(missing_ok=True)  # left by an interrupted run
        first.unlink(missing_ok=True)
    t0 = time.time()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as p:
        while True:
            try:
                stdout, stderr = p.communicate(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                now = time.time()
                why = f"timed out after {timeout:.0f} s" if timeout is not None and now - t0 > timeout else None
                if why is None and watch and started.exists() and not first.exists():
                    try:
                        call_s = now - float(started.read_text())
                    except ValueError:  # being written
                        call_s = 0.0
                    if call_s >= call_timeout:
                        why = f"first call stopped after {call_s:.0f} s (--call-timeout)"
                if why is not None:
                    p.kill()
                    p.communicate()
                    return {"error": why, "stopped_at": time.time()}
    if p.returncode != 0:
        return {"error": (stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1], "stderr": stderr}
    return json.loads(stdout.strip().splitlines()[-1])


def thread_counts_of(args) -> list[int]:
    cores = os.cpu_count() or 1
    return sorted({1, cores} if args.threads is None else {int(t) for t in args.threads.split(",")})


def plan(args) -> list[dict]:
    """The worker runs: one per (graph, algorithm, tool, threads) — grouped
    per (graph, tool, threads) in --smoke — and the rows skipped up front."""
    thread_counts = thread_counts_of(args)
    jobs, skipped = [], []
    for gname in args.graphs:
        only = graph_algorithms(gname)
        algos = [a for a in args.algorithms if only is None or a in only]
        if only is not None and args.smoke:
            continue
        for tool in args.tools:
            counts = thread_counts if tool in PARALLEL_TOOLS else [1]
            if args.smoke and tool != "corridor":  # agreement only: one thread count is enough
                counts = counts[-1:]
            for threads in counts:
                run = []
                for algo in algos:
                    if algo not in HAS[tool]:
                        if threads == counts[0]:
                            skipped.append(dict(graph=gname, algorithm=algo, tool=tool, threads=threads,
                                                note=f"not compared: {WHY_MISSING[(tool, algo)]}"))
                        continue
                    run.append(algo)
                if args.smoke:
                    if run:
                        jobs.append(dict(graph=gname, tool=tool, threads=threads, algorithms=run))
                else:
                    jobs.extend(dict(graph=gname, tool=tool, threads=threads, algorithms=[a]) for a in run)
    order = {a: i for i, a in enumerate(ALGORITHMS)}
    tool_order = {t: i for i, t in enumerate(TOOLS)}
    jobs.sort(key=lambda j: (args.graphs.index(j["graph"]), order[j["algorithms"][0]],
                             tool_order[j["tool"]], j["threads"]))
    return jobs, skipped


def fmt_s(x: float) -> str:
    if not np.isfinite(x):
        return "–"
    return f"{x:.3g}" if x < 100 else f"{x:,.0f}"


def fmt_rate(x: float) -> str:
    if not np.isfinite(x):
        return "–"
    for unit_, f in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= f:
            return f"{x / f:.3g} {unit_}"
    return f"{x:.3g}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--algorithms", default=None, help="comma-separated; default all (--scaling: "
                                                       f"{','.join(SCALING_ALGORITHMS)})")
    ap.add_argument("--graphs", default=None, help=f"comma-separated, of {', '.join(ALL_GRAPHS)}; default "
                                                   f"{','.join(GRAPHS)} (--scaling: {','.join(SCALING_GRAPHS)})")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated; default all")
    ap.add_argument("--repeats", type=int, default=3, help="timed calls per worker (at least; see --min-time "
                                                            "and --budget); the median is reported")
    ap.add_argument("--min-time", type=float, default=1.0, help="fast calls repeat until this many seconds have "
                                                                 f"passed (at most {MAX_RUNS} runs)")
    ap.add_argument("--budget", type=float, default=None, help="slow calls stop repeating once this many "
                                                                "seconds have passed (at least one run); default "
                                                                "120 (--scaling: 20)")
    ap.add_argument("--threads", default=None, help="thread counts for corridor and NetworKit; default 1 and "
                                                    "all cores")
    ap.add_argument("--timeout", type=float, default=4 * 3600, help="seconds per worker")
    ap.add_argument("--allpairs-max-edges", type=int, default=None,
                    help="run betweenness, closeness, harmonic and approx_betweenness only on graphs with at most "
                         "this many edges (the others' rows say so)")
    ap.add_argument("--call-timeout", type=float, default=None,
                    help="stop a worker whose first timed call has run this long (not --smoke): its row gives the "
                         "seconds it ran as a lower bound, its ratio a lower bound too; default 1200 (--scaling: "
                         "60)")
    ap.add_argument("--scaling", action="store_true",
                    help=f"seconds against edges: {', '.join(SCALING_ALGORITHMS)} on {', '.join(SCALING_GRAPHS)} "
                         f"(the all-pairs measures up to {max(SCALING_MAX_EDGES.values()):,} edges); writes "
                         "scaling.{csv,json,md,png}")
    ap.add_argument("--smoke", action="store_true", help=f"{', '.join(SMOKE_GRAPHS)} (--scaling: "
                                                         f"{', '.join(SCALING_SMOKE_GRAPHS)}), one run, all tools, "
                                                         "agreement only")
    ap.add_argument("--out", default=None, help="directory for compare.{csv,json,md,png} (or scaling.*); default "
                                                "bench/results (--smoke: none)")
    ap.add_argument("--name", default=None,
                    help="write compare-NAME.* instead of compare.*, for a run over other graphs or algorithms "
                         "that should not replace the main one; --update-readme pools the rows of compare.json "
                         "and of every compare-*.json (by algorithm and graph, the newest run's rows shown)")
    ap.add_argument("--update-readme", action="store_true",
                    help="measure nothing: rewrite README.md between its <!-- bench:compare:start/end --> (and "
                         "bench:scaling) markers from compare.json (scaling.json) in --out")
    ap.add_argument("--readme", default=str(HERE.parent / "README.md"), help=argparse.SUPPRESS)
    ap.add_argument("--max-load", type=float, default=None,
                    help="before each worker, wait (up to --max-wait seconds) until the 1-minute load average is "
                         "at most this (for a shared machine)")
    ap.add_argument("--max-wait", type=float, default=900.0, help="seconds, per worker")
    ap.add_argument("--max-wait-total", type=float, default=7200.0, help="seconds, for the whole run")
    ap.add_argument("--resume", action="store_true", help="skip the workers a previous, interrupted run with the "
                                                          "same settings finished (its checkpoint in --out)")
    ap.add_argument("--rerun-loaded", type=float, default=None,
                    help="with --resume: measure again the workers that started at a 1-minute load average above this")
    ap.add_argument("--keep-checkpoint", action="store_true", help="keep compare.partial.jsonl and compare.scores/ "
                                                                   "(scaling.*) in --out after a complete run")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        spec = json.loads(args.worker)
        print(json.dumps({"batch": [worker(s) for s in spec["batch"]]} if "batch" in spec else worker(spec)))
        return 0

    if args.update_readme:
        return update_readme(Path(args.readme), Path(args.out) if args.out else RESULTS)
    command = "bench/compare.py " + " ".join(sys.argv[1:])
    stem = ("scaling" if args.scaling else "compare") + (f"-{args.name}" if args.name else "")
    args.algorithms = [a for a in (args.algorithms or ",".join(SCALING_ALGORITHMS if args.scaling else ALGORITHMS))
                       .split(",") if a]
    args.graphs = [g for g in (args.graphs or ",".join(SCALING_GRAPHS if args.scaling else GRAPHS)).split(",") if g]
    args.tools = [t for t in args.tools.split(",") if t]
    if args.budget is None:
        args.budget = 20.0 if args.scaling else 120.0
    if args.call_timeout is None:
        args.call_timeout = 60.0 if args.scaling else 1200.0
    for kind, got, known in (("algorithm", args.algorithms, ALGORITHMS), ("graph", args.graphs, ALL_GRAPHS),
                             ("tool", args.tools, TOOLS)):
        bad = [x for x in got if x not in known]
        if bad:
            ap.error(f"unknown {kind} {bad}; choose from {', '.join(known)}")
    if "corridor" not in args.tools:
        ap.error("--tools must include corridor (every row is compared with it)")
    if args.smoke:
        args.graphs = SCALING_SMOKE_GRAPHS if args.scaling else SMOKE_GRAPHS
        args.repeats, args.min_time, args.budget = 1, 0.0, 0.0
    out_dir = Path(args.out) if args.out else (None if args.smoke else RESULTS)
    epsilon = SMOKE_EPS if args.smoke else APPROX_EPS

    t_start = time.time()
    load_start = os.getloadavg()
    info_m = machine()
    print(f"# {info_m['cpu']}, {info_m['cores']} cores, {info_m['ram_gib']} GiB, {info_m['os']}; "
          f"load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}", file=sys.stderr)

    jobs, skipped = plan(args)
    graphs: dict[str, dict] = {}
    rows: list[dict] = []
    raw: list[dict] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="corridor-compare-") as tmp:
        for gname in dict.fromkeys(j["graph"] for j in jobs):
            t = time.perf_counter()
            info = load_graph(gname)
            np.savez(Path(tmp) / f"{gname}.npz", n=info["n"], edges=info["edges"], directed=info["directed"])
            graphs[gname] = info
            print(f"# {gname}: n={info['n']:,} m={info['m']:,} directed={info['directed']} "
                  f"({time.perf_counter() - t:.1f} s to load)", file=sys.stderr)

        # a long run checkpoints each worker (and keeps its scores) in --out, so --resume can go on after a crash
        persist = out_dir is not None and not args.smoke
        scores_dir = out_dir / f"{stem}.scores" if persist else Path(tmp)
        partial = out_dir / f"{stem}.partial.jsonl" if persist else None
        done: dict[str, dict] = {}
        if persist:
            scores_dir.mkdir(parents=True, exist_ok=True)
            if args.resume and partial.exists():
                lines_ = partial.read_text().splitlines()
                for line in lines_:
                    rec = json.loads(line)
                    if "error" in rec["out"] and "stopped_at" not in rec["out"]:
                        continue  # failed: run again (a call stopped at --call-timeout is a lower bound: kept)
                    if args.rerun_loaded is not None and rec["out"].get("loadavg_start", 0) > args.rerun_loaded:
                        done.pop(rec["key"], None)  # measured under a burst of others' work: measure again
                        continue
                    done[rec["key"]] = rec["out"]
                print(f"# resuming: {len(done)} of {len(lines_)} checkpointed worker(s) kept", file=sys.stderr)
            else:
                partial.write_text("")
                for f in scores_dir.glob("*.npy"):
                    f.unlink()

        def job_key(job):
            return json.dumps([job["graph"], job["tool"], job["threads"], job["algorithms"], args.repeats,
                               args.min_time, args.budget, epsilon])

        wait_total = [0.0]

        def spec_of(job):
            return dict(job, repeats=args.repeats, min_time=args.min_time, budget=args.budget,
                        graph_file=str(Path(tmp) / f"{job['graph']}.npz"),
                        scores_dir=str(scores_dir), sample=args.smoke and job["tool"] == "networkx",
                        epsilon=epsilon, smoke=args.smoke)

        def spawn(job):
            key = job_key(job)
            if key in done:
                return done[key]
            if args.max_load and not args.smoke:  # a shared machine: let a burst of others' work pass first
                waited = 0.0
                while (os.getloadavg()[0] > args.max_load and waited < args.max_wait
                       and wait_total[0] < args.max_wait_total):
                    time.sleep(15)
                    waited += 15
                    wait_total[0] += 15
                if waited:
                    print(f"# waited {waited:.0f} s for the load average to fall below {args.max_load} "
                          f"(now {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
            o = run_worker(spec_of(job), min(args.timeout, args.call_timeout + 600), args.call_timeout)
            if partial is not None:
                with partial.open("a") as f:
                    f.write(json.dumps({"key": key, "out": {k: v for k, v in o.items() if k != "stderr"}}) + "\n")
            return o

        # networkx rows that would take too long are stated, not run
        todo = []
        for job in jobs:
            info = graphs[job["graph"]]
            keep = []
            for algo in job["algorithms"]:
                limit = None if args.scaling else NX_MAX_EDGES.get(algo)  # --scaling: the call timeout bounds it
                allpairs_max = SCALING_MAX_EDGES.get(algo) if args.scaling else (
                    args.allpairs_max_edges if algo in ALLPAIRS | {"approx_betweenness"} else None)
                if allpairs_max is not None and info["m"] > allpairs_max and not args.smoke:
                    if job["tool"] == "corridor" and job["threads"] == min(thread_counts_of(args)):
                        skipped.append(dict(graph=job["graph"], algorithm=algo, tool="corridor", threads=job["threads"],
                                            note=f"not run (any tool): this run times {algo} on graphs up to "
                                                 f"{allpairs_max:,} edges"))
                elif (job["tool"] == "networkx" and limit is not None and info["m"] > limit
                        and not args.smoke):
                    skipped.append(dict(graph=job["graph"], algorithm=algo, tool="networkx", threads=1,
                                        note=f"n/a (too slow): networkx runs {algo} only up to {limit:,} edges"))
                else:
                    keep.append(algo)
            if keep:
                todo.append(dict(job, algorithms=keep))

        if args.smoke:  # timings do not matter: one process per tool and thread count (all graphs), side by side
            from concurrent.futures import ThreadPoolExecutor

            def timed(batch):
                t = time.perf_counter()
                o = run_worker(dict(threads=batch[0]["threads"], algorithms=[], smoke=True,
                                    batch=[spec_of(j) for j in batch]), args.timeout)
                print(f"# {batch[0]['tool']} x{batch[0]['threads']}: {time.perf_counter() - t:.1f} s"
                      + (f" ERROR {o['error']}" if "error" in o else ""), file=sys.stderr, flush=True)
                return o["batch"] if "batch" in o else [o] * len(batch)

            slow_first = {"networkit": 0, "networkx": 1, "igraph": 2, "corridor": 3}
            todo.sort(key=lambda j: slow_first[j["tool"]])
            batches: dict = {}
            for job in todo:
                batches.setdefault((job["tool"], job["threads"]), []).append(job)
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                done_batches = dict(zip(batches, pool.map(timed, batches.values())))
            outs = [o for key in batches for o in done_batches[key]]
            todo = [job for key in batches for job in batches[key]]
        else:
            outs = []
            for i, job in enumerate(todo, 1):
                t = time.perf_counter()
                o = spawn(job)
                outs.append(o)
                res = o.get("results", [{}])[0]
                print(f"[{i}/{len(todo)}] {job['graph']} {job['algorithms'][0]} {job['tool']} x{job['threads']}: "
                      + (f"median {np.median(res['seconds']):.3f} s, peak {res['peak_rss_mib']:.0f} MiB"
                         if "error" not in o else f"ERROR {o['error']}")
                      + f" (wall {time.perf_counter() - t:.0f} s, load {os.getloadavg()[0]:.2f})",
                      file=sys.stderr, flush=True)

        for job, o in zip(todo, outs):
            raw.append(dict(job=job, **o))
            info = graphs[job["graph"]]
            started = marker(dict(job, scores_dir=scores_dir), job["algorithms"][0], "started")
            if "stopped_at" in o and len(job["algorithms"]) == 1 and started.exists():
                ran = o["stopped_at"] - float(started.read_text())
                if ran >= args.call_timeout:  # the call itself was too slow: a lower bound, not a failure
                    rows.append(dict(graph=job["graph"], algorithm=job["algorithms"][0], tool=job["tool"],
                                     threads=job["threads"], n=info["n"], m=info["m"], directed=info["directed"],
                                     version="", lower_bound_s=ran, agree=None,
                                     note=f"stopped after {ran:.0f} s (one call unfinished)"))
                    continue
            if "error" in o:
                failed = True
                for algo in job["algorithms"]:
                    rows.append(dict(graph=job["graph"], algorithm=algo, tool=job["tool"], threads=job["threads"],
                                     n=info["n"], m=info["m"], note=f"error: {o['error']}", agree=False))
                print(o.get("stderr", o["error"]), file=sys.stderr)
                continue
            for r in o["results"]:
                secs = np.asarray(r["seconds"])
                med = float(np.median(secs))
                rows.append(dict(
                    algorithm=r["algorithm"], graph=job["graph"], n=info["n"], m=info["m"],
                    directed=info["directed"], tool=job["tool"], version=o["version"], threads=job["threads"],
                    runs=len(secs), median_s=med, min_s=float(secs.min()), max_s=float(secs.max()),
                    cpu_s=float(np.median(r["cpu_seconds"])), edges_per_s=info["m"] / med if med > 0 else math.nan,
                    peak_rss_mib=r["peak_rss_mib"], rss_after_load_mib=r["rss_after_load_mib"],
                    load_peak_rss_mib=o["load_peak_rss_mib"], load_s=o["load_s"],
                    iterations=r.get("iterations"), samples=r.get("samples"), corridor_df_s=r.get("df_s"),
                    loadavg_start=o["loadavg_start"], loadavg_end=o["loadavg_end"], scores=r["scores"],
                    sampled=r["sampled"], note="sampled check (not timed)" if r["sampled"] else ""))

        # agreement with corridor at the smallest thread count
        by = {(r["graph"], r["algorithm"], r["tool"], r["threads"]): r for r in rows if "scores" in r}
        for r in rows:
            if "scores" not in r:
                continue
            ref_key = min((k for k in by if k[:3] == (r["graph"], r["algorithm"], "corridor")),
                          key=lambda k: k[3], default=None)
            if ref_key is None:
                r.update(agree=None, criterion="no corridor row")
                continue
            info = graphs[r["graph"]]
            have = np.load(r["scores"])
            want = np.load(by[ref_key]["scores"])
            exact = None
            if r["algorithm"] == "approx_betweenness":
                bkey = min((k for k in by if k[:3] == (r["graph"], "betweenness", "corridor")),
                           key=lambda k: k[3], default=None)
                if bkey is not None:
                    exact = np.load(by[bkey]["scores"])
                else:
                    cr = import_corridor()
                    import pandas as pd

                    e = info["edges"]
                    g = cr.Graph.from_pandas(pd.DataFrame({"s": e[:, 0], "t": e[:, 1]}), "s", "t",
                                             directed=info["directed"], nodes=np.arange(info["n"]))
                    df = g.betweenness(normalized=True)
                    exact = np.empty(info["n"])
                    exact[df["key"].astype(np.int64).to_numpy()] = df["score"].to_numpy()
            if r["sampled"] and r["algorithm"] == "betweenness":
                want = corridor_subset_betweenness(info)
            agree, max_abs, max_rel, crit = compare(r["algorithm"], have, want, info, exact, epsilon)
            r.update(agree=agree, max_abs_diff=max_abs, max_rel_diff=max_rel, criterion=crit)
            if r["tool"] == "corridor" and r["threads"] != ref_key[3] and r["algorithm"] != "approx_betweenness":
                r["note"] = (r["note"] + "; " if r["note"] else "") + (
                    "bitwise equal to 1 thread" if np.array_equal(have, want, equal_nan=True) else
                    "differs from 1 thread in the last bits")
            if agree is False:
                failed = True

    for s in skipped:
        info = graphs.get(s["graph"])
        rows.append(dict(s, n=info["n"] if info else None, m=info["m"] if info else None, agree=None))

    # ratio tool / corridor at the same thread count
    med = {(r["graph"], r["algorithm"], r["tool"], r["threads"]): r["median_s"] for r in rows
           if r.get("median_s") is not None and not r.get("sampled")}
    cpu = {(r["graph"], r["algorithm"], r["tool"], r["threads"]): r["cpu_s"] for r in rows
           if r.get("cpu_s") is not None and not r.get("sampled")}
    for r in rows:
        c = med.get((r["graph"], r["algorithm"], "corridor", r.get("threads")))
        if r.get("lower_bound_s") is not None and c:
            r["ratio_vs_corridor"] = r["lower_bound_s"] / c
            r["ratio_is_lower_bound"] = True
        if r.get("median_s") is not None and c and not r.get("sampled"):
            r["ratio_vs_corridor"] = r["median_s"] / c
            c_cpu = cpu.get((r["graph"], r["algorithm"], "corridor", r.get("threads")))
            if c_cpu:
                r["cpu_ratio_vs_corridor"] = r["cpu_s"] / c_cpu
        if r["tool"] == "corridor" and r.get("threads", 1) > 1:
            c1 = med.get((r["graph"], r["algorithm"], "corridor", 1))
            if c1 and r.get("median_s"):
                r["speedup_vs_1_thread"] = c1 / r["median_s"]

    order = {a: i for i, a in enumerate(ALGORITHMS)}
    rows.sort(key=lambda r: (order[r["algorithm"]], ALL_GRAPHS.index(r["graph"]), TOOLS.index(r["tool"]),
                             r.get("threads") or 0))
    load_end = os.getloadavg()
    meta = dict(machine=info_m, load_start=load_start, load_end=load_end, repeats=args.repeats,
                max_load=args.max_load, resumed=bool(args.resume), budget=args.budget,
                smoke=args.smoke, scaling=args.scaling, wall_s=time.time() - t_start, command=command,
                call_timeout=args.call_timeout,
                graphs={k: {kk: v[kk] for kk in ("n", "m", "directed", "source")} for k, v in graphs.items()})
    md = scaling_markdown(rows, meta) if args.scaling else markdown(rows, meta)
    print(md)
    if out_dir is not None:
        write(out_dir, rows, raw, meta, md, stem)
        if not args.smoke and not args.keep_checkpoint and not any("error" in w for w in raw):  # it has served
            import shutil

            shutil.rmtree(out_dir / f"{stem}.scores", ignore_errors=True)
            (out_dir / f"{stem}.partial.jsonl").unlink(missing_ok=True)
    print(f"# load average at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}; "
          f"{time.time() - t_start:.0f} s", file=sys.stderr)
    bad = [r for r in rows if r.get("agree") is False]
    if bad:
        print("DISAGREEMENT: " + "; ".join(f"{r['algorithm']} {r['graph']} {r['tool']} x{r.get('threads')}: "
                                           f"{r.get('note') or r.get('criterion')} (max |diff| "
                                           f"{r.get('max_abs_diff', math.nan):.3g})" for r in bad), file=sys.stderr)
    return 1 if failed else 0


# ---------------------------------------------------------------------------- output
COLUMNS = ["algorithm", "graph", "n", "m", "directed", "tool", "version", "threads", "runs", "median_s", "min_s",
           "max_s", "cpu_s", "ratio_vs_corridor", "cpu_ratio_vs_corridor", "speedup_vs_1_thread", "edges_per_s",
           "peak_rss_mib", "rss_after_load_mib", "load_peak_rss_mib", "load_s", "agree", "criterion", "max_abs_diff",
           "max_rel_diff", "iterations", "samples", "corridor_df_s", "loadavg_start", "loadavg_end", "lower_bound_s",
           "ratio_is_lower_bound", "note"]


def header_lines(meta: dict) -> list[str]:
    """Machine, versions, load, runs, command and graphs (with their sources)."""
    m = meta["machine"]
    v = m["versions"]
    ls, le = meta["load_start"], meta["load_end"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']} (Linux {m['kernel']}), "
        f"Python {m['python']}; corridor {v['corridor']} ({m['corridor_commit']}), NetworKit {v['networkit']}, "
        f"igraph {v['igraph']}, networkx {v['networkx']}, numpy {v['numpy']}, scipy {v['scipy']}; {m['date']}.",
        f"Load average (1/5/15 min) at start {ls[0]:.2f} / {ls[1]:.2f} / {ls[2]:.2f}, at end "
        f"{le[0]:.2f} / {le[1]:.2f} / {le[2]:.2f}; {meta['repeats']}+ runs per row (fewer for calls over "
        f"{meta['budget'] / max(meta['repeats'], 1):.0f} s: see runs), median reported; "
        f"{meta['wall_s'] / 60:.0f} min in all"
        + (f" (resumed after an interruption)" if meta.get("resumed") else "")
        + (f"; each worker started once the 1-min load average was at most {meta['max_load']} (or after "
           f"15 min)" if meta.get("max_load") else "") + ".",
        "",
    ]
    if meta.get("command"):
        lines += [f"Command: `.venv/bin/python {meta['command'].strip()}`", ""]
    lines += ["| graph | n | m | source |", "|---|---:|---:|---|"]
    lines += [f"| {k} | {g['n']:,} | {g['m']:,} | {g['source']}{', directed' if g['directed'] else ''} |"
              for k, g in meta["graphs"].items()]
    return lines + [""]


def smoke_lines(rows: list[dict]) -> list[str]:
    """--smoke: agreement only; timings from side-by-side workers mean nothing."""
    lines = ["| algorithm | graph | tool | threads | agree | max abs diff | criterion | note |",
             "|---|---|---|---:|---|---:|---|---|"]
    for r in rows:
        agree = {True: "yes", False: "**NO**", None: ""}[r.get("agree")]
        d = r.get("max_abs_diff")
        d = "" if d is None or not np.isfinite(d) else f"{d:.1e}"
        lines.append(f"| {r['algorithm']} | {r['graph']} | {r['tool']} | {r.get('threads', '')} | {agree} | {d} "
                     f"| {r.get('criterion', '')} | {r.get('note', '')} |")
    return lines


def markdown(rows: list[dict], meta: dict) -> str:
    lines = header_lines(meta)
    if meta["smoke"]:
        return "\n".join(lines + smoke_lines(rows)) + "\n"
    targets = target_lines(rows)
    if targets:
        lines += ["Targets (corridor at least `factor` times as fast, same graph, same thread count):", "",
                  "| algorithm | versus | factor | graphs met | worst ratio, wall (CPU) (graph, threads) |",
                  "|---|---|---:|---|---|", *targets, ""]
    lines += [
        "| algorithm | graph | n | m | tool | threads | median s | runs | tool time / corridor time, wall (CPU) "
        "| edges/s | peak RSS MiB (after load) | agree | load |",
        "|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in rows:
        if r.get("median_s") is None or r.get("sampled"):
            note = r.get("note", "")
            agree = {True: "yes", False: "**NO**", None: ""}[r.get("agree")]
            ratio = f"> {r['ratio_vs_corridor']:.2f}" if r.get("ratio_is_lower_bound") else ""
            lines.append(f"| {r['algorithm']} | {r['graph']} | {r['n'] or ''} | {r['m'] or ''} | {r['tool']} "
                         f"| {r.get('threads', '')} | {note} | | {ratio} | | | {agree} | |")
            continue
        if r["tool"] == "corridor":
            ratio = "1"
            if r.get("speedup_vs_1_thread"):
                ratio += f" (x{r['speedup_vs_1_thread']:.2f} vs 1 thread)"
        else:
            ratio = f"{r['ratio_vs_corridor']:.2f}" if r.get("ratio_vs_corridor") else "–"
            if r.get("cpu_ratio_vs_corridor"):
                ratio += f" ({r['cpu_ratio_vs_corridor']:.2f})"
        rss = f"{r['peak_rss_mib']:.0f} ({r['rss_after_load_mib']:.0f})"
        agree = {True: "yes", False: "**NO**", None: "–"}[r.get("agree")]
        if r.get("agree") is not None and r["tool"] != "corridor" or r["algorithm"] == "approx_betweenness":
            agree += f" ({r.get('max_abs_diff', math.nan):.1e})"
        secs = fmt_s(r["median_s"])
        df_s = r.get("corridor_df_s")
        if df_s is not None and np.isfinite(df_s) and df_s > 0.05 * r["median_s"]:
            secs += f" (DataFrame {fmt_s(df_s)})"
        lines.append(f"| {r['algorithm']} | {r['graph']} | {r['n']:,} | {r['m']:,} | {r['tool']} | {r['threads']} "
                     f"| {secs} | {r['runs']} | {ratio} | {fmt_rate(r['edges_per_s'])} | {rss} | {agree} "
                     f"| {r['loadavg_start']:.1f} |")
    lines += ["", "agree: the largest absolute difference from corridor's scores in brackets (approx_betweenness: "
              "the largest error against exact betweenness; epsilon = 0.01). Times are wall-clock seconds of the "
              "call alone (corridor: including the result DataFrame); edges/s = m / median seconds; peak RSS is "
              "the process's VmHWM during the calls, graph and interpreter included, with its RSS after loading "
              "the graph in brackets. corridor's DataFrame share (building type, key, score, rank, sorted) is shown "
              "where it exceeds 5% of the call."]
    return "\n".join(lines) + "\n"


def target_lines(rows: list[dict]) -> list[str]:
    out = []
    for algo, opp, factor in TARGETS:
        cand = [r for r in rows if r["algorithm"] == algo and r["tool"] == opp and r.get("ratio_vs_corridor")]
        if not cand:
            continue
        met = [r for r in cand if r["ratio_vs_corridor"] >= factor]
        worst = min(cand, key=lambda r: r["ratio_vs_corridor"])
        cpu = worst.get("cpu_ratio_vs_corridor")
        bound = "> " if worst.get("ratio_is_lower_bound") else ""
        out.append(f"| {algo} | {opp} | {factor} | {len(met)} of {len(cand)} | {bound}{worst['ratio_vs_corridor']:.2f} "
                   + (f"({cpu:.2f}) " if cpu else "") + f"({worst['graph']}, {worst['threads']}) |")
    return out


def write(out: Path, rows: list[dict], raw: list[dict], meta: dict, md: str, stem: str = "compare") -> None:
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame(rows)
    for c in COLUMNS:
        if c not in df:
            df[c] = None
    df[COLUMNS].to_csv(out / f"{stem}.csv", index=False)
    (out / f"{stem}.md").write_text(md)
    (out / f"{stem}.json").write_text(json.dumps({"meta": meta, "rows": [
        {k: v for k, v in r.items() if k != "scores"} for r in rows],
        "workers": [{k: v for k, v in w.items() if k != "stderr"} for w in raw]}, indent=1, default=str))
    (plot_scaling if stem == "scaling" else plot)(df, out / f"{stem}.png", meta)


def plot(df, path: Path, meta: dict) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    d = df[df["ratio_vs_corridor"].notna() & (df["tool"] != "corridor")].copy()
    if d.empty:
        return
    d["who"] = d["tool"] + " x" + d["threads"].astype(int).astype(str)
    algos = [a for a in ALGORITHMS if a in set(d["algorithm"])]
    who = sorted(set(d["who"]), key=lambda w: (TOOLS.index(w.split(" ")[0]), w))
    colors = dict(zip(who, plt.cm.tab10.colors))
    cols = 2
    rows_ = math.ceil(len(algos) / cols)
    fig, axes = plt.subplots(rows_, cols, figsize=(14, 3.6 * rows_), squeeze=False)
    for ax, algo in zip(axes.ravel(), algos):
        a = d[d["algorithm"] == algo]
        graphs = [g for g in ALL_GRAPHS if g in set(a["graph"])]
        width = 0.8 / max(len(who), 1)
        for i, w in enumerate(who):
            s = a[a["who"] == w].set_index("graph")["ratio_vs_corridor"]
            x = [j + i * width for j, g in enumerate(graphs) if g in s.index]
            ax.bar(x, [s[g] for g in graphs if g in s.index], width, color=colors[w], label=w)
        ax.set_xticks([j + 0.4 - width / 2 for j in range(len(graphs))], graphs, rotation=20, fontsize=8)
        ax.set_yscale("log")
        ax.axhline(1, color="black", lw=0.8)
        ax.set_title(algo)
        ax.set_ylabel("tool time / corridor time")
    for ax in axes.ravel()[len(algos):]:
        ax.axis("off")
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[w]) for w in who]
    fig.legend(handles, who, loc="upper center", ncol=len(who), frameon=False)
    m = meta["machine"]
    fig.suptitle(f"corridor vs NetworKit, igraph, networkx (same thread count; > 1: corridor faster) — "
                 f"{m['cpu']}, {m['cores']} cores", y=0.995, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------- --scaling output
def series(rows: list[dict]) -> dict:
    """(algorithm, tool, threads) -> [(m, n, seconds, is lower bound, graph)], by m; the timed rows only."""
    out: dict = {}
    for r in rows:
        secs = r.get("lower_bound_s") if r.get("lower_bound_s") is not None else (
            None if r.get("sampled") else r.get("median_s"))
        if secs is None or r.get("m") is None:
            continue
        out.setdefault((r["algorithm"], r["tool"], int(r["threads"])), []).append(
            (int(r["m"]), int(r["n"]), float(secs), r.get("lower_bound_s") is not None, r["graph"]))
    return {k: sorted(v) for k, v in out.items()}


def scaling_markdown(rows: list[dict], meta: dict) -> str:
    return "\n".join(header_lines(meta) + scaling_table(rows, meta)) + "\n"


def scaling_table(rows: list[dict], meta: dict) -> list[str]:
    """Seconds per algorithm, tool and thread count (rows) against graph size (columns)."""
    if meta["smoke"]:
        return smoke_lines(rows)
    graphs = sorted(meta["graphs"], key=lambda g: meta["graphs"][g]["m"])
    lines = [f"Median seconds per call against the graph's size (R-MAT growing about 10x a step). `> x`: "
              f"stopped after x s (--call-timeout {meta.get('call_timeout', 0):.0f}), a lower bound. Slope: "
              "log(t2 / t1) / log(m2 / m1) between the two largest sizes measured (1: linear in m; the "
              "reference is the algorithm's complexity, O(nm) = slope about 2 at a fixed edge factor).", "",
              "| algorithm | complexity | tool | threads | " + " | ".join(graphs) + " | slope | agree |",
              "|---|---|---|---:|" + "---:|" * len(graphs) + "---:|---|"]
    agree = {}
    for r in rows:
        key = (r["algorithm"], r["tool"], r.get("threads"))
        if r.get("agree") is not None:
            agree[key] = agree.get(key, True) and bool(r["agree"])
    for (algo, tool, threads), pts in sorted(series(rows).items(), key=lambda kv: (
            ALGORITHMS.index(kv[0][0]), TOOLS.index(kv[0][1]), kv[0][2])):
        by = {g: (s, lb) for _, _, s, lb, g in pts}
        cells = [("> " if by[g][1] else "") + fmt_s(by[g][0]) if g in by else "" for g in graphs]
        exact = [p for p in pts if not p[3]]
        slope = ""
        if len(exact) >= 2 and exact[-1][2] > 0 and exact[-2][2] > 0:
            slope = f"{math.log(exact[-1][2] / exact[-2][2]) / math.log(exact[-1][0] / exact[-2][0]):.2f}"
        a = agree.get((algo, tool, threads))
        lines.append(f"| {algo} | {COMPLEXITY[algo][0]} | {tool} | {threads} | " + " | ".join(cells)
                     + f" | {slope} | {'' if a is None else 'yes' if a else '**NO**'} |")
    notes = sorted({r["note"] for r in rows if r.get("median_s") is None and r.get("note")
                    and r.get("lower_bound_s") is None})
    if notes:
        lines += ["", "Not measured: " + "; ".join(notes) + "."]
    return lines


def plot_scaling(df, path: Path, meta: dict) -> None:
    """Seconds against edges, log-log, one panel per algorithm, one line per
    tool and thread count (hollow markers: lower bounds), with the
    algorithm's complexity as a dashed reference through corridor's largest
    measured point."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ser = series(df.replace({np.nan: None}).to_dict("records"))
    algos = [a for a in ALGORITHMS if any(k[0] == a for k in ser)]
    if not algos:
        return
    cols = min(len(algos), 3)
    nrows = math.ceil(len(algos) / cols)
    fig, axes = plt.subplots(nrows, cols, figsize=(5.2 * cols, 4.2 * nrows), squeeze=False)
    who = sorted({(t, th) for _, t, th in ser}, key=lambda w: (TOOLS.index(w[0]), w[1]))
    colors = dict(zip(who, plt.cm.tab10.colors))
    for ax, algo in zip(axes.ravel(), algos):
        for w in who:
            pts = ser.get((algo, *w))
            if not pts:
                continue
            exact = [p for p in pts if not p[3]]
            ax.plot([p[0] for p in exact], [p[2] for p in exact], "o-", color=colors[w], lw=1.2, ms=5)
            for p in pts:
                if p[3]:  # a lower bound: dotted from the last point below it
                    prev = [q for q in exact if q[0] < p[0]][-1:]
                    ax.plot([q[0] for q in prev] + [p[0]], [q[2] for q in prev] + [p[2]], ":", color=colors[w],
                            lw=1.2)
                    ax.plot(p[0], p[2], "^", color=colors[w], mfc="none", ms=9, mew=1.5)
        ref = max((ser.get((algo, "corridor", th)) or [] for th in sorted({k[2] for k in ser})),
                  key=len, default=[])
        ref = [p for p in ref if not p[3]]
        if ref:
            label, cost = COMPLEXITY[algo]
            m0, n0, t0 = ref[-1][:3]
            xs = sorted({(p[0], p[1]) for pts in (ser.get((algo, *w)) or [] for w in who) for p in pts})
            ax.plot([x[0] for x in xs], [t0 * cost(x[1], x[0]) / cost(n0, m0) for x in xs], "--", color="grey",
                    lw=1, label=label)
            ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("edges (m)")
        ax.set_ylabel("seconds per call")
        ax.set_title(algo)
        ax.grid(True, which="major", alpha=0.3)
    for ax in axes.ravel()[len(algos):]:
        ax.axis("off")
    handles = [plt.Line2D([], [], color=colors[w], marker="o") for w in who]
    fig.legend(handles, [f"{t} x{th}" for t, th in who], loc="upper center", ncol=len(who), frameon=False,
               bbox_to_anchor=(0.5, 0.965))
    m = meta["machine"]
    fig.suptitle(f"Seconds against edges, R-MAT (hollow triangles: stopped, a lower bound) — {m['cpu']}, "
                 f"{m['cores']} cores", y=0.995, fontsize=10)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / fig.get_figheight()))
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------------------- README
# The centrality table of README.md, regenerated by --update-readme: these (algorithm, graph) rows, the ones
# measured; the graph's size is given at its first appearance.
README_ROWS = [("pagerank", "wiki-Vote"), ("pagerank", "rmat-1M"), ("pagerank", "smuggling-1M"),
               ("betweenness", "ca-GrQc"), ("betweenness", "PGPgiantcompo"), ("betweenness", "wiki-Vote"),
               ("betweenness", "lfr-10k"), ("betweenness", "smuggling-10k"),
               ("closeness", "wiki-Vote"), ("harmonic", "wiki-Vote"),
               ("core_number", "wiki-Vote"), ("core_number", "rmat-1M"), ("core_number", "ba-100k"),
               ("core_number", "smuggling-1M"),
               ("eigenvector", "rmat-1M"), ("katz", "wiki-Vote")]
README_TOOLS = {"corridor": "corridor", "networkit": "NetworKit", "igraph": "igraph", "networkx": "networkx"}


def fmt_ratio(x: float) -> str:
    return f"{x:.1f}×" if x < 10 else f"{x:,.0f}×"


def readme_table(rows: list[dict], meta: dict) -> list[str]:
    """One line per README_ROWS entry that was measured: seconds per tool and
    thread count, tool time / corridor time in brackets."""
    threads = sorted({int(r["threads"]) for r in rows if r["tool"] in PARALLEL_TOOLS and r.get("threads")})
    by: dict = {}
    for r in rows:
        by.setdefault((r["algorithm"], r["graph"], r["tool"]), {})[r.get("threads")] = r

    def cell(r: dict | None, ratio: bool) -> str:
        if r is None:
            return "–"
        if r.get("lower_bound_s") is not None:
            return f"> {fmt_s(r['lower_bound_s'])}" + (
                f" (> {fmt_ratio(r['ratio_vs_corridor'])})" if r.get("ratio_vs_corridor") else "")
        if r.get("median_s") is None or r.get("sampled"):
            return "too slow" if "too slow" in (r.get("note") or "") else "–"
        text = fmt_s(r["median_s"])
        return text + (f" ({fmt_ratio(r['ratio_vs_corridor'])})" if ratio and r.get("ratio_vs_corridor") else "")

    head = " / ".join(str(t) for t in threads)
    lines = [f"| measure | graph | corridor {head} threads | NetworKit {head} threads | igraph | networkx |",
             "|---|---|---:|---:|---:|---:|"]
    seen = set()
    for algo, graph in README_ROWS:
        cor = by.get((algo, graph, "corridor"), {})
        if not any(r.get("median_s") is not None for r in cor.values()):
            continue
        g = meta["graphs"][graph]
        label = graph if graph in seen else f"{graph} ({g['m'] / 1e6:.1f}M edges)" if g["m"] >= 1e6 else \
            f"{graph} ({g['m'] / 1e3:.0f}k edges)"
        seen.add(graph)
        cols = [" / ".join(cell(by.get((algo, graph, tool), {}).get(t), tool != "corridor") for t in threads)
                for tool in ("corridor", "networkit")]
        cols += [cell(by.get((algo, graph, tool), {}).get(1), True) for tool in ("igraph", "networkx")]
        lines.append(f"| {algo} | {label} | " + " | ".join(cols) + " |")
    return lines


def reproduce(command: str) -> str:
    """The command of a run without the options that only resumed it."""
    words, out = command.split(), []
    skip = 0
    for w in words:
        if skip:
            skip -= 1
        elif w == "--resume" or w == "--keep-checkpoint":
            pass
        elif w == "--rerun-loaded":
            skip = 1
        elif not w.startswith("--rerun-loaded="):
            out.append(w)
    return " ".join(out)


def readme_block(kind: str, docs: dict[str, dict]) -> str:
    """The Markdown between the README's bench:<kind> markers, from one or
    more result files (file name -> its JSON, oldest run first): rows pooled
    by (algorithm, graph), a later run's rows replacing an earlier one's, and
    a line per file saying when it ran, how, and what it contributed."""
    pooled: dict[tuple, list[dict]] = {}
    source: dict[tuple, str] = {}
    graphs: dict = {}
    for name, doc in docs.items():
        for r in doc["rows"]:
            key = (r["algorithm"], r["graph"])
            if source.get(key) != name:
                pooled[key], source[key] = [], name
            pooled[key].append(r)
        graphs.update(doc["meta"]["graphs"])
    text = []
    for name, doc in docs.items():
        meta = doc["meta"]
        m = meta["machine"]
        ls = meta["load_start"]
        mine: dict[str, list[str]] = {}
        for (a, g), src in sorted(source.items()):
            if src == name:
                mine.setdefault(a, []).append(g)
        if not mine:
            continue
        rows_of = "the other rows" if not text else "rows " + "; ".join(f"{a} on {', '.join(gs)}" for a, gs in mine.items())
        text += [f"Generated by `bench/compare.py --update-readme` from `bench/results/{name}`: measured "
                 f"{m['date']} on {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}, corridor "
                 f"{m['corridor_commit']}; load average {ls[0]:.2f} at the start"
                 + (f"; {rows_of}" if len(docs) > 1 else "") + ".",
                 (f"Reproduce: `.venv/bin/python {reproduce(meta['command'])}`" +
                  (" (measured in several sittings with `--resume`, each row at its own load: see the JSON)."
                   if meta.get("resumed") else ".") if meta.get("command") else
                  "(The command was not recorded in these results.)"), ""]
    rows = [r for rs in pooled.values() for r in rs]
    if kind == "compare":
        text += readme_table(rows, {"graphs": graphs})
    else:
        text += scaling_table(rows, next(iter(docs.values()))["meta"])
        text += ["", "![seconds against edges](bench/results/scaling.png)"]
    return "\n".join(text).rstrip() + "\n"


def update_readme(readme: Path, results: Path) -> int:
    """Replaces the text between <!-- bench:KIND:start --> and <!-- bench:KIND:end -->
    with the tables generated from results/KIND.json (and, for compare, the
    compare-NAME.json of runs made with --name), KIND compare or scaling."""
    text = readme.read_text()
    done = []
    for kind in ("compare", "scaling"):
        start, end = f"<!-- bench:{kind}:start -->", f"<!-- bench:{kind}:end -->"
        if start not in text:
            continue
        src = results / f"{kind}.json"
        if not src.exists():
            print(f"# {readme.name}: {start} left as it is: no {src}", file=sys.stderr)
            continue
        extra = sorted(results.glob(f"{kind}-*.json")) if kind == "compare" else []  # runs made with --name
        docs = {p.name: json.loads(p.read_text()) for p in [src, *extra]}
        # oldest first, so that the newest measurement of an (algorithm, graph) is the one shown
        docs = dict(sorted(docs.items(), key=lambda item: item[1]["meta"]["machine"].get("date", "")))
        i, j = text.index(start) + len(start), text.index(end)
        text = text[:i] + "\n" + readme_block(kind, docs) + text[j:]
        done.append(kind)
    if not done:
        print(f"# {readme}: no bench markers with results to fill", file=sys.stderr)
        return 1
    readme.write_text(text)
    print(f"# {readme}: regenerated {', '.join(done)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
