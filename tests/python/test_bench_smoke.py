"""The side-by-side benchmarks' smoke runs: the smallest graph, every tool,
agreement checked, time not asserted (CI runs these through `make test`).
linkpred_compare.py skips NetworKit's rows itself when networkit is not
importable."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def run_smoke(script: str, tmp_path: Path, *extra: str) -> str:
    p = subprocess.run([sys.executable, str(BENCH / script), "--smoke", "--out", str(tmp_path), *extra],
                       capture_output=True, text=True, timeout=1200)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    return p.stdout


def update_readme(results: Path, readme_text: str) -> str:
    """Runs compare.py --update-readme on a README holding readme_text, with
    the result files in `results`; returns the README it wrote."""
    readme = results / "README.md"
    readme.write_text(readme_text)
    p = subprocess.run([sys.executable, str(BENCH / "compare.py"), "--update-readme", "--out", str(results),
                        "--readme", str(readme)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return readme.read_text()


def test_compare_smoke(tmp_path):
    pytest.importorskip("networkit")
    pytest.importorskip("igraph")
    out = run_smoke("compare.py", tmp_path)
    table = (tmp_path / "compare.csv").read_text()
    for tool in ("corridor", "networkit", "igraph", "networkx"):
        assert f",{tool}," in table, tool
    # every compared row agreed (the script exits 1 otherwise); each algorithm was compared with a peer
    assert "**NO**" not in out
    import pandas as pd

    df = pd.read_csv(tmp_path / "compare.csv")
    compared = df[(df["tool"] != "corridor") & df["agree"].notna()]
    assert set(compared["algorithm"]) == {"pagerank", "betweenness", "closeness", "harmonic", "core_number",
                                          "eigenvector", "katz", "approx_betweenness"}
    assert compared["agree"].astype(bool).all()
    # the generated graphs at their smallest: R-MAT, Barabasi-Albert, LFR, the smuggling person graph; each
    # compared with every peer
    for graph in ("ca-GrQc", "rmat-2k", "ba-1k", "lfr-1k", "smuggling-1k"):
        peers = set(compared.loc[compared["graph"] == graph, "tool"])
        assert peers == {"networkit", "igraph", "networkx"}, (graph, peers)
    meta = json.loads((tmp_path / "compare.json").read_text())["meta"]
    assert "seed 20240601" in meta["graphs"]["rmat-2k"]["source"]
    assert "networkx.LFR_benchmark_graph" in meta["graphs"]["lfr-1k"]["source"]
    assert "smuggling network, 1,000 people" in meta["graphs"]["smuggling-1k"]["source"]
    assert meta["graphs"]["smuggling-1k"]["m"] > 1000


def test_compare_scaling_smoke(tmp_path):
    """--scaling on the two smallest R-MAT sizes: every tool, agreement
    checked; the log-log plot, the table and the README block are made."""
    pytest.importorskip("networkit")
    pytest.importorskip("igraph")
    out = run_smoke("compare.py", tmp_path, "--scaling")
    assert "**NO**" not in out
    import pandas as pd

    df = pd.read_csv(tmp_path / "scaling.csv")
    assert set(df["graph"]) == {"rmat-2k", "rmat-20k"}
    compared = df[(df["tool"] != "corridor") & df["agree"].notna()]
    assert set(compared["algorithm"]) == {"pagerank", "core_number", "closeness", "betweenness"}
    assert set(compared["tool"]) == {"networkit", "igraph", "networkx"}
    assert compared["agree"].astype(bool).all()
    assert (tmp_path / "scaling.png").stat().st_size > 10_000
    md = (tmp_path / "scaling.md").read_text()
    assert "| rmat-20k | 956 | 20,000 | R-MAT (Chakrabarti et al. 2004) scale 10, 20,000 edges" in md

    # --update-readme fills the markers from the JSON, and leaves the rest of the file alone
    text = update_readme(tmp_path, "intro\n<!-- bench:scaling:start -->\nold\n<!-- bench:scaling:end -->\noutro\n")
    assert text.startswith("intro\n<!-- bench:scaling:start -->\n") and text.endswith("<!-- bench:scaling:end -->\noutro\n")
    assert "\nold\n" not in text and "bench/compare.py --smoke" in text and "--scaling" in text
    assert "| pagerank | rmat-20k | networkx |" in text  # the agreement table of the smoke run


def test_update_readme_pools_named_runs(tmp_path):
    """--update-readme takes the compare table's rows from compare.json and
    from the compare-NAME.json of runs made with --name (other graphs or
    algorithms; the newest run's rows replace older ones for the same
    algorithm and graph), and says where each row comes from."""
    def doc(graph, m, seconds, command, date="2026-11-28 10:00 UTC"):
        machine = dict(date=date, cpu="cpu", cores=2, ram_gib=24, os="Debian", corridor_commit="abc")
        rows = [dict(algorithm="pagerank", graph=graph, tool="corridor", threads=t, median_s=seconds / t)
                for t in (1, 2)]
        rows.append(dict(algorithm="pagerank", graph=graph, tool="networkx", threads=1, median_s=seconds * 50,
                         ratio_vs_corridor=50.0))
        graphs = {graph: dict(n=10, m=m, directed=False, source="test")}
        return {"meta": dict(machine=machine, load_start=[0.5, 0.5, 0.5], command=command, graphs=graphs),
                "rows": rows}

    def both(a, b):
        return {"meta": dict(a["meta"], graphs={**a["meta"]["graphs"], **b["meta"]["graphs"]}),
                "rows": a["rows"] + b["rows"]}

    (tmp_path / "compare.json").write_text(json.dumps(
        both(doc("wiki-Vote", 100_000, 0.01, "bench/compare.py"), doc("ca-GrQc", 14_484, 0.001, "-"))))
    (tmp_path / "compare-more.json").write_text(json.dumps(  # smuggling-1M, and wiki-Vote measured again
        both(doc("smuggling-1M", 3_000_000, 0.2, "bench/compare.py --name more", "2026-11-28 12:00 UTC"),
             doc("wiki-Vote", 100_000, 0.02, "-"))))
    (tmp_path / "compare-old.json").write_text(  # an older run of wiki-Vote: not shown
        json.dumps(doc("wiki-Vote", 100_000, 0.5, "bench/compare.py --name old", "2026-11-27 10:00 UTC")))
    text = update_readme(tmp_path, "a\n<!-- bench:compare:start -->\nold\n<!-- bench:compare:end -->\nb\n")
    assert "from `bench/results/compare.json`" in text and "the other rows." in text
    assert "from `bench/results/compare-more.json`" in text and "rows pagerank on smuggling-1M, wiki-Vote." in text
    assert "`.venv/bin/python bench/compare.py --name more`" in text
    assert "| pagerank | wiki-Vote (100k edges) | 0.02 / 0.01 |" in text and "0.005" not in text
    assert "| pagerank | smuggling-1M (3.0M edges) | 0.2 / 0.1 |" in text
    assert "(50×)" in text and "\nold\n" not in text and "compare-old.json" not in text


def test_linkpred_compare_smoke(tmp_path):
    run_smoke("linkpred_compare.py", tmp_path)
    md = (tmp_path / "linkpred_compare.md").read_text()
    assert "| ca-GrQc |" in md and "| corridor |" in md and "| networkx |" in md
    assert "NO:" not in md
    for method in ("common_neighbors", "jaccard", "adamic_adar", "resource_allocation"):
        assert f"| {method} | networkx | 1 |" in md


def test_ingest_projection_smoke(tmp_path):
    """The ingest/projection script at 3,000 relations: both sources store the
    same calls, so both projections have the same graph."""
    p = subprocess.run([sys.executable, str(BENCH / "ingest_projection.py"), "--sizes", "3000", "--repeats", "2",
                        "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    results = json.loads((tmp_path / "ingest_projection.json").read_text())["results"]
    assert [r["kind"] for r in results] == ["dataframe", "csv"]
    assert results[0]["edges"] == results[1]["edges"] > 0
    assert results[0]["nodes"] == results[1]["nodes"] == 300
    for r in results:
        assert r["ingest_s"] > 0 and r["project_s"] > 0 and r["project_repeat_s"] > 0
        assert r["peak_rss_mib_project"] > 0
    assert "| 3,000 | csv |" in (tmp_path / "ingest_projection.md").read_text()
