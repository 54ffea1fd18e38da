"""A sequential betweenness arrest campaign: corridor's Graph.disrupt beside
the networkx loop analysts write today.

    .venv/bin/python bench/disruption_compare.py                 # ca-HepPh, smuggling-1000, Montagna; 50 steps
    .venv/bin/python bench/disruption_compare.py --smoke         # seconds: agreement only
    .venv/bin/python bench/disruption_compare.py --graphs ca-HepPh --modes incremental,approximate --out /tmp/d

The campaign: compute betweenness on what is left, arrest the most central
person, record the largest connected component (LCC) as a fraction of the
start, repeat --steps times (50). The same removal rule everywhere: the
highest betweenness, ties to the lowest node id (networkx: `max(bc,
key=bc.get)` over nodes inserted in id order; corridor: tie_break="first",
scores within 1e-9 relative tied).

Contenders, each in a fresh process (the graph is loaded untimed, then the
peak-RSS counter is reset, so the peak is the campaign's plus what was
already resident):
  networkx      the loop, nx.betweenness_centrality on the remaining graph
                each step (exact Brandes, pure Python), stopped before a step
                that would overrun --nx-budget seconds;
  exact         corridor, recompute="exact": Brandes on the whole remaining
                graph every step (OpenMP, all cores);
  incremental   corridor, recompute="incremental" (the default): exact, only
                the component that lost the arrested person is recomputed;
  approximate   corridor, recompute="approximate": Riondato-Kornaropoulos
                sampling, epsilon --epsilon (0.05), delta 0.1, seeded.
corridor runs with distances=False (LCC, components and fragmentation only:
what the networkx loop records).

Graphs: "ca-HepPh" (bench/data, 12,008 nodes, 118,489 edges: the
100,000-edge graph of the 50-step target; one giant component of 11,204
nodes that betweenness arrests barely dent, so incremental saves little
there and approximate is the mode for it), "ca-GrQc" and the other
bench/data graphs of compare.py; "smuggling-N", the person graph of
corridor's synthetic smuggling network with N people (seed 0, projected
through phones, accounts and addresses as the demo does; about 8 edges per
person, one robust giant component); and "montagna-meetings" /
"montagna-phonecalls", the real Sicilian Mafia networks of Cavallaro et al.
(about 100 people, falling apart within 10 arrests: where incremental
recomputes only small pieces). Defaults: ca-HepPh, smuggling-1000 and
montagna-meetings, networkx running the full 50 steps on the latter two
when --nx-budget (600 s per graph) allows; its seconds per step is over
the steps it ran.

Agreement (exit 1 when it fails): incremental must remove the same people
in the same order as exact, with identical LCC curves; networkx must remove
the same people as exact (incremental when exact is not among --modes) up
to where it stopped, except that a difference at
a step where the two picks' networkx scores are tied (1e-9 relative) ends
the comparison there (an exact tie broken by rounding). approximate is not
held to that: its overlap with exact's removals and its largest LCC-fraction
gap are reported.

Writes disruption_compare.csv and disruption_compare.md to --out (default
bench/results; --smoke writes only when --out is given). The machine's load
average is recorded per row: timings on a loaded machine are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare import REAL, load_graph, reset_peak, status_kib  # noqa: E402 - bench/ is not a package

RESULTS = HERE / "results"
MODES = ["networkx", "exact", "incremental", "approximate"]
DEFAULT_GRAPHS = ["ca-HepPh", "smuggling-1000", "montagna-meetings"]
SMOKE_GRAPHS = ["montagna-meetings", "smuggling-200"]
TIE = 1e-9


# ---------------------------------------------------------------------------- graphs
def smuggling_graph(people: int) -> tuple[int, np.ndarray]:
    """The demo's person graph of the synthetic network (seed 0), as a simple
    undirected edge list over ids 0..n-1 in corridor's node order."""
    import corridor as cr
    from corridor._demo import PERSON_GRAPH
    from corridor._synthetic import smuggling_network

    net = smuggling_network(people=people, seed=0)
    with tempfile.TemporaryDirectory() as tmp:
        with cr.open(Path(tmp) / "store.corridor") as store:
            net.ingest(store)
            g = store.project(**PERSON_GRAPH)
    nodes = g.nodes()
    index = {(t, k): i for i, (t, k) in enumerate(zip(nodes["type"], nodes["key"]))}
    return len(nodes), edge_array(g, index)


