"""Differential tests: ``Store.project`` and ``Graph.from_pandas`` against a
networkx reference built independently from the same records.

What is generated
-----------------
For every seed a random typed multigraph is ingested into a fresh store:
entity types Person, Phone, Address, Vehicle; keys are text, among them
numeric-looking ones whose leading zeros must survive ("0012" next to "12",
"007" next to "7", ...) and awkward ones ("a,b", "NaN", "NA", "null", "1e3").
Relations (one record per row, many rows per pair):

  CALLED        Phone  -> Phone    timed, weighted (durations >= 0), self-loops
  USES          Person -> Phone    untimed
  LIVES_AT      Person -> Address  untimed
  TRAVELED_WITH Person -> Person   timed, some rows without a time (NaT)
  REGISTERED    Person -> Vehicle  timed (ISO text, with a UTC offset or naive
                                   = UTC), some rows without a time ("" / None)

Some entities of every type exist only through ``ingest_entities`` (isolated),
others are named only by relations (auto-created), some are ingested twice.
Times sit on an hour grid (some with nanosecond offsets) so that records fall
exactly on and next to the window bounds; the CALLED records travel in two
batches, the second through a CSV file for odd seeds and as ISO text for even
ones.  ``Graph.from_pandas`` gets its own random edge frames: key columns of
object, string, int, integral-float or mixed dtype, optional weight and time
(with NaT) columns, ``nodes=``, ``min_weight=`` and ``node_type=``.  Every
seed is deterministic (no set-order or hash dependence).

Reference semantics (storage/projection.cpp, ``Store.project`` docstring)
------------------------------------------------------------------------
* Relation types R: ``relations`` or every relation type.  Collapse types C:
  ``collapse``.  Kept types K: ``entities`` if given; else the endpoint types
  of R's relations minus C; else every entity type minus C.
* Nodes: every entity of a type in K, isolated ones included; named
  ``(type, key)``.
* A record is considered when its type is in R and each endpoint type is in
  K or C.  It is dropped when it is timed and outside ``[since, until)``;
  untimed records always pass.
* Both endpoints kept: a direct record u->v (self-loops kept).  Otherwise it
  touches an intermediary and is expanded: u->v stands for H(u) x H(v) minus
  the pairs a == b, where H(kept x) = {x} and H(intermediary x) = the kept
  entities joined to x by a considered K-C record *that passed the time
  filter* (the C++ collects holders after the window test; a C-C record makes
  no holders).  Every expanded record keeps the weight and time of the
  record it came from.
* Aggregation per edge: ``count`` = number of records, ``sum`` = sum of
  record weights (1 for relations without a weight column), ``max`` = largest
  record weight; every edge also carries ``count`` (records behind it) and
  ``first_time`` / ``last_time`` over its timed records (None when it has
  none).  Undirected graphs merge u->v with v->u.  ``min_weight`` drops edges
  whose *aggregated* weight is below it.
* ``Graph.from_pandas``: one record per row, node keys are the cell values as
  text (integral floats lose their ".0"), ``nodes`` adds isolated nodes,
  aggregation as above.

Comparison conventions
----------------------
Node sets are compared as sets of ``(type, key)`` tuples; edges as a table
keyed by ``(u, v)`` (directed) or the sorted pair (undirected) holding
``(weight, count, first_time_ns, last_time_ns)``; weights agree to a relative
1e-9, everything else exactly.  ``g.to_networkx()`` is checked on every
graph, ``g.nodes()`` / ``g.edges()`` on the "sum" projections of even seeds and
on every from_pandas graph; ``num_nodes`` / ``num_edges`` and the record count
in ``repr(g)`` (records after expansion) are checked too.  Degrees follow
networkx (an undirected self-loop counts twice; a directed self-loop counts
once in and once out); shortest paths must be real
paths of the reference graph whose length (hops, or summed weight) equals
``nx.shortest_path_length``, and ``[]`` when the target is unreachable;
neighbourhoods must equal ``nx.ego_graph(..., undirected=True)`` (and, on
directed graphs, the out / in ego graphs) with the induced edges.

Runtime: one store per seed (a module-scoped fixture) and every projection of
that seed taken back to back in the fixture; the tests then only compare.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import timedelta, timezone

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import corridor

# ---------------------------------------------------------------- constants

SEEDS = list(range(30))
PANDAS_SEEDS = list(range(30))
AGGREGATES = ("count", "sum", "max")

ENTITY_TYPES = ("Person", "Phone", "Address", "Vehicle")
SCHEMA = {
    "CALLED": ("Phone", "Phone"),
    "USES": ("Person", "Phone"),
    "LIVES_AT": ("Person", "Address"),
    "TRAVELED_WITH": ("Person", "Person"),
    "REGISTERED": ("Person", "Vehicle"),
}
SPECIAL_KEYS = [
    "0012", "12", "007", "7", "0", "00", "000123", "123", "1e3", "1.50", "-3",
    "+49 30 1234", "Ünïcødé", "a,b", "NaN", "None", "NA", "null", "n/a", "x y", "true",
]
# Leading-zero keys and their stripped twins, always present.
FORCED_KEYS = {
    "Person": ["007", "7"], "Phone": ["0012", "12"], "Address": ["000123", "123"], "Vehicle": ["00", "0"],
}
PREFIX = {"Person": "P", "Phone": "+", "Address": "A", "Vehicle": "V"}

BASE = pd.Timestamp("2021-01-01", tz="UTC")
BASE_NS = BASE.value
HOUR = 3600 * 10**9
NAT = np.iinfo(np.int64).min
CALL_WEIGHTS = [0.0, 0.001, 0.5, 1.0, 2.0, 3.25, 10.0, 61.0, 120.5]


def at_hour(h: int) -> pd.Timestamp:
    return BASE + pd.Timedelta(hours=h)


LO, HI = 300, 700  # the window used by the specs, in hours after BASE


@dataclass(frozen=True)
class Spec:
    kwargs: dict
    since_ns: int | None = None
    until_ns: int | None = None


PLUS2 = timezone(timedelta(hours=2))
SPECS = {
    "all": Spec({}),
    "called": Spec({"relations": ["CALLED"]}),
    "called_uses_collapse_phone": Spec({"relations": ["CALLED", "USES"], "collapse": ["Phone"]}),
    "uses_lives_called_collapse_phone_address": Spec(
        {"relations": ["USES", "LIVES_AT", "CALLED"], "collapse": ["Phone", "Address"]}
    ),
    # since: a naive Timestamp (= UTC); until: text with a UTC offset
    "window": Spec(
        {"since": at_hour(LO).tz_localize(None), "until": at_hour(HI).tz_convert(PLUS2).isoformat()},
        BASE_NS + LO * HOUR, BASE_NS + HI * HOUR,
    ),
    "min_weight": Spec({"min_weight": 2.0}),
    "persons_traveled_with": Spec({"entities": ["Person"], "relations": ["TRAVELED_WITH"]}),
    "since_only_collapse_phone_min_weight": Spec(
        {"relations": ["CALLED", "USES"], "collapse": ["Phone"], "since": at_hour(LO).isoformat(),
         "min_weight": 2.0},
        BASE_NS + LO * HOUR, None,
    ),
    # REGISTERED is timed: which people hold a Vehicle depends on the window
    "window_collapse_vehicle": Spec(
        {"relations": ["REGISTERED", "TRAVELED_WITH"], "collapse": ["Vehicle"],
         "since": at_hour(LO).isoformat(), "until": at_hour(HI).isoformat()},
        BASE_NS + LO * HOUR, BASE_NS + HI * HOUR,
    ),
    # every relation type; records touching Vehicle (neither kept nor
    # collapsed) are skipped; a one-sided window
    "entities_person_address_collapse_phone_until": Spec(
        {"entities": ["Person", "Address"], "collapse": ["Phone"], "until": at_hour(HI).isoformat()},
        None, BASE_NS + HI * HOUR,
    ),
}
ANALYTIC_SPECS = ["all", "called_uses_collapse_phone"]


# ---------------------------------------------------------------- the generator

@dataclass(frozen=True)
class Rec:
    rel: str
    src: tuple[str, str]
    dst: tuple[str, str]
    time: int | None  # ns since the epoch, UTC; None = untimed
    weight: float     # 1.0 for relations without a weight column


@dataclass
class Step:
    kind: str  # "entities" | "relations"
    type: str
    frame: pd.DataFrame
    args: dict
    csv: bool = False


@dataclass
class Dataset:
    seed: int
    entities: set = field(default_factory=set)
    isolated: set = field(default_factory=set)
    records: list = field(default_factory=list)
    steps: list = field(default_factory=list)


def _key_pool(rng: random.Random, etype: str, n: int) -> list[str]:
    keys = list(FORCED_KEYS[etype]) + rng.sample(SPECIAL_KEYS, rng.randint(2, 4))
    while len(set(keys)) < n:
        if rng.random() < 0.5:
            keys.append(f"{rng.randrange(10**5):05d}")  # numeric-looking, leading zeros
        else:
            keys.append(f"{PREFIX[etype]}-{rng.randrange(1000):03d}")
    keys = list(dict.fromkeys(keys))
    rng.shuffle(keys)
    return keys


def _time(rng: random.Random, jitter: bool) -> int:
    if rng.random() < 0.15:
        h = rng.choice([LO - 1, LO, HI - 1, HI])  # on and next to the window bounds
    else:
        h = rng.randrange(1000)
    t = BASE_NS + h * HOUR
    if jitter and rng.random() < 0.25:
        t += rng.randrange(1, 10**9)  # sub-second, down to the nanosecond
    return t


def _pairs(rng, srcs, dsts, hot: int, rand: int, loops: bool) -> list[tuple[str, str]]:
    out = []
    for _ in range(hot):
        a, b = rng.choice(srcs), rng.choice(dsts)
        out += [(a, b)] * rng.randint(2, 6)
        if rng.random() < 0.5 and srcs is dsts:
            out += [(b, a)] * rng.randint(1, 3)
    for _ in range(rand):
        a, b = rng.choice(srcs), rng.choice(dsts)
        if loops and rng.random() < 0.05:
            b = a
        out.append((a, b))
    if loops and rng.random() < 0.8:
        a = rng.choice(srcs)
        out += [(a, a)] * rng.randint(1, 3)
    rng.shuffle(out)
    return out


def _ns_series(times: list[int | None], tz: bool) -> pd.Series:
    arr = np.array([NAT if t is None else t for t in times], dtype=np.int64).view("datetime64[ns]")
    s = pd.Series(arr)
    return s.dt.tz_localize("UTC") if tz else s


def _iso(t: int, rng: random.Random) -> str:
    """ISO 8601 text for t: with a UTC offset, or naive (= UTC)."""
    ts = pd.Timestamp(t, unit="ns", tz="UTC")
    minutes = rng.choice([None, 0, 120, -300, 330])
    if minutes is None:
        return ts.tz_localize(None).isoformat(sep=rng.choice(["T", " "]))
    return ts.tz_convert(timezone(timedelta(minutes=minutes))).isoformat()


def make_dataset(seed: int) -> Dataset:
    rng = random.Random(seed)
    ds = Dataset(seed)
    pools, active, isolated = {}, {}, {}
    for et, (lo, hi) in {"Person": (9, 15), "Phone": (8, 14), "Address": (5, 8), "Vehicle": (4, 7)}.items():
        keys = _key_pool(rng, et, rng.randint(lo, hi))
        n_iso = rng.randint(1, 3)
        pools[et] = keys
        active[et] = keys[n_iso:]
        isolated[et] = keys[:n_iso]
        ds.isolated |= {(et, k) for k in keys[:n_iso]}

    def add(rel, pairs, times=None, weights=None):
        st, dt = SCHEMA[rel]
        for i, (a, b) in enumerate(pairs):
            rec = Rec(rel, (st, a), (dt, b), None if times is None else times[i],
                      1.0 if weights is None else float(weights[i]))
            ds.records.append(rec)
            ds.entities |= {rec.src, rec.dst}

    people, phones = active["Person"], active["Phone"]

    # Person entities, part 1: some active people, some isolated ones.
    iso_people = isolated["Person"]
    first = rng.sample(people, len(people) // 2) + iso_people[: len(iso_people) // 2 + 1]
    ds.steps.append(Step("entities", "Person", pd.DataFrame({
        "person_id": first, "name": [f"n{i}" for i in range(len(first))],
        "age": [rng.randint(18, 80) for _ in first]}), {"key": "person_id"}))

    # USES: people sharing phones, parallel records, untimed.
    uses = []
    for p in people:
        for ph in rng.sample(phones[: rng.randint(3, len(phones))], rng.randint(0, 2)):
            uses += [(p, ph)] * rng.randint(1, 3)
    rng.shuffle(uses)
    add("USES", uses)
    ds.steps.append(Step("relations", "USES", pd.DataFrame({
        "who": [a for a, _ in uses], "phone": [b for _, b in uses],
        "note": [rng.choice(["seen", "seized", ""]) for _ in uses]}),
        {"src": ("Person", "who"), "dst": ("Phone", "phone")}))

    # CALLED: timed, weighted, parallel, both directions, self-loops; two batches.
    calls = _pairs(rng, phones, phones, rng.randint(2, 5), rng.randint(15, 45), loops=True)
    cut = rng.randint(0, len(calls))
    csv_b = seed % 2 == 1
    t_a = [_time(rng, jitter=True) for _ in calls[:cut]]
    t_b = [_time(rng, jitter=not csv_b) for _ in calls[cut:]]
    w_all = [rng.choice(CALL_WEIGHTS) for _ in calls]
    add("CALLED", calls, t_a + t_b, w_all)
    ds.steps.append(Step("relations", "CALLED", pd.DataFrame({
        "caller": [a for a, _ in calls[:cut]], "callee": [b for _, b in calls[:cut]],
        "ts": _ns_series(t_a, tz=True), "duration": w_all[:cut]}),
        {"src": ("Phone", "caller"), "dst": ("Phone", "callee"), "time": "ts", "weight": "duration"}))

    # LIVES_AT: untimed, parallel.
    lives = []
    for p in people:
        for ad in rng.sample(active["Address"], rng.randint(0, 2)):
            lives += [(p, ad)] * rng.randint(1, 2)
    rng.shuffle(lives)
    add("LIVES_AT", lives)
    ds.steps.append(Step("relations", "LIVES_AT", pd.DataFrame({
        "resident": [a for a, _ in lives], "address": [b for _, b in lives]}),
        {"src": ("Person", "resident"), "dst": ("Address", "address")}))

    # Phone entities: the isolated phones and a few active ones.
    ph_keys = isolated["Phone"] + rng.sample(phones, 2)
    ds.steps.append(Step("entities", "Phone", pd.DataFrame({
        "msisdn": ph_keys, "carrier": [rng.choice(["Tigo", "Claro"]) for _ in ph_keys]}), {"key": "msisdn"}))

    # CALLED, second batch: a CSV file for odd seeds, ISO text otherwise.
    b_frame = pd.DataFrame({
        "caller": [a for a, _ in calls[cut:]], "callee": [b for _, b in calls[cut:]],
        "ts": _ns_series(t_b, tz=True) if csv_b else [_iso(t, rng) for t in t_b],
        "duration": w_all[cut:]})
    ds.steps.append(Step("relations", "CALLED", b_frame,
                         {"src": ("Phone", "caller"), "dst": ("Phone", "callee"), "time": "ts",
                          "weight": "duration"}, csv=csv_b))

    # TRAVELED_WITH: timed (naive datetimes = UTC), some NaT.
    trav = _pairs(rng, people, people, rng.randint(1, 4), rng.randint(5, 20), loops=False)
    t_tr = [None if rng.random() < 0.25 else _time(rng, jitter=True) for _ in trav]
    t_tr[0], t_tr[-1] = None, _time(rng, jitter=True)  # always some of each
    add("TRAVELED_WITH", trav, t_tr)
    ds.steps.append(Step("relations", "TRAVELED_WITH", pd.DataFrame({
        "a": [a for a, _ in trav], "b": [b for _, b in trav], "when": _ns_series(t_tr, tz=False)}),
        {"src": ("Person", "a"), "dst": ("Person", "b"), "time": "when"}))

    # REGISTERED: timed as ISO text with offsets; missing as "" or None.
    reg = []
    for p in rng.sample(people, rng.randint(2, len(people))):
        v = rng.choice(active["Vehicle"])
        reg += [(p, v)] * rng.randint(1, 3)
    rng.shuffle(reg)
    t_reg = [None if rng.random() < 0.3 else _time(rng, jitter=False) for _ in reg]
    add("REGISTERED", reg, t_reg)
    ds.steps.append(Step("relations", "REGISTERED", pd.DataFrame({
        "owner": [a for a, _ in reg], "plate": [b for _, b in reg],
        "since": [rng.choice(["", None]) if t is None else _iso(t, rng) for t in t_reg]}, dtype=object),
        {"src": ("Person", "owner"), "dst": ("Vehicle", "plate"), "time": "since"}))

    # Address and Vehicle entities (isolated ones and a few active).
    for et, col in (("Address", "addr_id"), ("Vehicle", "plate")):
        ks = isolated[et] + rng.sample(active[et], 1)
        ds.steps.append(Step("entities", et, pd.DataFrame({col: ks, "city": ["Tapachula"] * len(ks)}),
                             {"key": col}))

    # Person entities, part 2: the remaining isolated people plus re-ingests.
    second = iso_people[len(iso_people) // 2 + 1:] + rng.sample(first, min(3, len(first)))
    ds.steps.append(Step("entities", "Person", pd.DataFrame({
        "person_id": second, "name": [f"m{i}" for i in range(len(second))]}), {"key": "person_id"}))

    # Keys of the pools that no record happened to name become isolated
    # entities too, so every pool key (the leading-zero twins included) exists.
    ds.entities |= ds.isolated
    for et, col in (("Vehicle", "vin"), ("Phone", "imei"), ("Person", "pid"), ("Address", "aid")):
        left = [k for k in pools[et] if (et, k) not in ds.entities]
        if left:
            ds.steps.append(Step("entities", et, pd.DataFrame({col: left}), {"key": col}))
            ds.isolated |= {(et, k) for k in left}
    ds.entities |= ds.isolated
    # An entity is isolated only when no record names it.
    named = {e for r in ds.records for e in (r.src, r.dst)}
    assert not (ds.isolated & named)
    return ds


def ingest(ds: Dataset, store, folder) -> None:
    for i, s in enumerate(ds.steps):
        source = f"seed{ds.seed}-step{i}-{s.type}"
        if s.kind == "entities":
            store.ingest_entities(s.frame, type=s.type, source=source, **s.args)
            continue
        data = s.frame
        if s.csv:
            data = folder / f"step{i}.csv"
            s.frame.to_csv(data, index=False)
        store.ingest_relations(data, type=s.type, source=source, **s.args)


# ---------------------------------------------------------------- the reference

def reference_records(ds: Dataset, spec: Spec, holders_ignore_window: bool = False):
    """(kept types, nodes, projected records) following projection.cpp.
    ``holders_ignore_window`` is the variant that is *not* implemented (holders
    taken from every record); the coverage test uses it to show the data can
    tell the two apart."""
    kw = spec.kwargs
    rel_types = set(kw["relations"]) if kw.get("relations") is not None else set(SCHEMA)
    collapse = set(kw.get("collapse") or ())
    if kw.get("entities") is not None:
        kept = set(kw["entities"])
    elif kw.get("relations") is not None:
        kept = {t for r in rel_types for t in SCHEMA[r]} - collapse
    else:
        kept = set(ENTITY_TYPES) - collapse
    lo, hi = spec.since_ns, spec.until_ns

    def passes(t):
        return t is None or ((lo is None or t >= lo) and (hi is None or t < hi))

    direct, pending, holders = [], [], {}
    for r in ds.records:
        if r.rel not in rel_types:
            continue
        st, dt = r.src[0], r.dst[0]
        if not ((st in kept or st in collapse) and (dt in kept or dt in collapse)):
            continue
        if holders_ignore_window and not (st in kept and dt in kept):
            if st in kept:
                holders.setdefault(r.dst, set()).add(r.src)
            if dt in kept:
                holders.setdefault(r.src, set()).add(r.dst)
        if not passes(r.time):
            continue
        if st in kept and dt in kept:
            direct.append((r.src, r.dst, r.weight, r.time))
            continue
        pending.append(r)
        if st in kept:
            holders.setdefault(r.dst, set()).add(r.src)
        if dt in kept:
            holders.setdefault(r.src, set()).add(r.dst)

    def H(x):
        return {x} if x[0] in kept else holders.get(x, set())

    records = list(direct)
    for r in pending:
        for a in H(r.src):
            for b in H(r.dst):
                if a != b:
                    records.append((a, b, r.weight, r.time))
    nodes = {e for e in ds.entities if e[0] in kept}
    return kept, nodes, records


def reference_multigraph(nodes, records, directed: bool):
    """One networkx multi-edge per record (an undirected MultiGraph merges
    u->v with v->u by itself)."""
    mg = nx.MultiDiGraph() if directed else nx.MultiGraph()
    mg.add_nodes_from(nodes)
    for a, b, w, t in records:
        mg.add_edge(a, b, weight=w, time=t)
    return mg


def reference_graph(mg, *, aggregate: str, min_weight: float | None):
    """The records of multigraph mg aggregated into a simple graph."""
    directed = mg.is_directed()
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(mg.nodes)
    floor = -math.inf if min_weight is None else min_weight
    for u, v in set(mg.edges()):
        if g.has_edge(u, v) or (not directed and g.has_edge(v, u)):
            continue
        recs = list(mg.get_edge_data(u, v).values())
        ws = [d["weight"] for d in recs]
        weight = {"count": float(len(ws)), "sum": math.fsum(ws), "max": max(ws)}[aggregate]
        times = [d["time"] for d in recs if d["time"] is not None]
        if weight < floor:
            continue
        g.add_edge(u, v, weight=weight, count=len(recs),
                   first_time=min(times) if times else None, last_time=max(times) if times else None)
    return g


# ---------------------------------------------------------------- comparing

def _ns(t) -> int | None:
    if t is None or t is pd.NaT or (isinstance(t, float) and math.isnan(t)):
        return None
    return pd.Timestamp(t).value


def _edge_key(u, v, directed):
    return (u, v) if directed else tuple(sorted((u, v)))


def table_of_nx(g) -> dict:
    tab = {}
    for u, v, d in g.edges(data=True):
        k = _edge_key(u, v, g.is_directed())
        assert k not in tab, f"edge {k} listed twice"
        tab[k] = (d["weight"], d["count"], _ns(d["first_time"]), _ns(d["last_time"]))
    return tab


def _ns_column(col: pd.Series) -> list:
    assert isinstance(col.dtype, pd.DatetimeTZDtype) and str(col.dt.tz) == "UTC", col.dtype
    ns = col.dt.as_unit("ns").to_numpy(dtype="datetime64[ns]").view(np.int64)
    return [None if missing else int(v) for v, missing in zip(ns, col.isna().to_numpy())]


def table_of_frame(g: corridor.Graph) -> dict:
    df = g.edges()
    assert list(df.columns) == ["src_type", "src_key", "dst_type", "dst_key", "weight", "count",
                                "first_time", "last_time"]
    tab = {}
    rows = zip(df["src_type"], df["src_key"], df["dst_type"], df["dst_key"], df["weight"].tolist(),
               df["count"].tolist(), _ns_column(df["first_time"]), _ns_column(df["last_time"]))
    for st, sk, dt, dk, w, c, f, l in rows:
        k = _edge_key((st, sk), (dt, dk), g.directed)
        assert k not in tab, f"edge {k} listed twice in g.edges()"
        tab[k] = (w, c, f, l)
    return tab


def assert_same_tables(expected: dict, got: dict, what: str = "") -> None:
    missing = sorted(set(expected) - set(got), key=repr)
    extra = sorted(set(got) - set(expected), key=repr)
    assert not missing and not extra, (
        f"{what}edge sets differ: missing {missing[:8]} ({len(missing)}), extra {extra[:8]} ({len(extra)}); "
        f"extra values {[got[k] for k in extra[:8]]}"
    )
    for k, (w, c, f, l) in expected.items():
        gw, gc, gf, gl = got[k]
        assert math.isclose(gw, w, rel_tol=1e-9, abs_tol=1e-12), f"{what}{k}: weight {gw} != {w}"
        assert (gc, gf, gl) == (c, f, l), f"{what}{k}: (count, first, last) {(gc, gf, gl)} != {(c, f, l)}"


def assert_graph_matches(g: corridor.Graph, ref, what: str = "", frame: bool = True) -> None:
    """g equals the reference graph: nodes, edges and edge values, through
    to_networkx() and (frame=True) through nodes() / edges()."""
    assert g.directed == ref.is_directed()
    via_nx = g.to_networkx()
    got_nodes, want_nodes = set(via_nx.nodes), set(ref.nodes)
    assert got_nodes == want_nodes, (
        f"{what}nodes differ: missing {sorted(want_nodes - got_nodes)[:8]}, "
        f"extra {sorted(got_nodes - want_nodes)[:8]}"
    )
    assert g.num_nodes == len(want_nodes), f"{what}a (type, key) names two nodes"
    expected = table_of_nx(ref)
    assert_same_tables(expected, table_of_nx(via_nx), what + "to_networkx: ")
    assert g.num_edges == len(expected), f"{what}num_edges {g.num_edges} != {len(expected)}"
    if frame:
        nodes = g.nodes()
        assert set(zip(nodes["type"], nodes["key"])) == want_nodes and len(nodes) == len(want_nodes)
        assert_same_tables(expected, table_of_frame(g), what + "edges(): ")


# ---------------------------------------------------------------- fixtures

def _attempt(fn):
    try:
        return fn()
    except Exception as e:  # re-raised by the test that needs this result
        return e


def _result(value):
    if isinstance(value, Exception):
        raise value
    return value


@dataclass
class World:
    ds: Dataset
    store: corridor.Store
    graphs: dict  # (spec name, directed, aggregate) -> Graph (or the exception project raised)
    ingest_error: Exception | None = None
    references: dict = field(default_factory=dict)  # spec name -> reference_records(...)
    multigraphs: dict = field(default_factory=dict)  # (spec name, directed) -> reference_multigraph(...)


@pytest.fixture(scope="module", params=SEEDS, ids=[f"seed{s}" for s in SEEDS])
def world(request, tmp_path_factory):
    """One seed's dataset in a fresh store, and every projection the tests
    check, taken back to back (an earlier build_csr paid ~15 ms to wake its
    OpenMP team for each projection made between other work; projecting up
    front keeps this file's runtime independent of that)."""
    ds = make_dataset(request.param)
    folder = tmp_path_factory.mktemp(f"seed{request.param}")
    store = corridor.open(folder / "s")
    try:
        ingest(ds, store, folder)
    except Exception as e:  # reported in full once, by test_store_holds_the_generated_records
        yield World(ds, store, {}, ingest_error=e)
        store.close()
        return
    graphs = {
        (name, directed, aggregate): _attempt(
            lambda: store.project(**spec.kwargs, directed=directed, aggregate=aggregate))
        for name, spec in SPECS.items() for directed in (False, True) for aggregate in AGGREGATES
    }
    yield World(ds, store, graphs)
    store.close()


def check_ingested(world: World) -> None:
    if world.ingest_error is not None:
        e = world.ingest_error
        pytest.fail(f"seed {world.ds.seed}: ingest failed ({type(e).__name__}: {e}); "
                    "see test_store_holds_the_generated_records", pytrace=False)


def project_both(world: World, spec_name, directed, aggregate):
    check_ingested(world)
    spec = SPECS[spec_name]
    g = _result(world.graphs[(spec_name, directed, aggregate)])
    if spec_name not in world.references:
        world.references[spec_name] = reference_records(world.ds, spec)
    kept, nodes, records = world.references[spec_name]
    if (spec_name, directed) not in world.multigraphs:
        world.multigraphs[(spec_name, directed)] = reference_multigraph(nodes, records, directed)
    ref = reference_graph(world.multigraphs[(spec_name, directed)], aggregate=aggregate,
                          min_weight=spec.kwargs.get("min_weight"))
    return g, ref, kept


# ---------------------------------------------------------------- store.project

def test_store_holds_the_generated_records(world):
    if world.ingest_error is not None:
        raise world.ingest_error
    ds, store = world.ds, world.store
    st = store.stats()
    assert st["num_entities"] == len(ds.entities)
    assert st["num_relations"] == len(ds.records)
    by_rel = {}
    for r in ds.records:
        by_rel[r.rel] = by_rel.get(r.rel, 0) + 1
    assert {k: v for k, v in st["relations"].items() if v} == by_rel
    for et in ENTITY_TYPES:
        assert st["entities"][et] == sum(1 for t, _ in ds.entities if t == et)
    # the generator exercises what it promises
    for et, keys in FORCED_KEYS.items():
        for k in keys:
            e = store.entity((et, k))
            assert e is not None and e["key"] == k
    assert {t for t, _ in ds.isolated} == set(ENTITY_TYPES)
    pairs = [(r.rel, r.src, r.dst) for r in ds.records]
    assert len(set(pairs)) < len(pairs), "no parallel records"
    assert any(r.rel == "TRAVELED_WITH" and r.time is None for r in ds.records)
    assert any(r.rel == "TRAVELED_WITH" and r.time is not None for r in ds.records)


def test_generator_covers_self_loops_and_boundaries():
    datasets = [make_dataset(s) for s in SEEDS]
    loops = sum(any(r.rel == "CALLED" and r.src == r.dst for r in ds.records) for ds in datasets)
    assert loops >= len(SEEDS) // 2
    on_bound = sum(
        any(r.time in (BASE_NS + LO * HOUR, BASE_NS + HI * HOUR) for r in ds.records) for ds in datasets
    )
    assert on_bound >= len(SEEDS) // 2
    shared = 0
    for ds in datasets:
        users = {}
        for r in ds.records:
            if r.rel == "USES":
                users.setdefault(r.dst, set()).add(r.src)
        shared += any(len(u) > 1 for u in users.values())
    assert shared >= len(SEEDS) // 2
    # Holders come from the records inside the window only: the data must be
    # able to tell that apart from holders taken from every record.
    spec = SPECS["window_collapse_vehicle"]
    differ = sum(
        sorted(reference_records(ds, spec)[2], key=repr)
        != sorted(reference_records(ds, spec, holders_ignore_window=True)[2], key=repr)
        for ds in datasets
    )
    assert differ >= len(SEEDS) // 3, differ


@pytest.mark.parametrize("aggregate", AGGREGATES)
@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("spec_name", list(SPECS))
def test_project_matches_networkx_reference(world, spec_name, directed, aggregate):
    g, ref, kept = project_both(world, spec_name, directed, aggregate)
    assert set(g.types) == kept
    # the records behind the edges, after expansion through intermediaries
    records = world.references[spec_name][2]
    assert f"from {len(records):,} records>" in repr(g)
    # to_networkx() is checked on every projection; g.nodes() / g.edges() on
    # the "sum" projections of even seeds (the frames cost ~8 ms each).
    assert_graph_matches(g, ref, frame=aggregate == "sum" and world.ds.seed % 2 == 0)


# ---------------------------------------------------------------- analytics on projections

def check_degree(g: corridor.Graph, ref) -> None:
    if ref.is_directed():
        views = {"out": ref.out_degree, "in": ref.in_degree, "both": ref.degree}
    else:
        views = {"both": ref.degree}
    for direction, view in views.items():
        for weighted in (False, True):
            df = g.degree(direction=direction, weighted=weighted)
            got = dict(zip(zip(df["type"], df["key"]), df["score"]))
            want = dict(view(weight="weight" if weighted else None))
            assert set(got) == set(want)
            for n, w in want.items():
                assert math.isclose(got[n], w, rel_tol=1e-9, abs_tol=1e-12), (
                    direction, weighted, n, got[n], w)
            scores = df["score"].to_numpy()
            ranks = df["rank"].to_numpy()
            assert all(ranks[i] == 1 + int(np.sum(scores > scores[i])) for i in range(len(scores)))
            assert list(ranks) == sorted(ranks)


def check_shortest_paths(g: corridor.Graph, ref, rng: random.Random) -> None:
    nodes = sorted(ref.nodes)
    if not nodes:
        return
    linked = sorted({n for e in ref.edges for n in e})
    pairs = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(3)]
    if linked:
        pairs += [(rng.choice(linked), rng.choice(linked)) for _ in range(4)]
        a = rng.choice(linked)
        pairs.append((a, a))
    for a, b in pairs:
        for weighted in (False, True):
            path = g.shortest_path(a, b, weighted=weighted)
            if not nx.has_path(ref, a, b):
                assert path == [], (a, b, weighted, path)
                continue
            assert path and path[0] == a and path[-1] == b, (a, b, path)
            assert all(ref.has_edge(u, v) for u, v in zip(path, path[1:])), f"not a path: {path}"
            if weighted:
                want = nx.shortest_path_length(ref, a, b, weight="weight")
                length = math.fsum(ref[u][v]["weight"] for u, v in zip(path, path[1:]))
                assert math.isclose(length, want, rel_tol=1e-9, abs_tol=1e-12), (a, b, path, length, want)
            else:
                assert len(path) - 1 == nx.shortest_path_length(ref, a, b), (a, b, path)


