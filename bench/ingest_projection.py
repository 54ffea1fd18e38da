"""Ingest and projection throughput, with peak memory.

    .venv/bin/python bench/ingest_projection.py [--sizes 1000000,10000000] [--out bench/results]

For each size N: N call records (Phone -> Phone, a timestamp, a duration as
weight) among N/10 phones, ingested
  - from a pandas DataFrame, and
  - from a CSV file (ISO timestamps), streamed in chunks,
each into a fresh store, in its own process so that peak RSS (VmHWM) is
that scenario's alone. The call returns only when the batch is durably
committed (fsync). Then, in another fresh process that opens the store
read-only, the whole store is projected into a CSR (undirected, count
aggregation) --repeats times: the first projection (what a batch script
pays) and the median of the rest (re-projecting in a notebook) are
reported, with that process's peak RSS. The DataFrame scenario's ingest RSS
includes the DataFrame itself; the CSV scenario's is the streaming ingest's
own.

Prints a Markdown table and writes JSON beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd


def make_calls(n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    phones = max(n // 10, 10)
    numbers = pd.array([f"+52 55{i:08d}" for i in range(phones)], dtype="str")
    # heavy-tailed activity: a few phones make most calls
    caller = np.minimum((rng.pareto(1.2, n) * phones / 20).astype(np.int64), phones - 1)
    callee = rng.integers(0, phones, n)
    t0 = pd.Timestamp("2023-01-01").value
    return pd.DataFrame({
        "caller": numbers[caller],
        "callee": numbers[callee],
        "ts": pd.to_datetime(t0 + rng.integers(0, 180 * 86400, n) * 10**9),
        "seconds": rng.gamma(2.0, 90.0, n).round(),
    })


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux
    carries that over from the parent through fork and exec, so a worker
    would report the parent's peak (the parent made the 10M-row CSV)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def worker(kind: str, n: int, csv: str, store: str) -> dict:
    import corridor as cr

    data = make_calls(n) if kind == "dataframe" else csv
    with cr.open(store) as s:
        t = time.perf_counter()
        s.ingest_relations(data, type="CALLED", src=("Phone", "caller"), dst=("Phone", "callee"),
                           time="ts", weight="seconds", source="bench")
        ingest_s = time.perf_counter() - t
    return {"kind": kind, "relations": n, "ingest_s": ingest_s, "ingest_per_s": n / ingest_s,
            "peak_rss_mib_ingest": peak_rss_mib()}


def project_worker(store: str, repeats: int) -> dict:
    """Projections of the whole store in this fresh process: the first one
    (what a script that opens a store and projects it pays) and the median of
    the repeats after it (an analyst re-projecting in a notebook)."""
    import corridor as cr

    times = []
    with cr.open(store, read_only=True) as s:
        for _ in range(repeats):
            t = time.perf_counter()
            g = s.project()
            times.append(time.perf_counter() - t)
            nodes, edges = g.num_nodes, g.num_edges
            del g
    return {"project_s": times[0], "project_repeat_s": float(np.median(times[1:])) if repeats > 1 else None,
            "nodes": nodes, "edges": edges, "peak_rss_mib_project": peak_rss_mib()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000000,10000000")
    ap.add_argument("--out", default=str(Path(__file__).parent / "results"))
    ap.add_argument("--repeats", type=int, default=3, help="projections per store, in one fresh process")
    ap.add_argument("--worker", nargs=4, metavar=("KIND", "N", "CSV", "STORE"), help=argparse.SUPPRESS)
    ap.add_argument("--project-worker", metavar="STORE", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        kind, n, csv, store = args.worker
        print(json.dumps(worker(kind, int(n), csv, store)))
        return
    if args.project_worker:
        print(json.dumps(project_worker(args.project_worker, args.repeats)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory(prefix="corridor-bench-") as tmp:
        for n in sizes:
            csv = os.path.join(tmp, f"calls-{n}.csv")
            t = time.perf_counter()
            make_calls(n).to_csv(csv, index=False, date_format="%Y-%m-%d %H:%M:%S")
            print(f"wrote {n:,} rows to CSV in {time.perf_counter() - t:.1f} s", file=sys.stderr)
            for kind in ("dataframe", "csv"):
                store = os.path.join(tmp, f"store-{kind}-{n}")
                out = subprocess.run([sys.executable, __file__, "--worker", kind, str(n), csv, store],
                                     check=True, capture_output=True, text=True)
                r = json.loads(out.stdout.strip().splitlines()[-1])
                out = subprocess.run([sys.executable, __file__, "--project-worker", store,
                                      "--repeats", str(args.repeats)], check=True, capture_output=True, text=True)
                r.update(json.loads(out.stdout.strip().splitlines()[-1]))
                r["project_per_s"] = n / r["project_s"]
                print(json.dumps(r), file=sys.stderr)
                results.append(r)
                shutil.rmtree(store, ignore_errors=True)
            os.remove(csv)
    lines = [
        "| relations | source | ingest (s) | ingest (relations/s) | peak RSS during ingest (MiB) "
        "| projection, fresh process (s) | projection, repeated (s) | projection (relations/s) "
        "| peak RSS of projection (MiB) | edges |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        repeat = "–" if r["project_repeat_s"] is None else f"{r['project_repeat_s']:.2f}"
        lines.append(
            f"| {r['relations']:,} | {r['kind']} | {r['ingest_s']:.2f} | {r['ingest_per_s'] / 1e6:.2f} M "
            f"| {r['peak_rss_mib_ingest']:.0f} | {r['project_s']:.2f} | {repeat} | {r['project_per_s'] / 1e6:.2f} M "
            f"| {r['peak_rss_mib_project']:.0f} | {r['edges']:,} |"
        )
    print("\n".join(lines))
    Path(args.out).mkdir(parents=True, exist_ok=True)
    meta = {"machine": platform.platform(), "cpus": os.cpu_count(), "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d")}
    Path(args.out, "ingest_projection.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))
    Path(args.out, "ingest_projection.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
