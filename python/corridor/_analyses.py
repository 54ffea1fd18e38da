"""The analyses the CLI can run by name (`corridor analyze --run NAME`).

Each entry maps a name to a Graph method, so the CLI and the Python API never
drift apart: the CLI's ``--set NAME=VALUE`` options are passed to every
method that takes a parameter of that name. The algorithm issues add theirs
here as they land.

Per-node analyses return a DataFrame keyed by (type, key); ``run`` joins them
into one table with ``NAME`` and ``NAME_rank`` columns (plus any further
columns a method returns, prefixed ``NAME_``). Table analyses (such as
``key_players``) return their own table and run alone.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ._graph import Graph


@dataclass(frozen=True)
class Analysis:
    name: str
    summary: str
    method: str                       # the Graph method that computes it
    fixed: tuple = ()                 # (parameter, value) pairs the name implies
    table: bool = False               # returns its own table rather than one row per node
    score: str = "score"              # the column holding the node's value
    rank: str = "rank"

    def accepts(self) -> set[str]:
        fixed = {k for k, _ in self.fixed}
        return set(inspect.signature(getattr(Graph, self.method)).parameters) - {"self"} - fixed

    def run(self, graph: Graph, options: dict | None = None) -> pd.DataFrame:
        opts = {k: v for k, v in (options or {}).items() if k in self.accepts()}
        return getattr(graph, self.method)(**dict(self.fixed), **opts)


ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in [
        Analysis("degree", "number of neighbours (in + out on directed graphs)", "degree"),
        Analysis("in_degree", "number of in-neighbours (directed graphs)", "degree", (("direction", "in"),)),
        Analysis("out_degree", "number of out-neighbours (directed graphs)", "degree", (("direction", "out"),)),
        Analysis("strength", "sum of edge weights at each node", "degree", (("weighted", True),)),
        Analysis("pagerank", "PageRank (weighted by default)", "pagerank"),
        Analysis("betweenness", "exact shortest-path betweenness (Brandes)", "betweenness"),
        Analysis("approx_betweenness", "sampled betweenness with an (epsilon, delta) guarantee",
                 "approx_betweenness"),
        Analysis("closeness", "closeness (Wasserman-Faust for disconnected graphs)", "closeness"),
        Analysis("harmonic_closeness", "sum of 1 / distance to every other node", "harmonic_closeness"),
        Analysis("eigenvector_centrality", "principal eigenvector of the adjacency", "eigenvector_centrality"),
        Analysis("katz_centrality", "attenuated walks into each node", "katz_centrality"),
        Analysis("core_number", "k-core number", "core_number"),
        Analysis("constraint", "Burt's constraint (low = broker); with effective size", "structural_holes",
                 score="constraint", rank="constraint_rank"),
        Analysis("brokerage", "Gould-Fernandez brokerage roles (directed; needs --group)", "brokerage",
                 score="total"),
        Analysis("key_players", "one table joining the measures: top k nodes (--set k=N)", "key_players",
                 table=True),
        Analysis("predict_links", "most likely missing links (--set method=adamic_adar --set top=N, "
                 "or --set per_entity=N for each node's N best)",
                 "predict_links", table=True),
        Analysis("evaluate_link_prediction", "AUC / AP / precision@k of the link predictors on hidden edges",
                 "evaluate_link_prediction", table=True),
        Analysis("disrupt", "arrest scenario: LCC, components, efficiency, fragmentation per step "
                 "(--set strategy=betweenness --set mode=block --set recompute=incremental|exact|approximate)",
                 "disrupt", table=True),
        Analysis("key_player_set", "Borgatti's key player set (--set k=5 --set objective=fragmentation)",
                 "key_player_set", table=True),
    ]
}


def resolve(names: str) -> list[Analysis]:
    out = []
    for name in (n.strip() for n in names.split(",")):
        if name not in ANALYSES:
            raise ValueError(f"--run: unknown analysis '{name}'; available: {', '.join(sorted(ANALYSES))}")
        out.append(ANALYSES[name])
    if len(out) > 1 and any(a.table for a in out):
        table = next(a.name for a in out if a.table)
        raise ValueError(f"--run: '{table}' returns its own table; run it alone")
    return out


def check_options(analyses: list[Analysis], options: dict) -> None:
    """Every option must be taken by at least one of the analyses."""
    taken = set().union(*(a.accepts() for a in analyses))
    unused = sorted(set(options) - taken)
    if unused:
        raise ValueError(f"--set: {', '.join(unused)} is not a parameter of "
                         f"{', '.join(a.name for a in analyses)}; they take: {', '.join(sorted(taken))}")


def run(graph: Graph, analyses: list[Analysis], options: dict | None = None, progress: bool = False,
        on_result: Callable[[Analysis, pd.DataFrame], None] | None = None) -> pd.DataFrame:
    """One table: type, key, then ``NAME`` and ``NAME_rank`` per analysis."""
    if len(analyses) == 1 and analyses[0].table:
        return analyses[0].run(graph, options)
    table = graph.nodes()
    steps = analyses
    if progress:
        from tqdm.auto import tqdm

        steps = tqdm(analyses, desc="analyses", unit="")
    for a in steps:
        r = a.run(graph, options)
        if on_result is not None:
            on_result(a, r)
        rename = {a.score: a.name, a.rank: f"{a.name}_rank"}
        rename.update({c: f"{a.name}_{c}" for c in r.columns if c not in ("type", "key", a.score, a.rank)})
        table = table.merge(r.rename(columns=rename), on=["type", "key"], how="left")
    return table


# Communities (engine/community): one row per node, the community id in the
# NAME column (0 = largest); no rank column, since ids are labels, not an
# order. leiden with --set runs=N adds NAME_consensus and NAME_stability.
ANALYSES.update({
    a.name: a
    for a in [
        Analysis("components", "weakly connected components (id 0 = largest)", "connected_components",
                 score="community"),
        Analysis("strong_components", "strongly connected components (directed graphs)", "connected_components",
                 (("strong", True),), score="community"),
        Analysis("louvain", "Louvain communities (modularity; --set seed=, resolution=)", "louvain",
                 score="community"),
        Analysis("leiden", "Leiden communities, each connected (--set objective=cpm, runs=N for stability)",
                 "leiden", score="community"),
        Analysis("label_propagation", "communities by label propagation (--set seed=)", "label_propagation",
                 score="community"),
    ]
})