def check_neighborhoods(g: corridor.Graph, ref, rng: random.Random) -> None:
    nodes = sorted(ref.nodes)
    if not nodes:
        return
    linked = sorted({n for e in ref.edges for n in e}) or nodes
    centers = [rng.choice(linked), rng.choice(nodes)]
    directions = ["both", "out", "in"] if ref.is_directed() else ["both"]
    for c in centers:
        for hops in (0, 1, 2):
            for direction in directions if hops else ["both"]:
                if direction == "both":
                    want = set(nx.ego_graph(ref, c, radius=hops, undirected=True).nodes)
                elif direction == "out":
                    want = set(nx.ego_graph(ref, c, radius=hops).nodes)
                else:
                    want = set(nx.ego_graph(ref.reverse(copy=False), c, radius=hops).nodes)
                sub = g.neighborhood(c, hops=hops, direction=direction)
                assert_graph_matches(sub, ref.subgraph(want), f"neighborhood({c}, {hops}, {direction}): ",
                                     frame=False)


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("spec_name", ANALYTIC_SPECS)
def test_degree_matches_networkx(world, spec_name, directed):
    aggregate = AGGREGATES[world.ds.seed % 3]
    g, ref, _ = project_both(world, spec_name, directed, aggregate)
    check_degree(g, ref)


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("spec_name", ANALYTIC_SPECS)
def test_shortest_path_matches_networkx(world, spec_name, directed):
    ds = world.ds
    g, ref, _ = project_both(world, spec_name, directed, AGGREGATES[(ds.seed + 1) % 3])
    check_shortest_paths(g, ref, random.Random(ds.seed * 7919 + directed))


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("spec_name", ANALYTIC_SPECS)
def test_neighborhood_matches_networkx(world, spec_name, directed):
    ds = world.ds
    g, ref, _ = project_both(world, spec_name, directed, AGGREGATES[(ds.seed + 2) % 3])
    check_neighborhoods(g, ref, random.Random(ds.seed * 104729 + directed))


