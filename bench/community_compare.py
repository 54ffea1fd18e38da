"""Community detection: corridor's Louvain, Leiden and connected components
beside NetworKit, igraph and networkx — same graphs, same machine, same
thread count.

    .venv/bin/python bench/community_compare.py           # every graph, 3 runs each (~30 min, 2 cores)
    .venv/bin/python bench/community_compare.py --smoke   # CI: ca-GrQc, 1 run, agreement only
    .venv/bin/python bench/community_compare.py --graphs ca-HepPh,rmat-1M --tools corridor,networkit --out /tmp/cc

Graphs: rmat-1M and the mid-size real graphs of bench/compare.py (read as it
reads them: simple, undirected; wiki-Vote symmetrised).

Runs (each (graph, method, tool, threads) in a fresh process, this script
with --worker: the graph is loaded and handed to the tool untimed, the
peak-RSS counter reset, then --repeats calls timed; the median is reported):
  corridor   g.louvain(seed=r), g.leiden(seed=r) (modularity, resolution 1,
             its defaults: up to max_iter=3 runs while modularity
             improves, NetworKit's count), g.leiden(seed=r, max_iter=2) ("leiden-2it": igraph's
             iteration count), g.connected_components() — each timed with the
             DataFrame it returns; at 1 thread and at all cores. The kernel
             alone (the binding's call, no DataFrame) is timed after, as
             many times: the "kernel s" column.
  NetworKit  PLM(G) (its defaults: refine=False, turbo), ParallelLeiden(G)
             (its defaults: 3 iterations), ConnectedComponents(G); at 1
             thread and at all cores.
  igraph     community_multilevel(), community_leiden(objective_function=
             "modularity", n_iterations=2) — igraph's default iteration count;
             n_iterations=-1 (until stable) took 550 s on rmat-1M —
             connected_components(); single-threaded (random.seed(r)).
  networkx   louvain_communities(G, seed=r), connected_components(G); only
             within --nx-timeout seconds per run (else "> timeout" in the table,
             a lower bound on its time).

Seeds: run r of every tool has seed r (corridor's seed, nk.setSeed(r),
random.seed(r) for igraph, networkx's seed=r), so modularity is the median
over --repeats seeds (one seed's modularity varies by a few 0.001 on
wiki-Vote, for every tool). Modularity: ONE function for every tool's
partition (modularity() below: Newman's, resolution 1, unweighted, numpy on
the edge list). Communities:
the number of parts. Peak RSS: VmHWM during the calls, the whole process
(graph included). ratio = tool seconds / corridor seconds at the same thread
count against the corridor method of the same kind (Louvain: PLM, igraph
multilevel, networkx Louvain; Leiden: ParallelLeiden, igraph Leiden;
components: each tool's components); > 1 means corridor is faster.

Agreement (a failure makes the script exit 1): every tool's components equal
corridor's exactly (as partitions); corridor's Louvain and Leiden give the
same partition at 1 thread and at all cores.

Writes community_compare.{md,csv,json} to --out (default bench/results);
--smoke writes nothing unless --out is given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare import (REAL, RESULTS, import_corridor, load_graph, machine, reset_peak, spawn_worker,  # noqa: E402
                     status_kib)

GRAPHS = ["ca-GrQc", "PGPgiantcompo", "wiki-Vote", "ca-HepPh", "astro-ph", "MIT8", "rmat-1M"]
assert all(g in REAL for g in GRAPHS[:-1])
TOOLS = ["corridor", "networkit", "igraph", "networkx"]
# (tool, method) -> the corridor method it is compared with
RUNS = [("corridor", "louvain"), ("corridor", "leiden"), ("corridor", "leiden-2it"), ("corridor", "components"),
        ("networkit", "PLM"), ("networkit", "ParallelLeiden"), ("networkit", "components"),
        ("igraph", "multilevel"), ("igraph", "leiden"), ("igraph", "components"),
        ("networkx", "louvain"), ("networkx", "components")]
KIND = {"louvain": "louvain", "PLM": "louvain", "multilevel": "louvain", "leiden": "leiden", "leiden-2it": "leiden",
        "ParallelLeiden": "leiden", "components": "components"}
THREADED = {"corridor", "networkit"}
SMOKE_GRAPH = "ca-GrQc"


def modularity(n: int, edges: np.ndarray, membership: np.ndarray) -> float:
    """Newman's modularity (resolution 1) of a partition of the simple
    undirected graph (n, edges): sum_c [e_c / m - (d_c / 2m)^2]."""
    m = len(edges)
    if m == 0:
        return 0.0
    mem = np.asarray(membership, dtype=np.int64)
    k = mem.max() + 1
    inside = np.bincount(mem[edges[:, 0]][mem[edges[:, 0]] == mem[edges[:, 1]]], minlength=k)
    deg = np.bincount(edges.ravel(), minlength=n)
    dc = np.bincount(mem, weights=deg, minlength=k)
    return float(inside.sum() / m - ((dc / (2 * m)) ** 2).sum())


def canonical(membership) -> np.ndarray:
    """Labels renumbered by first appearance: equal arrays = equal partitions."""
    _, first, inverse = np.unique(np.asarray(membership), return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[inverse]


# ---------------------------------------------------------------------------- worker
def cached_graph(name: str) -> tuple[int, np.ndarray]:
    """compare.py's load_graph, cached in the temp folder (R-MAT takes a while)."""
    cache = Path(tempfile.gettempdir()) / f"corridor-community-bench-{name}.npz"
    if cache.exists():
        d = np.load(cache)
        return int(d["n"]), d["edges"]
    info = load_graph(name)
    tmp = cache.with_suffix(f".{os.getpid()}.npz")
    np.savez(tmp, n=info["n"], edges=info["edges"])
    tmp.replace(cache)
    return info["n"], info["edges"]


