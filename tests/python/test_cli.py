"""The corridor command line, as a batch script uses it: exit codes, one-line
errors, output files that round-trip."""

from __future__ import annotations

import json
import subprocess
import sys

import networkx as nx
import pandas as pd
import pytest


def corridor(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "corridor", "--quiet", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


def run_main(capsys, *args) -> tuple[int, str, str]:
    """The CLI in this process (fast); `corridor()` runs it as a script would."""
    from corridor.cli import main

    capsys.readouterr()
    code = main(["--quiet", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("cli")
    people = tmp_path / "people.csv"
    pd.DataFrame({"pid": ["p1", "p2", "p3", "p4"], "country": ["GT", "SV", "HN", "MX"]}).to_csv(people, index=False)
    uses = tmp_path / "uses.csv"
    pd.DataFrame({"person": ["p1", "p2", "p3", "p4"], "phone": ["0501", "0502", "0503", "0503"]}).to_csv(
        uses, index=False)
    calls = tmp_path / "calls.csv"
    pd.DataFrame({
        "a": ["0501", "0501", "0502", "0503"], "b": ["0502", "0502", "0503", "0501"],
        "ts": ["2023-01-05 10:00", "2023-02-01 11:00", "2023-03-01 09:30", "2023-06-01 08:00"],
        "secs": [60, 30, 90, 10],
    }).to_csv(calls, index=False)
    ingest_all(tmp_path / "case.corridor", people, uses, calls)
    return tmp_path, people, uses, calls


def ingest_all(store, people, uses, calls):
    for args in (
        ["--entities", people, "--type", "Person", "--key", "pid"],
        ["--relations", uses, "--type", "USES", "--src", "Person:person", "--dst", "Phone:phone"],
        ["--relations", calls, "--type", "CALLED", "--src", "Phone:a", "--dst", "Phone:b", "--time", "ts",
         "--weight", "secs", "--source", "cdr-7"],
    ):
        r = corridor("ingest", store, *args)
        assert r.returncode == 0, r.stderr
        assert r.stdout.startswith("batch ")


def test_ingest_stats_project_analyze(files):
    tmp, people, uses, calls = files
    store = tmp / "case.corridor"

    r = corridor("stats", store, "--json")
    assert r.returncode == 0, r.stderr
    stats = json.loads(r.stdout)
    assert stats["entities"] == {"Person": 4, "Phone": 3}
    assert stats["relations"] == {"CALLED": 4, "USES": 4}
    assert stats["first_time"].startswith("2023-01-05T10:00")

    r = corridor("project", store, "--relations", "USES,CALLED", "--collapse", "Phone", "--aggregate", "sum",
                 "--until", "2023-05-01", "--out", tmp / "edges.csv")
    assert r.returncode == 0, r.stderr
    edges = pd.read_csv(tmp / "edges.csv", dtype={"src_key": str, "dst_key": str})
    got = {(e.src_key, e.dst_key): e.weight for e in edges.itertuples()}
    # p1-p2: calls of 60 + 30 s; p2-p3 and p2-p4: the 90 s call reaches both users of 0503;
    # p3-p4 share 0503 (two USES records of weight 1); the June call is outside the window
    assert got == {("p1", "p2"): 90.0, ("p2", "p3"): 90.0, ("p2", "p4"): 90.0, ("p3", "p4"): 2.0}

    r = corridor("analyze", store, "--relations", "USES,CALLED", "--collapse", "Phone",
                 "--run", "degree,strength", "--out", tmp / "out" / "players.parquet")
    assert r.returncode == 0, r.stderr
    table = pd.read_parquet(tmp / "out" / "players.parquet")
    assert list(table.columns) == ["type", "key", "degree", "degree_rank", "strength", "strength_rank"]
    g = nx.Graph([("p1", "p2"), ("p2", "p3"), ("p2", "p4"), ("p3", "p4"), ("p3", "p1"), ("p4", "p1")])
    assert dict(zip(table["key"], table["degree"])) == {k: float(v) for k, v in g.degree()}
    assert table.loc[table["key"] == "p1", "degree_rank"].item() == 1


def test_every_analysis_runs_from_the_cli_as_from_python(files, capsys):
    """Each registered analysis, through `corridor analyze`, equals the Graph
    method it names; --set passes parameters, --group an entity property."""
    import corridor as cr
    from corridor import _analyses

    tmp, *_ = files
    store = tmp / "case.corridor"
    proj = ["--relations", "USES,CALLED", "--collapse", "Phone"]
    per_node = [a for a in _analyses.ANALYSES if not _analyses.ANALYSES[a].table and a != "brokerage"]
    out = tmp / "all.csv"
    code, _, err = run_main(capsys, "analyze", store, *proj, "--run", ",".join(per_node), "--set", "weighted=true",
                            "--out", out)
    assert code == 0, err
    table = pd.read_csv(out, dtype={"key": str}).set_index("key")
    with cr.open(store, read_only=True) as s:
        g = s.project(relations=["USES", "CALLED"], collapse=["Phone"])
    assert dict(zip(g.pagerank(weighted=True)["key"], g.pagerank(weighted=True)["score"])) == pytest.approx(
        table["pagerank"].to_dict(), rel=1e-12)
    assert table["betweenness"].to_dict() == pytest.approx(
        g.betweenness(weighted=True).set_index("key")["score"].to_dict(), rel=1e-12)
    assert "constraint_effective_size" in table.columns

    code, _, err = run_main(capsys, "analyze", store, *proj, "--run", "key_players", "--set", "k=2",
                            "--out", tmp / "kp.csv")
    assert code == 0, err
    kp = pd.read_csv(tmp / "kp.csv")
    assert list(kp["rank"]) == [1, 2] and "top_in" in kp.columns

    code, _, err = run_main(capsys, "analyze", store, "--relations", "CALLED", "--directed", "--run", "brokerage",
                            "--group", "country", "--out", tmp / "b.csv")
    assert code == 1 and "no node has the property 'country'" in err  # phones carry no country

    code, _, err = run_main(capsys, "analyze", store, *proj, "--directed", "--run", "brokerage",
                            "--group", "country", "--out", tmp / "b.csv")
    assert code == 0, err
    b = pd.read_csv(tmp / "b.csv", dtype={"key": str})
    assert set(b["brokerage_group"]) == {"GT", "SV", "HN", "MX"}
    assert {"brokerage", "brokerage_rank", "brokerage_liaison", "brokerage_z_total"} <= set(b.columns)

    code, _, err = run_main(capsys, "analyze", store, *proj, "--run", "pagerank", "--set", "dampin=0.9",
                            "--out", tmp / "x.csv")
    assert code == 1 and "--set: dampin is not a parameter of pagerank" in err
    code, _, err = run_main(capsys, "analyze", store, *proj, "--run", "pagerank", "--set", "damping=1.5",
                            "--out", tmp / "x.csv")
    assert code == 1 and "damping: must lie in [0.0, 1.0)" in err
    code, _, err = run_main(capsys, "analyze", store, *proj, "--run", "key_players,degree", "--out", tmp / "x.csv")
    assert code == 1 and "'key_players' returns its own table; run it alone" in err


@pytest.mark.parametrize("args, message", [
    (["ingest", "{store}", "--relations", "{calls}", "--type", "CALLED", "--src", "Phone:nope", "--dst", "Phone:b"],
     "no column 'nope' (given as src)"),
    (["ingest", "{store}", "--relations", "{calls}", "--type", "CALLED", "--src", "Phone", "--dst", "Phone:b"],
     "--src: expected ENTITY_TYPE:COLUMN"),
    (["ingest", "{store}", "--relations", "{calls}", "--type", "CALLED", "--src", "Phone:a", "--dst", "Phone:b",
      "--weight", "ts"], "row 0, column 'ts': weight is not a number"),
    (["analyze", "{store}", "--run", "pagerankk", "--out", "{tmp}/x.csv"], "unknown analysis 'pagerankk'"),
    (["project", "{store}", "--relations", "CALLS", "--out", "{tmp}/x.csv"], "unknown type 'CALLS'"),
    (["project", "{tmp}/nowhere", "--out", "{tmp}/x.csv"], "no corridor store at"),
    (["stats", "{people}"], "is a file, not a corridor store"),
])
def test_bad_input_is_one_line_and_exit_1(files, capsys, args, message):
    tmp, people, uses, calls = files
    store = tmp / "case.corridor"
    before = run_main(capsys, "stats", store, "--json")[1]
    code, _, err = run_main(capsys, *[a.format(store=store, calls=calls, tmp=tmp, people=people) for a in args])
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("corridor: error: "), err
    assert message in lines[0]
    assert run_main(capsys, "stats", store, "--json")[1] == before


def test_bad_input_exit_code_from_a_real_process(files):
    tmp, _, _, calls = files
    r = corridor("analyze", tmp / "case.corridor", "--run", "nope", "--out", tmp / "x.csv")
    assert r.returncode == 1
    assert r.stderr.startswith("corridor: error: --run: unknown analysis 'nope'")


def test_malformed_command_line_exits_2(tmp_path):
    r = corridor("ingest")
    assert r.returncode == 2
    assert "usage:" in r.stderr


def test_demo_runs_and_writes_its_report(tmp_path):
    r = corridor("demo", "--out", tmp_path / "demo", "--people", 300, "--seed", 3)
    assert r.returncode == 0, r.stderr
    report = (tmp_path / "demo" / "report.md").read_text()
    for section in ("## Ingested into", "## The person-to-person graph", "## Key players", "## Cells",
                    "## Hidden links", "## Which arrests break the network", "## Why are"):
        assert section in report
    assert "| 1 | P-" in report
    assert "The coordinators by betweenness rank" in report
    figures = sorted(p.name for p in (tmp_path / "demo" / "figures").iterdir())
    assert figures == ["cells.png", "degree_ccdf.png", "disruption_curves.png", "key_players.png"]
    for name in figures:
        assert f"(figures/{name})" in report
