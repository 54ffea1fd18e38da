"""bench/linkpred_compare.py --smoke runs and agrees (NetworKit's rows are
skipped by the script itself when networkit is not importable)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_linkpred_compare_smoke(tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "bench" / "linkpred_compare.py"), "--smoke", "--out",
                        str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-3000:]
    md = (tmp_path / "linkpred_compare.md").read_text()
    assert "| ca-GrQc |" in md and "| corridor |" in md and "| networkx |" in md
    assert "NO:" not in md
    for method in ("common_neighbors", "jaccard", "adamic_adar", "resource_allocation"):
        assert f"| {method} | networkx | 1 |" in md