def prepare(tool: str, method: str, n: int, edges: np.ndarray, threads: int):
    """The tool's graph (untimed) and a call returning a membership array."""
    if tool == "corridor":
        import pandas as pd

        cr = import_corridor()
        g = cr.Graph.from_pandas(pd.DataFrame({"s": edges[:, 0], "t": edges[:, 1]}), "s", "t", directed=False,
                                 nodes=np.arange(n))
        call = {"louvain": lambda s: g.louvain(seed=s, threads=threads),
                "leiden": lambda s: g.leiden(seed=s, threads=threads),
                "leiden-2it": lambda s: g.leiden(seed=s, max_iter=2, threads=threads),
                "components": lambda s: g.connected_components(threads=threads)}[method]

        kernel = {"louvain": lambda s: g._core.louvain(1.0, True, s, threads),
                  "leiden": lambda s: g._core.leiden(1.0, "modularity", True, 0.01, 3, s, threads),
                  "leiden-2it": lambda s: g._core.leiden(1.0, "modularity", True, 0.01, 2, s, threads),
                  "components": lambda s: g._core.connected_components(False, threads)}[method]

        def run(seed):
            df = call(seed)
            m = np.empty(n, dtype=np.int64)
            m[df["key"].astype(np.int64).to_numpy()] = df["community"].to_numpy()
            return m
        run.kernel = kernel
        return run
    if tool == "networkit":
        import networkit as nk

        nk.setNumberOfThreads(threads)
        G = nk.GraphFromCoo((np.ones(len(edges)), (edges[:, 0].astype(np.uint64), edges[:, 1].astype(np.uint64))),
                            n=n, directed=False, weighted=False)
        algo = {"PLM": lambda: nk.community.PLM(G), "ParallelLeiden": lambda: nk.community.ParallelLeiden(G),
                "components": lambda: nk.components.ConnectedComponents(G)}[method]

        def run(seed):
            nk.setSeed(seed, False)
            a = algo()
            a.run()
            return np.asarray(a.getPartition().getVector(), dtype=np.int64)
        return run
    if tool == "igraph":
        import igraph as ig

        ig.set_random_number_generator(random)
        h = ig.Graph(n=n, edges=edges.tolist())
        call = {"multilevel": lambda: h.community_multilevel(),
                "leiden": lambda: h.community_leiden(objective_function="modularity", n_iterations=2),
                "components": lambda: h.connected_components()}[method]
        def run(seed):
            random.seed(seed)
            return np.asarray(call().membership, dtype=np.int64)
        return run
    if tool == "networkx":
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges.tolist())
        call = {"louvain": lambda s: nx.community.louvain_communities(G, seed=s),
                "components": lambda s: nx.connected_components(G)}[method]

        def run(seed):
            m = np.empty(n, dtype=np.int64)
            for i, part in enumerate(call(seed)):
                m[list(part)] = i
            return m
        return run
    raise ValueError(tool)


