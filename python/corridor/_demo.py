"""`corridor demo`: corridor's real job end to end on the synthetic smuggling
network — generate, ingest into a fresh store, project the person-to-person
graph, run every analysis corridor has, and print an analyst's report with
the ground truth beside each answer. The report is also written as Markdown
with figures (PNG, when matplotlib is installed) in the demo folder.

Each analysis issue adds its section here as it lands.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from . import _community, _disruption, _linkpred
from ._store import open as open_store
from .datasets import smuggling_network

PERSON_GRAPH = dict(
    entities=["Person"],
    relations=["USES", "OWNS", "CALLED", "PAID", "LIVES_AT", "TRAVELED_WITH"],
    collapse=["Phone", "Account", "Address"],
)


# The analysis areas that add a section to the report, in report order.
_AREAS = [m for m in (_community, _linkpred, _disruption) if hasattr(m, "demo_section")]


class Report:
    """Prints as it goes and keeps the Markdown for the report file."""

    def __init__(self, out: Path):
        self.out = out
        self.lines: list[str] = []
        self.figures = out / "figures"

    def say(self, text: str = "") -> None:
        print(text)
        self.lines.append(text)

    def table(self, header: list[str], rows: list[list], align: str | None = None) -> None:
        self.say("| " + " | ".join(header) + " |")
        self.say("|" + "|".join("---:" if a == "r" else "---" for a in (align or "l" * len(header))) + "|")
        for r in rows:
            self.say("| " + " | ".join(str(x) for x in r) + " |")

    def figure(self, name: str, caption: str, draw) -> None:
        """Draws with matplotlib (skipped with a note when it is missing)."""
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            self.lines.append(f"*(figure '{caption}' needs matplotlib: pip install matplotlib)*")
            return
        self.figures.mkdir(parents=True, exist_ok=True)
        fig = draw(plt)
        path = self.figures / f"{name}.png"
        fig.savefig(path, dpi=110, bbox_inches="tight")
        plt.close(fig)
        self.lines += ["", f"![{caption}](figures/{name}.png)", ""]
        print(f"  [figure: {path}]")

    def write(self) -> Path:
        path = self.out / "report.md"
        path.write_text("\n".join(self.lines) + "\n")
        return path


def run_demo(out: Path, people: int = 2000, seed: int = 0) -> str:
    out.mkdir(parents=True, exist_ok=True)
    rep = Report(out)
    if rep.figures.exists():
        shutil.rmtree(rep.figures)

    t = time.perf_counter()
    net = smuggling_network(people=people, seed=seed)
    truth = net.truth
    rep.say(f"# corridor demo — synthetic smuggling network (people={people:,}, seed={seed})")
    rep.say()
    rep.say(f"Generated in {time.perf_counter() - t:.1f} s: {len(truth):,} people "
            f"({int(truth['member'].sum()):,} organisation members in "
            f"{truth.loc[truth['member'], 'cell'].nunique():,} cells, {len(net.coordinators)} coordinators), "
            f"{sum(len(d) for d in net.relations.values()):,} relation records; "
            f"{len(net.hidden_links):,} true contacts withheld as hidden links.")

    store_path = out / "store.corridor"
    if store_path.exists():
        shutil.rmtree(store_path)
    t = time.perf_counter()
    with open_store(store_path) as store:
        net.ingest(store, progress=True)
        _ingested(rep, store, store_path, time.perf_counter() - t)

        t = time.perf_counter()
        g = store.project(**PERSON_GRAPH)
        rep.say()
        rep.say("## The person-to-person graph")
        rep.say()
        rep.say(f"Projected through phones, accounts and addresses in {time.perf_counter() - t:.2f} s: `{g!r}`")
        _degree_figure(rep, g)

        _key_players(rep, g, net)
        for area in _AREAS:  # cells, hidden links, disruption: each area writes its own section
            area.demo_section(rep, g, net)
        _why_linked(rep, store, net, g)
    path = rep.write()
    print(f"\nReport written to {path}")
    return str(path)


def _ingested(rep: Report, store, store_path: Path, seconds: float) -> None:
    s = store.stats()
    rep.say()
    rep.say(f"## Ingested into {store_path} in {seconds:.1f} s")
    rep.say()
    rep.table(["entity type", "count"], [[k, f"{v:,}"] for k, v in sorted(s["entities"].items())], "lr")
    rep.say()
    rep.table(["relation type", "records"], [[k, f"{v:,}"] for k, v in sorted(s["relations"].items())], "lr")
    rep.say()
    rep.say(f"Time range: {s['first_time']:%Y-%m-%d} to {s['last_time']:%Y-%m-%d}.")


def _degree_figure(rep: Report, g) -> None:
    deg = g.degree()["score"].to_numpy()

    def draw(plt):
        fig, ax = plt.subplots(figsize=(5, 3.5))
        values, counts = np.unique(deg[deg > 0], return_counts=True)
        ccdf = 1.0 - np.cumsum(counts) / counts.sum() + counts / counts.sum()
        ax.loglog(values, ccdf, "o", ms=3)
        ax.set_xlabel("contacts (degree)")
        ax.set_ylabel("share of people with at least that many")
        ax.set_title("Heavy-tailed activity")
        return fig

    rep.figure("degree_ccdf", "Degree distribution of the person graph (complementary CDF)", draw)


def _key_players(rep: Report, g, net) -> None:
    truth = net.truth
    t = time.perf_counter()
    kp = g.key_players(k=15)
    seconds = time.perf_counter() - t
    rep.say()
    rep.say("## Key players: who holds the network together")
    rep.say()
    rep.say(f"`g.key_players(k=15)` joins {len(kp.attrs['params']['measures'])} measures (degree, betweenness, "
            f"PageRank, harmonic closeness, eigenvector, k-core, Burt's constraint) in {seconds:.1f} s; "
            "*votes* = the measures that rank the person in their top 15. True role and cell from the "
            "ground truth, which corridor never saw.")
    rep.say()
    rows = []
    for r in kp.itertuples():
        role, cell = truth.at[r.key, "role"], truth.at[r.key, "cell"]
        rows.append([r.rank, r.key, r.votes, r.top_in, role, cell or "—"])
    rep.table(["rank", "person", "votes", "top 15 in", "true role", "true cell"], rows, "rlrlll")
    members = int(truth.loc[kp["key"], "member"].sum())
    rep.say()
    rep.say(f"{members} of the 15 are organisation members (members are "
            f"{truth['member'].mean():.0%} of the people).")

    bc = g.betweenness()
    ranks = bc.set_index("key")["rank"]
    coords = sorted((int(ranks[c]), c) for c in net.coordinators if c in ranks.index)
    rep.say()
    rep.say(f"The coordinators by betweenness rank (of {g.num_nodes:,} people): "
            + ", ".join(f"{c} #{r}" for r, c in coords) + ". Degree alone ranks them "
            + ", ".join(f"#{int(g.degree().set_index('key')['rank'][c])}" for _, c in coords) + ".")

    by_role = bc.join(truth[["role"]], on="key").groupby("role")["score"].median().sort_values(ascending=False)
    rep.say()
    rep.table(["true role", "median betweenness"], [[k, f"{v:.2e}"] for k, v in by_role.items()], "lr")

    def draw(plt):
        df = g.degree().rename(columns={"score": "degree"})[["key", "degree"]]
        df = df.merge(bc[["key", "score"]].rename(columns={"score": "betweenness"}), on="key")
        df = df.join(truth[["role"]], on="key")
        fig, ax = plt.subplots(figsize=(6.5, 4.5))
        for role, part in df.groupby("role"):
            ax.scatter(part["degree"], part["betweenness"] + 1e-6, s=10 if role != "coordinator" else 60,
                       label=role, alpha=0.8, marker="*" if role == "coordinator" else "o")
        ax.set_yscale("log")
        ax.set_xlabel("degree")
        ax.set_ylabel("betweenness (normalised)")
        ax.set_title("Degree against betweenness, by true role (coordinators starred)")
        ax.legend(fontsize=7, markerscale=1, ncol=2)
        return fig

    rep.figure("key_players", "Degree against betweenness, by true role", draw)


def _why_linked(rep: Report, store, net, g) -> None:
    edges = g.edges().sort_values(["weight", "src_key", "dst_key"], ascending=[False, True, True])
    top = edges.iloc[0]
    a, b = top["src_key"], top["dst_key"]
    rep.say()
    rep.say(f"## Why are {a} and {b} linked? ({int(top['weight'])} records)")
    records = []
    for pa in _phones(net, a):
        for pb in _phones(net, b):
            if pa != pb:
                records.append(store.provenance(("Phone", pa), ("Phone", pb)))
    calls = pd.concat(records) if records else pd.DataFrame()
    rep.say()
    if len(calls):
        rep.say(f"{len(calls)} call records between their phones; the first five, with their sources:")
        rep.say()
        rows = [[r.src_key, r.dst_key, f"{r.time:%Y-%m-%d %H:%M}", f"{r.weight:.0f}", r.source, r.row]
                for r in calls.sort_values("time").head(5).itertuples()]
        rep.table(["caller", "callee", "time", "seconds", "source", "row"], rows, "lllrlr")
    else:
        rep.say("They share a phone, an account or an address rather than calls.")


def _phones(net, person: str) -> list[str]:
    uses = net.relations["USES"]
    return uses.loc[(uses["src"] == person) & (uses["dst_type"] == "Phone"), "dst"].tolist()
