"""The analyses the CLI can run by name (`corridor analyze --run NAME`).

Each entry maps a name to a Graph method returning a DataFrame keyed by
(type, key) with ``score`` and ``rank``. The algorithm issues add theirs here
as they land, so the CLI and the Python API never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from ._graph import Graph


@dataclass(frozen=True)
class Analysis:
    name: str
    summary: str
    run: Callable[[Graph], pd.DataFrame]


ANALYSES: dict[str, Analysis] = {
    a.name: a
    for a in [
        Analysis("degree", "number of neighbours (in + out on directed graphs)", lambda g: g.degree()),
        Analysis("in_degree", "number of in-neighbours (directed graphs)", lambda g: g.degree("in")),
        Analysis("out_degree", "number of out-neighbours (directed graphs)", lambda g: g.degree("out")),
        Analysis("strength", "sum of edge weights at each node", lambda g: g.degree(weighted=True)),
    ]
}


def resolve(names: str) -> list[Analysis]:
    out = []
    for name in (n.strip() for n in names.split(",")):
        if name not in ANALYSES:
            raise ValueError(f"--run: unknown analysis '{name}'; available: {', '.join(sorted(ANALYSES))}")
        out.append(ANALYSES[name])
    return out


def run(graph: Graph, analyses: list[Analysis], progress: bool = False) -> pd.DataFrame:
    """One table: type, key, then ``NAME`` and ``NAME_rank`` per analysis."""
    table = graph.nodes()
    steps = analyses
    if progress:
        from tqdm.auto import tqdm

        steps = tqdm(analyses, desc="analyses", unit="")
    for a in steps:
        r = a.run(graph).rename(columns={"score": a.name, "rank": f"{a.name}_rank"})
        table = table.merge(r, on=["type", "key"], how="left")
    return table