# ---------------------------------------------------------------- Graph.from_pandas

@dataclass
class EdgeFrame:
    frame: pd.DataFrame
    kwargs: dict
    node_type: str
    nodes: set      # reference node names
    records: list   # reference records (u, v, weight, time)


def _column(rng: random.Random, n: int, kind: str):
    """n key cells of one kind and their expected text."""
    texts = ["0012", "12", "7", "007", "0", "x y", "a,b", "Ünïcødé", "42", "042", "NaN", "None", "NA"]
    ints = [12, 7, 0, 42, 3, 100, 5]
    if kind in ("object", "str"):  # object dtype, or pandas' own string dtype
        vals = [rng.choice(texts) for _ in range(n)]
        return pd.Series(vals, dtype=kind), [str(v) for v in vals]
    if kind == "int":
        vals = [rng.choice(ints) for _ in range(n)]
        return pd.Series(vals, dtype=np.int64), [str(v) for v in vals]
    if kind == "float":  # integral floats, as a key column with gaps reads
        vals = [float(rng.choice(ints)) for _ in range(n)]
        return pd.Series(vals, dtype=np.float64), [str(int(v)) for v in vals]
    vals = [rng.choice(texts) if rng.random() < 0.5 else rng.choice(ints) for _ in range(n)]
    return pd.Series(vals, dtype=object), [str(v) for v in vals]