def montagna_graph(kind: str) -> tuple[int, np.ndarray]:
    """Montagna's meetings or phonecalls network (Cavallaro et al. 2020, in
    corridor.datasets) without isolates, as ids 0..n-1 in corridor's node order."""
    from corridor import datasets

    g = datasets.load(f"montagna_{kind}").graph(isolates=False)
    nodes = g.nodes()
    index = {(t, k): i for i, (t, k) in enumerate(zip(nodes["type"], nodes["key"]))}
    return len(nodes), edge_array(g, index)


def edge_array(g, index: dict) -> np.ndarray:
    """g's edges as sorted (lo, hi) id pairs, without self-loops."""
    e = g.edges()
    cols = list(e.columns)
    src = [index[(t, k)] for t, k in zip(e[cols[0]], e[cols[1]])]
    dst = [index[(t, k)] for t, k in zip(e[cols[2]], e[cols[3]])]
    edges = np.sort(np.stack([np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)], axis=1), axis=1)
    return np.unique(edges[edges[:, 0] != edges[:, 1]], axis=0)


def prepare(name: str, cache: Path) -> dict:
    """The graph as ids 0..n-1 and an (m, 2) edge array, saved for the workers."""
    if name.startswith("montagna-"):
        n, edges = montagna_graph(name.split("-", 1)[1])
        source = f"Montagna {name.split('-', 1)[1]} (Cavallaro et al. 2020, corridor.datasets), isolates dropped"
    elif name.startswith("smuggling-"):
        n, edges = smuggling_graph(int(name.split("-", 1)[1]))
        source = f"corridor synthetic smuggling network, {name.split('-', 1)[1]} people, seed 0, person graph"
    elif name in REAL:
        g = load_graph(name)
        n, edges, source = g["n"], g["edges"], g["source"]
    else:
        raise SystemExit(f"--graphs: unknown graph {name!r} (one of {', '.join(REAL)}, smuggling-N, "
                         "montagna-meetings, montagna-phonecalls)")
    path = cache / f"{name}.npz"
    np.savez(path, n=n, edges=edges)
    return {"name": name, "n": int(n), "m": int(len(edges)), "source": source, "path": str(path)}


def lcc_size(G) -> int:
    import networkx as nx

    return max((len(c) for c in nx.connected_components(G)), default=0)


# ---------------------------------------------------------------------------- worker
def worker(path: str, mode: str, steps: int, budget: float, epsilon: float, threads: int | None) -> dict:
    data = np.load(path)
    n, edges = int(data["n"]), data["edges"]
    if mode == "networkx":
        import networkx as nx

        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_edges_from(edges.tolist())
        lcc0 = lcc_size(G)
        reset_peak()
        order, lcc, scores, per_step = [], [1.0], [], []
        t0 = time.perf_counter()
        for _ in range(steps):
            if G.number_of_nodes() == 0:
                break
            if per_step and time.perf_counter() - t0 + per_step[-1] > budget:
                break
            t = time.perf_counter()
            bc = nx.betweenness_centrality(G)
            target = max(bc, key=bc.get)
            G.remove_node(target)
            lcc.append(lcc_size(G) / lcc0)
            per_step.append(time.perf_counter() - t)
            order.append(int(target))
            # kept to judge a tie where the orders differ: the scores near the best
            best = bc[target]
            scores.append([[int(v), x] for v, x in bc.items() if x >= best * (1 - 1e-6)])
        seconds = time.perf_counter() - t0
        return {"order": order, "lcc_fraction": lcc, "seconds": seconds, "per_step": per_step,
                "peak_rss_mib": status_kib("VmHWM") / 1024, "scores": scores}
    import pandas as pd

    import corridor as cr

    keys = [str(i) for i in range(n)]
    g = cr.Graph.from_pandas(pd.DataFrame({"source": edges[:, 0].astype(str), "target": edges[:, 1].astype(str)}),
                             nodes=keys)
    reset_peak()
    t = time.perf_counter()
    df = g.disrupt("betweenness", steps=steps, recompute=mode, epsilon=epsilon, distances=False, seed=0,
                   threads=threads)
    seconds = time.perf_counter() - t
    assert df.attrs["params"]["recompute"] == mode
    return {"order": [int(k) for k in df["key"].iloc[1:]], "lcc_fraction": df["lcc_fraction"].tolist(),
            "seconds": seconds, "peak_rss_mib": status_kib("VmHWM") / 1024}


