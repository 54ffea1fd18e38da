"""Which arrests break the network: disruption scenarios and key player sets.

``Graph.disrupt`` simulates a campaign — remove the most central person
(``mode="sequential"``) or the top ``block_size`` (``mode="block"``, one raid),
recompute the centrality on what is left, repeat — and reports after every
step how broken the network is. ``Graph.key_player_set`` searches for the
``k`` people whose joint removal breaks it most (Borgatti's KPP-Neg) or who
reach most of it (KPP-Pos). ``Graph.compare_disruption`` puts several
strategies' curves in one table, and :func:`plot_disruption` draws them.

The kernels are in ``engine/disruption``; their headers state the exact
definitions (Borgatti's fragmentation F, distance-weighted fragmentation,
networkx's global efficiency) and the tie rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ._centrality import _number, _positive_int, _threads, _weight_as

STRATEGIES = ("degree", "strength", "betweenness", "pagerank", "katz", "collective_influence", "kcore", "random")
MODES = ("sequential", "block")
RECOMPUTES = ("incremental", "exact", "approximate")
OBJECTIVES = ("fragmentation", "distance_fragmentation", "reach")
METRICS = ("lcc", "lcc_fraction", "components", "efficiency", "fragmentation", "distance_fragmentation")


def _non_negative_int(value, name: str) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name}: a non-negative integer, not {value!r}")
    return int(value)


def _seed(value) -> int:
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 0:
        raise ValueError(f"seed: a non-negative integer, not {value!r}")
    return int(value)


class DisruptionMixin:
    """The disruption methods of :class:`corridor.Graph`."""

    # ------------------------------------------------------------ helpers
    def _entity_list(self, entities, param: str) -> np.ndarray:
        if entities is None:
            return np.zeros(0, dtype=np.uint32)
        if isinstance(entities, (str, tuple)):
            entities = [entities]
        return np.asarray([self._vertex(e, param) for e in entities], dtype=np.uint32)

    def _tie_rank(self, tie_break) -> np.ndarray:
        n = self.num_nodes
        if isinstance(tie_break, str):
            if tie_break == "first":
                return np.arange(n, dtype=np.uint64)
            if tie_break == "last":
                return np.arange(n, dtype=np.uint64)[::-1].copy()
            raise ValueError(f"tie_break: 'first', 'last' or a list of entities (priority order), "
                             f"not {tie_break!r}")
        listed = self._entity_list(list(tie_break), "tie_break")
        rank = (n + np.arange(n)).astype(np.uint64)  # unlisted: after the listed, in node order
        seen = set()
        for i, v in enumerate(listed.tolist()):
            if v not in seen:
                rank[v] = i
                seen.add(v)
        return rank

    # ------------------------------------------------------------ scenarios
    def disrupt(self, strategy="betweenness", mode: str = "sequential", steps: int = 20, block_size: int = 5,
                weighted: bool = False, seed: int = 0, *, weight_as: str = "distance",
                recompute: str | None = None, approximate: bool = False, epsilon: float = 0.02,
                katz_alpha: float = 0.1, ci_radius: int = 2, repetitions: int = 10, tie_break="first",
                min_remaining: int = 0, distances: bool = True, distance_sources: int | None = None,
                threads: int | None = None) -> pd.DataFrame:
        """Simulate arrests and measure how the network falls apart.

        ``strategy`` picks whom to arrest next: ``"degree"``, ``"strength"``
        (weighted degree), ``"betweenness"``, ``"pagerank"``, ``"katz"``
        (exact solve, ``katz_alpha``), ``"collective_influence"`` (Morone and
        Makse, radius ``ci_radius``), ``"kcore"`` (core number),
        ``"random"`` (``repetitions`` random orders: the mean curve and its
        standard deviation), or a list of entities (the analyst's own
        order). ``mode="sequential"`` removes one person per step and
        recomputes the scores on the remaining network; ``mode="block"``
        removes the top ``block_size`` per step (a raid), then recomputes.
        ``weighted`` uses edge weights (betweenness reads them as
        ``weight_as``: lengths, or strengths with length 1 / weight).

        ``recompute`` says how betweenness is recomputed after each step:
        ``"incremental"`` (the default) is exact — only the connected
        component that lost someone changes, so Brandes runs on its pieces
        alone and every other score is kept: the same removals and curves as
        ``"exact"``, which reruns Brandes on the whole remaining network at
        every step (the textbook loop; kept as the reference);
        ``"approximate"`` samples shortest paths (Riondato-Kornaropoulos,
        error ``epsilon``, seeded per step) — for large graphs where one
        giant component holds on. ``approximate=True`` is the older spelling
        of ``recompute="approximate"`` and still works (it conflicts with
        another ``recompute``). Other strategies always recompute their
        scores in full (``recompute`` does not apply to them).

        Ties: scores within a relative 1e-9 are tied, and ``tie_break``
        decides — ``"first"`` (earliest node in :meth:`nodes` order),
        ``"last"``, or a list of entities in priority order (earlier wins;
        unlisted nodes after them). The run stops after ``steps`` steps, when
        nobody is left, or when only ``min_remaining`` people remain.

        Returns one row per step (step 0 = before any arrest): ``step``,
        ``removed_total``, ``type`` and ``key`` of those removed at that step
        (``"; "``-joined in block mode), ``remaining``, ``lcc`` (largest
        connected component), ``lcc_fraction`` (relative to the LCC at the
        start), ``components``, ``efficiency`` (networkx's global
        efficiency), ``fragmentation`` (Borgatti's F: share of pairs that
        can no longer reach each other) and ``distance_fragmentation``
        (Borgatti's distance-weighted F = 1 - efficiency). Distances need one
        BFS per node per step: ``distances=False`` skips them (NaN), and
        ``distance_sources=k`` estimates them from k sampled sources.
        ``df.attrs`` holds the strategy, parameters (``params["recompute"]``:
        the recompute used, ``None`` for ``"random"`` and lists) and the
        removed entities per step.

        >>> g.disrupt("betweenness", mode="block", steps=4)          # doctest: +SKIP
        """
        listed = None
        if isinstance(strategy, str):
            if strategy not in STRATEGIES:
                raise ValueError(f"strategy: one of {', '.join(STRATEGIES)} or a list of entities, "
                                 f"not {strategy!r}")
            name = strategy
        else:
            listed = self._entity_list(list(strategy), "strategy")
            if len(listed) == 0:
                raise ValueError("strategy: an empty list of entities")
            name = "list"
        if mode not in MODES:
            raise ValueError(f"mode: 'sequential' or 'block', not {mode!r}")
        steps = _non_negative_int(steps, "steps")
        block_size = _positive_int(block_size, "block_size")
        seed = _seed(seed)
        wa = _weight_as(weight_as)
        if not isinstance(approximate, (bool, np.bool_)):
            raise ValueError(f"approximate: True or False, not {approximate!r}")
        if recompute is None:
            recompute = "approximate" if approximate else "incremental"
        elif recompute not in RECOMPUTES:
            raise ValueError(f"recompute: one of {', '.join(RECOMPUTES)}, not {recompute!r}")
        elif approximate and recompute != "approximate":
            raise ValueError(f"approximate: True conflicts with recompute={recompute!r}")
        eps = _number(epsilon, "epsilon", 0.0, 1.0) if recompute == "approximate" else 0.0
        used = recompute if name == "betweenness" else ("exact" if name not in ("random", "list") else None)
        alpha = _number(katz_alpha, "katz_alpha", 0.0, math.inf)
        ci_radius = _positive_int(ci_radius, "ci_radius")
        repetitions = _positive_int(repetitions, "repetitions")
        min_remaining = _non_negative_int(min_remaining, "min_remaining")
        dsrc = 0 if distance_sources is None else _positive_int(distance_sources, "distance_sources")
        rank = self._tie_rank(tie_break)
        order = listed if listed is not None else np.zeros(0, dtype=np.uint32)

        def one(s: int):
            return self._core.disrupt(name, mode == "block", steps, block_size, min_remaining, bool(weighted), wa,
                                      eps, recompute == "incremental", alpha, ci_radius, order, rank,
                                      bool(distances), dsrc, s, _threads(threads))

        params = dict(strategy=name, mode=mode, steps=steps, block_size=block_size, weighted=bool(weighted),
                      weight_as=wa, recompute=used, approximate=used == "approximate", epsilon=eps,
                      katz_alpha=alpha, ci_radius=ci_radius, min_remaining=min_remaining, distances=bool(distances),
                      distance_sources=dsrc, seed=seed)
        if name == "random":
            runs = [self._curve(*one(seed + r)) for r in range(repetitions)]
            df = _mean_curve(runs)
            params["repetitions"] = repetitions
            df.attrs.update(measure="disrupt", params=params, removed=[r.attrs["removed"] for r in runs])
            return df
        df = self._curve(*one(seed))
        df.attrs.update(measure="disrupt", params=params)
        return df

    def _curve(self, states: dict, step_of: np.ndarray, removed: np.ndarray) -> pd.DataFrame:
        nodes = self.nodes()
        nsteps = len(states["lcc"])
        per_step: list[list[tuple[str, str]]] = [[] for _ in range(nsteps)]
        types, keys = nodes["type"].to_numpy(), nodes["key"].to_numpy()
        for s, v in zip(step_of.tolist(), removed.tolist()):
            per_step[s].append((types[v], keys[v]))
        lcc = states["lcc"].astype(np.int64)
        lcc0 = lcc[0] if nsteps else 0
        counts = np.array([len(x) for x in per_step], dtype=np.int64)
        df = pd.DataFrame({
            "step": np.arange(nsteps, dtype=np.int64),
            "removed_total": np.cumsum(counts),
            "type": ["; ".join(t for t, _ in x) for x in per_step],
            "key": ["; ".join(k for _, k in x) for x in per_step],
            "remaining": states["remaining"].astype(np.int64),
            "lcc": lcc,
            "lcc_fraction": lcc / lcc0 if lcc0 > 0 else np.zeros(nsteps),
            "components": states["components"].astype(np.int64),
            "efficiency": states["efficiency"],
            "fragmentation": states["fragmentation"],
            "distance_fragmentation": states["distance_fragmentation"],
        })
        df.attrs["removed"] = per_step
        return df

    def compare_disruption(self, strategies: Sequence = ("degree", "betweenness", "random"), **kwargs) -> pd.DataFrame:
        """Several strategies' curves in one long table: a ``strategy``
        column, then the columns of :meth:`disrupt` (random: the mean curve
        plus ``*_std`` columns). Other keywords go to :meth:`disrupt` for
        every strategy. Draw it with :func:`corridor._disruption.plot_disruption`.

        >>> t = g.compare_disruption(["degree", "betweenness", "random"], steps=10)  # doctest: +SKIP
        """
        if isinstance(strategies, str) or not isinstance(strategies, Sequence) or len(strategies) == 0:
            raise ValueError("strategies: a non-empty list of strategy names (or entity lists)")
        parts = []
        for i, s in enumerate(strategies):
            df = self.disrupt(s, **kwargs)
            label = s if isinstance(s, str) else f"list{i + 1}"
            parts.append(df.assign(strategy=label))
        out = pd.concat(parts, ignore_index=True)
        cols = ["strategy"] + [c for c in out.columns if c != "strategy"]
        out = out[cols]
        out.attrs.update(measure="compare_disruption", strategies=[p["strategy"].iloc[0] for p in parts])
        return out

    # ------------------------------------------------------------ key players
    def key_player_set(self, k: int = 5, objective: str = "fragmentation", m: int = 2, *, restarts: int = 5,
                       seed: int = 0, include=None, exclude=None, max_passes: int = 50,
                       threads: int | None = None) -> pd.DataFrame:
        """Borgatti's key player set: the ``k`` people to remove together
        (``objective="fragmentation"``: maximise F of what is left;
        ``"distance_fragmentation"``: maximise the distance-weighted F — an
        all-pairs BFS per evaluation, small graphs only) or to reach the rest
        (``"reach"``: the share of outsiders within ``m`` steps of the set).

        Search: a greedy start, then swaps of a member for an outsider while
        the objective improves; ``restarts - 1`` further runs start from
        random sets (seeded); the best set wins. ``include`` entities are
        always in the set, ``exclude`` never.

        Returns one row per member: ``type``, ``key``, ``contribution`` (the
        objective of the set minus that of the set without the member),
        sorted by contribution; ``df.attrs`` holds ``objective``, ``value``
        (the set's objective) and the search facts.

        >>> g.key_player_set(k=5).attrs["value"]                      # doctest: +SKIP
        """
        if objective not in OBJECTIVES:
            raise ValueError(f"objective: one of {', '.join(OBJECTIVES)}, not {objective!r}")
        k = _positive_int(k, "k")
        m = _positive_int(m, "m")
        restarts = _positive_int(restarts, "restarts")
        max_passes = _positive_int(max_passes, "max_passes")
        seed = _seed(seed)
        inc = self._entity_list(include, "include")
        exc = self._entity_list(exclude, "exclude")
        if len(set(inc.tolist()) & set(exc.tolist())):
            raise ValueError("include, exclude: an entity is in both")
        if k > self.num_nodes - len(set(exc.tolist())):
            raise ValueError(f"k: {k} is more than the {self.num_nodes - len(set(exc.tolist()))} nodes available")
        if len(set(inc.tolist())) > k:
            raise ValueError(f"include: {len(set(inc.tolist()))} entities, more than k = {k}")
        members, value, best_restart, evaluations = self._core.key_player_set(
            k, objective, m, restarts, max_passes, np.unique(inc), np.unique(exc), seed, _threads(threads))
        members = members.tolist()
        contrib = []
        for v in members:
            rest = np.asarray([u for u in members if u != v], dtype=np.uint32)
            contrib.append(value - self._core.key_player_objective(rest, objective, m))
        df = self._frame(np.asarray(members, dtype=np.int64))
        df["contribution"] = contrib
        df = df.sort_values(["contribution", "type", "key"], ascending=[False, True, True],
                            kind="stable").reset_index(drop=True)
        df.attrs.update(measure="key_player_set", objective=objective, value=float(value), k=k, m=m,
                        restarts=restarts, seed=seed, best_restart=int(best_restart),
                        evaluations=int(evaluations))
        return df

    def fragmentation_state(self, removed=None, *, distances: bool = True, distance_sources: int | None = None,
                            seed: int = 0, threads: int | None = None) -> dict:
        """The network's state once ``removed`` (a list of entities) is taken
        out: ``remaining, lcc, components, efficiency, fragmentation,
        distance_fragmentation`` (the columns of :meth:`disrupt`)."""
        dsrc = 0 if distance_sources is None else _positive_int(distance_sources, "distance_sources")
        st = self._core.network_state(self._entity_list(removed, "removed"), bool(distances), dsrc, _seed(seed),
                                      _threads(threads))
        return {k: (int(v[0]) if v.dtype.kind in "iu" else float(v[0])) for k, v in st.items()}


def _mean_curve(runs: list[pd.DataFrame]) -> pd.DataFrame:
    """Mean and standard deviation, step by step, of random runs (all of the
    same length: a random order never runs out before the graph does)."""
    n = min(len(r) for r in runs)
    cols = ["remaining", "lcc", "lcc_fraction", "components", "efficiency", "fragmentation",
            "distance_fragmentation"]
    stack = {c: np.vstack([r[c].to_numpy(dtype=float)[:n] for r in runs]) for c in cols}
    df = pd.DataFrame({"step": runs[0]["step"].to_numpy()[:n], "removed_total": runs[0]["removed_total"].to_numpy()[:n],
                       "type": "", "key": ""})
    for c in cols:
        df[c] = stack[c].mean(axis=0)
    for c in cols[1:]:
        df[f"{c}_std"] = stack[c].std(axis=0, ddof=1) if len(runs) > 1 else np.zeros(n)
    return df


def plot_disruption(table: pd.DataFrame, metric: str = "lcc_fraction", ax=None):
    """Draw a :meth:`Graph.compare_disruption` (or one :meth:`Graph.disrupt`)
    table with matplotlib: ``metric`` against the number removed, one line
    per strategy, a band of one standard deviation for random. Returns the
    Axes."""
    if metric not in METRICS:
        raise ValueError(f"metric: one of {', '.join(METRICS)}, not {metric!r}")
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 4))
    groups = table.groupby("strategy", sort=False) if "strategy" in table.columns else [("", table)]
    for name, df in groups:
        x = df["removed_total"].to_numpy()
        y = df[metric].to_numpy(dtype=float)
        ax.plot(x, y, marker=".", label=name or table.attrs.get("params", {}).get("strategy", ""))
        if f"{metric}_std" in df.columns:
            s = df[f"{metric}_std"].to_numpy(dtype=float)
            ax.fill_between(x, y - s, y + s, alpha=0.2)
    ax.set_xlabel("people removed")
    ax.set_ylabel(metric.replace("_", " "))
    ax.legend()
    return ax


def demo_section(rep, g, net) -> None:
    """The demo report's "Which arrests break the network" section: on the
    synthetic person graph ``g`` of ``net``, the curves of sequential arrests
    by degree, betweenness and at random, who betweenness takes first, and
    the key player set — each person with the true role corridor never saw.
    ``rep`` is the demo's Report (say, table, figure)."""
    truth = net.truth
    steps = 20
    # sampled betweenness (Riondato-Kornaropoulos, epsilon 0.05) keeps the
    # section to a few seconds; LCC and F need no distances
    opts = dict(steps=steps, approximate=True, epsilon=0.05, distances=False, seed=0)
    table = g.compare_disruption(["degree", "betweenness", "random"], repetitions=10, **opts)

    def role(key: str) -> str:
        return str(truth.at[key, "role"]) if key in truth.index else "?"

    rep.say()
    rep.say("## Which arrests break the network")
    rep.say()
    lcc0 = int(table["lcc"].iloc[0])
    rep.say(f"Arrests simulated one at a time: after each, the next target is the most central person of what "
            f"is left (recomputed), and we measure the largest connected group (it starts at {lcc0:,} of "
            f"{g.num_nodes:,} people) and Borgatti's fragmentation F (the share of pairs of people who can no "
            f"longer reach each other). Betweenness is estimated by sampling shortest paths (error 0.05); "
            f"random arrests are the mean of 10 orders.")
    rep.say()
    rows = []
    for s in (0, 5, 10, steps):
        row = [s]
        for name in ("degree", "betweenness", "random"):
            r = table[(table["strategy"] == name) & (table["removed_total"] == s)]
            row += [f"{r['lcc_fraction'].iloc[0]:.2f}" if len(r) else "",
                    f"{r['fragmentation'].iloc[0]:.2f}" if len(r) else ""]
        rows.append(row)
    rep.table(["arrests", "degree: LCC", "degree: F", "betweenness: LCC", "betweenness: F", "random: LCC",
               "random: F"], rows, "rrrrrrr")

    def draw(plt):
        fig, axes = plt.subplots(1, 2, figsize=(10, 3.8))
        plot_disruption(table, "lcc_fraction", axes[0])
        plot_disruption(table, "fragmentation", axes[1])
        axes[0].set_title("Largest connected group (share of start)")
        axes[1].set_title("Fragmentation F")
        return fig

    rep.figure("disruption_curves", "Sequential arrests: degree vs betweenness vs random", draw)

    bt = table[table["strategy"] == "betweenness"].iloc[1:11]
    rep.say("The first ten people betweenness-targeted arrests take, with their true roles:")
    rep.say()
    rep.table(["arrest", "person", "true role", "LCC after"],
              [[int(r.removed_total), r.key, role(r.key), f"{r.lcc_fraction:.2f}"] for r in bt.itertuples()],
              "rllr")
    rep.say()
    kp = g.key_player_set(k=5, objective="fragmentation", restarts=1, max_passes=2, seed=0)
    top5 = table[table["strategy"] == "betweenness"].iloc[1:6]
    f_top = g.fragmentation_state([(t, k) for t, k in zip(top5["type"], top5["key"])], distances=False)
    rep.say(f"Borgatti's key player set: the 5 people whose joint arrest fragments the network most "
            f"(greedy start plus swaps) reach F = {kp.attrs['value']:.3f}, against F = "
            f"{f_top['fragmentation']:.3f} for the first five betweenness arrests:")
    rep.say()
    rep.table(["person", "true role", "F lost without them"],
              [[r.key, role(r.key), f"{r.contribution:.3f}"] for r in kp.itertuples()], "llr")
    coords = set(net.coordinators)
    rep.say()
    rep.say(f"Coordinators among them: {sum(k in coords for k in kp['key'])} of 5 in the key player set, "
            f"{sum(k in coords for k in bt['key'].iloc[:5])} of the first 5 betweenness arrests "
            f"({len(coords)} coordinators in all).")
