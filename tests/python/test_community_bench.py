"""bench/community_compare.py --smoke: corridor's Louvain, Leiden and
components beside NetworKit, igraph and networkx on ca-GrQc — exit 0, the
same components everywhere, corridor's partitions the same at 1 and 2
threads, and corridor's modularity at least the peers' minus a little."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "community_compare.py"


def test_community_compare_smoke(tmp_path):
    out = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--out", str(tmp_path)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "agreement: ok" in out.stdout
    df = pd.read_csv(tmp_path / "community_compare.csv")
    assert set(df["tool"]) == {"corridor", "networkit", "igraph", "networkx"}
    assert df["seconds"].notna().all() and (df["runs"] == 1).all()
    assert "error" not in df.columns or df["error"].isna().all()
    # one partition per component, the same count from every tool
    comps = df[df["method"] == "components"]
    assert comps["communities"].nunique() == 1
    ours = df[df["tool"] == "corridor"].set_index(["method", "threads"])
    assert ours.loc[("leiden", 1), "modularity"] == ours.loc[("leiden", 2), "modularity"]
    # the common modularity function: Leiden at least igraph's (n_iterations=2) on this graph
    ig_leiden = df[(df["tool"] == "igraph") & (df["method"] == "leiden")]["modularity"].iloc[0]
    assert ours.loc[("leiden", 1), "modularity"] >= ig_leiden - 1e-3
    assert (tmp_path / "community_compare.md").read_text().count("| ca-GrQc |") == len(df)