def make_edge_frame(seed: int) -> EdgeFrame:
    rng = random.Random(100_000 + seed)
    n = 0 if seed == 3 else rng.randint(1, 70)
    kinds = ["object", "str", "int", "float", "mixed"]
    src, src_keys = _column(rng, n, rng.choice(kinds))
    dst, dst_keys = _column(rng, n, rng.choice(kinds))
    frame = pd.DataFrame({"caller": src, "callee": dst})
    # parallel records: repeat some rows
    if n:
        idx = list(range(n)) + [rng.randrange(n) for _ in range(rng.randint(0, n))]
        rng.shuffle(idx)
        frame = frame.iloc[idx].reset_index(drop=True)
        src_keys = [src_keys[i] for i in idx]
        dst_keys = [dst_keys[i] for i in idx]
    m = len(frame)
    kwargs = {}
    weights = [1.0] * m
    if rng.random() < 0.7:
        weights = [rng.choice(CALL_WEIGHTS) for _ in range(m)]
        frame["dur"] = np.array(weights, dtype=float)
        kwargs["weight"] = "dur"
    times = [None] * m
    if rng.random() < 0.7:
        times = [None if rng.random() < 0.2 else _time(rng, jitter=True) for _ in range(m)]
        frame["ts"] = _ns_series(times, tz=rng.random() < 0.5)
        kwargs["time"] = "ts"
    frame["note"] = ["x"] * m  # an extra column is ignored
    if rng.random() < 0.4:
        kwargs["min_weight"] = 2.0
    node_type = rng.choice(["node", "Phone"])
    if node_type != "node":
        kwargs["node_type"] = node_type
    extra = []
    if rng.random() < 0.7:
        extra = [rng.choice(["iso-1", "0099", "99", "12", 99, 7]) for _ in range(rng.randint(1, 4))]
        kwargs["nodes"] = extra
    nodes = {(node_type, k) for k in src_keys + dst_keys + [str(x) for x in extra]}
    records = [((node_type, a), (node_type, b), w, t)
               for a, b, w, t in zip(src_keys, dst_keys, weights, times)]
    return EdgeFrame(frame, kwargs, node_type, nodes, records)