def run_worker(graph: dict, mode: str, args) -> dict:
    cmd = [sys.executable, __file__, "--worker", graph["path"], mode, "--steps", str(args.steps),
           "--nx-budget", str(args.nx_budget), "--epsilon", str(args.epsilon)]
    if args.threads:
        cmd += ["--threads", str(args.threads)]
    load = os.getloadavg()[0]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"{mode} on {graph['name']} failed:\n{out.stderr}")
    res = json.loads(out.stdout.strip().splitlines()[-1])
    res["loadavg"] = load
    return res


# ---------------------------------------------------------------------------- agreement
def nx_agreement(nxr: dict, exact: dict) -> tuple[bool, str]:
    """networkx's removals against exact's, up to where networkx stopped."""
    for i, (a, b) in enumerate(zip(nxr["order"], exact["order"])):
        if a == b:
            continue
        sc = dict(nxr["scores"][i])
        best = max(sc.values())
        if b in sc and abs(sc[b] - best) <= TIE * max(abs(best), abs(sc[b])):
            return True, f"same order for {i} steps, then a tie (nx {a}, corridor {b}: equal scores)"
        return False, f"step {i + 1}: networkx removes {a}, corridor {b} (scores {best:.12g} vs {sc.get(b)})"
    k = len(nxr["order"])
    same_lcc = np.allclose(nxr["lcc_fraction"], exact["lcc_fraction"][: k + 1], rtol=0, atol=1e-12)
    if not same_lcc:
        return False, f"same {k} removals but different LCC curves"
    return True, f"same order, all {k} steps networkx ran"


def approx_agreement(appr: dict, exact: dict) -> str:
    k = min(len(appr["order"]), len(exact["order"]))
    overlap = len(set(appr["order"][:k]) & set(exact["order"][:k]))
    gap = float(np.max(np.abs(np.asarray(appr["lcc_fraction"][: k + 1]) - np.asarray(exact["lcc_fraction"][: k + 1]))))
    return f"{overlap}/{k} of exact's removals; LCC fraction within {gap:.3f}"


