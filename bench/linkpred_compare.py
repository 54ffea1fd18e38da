"""The k best link candidates of every node: corridor beside NetworKit and
networkx, over the same candidate set, same machine, same thread count.

    .venv/bin/python bench/linkpred_compare.py                 # every graph, 3 runs each (about an hour)
    .venv/bin/python bench/linkpred_compare.py --smoke         # CI: ca-GrQc, every index, agreement only
    .venv/bin/python bench/linkpred_compare.py --graphs ca-HepPh,ba-1M --tools corridor,networkit --out /tmp/lp

The task: for every node u, its k (default 100) best candidates v under a
local index (default Adamic-Adar; --methods for others), the candidates being
the pairs at distance exactly 2 — every pair the index scores above 0.
  corridor   g.predict_links(method, per_entity=k, threads=t): the kernel
             (engine/linkpred/top_links_per_vertex) and the DataFrame
             (type_a, key_a, type_b, key_b, score, rank) — timed together, the
             kernel alone reported as corridor_kernel_s.
  NetworKit  MissingLinksFinder(G).findAtDistance(2) (the same candidate
             set, each unordered pair once, sorted; NetworKit 11's Python
             module has no getDistance2Pairs, which is the same set in C++),
             Index(G).runOn(pairs)
             in chunks of 2^20 pairs (each chunk's result turned into numpy
             arrays before the next, so the Python objects of all 26M scored pairs
             never coexist), then the k best per node by a numpy sort of both
             directions (u, v) and (v, u). All three steps are timed; the
             table splits them (nk_pairs_s, nk_score_s, nk_select_s).
  networkx   the same candidate set enumerated in Python (for u, for z in
             G[u], for v in G[z]: v > u, not adjacent), nx.adamic_adar_index
             (jaccard_coefficient, resource_allocation_index,
             len(common_neighbors)) over it, then the k best per node by
             heapq.nsmallest on (-score, v). Only on graphs with at most
             --nx-max-pairs candidate pairs (default 4M; a 26M-pair graph
             would take many minutes); above, its row says "n/a (too slow)".

Graphs: the mid-size real graphs in bench/data (read as bench/compare.py
reads them: simple, undirected) and "ba-1M", a Barabasi-Albert graph of
500,000 nodes and m = 2 (Batagelj-Brandes' linear-time generator, seed
20240601, duplicate edges dropped: 999,936 edges), 26.3M candidate pairs.
Why not compare.py's R-MAT: its hubs (max degree ~10,000 among 48k nodes)
give 1.44e9 ordered wedges, so distance-2 pairs by the hundred million (of
at most 1.1e9 pairs in all; scipy's A^2 did not finish counting them in 3
minutes), which NetworKit hands to Python as a list of tuples (over 100
bytes each): tens of GB. The BA graph keeps NetworKit's pair list affordable (about 3 GB of
Python objects) while having a power-law degree distribution.

Each (graph, tool, threads) runs in a fresh process (this script with
--worker): it loads the graph (not timed), resets the peak-RSS counter
(/proc/self/clear_refs), then times --repeats calls and reports the median
seconds, CPU seconds and the peak RSS (VmHWM) during the calls, the whole
process included. Threads: corridor and NetworKit at 1 and 2 (--threads),
networkx at 1. The ratio is tool time / corridor time at the same thread
count (> 1: corridor is faster).

Agreement (a disagreement makes the script exit 1), per node against
corridor at 1 thread: the same number of candidates; the score sequences
equal to rel 1e-9 (the same top-k modulo ties); every (u, v) the tool returns
carries corridor's own score for that pair (score_links) to rel 1e-9. The
share of rows with exactly corridor's (u, v) at the same position is
reported (below 1 only where ties at the k-th score are cut differently or
the last bit of a sum differs). corridor at 2 threads must equal 1 thread
bit for bit.

Writes linkpred_compare.csv and .md to --out (default bench/results);
--smoke writes nothing unless --out is given.
"""

from __future__ import annotations