@pytest.fixture(scope="module")
def pandas_graphs():
    """Every from_pandas graph the tests check, built back to back (see
    ``world``): (seed, directed, aggregate) -> (EdgeFrame, Graph or exception)."""
    frames = {s: make_edge_frame(s) for s in PANDAS_SEEDS}
    return {
        (s, d, a): (ef, _attempt(lambda: corridor.Graph.from_pandas(
            ef.frame, "caller", "callee", directed=d, aggregate=a, **ef.kwargs)))
        for s, ef in frames.items() for d in (False, True) for a in AGGREGATES
    }


def from_pandas_both(pandas_graphs, seed, directed, aggregate):
    ef, g = pandas_graphs[(seed, directed, aggregate)]
    g = _result(g)
    ref = reference_graph(reference_multigraph(ef.nodes, ef.records, directed), aggregate=aggregate,
                          min_weight=ef.kwargs.get("min_weight"))
    return g, ref, ef


@pytest.mark.parametrize("aggregate", AGGREGATES)
@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("seed", PANDAS_SEEDS)
def test_from_pandas_matches_networkx_reference(pandas_graphs, seed, directed, aggregate):
    g, ref, ef = from_pandas_both(pandas_graphs, seed, directed, aggregate)
    assert g.types == [ef.node_type]
    assert_graph_matches(g, ref)


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("seed", PANDAS_SEEDS[:15])
def test_from_pandas_analytics_match_networkx(pandas_graphs, seed, directed):
    g, ref, _ = from_pandas_both(pandas_graphs, seed, directed, AGGREGATES[seed % 3])
    check_degree(g, ref)
    check_shortest_paths(g, ref, random.Random(seed))
    check_neighborhoods(g, ref, random.Random(seed + 1))
    assert g.num_nodes == ref.number_of_nodes()


# ---------------------------------------------------------------- many blocks

@pytest.mark.parametrize("seed", SEEDS[:4])
def test_project_from_many_small_blocks(seed, tmp_path, monkeypatch):
    """Ingest in chunks of 3 rows, so every call stores many relation blocks:
    the projection reads them in parallel, each into its own stretch of the
    record array, and closes the gaps a time window leaves. Every spec must
    still equal the reference (and so the one-block store)."""
    from corridor import _ingest

    monkeypatch.setattr(_ingest, "CHUNK_ROWS", 3)
    ds = make_dataset(seed)
    with corridor.open(tmp_path / "s") as store:
        ingest(ds, store, tmp_path)
        for name, spec in SPECS.items():
            kept, nodes, records = reference_records(ds, spec)
            for directed in (False, True):
                mg = reference_multigraph(nodes, records, directed)
                for aggregate in AGGREGATES:
                    g = store.project(**spec.kwargs, directed=directed, aggregate=aggregate)
                    ref = reference_graph(mg, aggregate=aggregate, min_weight=spec.kwargs.get("min_weight"))
                    assert_graph_matches(g, ref, what=f"{name} directed={directed} {aggregate}", frame=False)