# ---------------------------------------------------------------------------- main
def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graphs", default=None, help=f"comma-separated (default {','.join(DEFAULT_GRAPHS)})")
    ap.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of " + ",".join(MODES))
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--nx-budget", type=float, default=600.0, help="seconds networkx may run per graph")
    ap.add_argument("--epsilon", type=float, default=0.05, help="approximate mode's error bound")
    ap.add_argument("--threads", type=int, default=None, help="corridor's threads (default: all cores)")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--smoke", action="store_true", help="small graphs, 10 steps: agreement only")
    ap.add_argument("--worker", nargs=2, metavar=("NPZ", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        res = worker(args.worker[0], args.worker[1], args.steps, args.nx_budget, args.epsilon, args.threads)
        print(json.dumps(res))
        return 0

    if args.smoke:
        args.steps = min(args.steps, 10)
    graphs = (args.graphs.split(",") if args.graphs else SMOKE_GRAPHS if args.smoke else DEFAULT_GRAPHS)
    modes = args.modes.split(",")
    if bad := [m for m in modes if m not in MODES]:
        raise SystemExit(f"--modes: unknown {', '.join(bad)}")
    if "exact" not in modes and "incremental" not in modes:
        modes.append("incremental")  # an exact reference for the agreement checks
    out = args.out if args.out is not None else (None if args.smoke else RESULTS)
    ok = True
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in graphs:
            graph = prepare(name, Path(tmp))
            print(f"{name}: {graph['n']:,} nodes, {graph['m']:,} edges ({graph['source']})", flush=True)
            res = {}
            for mode in modes:
                res[mode] = run_worker(graph, mode, args)
                r = res[mode]
                done = len(r["order"])
                print(f"  {mode:12s} {done:3d} steps  {r['seconds']:9.2f} s  "
                      f"{r['seconds'] / max(done, 1):8.3f} s/step  peak {r['peak_rss_mib']:7.0f} MiB", flush=True)
            ref = "exact" if "exact" in res else "incremental"
            exact = res[ref]
            for mode in modes:
                r = res[mode]
                if mode == ref:
                    agree, note = True, "reference"
                elif mode == "incremental":
                    agree = r["order"] == exact["order"] and r["lcc_fraction"] == exact["lcc_fraction"]
                    note = "identical to exact" if agree else "DIFFERS from exact"
                elif mode == "networkx":
                    agree, note = nx_agreement(r, exact)
                else:
                    agree, note = True, approx_agreement(r, exact)
                ok &= agree
                done = len(r["order"])
                rows.append({"graph": name, "nodes": graph["n"], "edges": graph["m"], "mode": mode,
                             "steps": done, "seconds": r["seconds"],
                             "s_per_step": r["seconds"] / max(done, 1), "peak_rss_mib": r["peak_rss_mib"],
                             "lcc_fraction_end": r["lcc_fraction"][-1], "agreement": "ok" if agree else "FAIL",
                             "note": note, "loadavg": r["loadavg"], "source": graph["source"]})
            nx_rows = [x for x in rows if x["graph"] == name and x["mode"] == "networkx"]
            for x in rows:
                if x["graph"] == name:
                    x["nx_ratio"] = nx_rows[0]["s_per_step"] / x["s_per_step"] if nx_rows else float("nan")
            for x in rows:
                if x["graph"] == name:
                    print(f"  {x['mode']:12s} {x['agreement']}: {x['note']}")
    if out is not None:
        write(rows, out, args)
    print("agreement: ok" if ok else "agreement: FAILED")
    return 0 if ok else 1


def write(rows: list[dict], out: Path, args) -> None:
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    df = pd.DataFrame(rows)
    df.to_csv(out / "disruption_compare.csv", index=False)
    lines = [
        f"# Sequential betweenness arrests: corridor vs the networkx loop ({args.steps} steps)",
        "",
        f"{platform.node()}, {os.cpu_count()} cores, {platform.python_version()}; corridor threads: "
        f"{args.threads or 'all'}; approximate epsilon {args.epsilon}; networkx budget {args.nx_budget:g} s "
        "per graph. s/step is over the steps a contender ran; ratio = networkx s/step / this s/step. "
        "Peak RSS: the worker process's VmHWM during the campaign (graph and interpreter included).",
        "",
        "| graph | nodes | edges | mode | steps | total s | s/step | ratio vs networkx | peak RSS MiB | "
        "LCC fraction at end | agreement | load avg |",
        "|---|--:|--:|---|--:|--:|--:|--:|--:|--:|---|--:|",
    ]
    for x in rows:
        lines.append(f"| {x['graph']} | {x['nodes']:,} | {x['edges']:,} | {x['mode']} | {x['steps']} | "
                     f"{x['seconds']:.3g} | {x['s_per_step']:.3g} | {x['nx_ratio']:.3g} | "
                     f"{x['peak_rss_mib']:.0f} | {x['lcc_fraction_end']:.4f} | {x['agreement']}: {x['note']} | "
                     f"{x['loadavg']:.1f} |")
    (out / "disruption_compare.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {out / 'disruption_compare.csv'} and {out / 'disruption_compare.md'}")


if __name__ == "__main__":
    sys.exit(main())