import argparse
import gc
import heapq
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare import (DATA, REAL, RESULTS, import_corridor, machine, read_edgelist, read_metis,  # noqa: E402
                     reset_peak, simple, spawn_worker, status_kib)

BA = {"ba-1M": dict(n=500_000, m=2, seed=20240601), "ba-100k": dict(n=50_000, m=2, seed=20240601)}
GRAPHS = ["ca-GrQc", "PGPgiantcompo", "ca-HepPh", "astro-ph", "wiki-Vote", "MIT8", "ba-1M"]
TOOLS = ["corridor", "networkit", "networkx"]
METHODS = ["common_neighbors", "jaccard", "adamic_adar", "resource_allocation"]
NK_CLASS = {"common_neighbors": "CommonNeighborsIndex", "jaccard": "JaccardIndex",
            "adamic_adar": "AdamicAdarIndex", "resource_allocation": "ResourceAllocationIndex"}
NK_CHUNK = 1 << 20
SMOKE_GRAPH, SMOKE_K = "ca-GrQc", 10
REL = 1e-9


# ---------------------------------------------------------------------------- graphs
def barabasi_albert(n: int, m: int, seed: int) -> np.ndarray:
    """Batagelj & Brandes (2005): node v >= m attaches to m endpoints drawn
    uniformly from the arc list written so far (preferential attachment);
    node 0 starts it. Duplicates and self-loops are dropped later (simple)."""
    rng = np.random.default_rng(seed)
    r = rng.random(n * m).tolist()
    arcs = [0] * (2 * n * m)
    k = 0
    for v in range(m, n):
        for _ in range(m):
            arcs[2 * k] = v
            arcs[2 * k + 1] = arcs[int(r[k] * 2 * k)] if k else 0
            k += 1
    return np.asarray(arcs[:2 * k], dtype=np.int64).reshape(-1, 2)


def load_graph(name: str) -> tuple[int, np.ndarray, str]:
    """(n, edges as (lo, hi) rows, description); BA graphs cached in the temp folder."""
    if name in BA:
        p = BA[name]
        cache = Path(tempfile.gettempdir()) / f"corridor-bench-ba-{p['n']}-{p['m']}-{p['seed']}.npy"
        if cache.exists():
            edges = np.load(cache)
        else:
            edges = simple(p["n"], barabasi_albert(**p), False)
            np.save(cache, edges)
        return p["n"], edges, f"Barabasi-Albert n={p['n']:,} m={p['m']} seed {p['seed']} (Batagelj-Brandes)"
    rel = REAL[name][0]
    path = DATA / rel
    n, edges = read_metis(path) if path.name.endswith(".graph.gz") else read_edgelist(path)
    return n, simple(n, edges, False), f"bench/data/{rel}, undirected"