def worker(spec: dict) -> dict:
    n, edges = cached_graph(spec["graph"])
    run = prepare(spec["tool"], spec["method"], n, edges, spec["threads"])
    rss0 = status_kib("VmRSS")
    reset_peak()
    seconds, cpu, memberships = [], [], []
    for seed in range(spec["repeats"]):  # run r has seed r
        t, c = time.perf_counter(), time.process_time()
        memberships.append(run(seed).tolist())
        seconds.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    kernel = []
    for seed in range(spec["repeats"] if hasattr(run, "kernel") else 0):
        t = time.perf_counter()
        run.kernel(seed)
        kernel.append(time.perf_counter() - t)
    return {"seconds": seconds, "kernel_seconds": kernel, "cpu_seconds": cpu, "rss_before_mib": rss0 / 1024,
            "peak_rss_mib": status_kib("VmHWM") / 1024, "memberships": memberships}


def run_worker(spec: dict, timeout: float | None) -> dict:
    return spawn_worker(Path(__file__), spec, timeout)


# ---------------------------------------------------------------------------- main
def fmt_s(x) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "-"
    return f"{x:.3g}"


def markdown(rows: list[dict], meta: dict) -> str:
    lines = ["# Community detection: corridor beside NetworKit, igraph and networkx", "",
             f"{meta['cpu']}, {meta['cores']} cores, {meta['ram_gib']} GiB; {meta['os']}; corridor "
             f"{meta['corridor_commit']}; " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()) + ".",
             f"Median of {meta['repeats']} run(s), run r with seed r; modularity (median) by one function on every tool's partition; "
             "ratio = tool seconds / corridor seconds (same kind of method, same threads; > 1: corridor "
             "faster). igraph Leiden: n_iterations=2; NetworKit ParallelLeiden: 3 iterations; corridor "
             "Leiden: until no improvement, at most 3 runs (its default); corridor leiden-2it: 2 "
             "runs. Ratios are against corridor's default Louvain / Leiden.", "",
             "| graph | method | tool | threads | seconds | kernel s | ratio | modularity | communities | peak RSS MiB "
             "| runs |",
             "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        secs = r["error"] if r.get("error") else fmt_s(r["seconds"])
        ratio = fmt_s(r.get("ratio"))
        if r.get("error") and r.get("ratio"):
            ratio = "> " + ratio  # a timeout: a lower bound
        mod = "-" if r.get("modularity") is None else f"{r['modularity']:.4f}"
        lines.append(f"| {r['graph']} | {r['method']} | {r['tool']} | {r['threads']} | {secs} | "
                     f"{fmt_s(r.get('kernel_seconds'))} | "
                     f"{ratio} | {mod} | {r.get('communities', '-')} | "
                     f"{fmt_s(r.get('peak_rss_mib'))} | {r.get('runs', 0)} |")
    lines += ["", "Agreement: " + ("ok" if meta["agreement_ok"] else "FAILED") + "; "
              + "; ".join(meta["agreement"])]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graphs", default=None, help=f"comma-separated (default {','.join(GRAPHS)})")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--threads", default=None, help="thread counts for corridor and NetworKit (default 1,cores)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--nx-timeout", type=float, default=300.0, help="seconds networkx may take per process")
    ap.add_argument("--timeout", type=float, default=1800.0, help="seconds any other worker may take")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--smoke", action="store_true", help=f"{SMOKE_GRAPH}, 1 run, threads 1 and 2: agreement only")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(json.loads(args.worker))))
        return 0

    cores = os.cpu_count() or 1
    if args.smoke:
        graphs, repeats, threads = [SMOKE_GRAPH], 1, [1, 2]
    else:
        graphs = args.graphs.split(",") if args.graphs else GRAPHS
        repeats = args.repeats
        threads = sorted({1, cores} if args.threads is None else {int(t) for t in args.threads.split(",")})
    if args.graphs and args.smoke:
        graphs = args.graphs.split(",")
    tools = args.tools.split(",")
    if bad := [t for t in tools if t not in TOOLS]:
        raise SystemExit(f"--tools: unknown {', '.join(bad)}")
    if bad := [g for g in graphs if g not in GRAPHS]:
        raise SystemExit(f"--graphs: unknown {', '.join(bad)}")
    out = args.out if args.out is not None else (None if args.smoke else RESULTS)

    rows, agreement, ok = [], [], True
    for name in graphs:
        n, edges = cached_graph(name)
        print(f"{name}: {n:,} nodes, {len(edges):,} edges", flush=True)
        members = {}
        for tool, method in RUNS:
            if tool not in tools:
                continue
            for t in (threads if tool in THREADED else [1]):
                spec = dict(graph=name, tool=tool, method=method, threads=t, repeats=repeats)
                timeout = args.nx_timeout if tool == "networkx" else args.timeout
                res = run_worker(spec, timeout * max(1, repeats) if tool != "networkx" else timeout)
                row = dict(graph=name, n=n, m=len(edges), method=method, kind=KIND[method], tool=tool, threads=t,
                           loadavg=os.getloadavg()[0])
                if "error" in res:
                    row.update(error=res["error"], seconds=res.get("timeout"), runs=0)
                    if "timeout" not in res:  # a crash, not a tool too slow
                        ok = False
                        agreement.append(f"{name}: {tool} {method} at {t} threads failed: {res['error']}")
                else:
                    ms = [np.asarray(x, dtype=np.int64) for x in res.pop("memberships")]
                    members[(tool, method, t)] = ms
                    m = ms[0]
                    row.update(seconds=statistics.median(res["seconds"]),
                               cpu_seconds=statistics.median(res["cpu_seconds"]),
                               peak_rss_mib=res["peak_rss_mib"], rss_before_mib=res["rss_before_mib"],
                               runs=len(res["seconds"]),
                               kernel_seconds=(statistics.median(res["kernel_seconds"])
                                               if res["kernel_seconds"] else None),
                               communities=int(statistics.median(x.max() + 1 for x in ms)) if n else 0,
                               modularity=statistics.median(modularity(n, edges, x) for x in ms),
                               all_modularity=[modularity(n, edges, x) for x in ms], all_seconds=res["seconds"])
                rows.append(row)
                print(f"  {method:15s} {tool:10s} t={t}: "
                      + (row["error"] if row.get("error") else
                         f"{row['seconds']:.3f} s, Q={row['modularity']:.4f}, {row['communities']} parts, "
                         f"peak {row['peak_rss_mib']:.0f} MiB"), flush=True)
        # agreement: components exactly; corridor the same at every thread count
        ref = members.get(("corridor", "components", threads[0]))
        if ref is not None:
            ref_c = canonical(ref[0])
            for (tool, method, t), ms in members.items():
                if method == "components":
                    same = all(np.array_equal(canonical(m), ref_c) for m in ms)
                    ok &= same
                    if not same:
                        agreement.append(f"{name}: {tool} components at {t} threads differ from corridor's")
        for method in ("louvain", "leiden", "leiden-2it", "components"):
            got = [members[("corridor", method, t)] for t in threads if ("corridor", method, t) in members]
            if len(got) > 1 and not all(np.array_equal(a, b) for x in got[1:] for a, b in zip(got[0], x)):
                ok = False
                agreement.append(f"{name}: corridor {method} differs between thread counts {threads}")
    if ok:
        agreement.append("components equal across tools; corridor's partitions equal at threads "
                         + ",".join(map(str, threads)))
    # ratios: against corridor's method of the same kind at the same thread count
    base = {(r["graph"], r["kind"], r["threads"]): r["seconds"] for r in rows
            if r["tool"] == "corridor" and r["method"] == r["kind"] and not r.get("error")}
    for r in rows:
        if r["tool"] == "corridor":
            continue
        b = base.get((r["graph"], r["kind"], r["threads"] if r["tool"] in THREADED else 1))
        if r.get("seconds") and b:
            r["ratio"] = r["seconds"] / b
    meta = machine()
    meta.update(repeats=repeats, threads=threads, agreement_ok=ok, agreement=agreement)
    md = markdown(rows, meta)
    print(md)
    print("agreement: " + ("ok" if ok else "FAILED"))
    if out is not None:
        import pandas as pd

        out.mkdir(parents=True, exist_ok=True)
        pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("all_")} for r in rows]).to_csv(
            out / "community_compare.csv", index=False)
        (out / "community_compare.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=1))
        (out / "community_compare.md").write_text(md)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
