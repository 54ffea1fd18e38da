"""bench/disruption_compare.py --smoke: the networkx arrest loop and
corridor's exact, incremental and approximate recomputes on small synthetic
person graphs — exit 0 and agreement on every row."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "disruption_compare.py"


def test_disruption_compare_smoke(tmp_path):
    out = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--out", str(tmp_path)], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "agreement: ok" in out.stdout
    df = pd.read_csv(tmp_path / "disruption_compare.csv")
    assert set(df["mode"]) == {"networkx", "exact", "incremental", "approximate"}
    assert (df["agreement"] == "ok").all()
    assert (df.loc[df["mode"] == "incremental", "note"] == "identical to exact").all()
    # networkx ran every smoke step and removed the same people as corridor's exact recompute
    nx_rows = df[df["mode"] == "networkx"]
    assert (nx_rows["steps"] == 10).all()
    assert nx_rows["note"].str.startswith("same order").all()
    assert (tmp_path / "disruption_compare.md").read_text().count("| networkx |") == len(nx_rows)