def candidate_count(n: int, edges: np.ndarray) -> int:
    """Unordered pairs at distance exactly 2 (scipy: nonzeros of A^2 off A and the diagonal)."""
    import scipy.sparse as sp

    a = sp.csr_matrix((np.ones(2 * len(edges)), (np.r_[edges[:, 0], edges[:, 1]], np.r_[edges[:, 1], edges[:, 0]])),
                      shape=(n, n))
    a2 = (a @ a).tocsr()
    a2.setdiag(0)
    a2.eliminate_zeros()
    return int((a2.nnz - a2.multiply(a).nnz) // 2)


# ---------------------------------------------------------------------------- tools
def best_per_node(u: np.ndarray, v: np.ndarray, s: np.ndarray, k: int):
    """Rows sorted by (u, score desc, v), the first k of each u kept."""
    order = np.lexsort((v, -s, u))
    u, v, s = u[order], v[order], s[order]
    start = np.r_[0, np.flatnonzero(u[1:] != u[:-1]) + 1] if len(u) else np.zeros(0, dtype=np.int64)
    first = np.repeat(start, np.diff(np.r_[start, len(u)]))
    keep = np.arange(len(u)) - first < k
    return u[keep], v[keep], s[keep]


class Corridor:
    name = "corridor"

    def build(self, n, edges, threads):
        import pandas as pd

        cr = import_corridor()
        self.version = getattr(cr, "__version__", "?")
        self.g = cr.Graph.from_pandas(pd.DataFrame({"s": edges[:, 0], "t": edges[:, 1]}), "s", "t",
                                      nodes=np.arange(n))
        self.threads = threads

    def call(self, method, k):
        t = time.perf_counter()
        self.g._core.top_links_per_vertex(method, False, k, np.zeros(0, dtype=np.uint32), self.threads)
        kernel = time.perf_counter() - t
        df = self.g.predict_links(method, per_entity=k, threads=self.threads)
        u = df["key_a"].to_numpy(dtype=np.int64)
        v = df["key_b"].to_numpy(dtype=np.int64)
        return (u, v, df["score"].to_numpy()), {"corridor_kernel_s": kernel}

    def timed(self, method, k):
        """The user's call alone (predict_links); the kernel-only time from call()."""
        return self.g.predict_links(method, per_entity=k, threads=self.threads)


class NetworKit:
    name = "networkit"

    def build(self, n, edges, threads):
        import networkit as nk

        self.nk, self.version = nk, nk.__version__
        nk.engineering.setNumberOfThreads(threads)
        self.G = nk.Graph(n)
        for a, b in edges.tolist():
            self.G.addEdge(a, b)
        self.G.indexEdges()

    def call(self, method, k):
        lp = self.nk.linkprediction
        t0 = time.perf_counter()
        pairs = lp.MissingLinksFinder(self.G).findAtDistance(2)
        t1 = time.perf_counter()
        index = getattr(lp, NK_CLASS[method])(self.G)
        us, vs, ss = [], [], []
        for i in range(0, len(pairs), NK_CHUNK):
            res = index.runOn(pairs[i:i + NK_CHUNK])
            uv = np.array([p for p, _ in res], dtype=np.int64).reshape(-1, 2)
            us.append(uv[:, 0])
            vs.append(uv[:, 1])
            ss.append(np.fromiter((x for _, x in res), dtype=float, count=len(res)))
            del res
        del pairs
        t2 = time.perf_counter()
        u, v, s = (np.concatenate(x) if x else np.zeros(0, dtype=d) for x, d in
                   ((us, np.int64), (vs, np.int64), (ss, float)))
        out = best_per_node(np.r_[u, v], np.r_[v, u], np.r_[s, s], k)
        t3 = time.perf_counter()
        return out, {"nk_pairs_s": t1 - t0, "nk_score_s": t2 - t1, "nk_select_s": t3 - t2}


class NetworkX:
    name = "networkx"

    def build(self, n, edges, threads):
        import networkx as nx

        self.nx, self.version = nx, nx.__version__
        self.G = nx.Graph()
        self.G.add_nodes_from(range(n))
        self.G.add_edges_from(edges.tolist())

    def call(self, method, k):
        nx, G = self.nx, self.G
        t0 = time.perf_counter()
        pairs = []
        for u in G:
            nu = G[u]
            seen = set()
            for z in nu:
                for v in G[z]:
                    if v > u and v not in nu and v not in seen:
                        seen.add(v)
                        pairs.append((u, v))
        t1 = time.perf_counter()
        if method == "common_neighbors":
            scored = ((u, v, len(nx.common_neighbors(G, u, v))) for u, v in pairs)
        else:
            fn = {"jaccard": nx.jaccard_coefficient, "adamic_adar": nx.adamic_adar_index,
                  "resource_allocation": nx.resource_allocation_index}[method]
            scored = fn(G, pairs)
        per: dict[int, list] = {}
        for u, v, s in scored:
            per.setdefault(u, []).append((-s, v))
            per.setdefault(v, []).append((-s, u))
        t2 = time.perf_counter()
        rows = [(u, v, -ns) for u in sorted(per) for ns, v in heapq.nsmallest(k, per[u])]
        t3 = time.perf_counter()
        out = tuple(np.asarray(c, dtype=d) for c, d in zip(zip(*rows), (np.int64, np.int64, float))) if rows else (
            np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
        return out, {"nx_pairs_s": t1 - t0, "nx_score_s": t2 - t1, "nx_select_s": t3 - t2}


TOOL_CLASSES = {"corridor": Corridor, "networkit": NetworKit, "networkx": NetworkX}


# ---------------------------------------------------------------------------- worker
def worker(spec: dict) -> dict:
    """One tool at one thread count on one graph: load (untimed), then per
    method `repeats` timed calls; the last call's answer saved for the parent."""
    n, edges, _ = load_graph(spec["graph"])
    tool = TOOL_CLASSES[spec["tool"]]()
    t = time.perf_counter()
    tool.build(n, edges, spec["threads"])
    out = {"tool": spec["tool"], "version": tool.version, "threads": spec["threads"],
           "load_s": time.perf_counter() - t, "loadavg_start": os.getloadavg()[0], "results": []}
    for method in spec["methods"]:
        gc.collect()
        peak_reset = reset_peak()
        rss_loaded = status_kib("VmRSS") / 1024
        secs, cpu, parts = [], [], []
        corridor = spec["tool"] == "corridor"
        for _ in range(spec["repeats"]):
            res = None
            gc.collect()
            c0, t0 = time.process_time(), time.perf_counter()
            res = tool.timed(method, spec["k"]) if corridor else tool.call(method, spec["k"])
            secs.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            if not corridor:
                answer, extra = res
                parts.append(extra)
        peak = status_kib("VmHWM") / 1024
        res = None
        if corridor:  # the kernel alone, and the answer, outside the timed calls
            for _ in range(spec["repeats"]):
                answer, extra = tool.call(method, spec["k"])
                parts.append(extra)
        path = Path(spec["answers_dir"]) / f"{spec['graph']}.{method}.{spec['tool']}.{spec['threads']}.npz"
        np.savez(path, u=answer[0], v=answer[1], s=answer[2])
        out["results"].append({
            "method": method, "seconds": secs, "cpu_seconds": cpu, "rss_after_load_mib": rss_loaded,
            "peak_rss_mib": peak if peak_reset else float("nan"), "answer": str(path),
            **{key: float(np.median([p[key] for p in parts])) for key in (parts[0] if parts else {})},
        })
    out["loadavg_end"] = os.getloadavg()[0]
    return out


def run_worker(spec: dict, timeout: float) -> dict:
    return spawn_worker(Path(__file__), spec, timeout)


# ---------------------------------------------------------------------------- agreement
def load_answer(path: str) -> dict:
    """A tool's rows in node ids, sorted by (u, score desc, v)."""
    with np.load(path) as z:
        u, v, s = z["u"], z["v"], z["s"]
    order = np.lexsort((v, -s, u))
    return {"u": u[order], "v": v[order], "s": s[order]}


def agree(ref: dict, got: dict, ref_scores_of) -> tuple[bool, float, str]:
    """(ok, share of rows identical in position, reason) of `got` against corridor's `ref`."""
    if len(ref["u"]) != len(got["u"]):
        return False, 0.0, f"{len(got['u'])} rows, corridor {len(ref['u'])}"
    if not np.array_equal(ref["u"], got["u"]):
        return False, 0.0, "candidates per node differ in number"
    if not np.allclose(got["s"], ref["s"], rtol=REL, atol=0):
        i = int(np.flatnonzero(~np.isclose(got["s"], ref["s"], rtol=REL, atol=0))[0])
        return False, 0.0, f"node {ref['u'][i]}: score {got['s'][i]!r} vs corridor {ref['s'][i]!r} at its rank"
    own = ref_scores_of(got["u"], got["v"])
    if not np.allclose(got["s"], own, rtol=REL, atol=0):
        i = int(np.flatnonzero(~np.isclose(got["s"], own, rtol=REL, atol=0))[0])
        return False, 0.0, f"pair ({got['u'][i]}, {got['v'][i]}): {got['s'][i]!r}, corridor scores it {own[i]!r}"
    same = float(np.mean(got["v"] == ref["v"])) if len(ref["v"]) else 1.0
    return True, same, ""


# ---------------------------------------------------------------------------- main
def fmt_s(x) -> str:
    if x is None or x != x:
        return "n/a"
    return f"{x:.3g}" if x < 100 else f"{x:.0f}"


def markdown(rows: list[dict], meta: dict) -> str:
    lines = [f"Top-{meta['k']} link candidates per node (distance-2 pairs), corridor vs NetworKit vs networkx.",
             "", f"Machine: {meta['machine'].get('cpu', '?')}, {meta['machine'].get('cores', '?')} cores; "
             f"corridor {meta['machine'].get('corridor_commit', '?')}; {meta['machine'].get('date', '')}.", "",
             "| graph | n | m | candidate pairs | method | tool | threads | median s | ratio | peak RSS MiB | "
             "agrees | same order | detail |",
             "|---|---:|---:|---:|---|---|---:|---:|---:|---:|---|---:|---|"]
    for r in rows:
        detail = ", ".join(f"{k} {fmt_s(r[k])}" for k in ("corridor_kernel_s", "nk_pairs_s", "nk_score_s",
                                                         "nk_select_s", "nx_pairs_s", "nx_score_s", "nx_select_s")
                           if r.get(k) == r.get(k) and r.get(k) is not None)
        lines.append(f"| {r['graph']} | {r['n']:,} | {r['m']:,} | {r['candidates']:,} | {r['method']} | {r['tool']} "
                     f"| {r['threads']} | {fmt_s(r['median_s'])} | {fmt_s(r['ratio'])} | {fmt_s(r['peak_rss_mib'])} "
                     f"| {r['agrees']} | {fmt_s(r['same_order'])} | {detail or r.get('note', '')} |")
    lines += ["", "ratio = tool median / corridor median at the same thread count (> 1: corridor faster). "
              "corridor's time is `g.predict_links(method, per_entity=k)` (kernel plus DataFrame); "
              "corridor_kernel_s the kernel alone. NetworKit: MissingLinksFinder.findAtDistance(2) + Index.runOn + numpy top-k per "
              "node; networkx: Python enumeration of the same pairs + its index function + heapq top-k. "
              "Peak RSS: the process's VmHWM during the calls (graph and interpreter included)."]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs", default=",".join(GRAPHS), help=f"comma-separated, of {', '.join([*REAL, *BA])}")
    ap.add_argument("--methods", default="adamic_adar", help=f"comma-separated, of {', '.join(METHODS)}")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--threads", default="1,2", help="thread counts for corridor and NetworKit")
    ap.add_argument("--k", type=int, default=100, help="candidates per node")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--nx-max-pairs", type=float, default=4e6, help="networkx only up to this many candidate pairs")
    ap.add_argument("--timeout", type=float, default=3600.0, help="seconds per worker")
    ap.add_argument("--smoke", action="store_true",
                    help=f"{SMOKE_GRAPH}, k={SMOKE_K}, every index, 1 run, agreement only")
    ap.add_argument("--out", default=None, help="directory for linkpred_compare.{csv,md}; default bench/results "
                    "(--smoke: nothing written unless given)")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0

    import pandas as pd

    if args.smoke:
        args.graphs, args.methods, args.k, args.repeats = SMOKE_GRAPH, ",".join(METHODS), SMOKE_K, 1
    tools = [t for t in args.tools.split(",") if t]
    if "networkit" in tools:
        try:
            import networkit  # noqa: F401
        except ImportError:
            print("networkit is not importable: its rows are skipped", file=sys.stderr)
            tools.remove("networkit")
    methods = args.methods.split(",")
    for m in methods:
        if m not in METHODS:
            raise SystemExit(f"--methods: {m!r} is not one of {', '.join(METHODS)}")
    threads = [int(t) for t in args.threads.split(",")]
    cr = import_corridor()
    rows, ok = [], True
    with tempfile.TemporaryDirectory(prefix="linkpred-compare-") as tmp:
        for graph in args.graphs.split(","):
            n, edges, source = load_graph(graph)
            cand = candidate_count(n, edges)
            g = cr.Graph.from_pandas(pd.DataFrame({"s": edges[:, 0], "t": edges[:, 1]}), "s", "t",
                                     nodes=np.arange(n))
            print(f"{graph}: n={n:,} m={len(edges):,}, {cand:,} candidate pairs ({source})", file=sys.stderr)
            jobs = [(t, th) for t in tools for th in (threads if t != "networkx" else [1])]
            results = {}
            for tool, th in jobs:
                if tool == "networkx" and cand > args.nx_max_pairs:
                    results[(tool, th)] = {"error": "n/a (too slow)"}
                    continue
                spec = dict(graph=graph, tool=tool, threads=th, methods=methods, k=args.k, repeats=args.repeats,
                            answers_dir=tmp)
                results[(tool, th)] = run_worker(spec, args.timeout)
                r = results[(tool, th)]
                print(f"  {tool} x{th}: " + (r["error"] if "error" in r else
                      ", ".join(f"{x['method']} {np.median(x['seconds']):.3f} s" for x in r["results"])),
                      file=sys.stderr)
            vid = np.empty(n, dtype=np.uint32)  # node id -> corridor vertex
            vid[g.nodes()["key"].astype(np.int64).to_numpy()] = np.arange(n, dtype=np.uint32)
            for mi, method in enumerate(methods):
                def scores_of(us, vs, method=method):
                    return g._core.score_links(vid[us], vid[vs], method, False)

                base = results.get(("corridor", threads[0]), {})
                ref = None
                if "results" in base:
                    ref = load_answer(base["results"][mi]["answer"])
                for tool, th in jobs:
                    r = results[(tool, th)]
                    row = dict(graph=graph, n=n, m=len(edges), candidates=cand, method=method, tool=tool, threads=th,
                               k=args.k, median_s=float("nan"), ratio=float("nan"), peak_rss_mib=float("nan"),
                               agrees="", same_order=float("nan"), note="")
                    if "error" in r:
                        row["note"] = r["error"]
                        ok = ok and r["error"] == "n/a (too slow)"
                        rows.append(row)
                        continue
                    x = r["results"][mi]
                    row.update(median_s=float(np.median(x["seconds"])), cpu_s=float(np.median(x["cpu_seconds"])),
                               peak_rss_mib=x["peak_rss_mib"], rss_after_load_mib=x["rss_after_load_mib"],
                               version=r["version"], loadavg=r["loadavg_start"],
                               **{k: v for k, v in x.items() if k.endswith("_s")})
                    c = results.get(("corridor", th)) or results.get(("corridor", threads[0]))
                    if c and "results" in c:
                        row["ratio"] = row["median_s"] / float(np.median(c["results"][mi]["seconds"]))
                    if ref is not None:
                        got = load_answer(x["answer"])
                        if tool == "corridor":
                            good = all(np.array_equal(got[k], ref[k]) for k in ("u", "v", "s"))
                            same, why = (1.0 if good else 0.0), ("" if good else "differs from 1 thread")
                        else:
                            good, same, why = agree(ref, got, scores_of)
                        row.update(agrees="yes" if good else f"NO: {why}", same_order=same)
                        ok = ok and good
                        if not good:
                            print(f"  DISAGREE {graph} {method} {tool} x{th}: {why}", file=sys.stderr)
                    rows.append(row)
    meta = dict(k=args.k, machine=machine(), smoke=args.smoke)
    md = markdown(rows, meta)
    print(md)
    if args.out or not args.smoke:
        out = Path(args.out) if args.out else RESULTS
        out.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(rows).to_csv(out / "linkpred_compare.csv", index=False)
        (out / "linkpred_compare.md").write_text(md)
        print(f"wrote {out / 'linkpred_compare.csv'} and .md", file=sys.stderr)
    if not ok:
        print("disagreement or failed worker: see above", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
