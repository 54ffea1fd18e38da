"""Real criminal and covert networks shipped with corridor.

Each network comes from a public repository, copied unchanged into
``corridor/data/networks/<folder>/`` beside its attribution: a ``SOURCE.txt``
(repository, commit, path, licence, paper, node and edge counts, with a
"corridor packaging" note at the end) and the licence text where the source
states one. Several sources state no licence; they are shipped with full
attribution and the note "no licence stated by the source; cite the paper".
:func:`list_networks` shows every network's licence status.

>>> from corridor import _networks as nets
>>> nets.list_networks()[["name", "nodes", "edges"]].head(2)   # doctest: +SKIP
>>> net = nets.load("montagna_meetings")
>>> net.graph()                                                 # doctest: +SKIP
<corridor.Graph undirected: 101 nodes (101 Person), 256 edges from 256 records>

**Records are raw.** ``Network.relations`` keeps one record per input line of
an edge-list file, in file order, duplicates included (Montagna lists 33
meeting pairs twice), and one record per non-zero cell of an adjacency-matrix
file, row by row, so a symmetric matrix gives each tie twice (once per
orientation), as the DF and JJATT files also list them. Every relation has a
``file`` (the shipped file it comes from, relative to the data folder) and a
``line`` (1-based line of that file; the header is line 1 when there is one).
:meth:`Network.graph` turns the records into the graph the published counts
describe; each network's ``description`` says how.

The records are read with :mod:`importlib.resources`, so this works from an
installed wheel.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable

import numpy as np
import pandas as pd

NO_LICENCE = "no licence stated by the source; cite the paper"

_COREnets = "GPL-2 (COREnets R package; licence text COREnets_LICENSE_GPL2.txt beside the data)"
_DF = ("SNAnalyst/DF R package: DESCRIPTION says 'MIT + file LICENSE' but the LICENSE file holds the GPL-3 "
       "text (DF_LICENSE.txt beside the data); treat as GPL-3 unless the authors say otherwise")
_NETWORKDATA = "MIT (schochastics/networkdata R package; licence text networkdata_LICENSE.md beside the data)"

_MORSELLI = "Morselli, C. (2009) Inside Criminal Networks. New York: Springer."
_CAVALLARO = ("Cavallaro, L., Ficara, A., De Meo, P., Fiumara, G., Catanese, S., Bagdasar, O., Song, W., "
              "Liotta, A. (2020) Disrupting resilient criminal networks through data analysis: the case of "
              "Sicilian Mafia. PLOS ONE 15(8): e0236476. doi:10.1371/journal.pone.0236476")
_BERLUSCONI = ("Berlusconi, G., Calderoni, F., Parolini, N., Verani, M., Piccardi, C. (2016) Link prediction "
               "in criminal networks: a tool for criminal intelligence analysis. PLOS ONE 11(4): e0154244. "
               "doi:10.1371/journal.pone.0154244. Data: figshare doi:10.6084/m9.figshare.3156067")
_JIMENEZ = ("Jimenez-Salinas Framis, A. (2011) Illegal networks or criminal organizations: power, roles and "
            "facilitators in four cocaine trafficking structures. Third Annual Illicit Networks Workshop, "
            "Montreal.")
_MCMACDONALD = "github.com/mcmacdonald/criminal-networks @39a23138d0c02e1b79a2e67a84eaedf0631ec6df"
_CORENETS = "github.com/NPSCORELAB/COREnets @d9afbce75a5ca038e8509fe934df2cebba726e35"
_DF_REPO = "github.com/SNAnalyst/DF @522d711378c341fafa785f8f4bccc038993dff27"
_NETWORKDATA_REPO = "github.com/schochastics/networkdata @8e4994bc261654d040b8438a6568c6087db9dc60"

# CAVIAR: the sources say only that the 11 phases are roughly two-month
# periods of the 1994-1996 investigation. Phase k is stamped
# 1994-01-01 + 2(k-1) months: an ordinal stand-in, not a real date.
CAVIAR_EPOCH = pd.Timestamp("1994-01-01", tz="UTC")


def caviar_phase_time(phase: int) -> pd.Timestamp:
    """The stand-in timestamp of CAVIAR phase ``phase`` (1..11):
    1994-01-01 plus two months per phase after the first. Ordinal only; the
    real dates of the phases are not in the data."""
    if not 1 <= int(phase) <= 11:
        raise ValueError(f"phase: 1..11, not {phase!r}")
    return CAVIAR_EPOCH + pd.DateOffset(months=2 * (int(phase) - 1))


@dataclass(repr=False)
class Network:
    """One real network: entity and relation records, plus attribution.

    ``entities``: columns ``key``, ``type`` and node attributes (isolated
    nodes included). ``relations``: columns ``src``, ``dst``, ``type``,
    ``weight`` and ``time`` where the data has them, other edge attributes,
    and ``file`` / ``line`` naming the shipped file and line each record
    comes from.
    """

    name: str
    entities: pd.DataFrame
    relations: pd.DataFrame
    directed: bool
    description: str
    citation: str
    licence: str
    node_type: str = "Person"
    weighted: bool = False
    aggregate: str = "max"           # how graph() merges parallel records: "last", "sum", "max", "count"
    entity_source: str = ""          # entities batch name: node file, or "entities derived (...)"
    folder: str = ""
    projection: str | None = None    # two-mode networks: the entity type graph() projects through

    def __repr__(self) -> str:
        return (f"<corridor Network {self.name!r}: {len(self.entities)} entities, "
                f"{len(self.relations)} relation records, {'directed' if self.directed else 'undirected'}>")

    # ------------------------------------------------------------ graph
    def graph(self, *, types=None, where: dict | None = None, loops: bool = False, isolates: bool = True,
              **kw):
        """The network as a :class:`corridor.Graph`, built the way its
        published counts are defined (see ``description``).

        - ``types``: relation types to keep (default all).
        - ``where``: ``{column: value or list of values}`` filters on
          relation columns, e.g. ``{"phase": 7}`` or ``{"year": 2016}``.
        - ``loops``: keep self-loops (default no; only the transnational
          lists and one Noordin classmates cell have any).
        - ``isolates``: add every entity of the node type as a node, linked
          or not (default yes; use ``False`` with ``where`` to get only the
          nodes of, say, one CAVIAR phase).
        - other keywords go to :meth:`corridor.Graph.from_pandas` and
          override the defaults (``directed``, ``weight``, ``time``,
          ``aggregate``, ``min_weight``, ``node_type``). The default
          aggregate is the network's own: Montagna keeps the last weight
          read for a pair (``"last"``, as the authors' code), count data sum,
          coded tie strengths take the maximum.
        """
        from ._graph import Graph

        rel = self._records(types, where)
        if not loops:
            rel = rel[rel["src"] != rel["dst"]]
        opts = {
            "directed": self.directed,
            "node_type": self.node_type,
            "weight": "weight" if "weight" in rel.columns else None,
            "time": "time" if "time" in rel.columns else None,
            "aggregate": self.aggregate,
        }
        opts.update(kw)
        if opts["aggregate"] == "last":
            rel = _last_per_pair(rel, opts["directed"])
            opts["aggregate"] = "sum"   # one record per pair now: any aggregate gives its weight
        nodes = None
        if isolates:
            nodes = self.entities.loc[self.entities["type"] == opts["node_type"], "key"].tolist()
        return Graph.from_pandas(rel.reset_index(drop=True), "src", "dst", nodes=nodes, **opts)

    def _records(self, types=None, where=None) -> pd.DataFrame:
        rel = self.relations
        if self.projection is not None:
            rel = self._projected(rel)
        if types is not None:
            types = [types] if isinstance(types, str) else list(types)
            unknown = sorted(set(types) - set(rel["type"]))
            if unknown:
                raise ValueError(f"types: {unknown} not in {sorted(set(rel['type']))}")
            rel = rel[rel["type"].isin(types)]
        for col, val in (where or {}).items():
            if col not in rel.columns:
                raise ValueError(f"where: no relation column {col!r} (columns: {list(rel.columns)})")
            vals = val if isinstance(val, (list, tuple, set)) else [val]
            rel = rel[rel[col].isin(list(vals))]
        return rel

    def _projected(self, rel: pd.DataFrame) -> pd.DataFrame:
        """Two-mode records (person ATTENDED summit) as one-mode records:
        one per pair of people at the same event, stamped with its time."""
        out = []
        for via, part in rel.groupby("dst", sort=False):
            people = part["src"].tolist()
            t = part["time"].iloc[0] if "time" in part.columns else None
            for i, a in enumerate(people):
                for b in people[i + 1:]:
                    out.append((a, b, f"CO_{part['type'].iloc[0]}", via, t))
        cols = ["src", "dst", "type", self.projection.lower(), "time"]
        df = pd.DataFrame(out, columns=cols)
        df["time"] = pd.to_datetime(df["time"], utc=True)
        return df

    # ------------------------------------------------------------ ingest
    def ingest(self, store, source: str | None = None, progress: bool = False) -> list[dict]:
        """Ingests the entities, then the relations, into ``store``.

        Each batch is named after the shipped file its records come from
        (``"montagna/Montagna_meetings_edgelist.csv"``), prefixed with
        ``source + "/"`` when given, so provenance names the real file. For
        edge-list files provenance's ``row`` is the record's data row in that
        file (0 = first line after any header), for matrices the position of
        the non-zero cell row by row; every relation also keeps its ``line``
        (1-based line in the file) as a property. Entity batches are named
        after the node file when the entity records are its rows in order
        (a matrix's row labels, a nodes/labels/attributes file), otherwise
        ``"entities derived (...)"`` says where the keys come from and the
        row is the position in ``entities``. Returns the batch summaries.

        Keys are the files' own ids ("0", "V1", names), so two networks
        ingested into one store can share keys of the same entity type
        (Montagna's "0" and the Mexico network's "0"): ingest one network
        per store, or rename the keys first.
        """
        def name(file):
            return f"{source}/{file}" if source else file

        summaries = []
        for etype, part in self.entities.groupby("type", sort=False):
            part = part.drop(columns="type").dropna(axis=1, how="all")  # e.g. Summit's date on Persons
            summaries.append(store.ingest_entities(
                part.reset_index(drop=True), type=etype, key="key",
                source=name(self.entity_source), progress=progress))
        kind = dict(zip(self.entities["key"], self.entities["type"]))
        rel = self.relations
        # contiguous runs of one file and one relation type, in file order
        run = (rel["file"] != rel["file"].shift()) | (rel["type"] != rel["type"].shift())
        for _, part in rel.groupby(run.cumsum(), sort=True):
            file, rtype = part["file"].iloc[0], part["type"].iloc[0]
            data = part.drop(columns=["file", "type"]).reset_index(drop=True)
            st = {kind[k] for k in data["src"]}
            dt = {kind[k] for k in data["dst"]}
            if len(st) != 1 or len(dt) != 1:  # never with the shipped data
                raise ValueError(f"{file}: mixed endpoint types {st} -> {dt}")
            summaries.append(store.ingest_relations(
                data, type=rtype, src=(st.pop(), "src"), dst=(dt.pop(), "dst"),
                time="time" if "time" in data.columns else None,
                weight="weight" if "weight" in data.columns else None,
                source=name(file), progress=progress))
        return summaries


def _last_per_pair(rel: pd.DataFrame, directed: bool) -> pd.DataFrame:
    a, b = rel["src"].astype(str), rel["dst"].astype(str)
    if directed:
        key = a + "\x00" + b
    else:
        key = np.where(a <= b, a + "\x00" + b, b + "\x00" + a)
    return rel[~pd.Series(key, index=rel.index).duplicated(keep="last")]


# ---------------------------------------------------------------- reading

def _root():
    # one name per joinpath: Traversable.joinpath takes a single name before Python 3.11
    return resources.files("corridor").joinpath("data").joinpath("networks")


def _text(path: str) -> str:
    """A shipped file as text (UTF-8, byte-order mark dropped)."""
    node = _root()
    for part in path.split("/"):
        node = node.joinpath(part)
    return node.read_bytes().decode("utf-8-sig")


def _rows(path: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(_text(path), newline=""), delimiter=delimiter))


def _number(v: str):
    f = float(v)
    return int(f) if f.is_integer() else f


def _frame(records, columns, file, weight=True):
    df = pd.DataFrame(records, columns=columns)
    if "weight" in df.columns:
        df["weight"] = df["weight"].astype(float)
        if not weight:
            df = df.drop(columns="weight")
    df["file"] = file
    return df


def _matrix(path: str, rtype: str, *, size: int | None = None, weight: bool = True):
    """An adjacency-matrix CSV (header row of labels, label column): the
    row labels, in file order, and one record per non-zero cell, row by row.
    Column j is the node of row j (the Noordin sheets have typos in a few
    header labels, so labels are matched by position, as COREnets does)."""
    rows = _rows(path)
    header, body = rows[0][1:], [r for r in rows[1:] if r and r[0].strip()]
    n = size or len(body)
    body = body[:n]
    labels = [r[0] for r in body]
    if size is None and [h for h in header if h] != labels:
        raise ValueError(f"{path}: the column labels are not the row labels")
    recs = []
    for i, r in enumerate(body):
        for j, v in enumerate(r[1:n + 1]):
            v = v.strip()
            if v and float(v) != 0:
                recs.append((labels[i], labels[j], rtype, _number(v), i + 2))
    rel = _frame(recs, ["src", "dst", "type", "weight", "line"], path, weight)
    return labels, rel


def _entities(keys, etype, attrs: pd.DataFrame | None = None) -> pd.DataFrame:
    ent = pd.DataFrame({"key": [str(k) for k in keys], "type": etype})
    if attrs is not None:
        ent = ent.merge(attrs, how="left", left_on="key", right_index=True)
    return ent


def _derived(what: str) -> str:
    """The batch name of an entity table that is not one file's rows in
    order (provenance's row is then the position in Network.entities)."""
    return f"entities derived ({what})"


def _snake(s: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", s.strip().lower().replace("'", "")).strip("_")


# ---------------------------------------------------------------- readers

def _read_montagna(kind: str):
    file = f"montagna/Montagna_{kind}_edgelist.csv"
    recs = [(r[0], r[1], "MET" if kind == "meetings" else "CALLED", float(r[2]), i + 1)
            for i, r in enumerate(_rows(file, "\t")) if r]
    rel = _frame(recs, ["src", "dst", "type", "weight", "line"], file)
    roles = pd.read_csv(io.StringIO(_text("montagna/Montagna_Roles.csv")), dtype=str, keep_default_na=False)
    roles.index = roles["Node"].str.removeprefix("N")
    roles = roles.drop(columns="Node").rename(columns=str.lower)
    roles = roles.apply(lambda c: c.str.strip().replace("", None))
    keys = pd.unique(pd.concat([rel["src"], rel["dst"]]))
    keys = sorted(keys, key=int)
    return (_entities(keys, "Person", roles), rel,
            _derived(f"keys from {file}, attributes from montagna/Montagna_Roles.csv"))


def _read_caviar():
    rels, keys = [], []
    for k in range(1, 12):
        labels, rel = _matrix(f"caviar/phases/phase{k}.csv", "COMMUNICATED")
        rel.insert(4, "phase", k)
        rel.insert(4, "time", caviar_phase_time(k))
        rels.append(rel)
        keys += labels
    keys = sorted(pd.unique(pd.Series(keys)), key=int)
    return (_entities(keys, "Person"), pd.concat(rels, ignore_index=True),
            _derived("keys from caviar/phases/phase1.csv .. phase11.csv"))


def _read_caviar_aggregate():
    labels, rel = _matrix("caviar/aggregate/morselli_caviar.csv", "COMMUNICATED")
    return _entities(labels, "Person"), rel, "caviar/aggregate/morselli_caviar.csv"


def _read_edge_export(folder: str, stem: str, rtype: str, node_type: str = "Person"):
    """An igraph export (nodes.csv: id, name, attributes; edges.csv: from,
    to, from_name, to_name): names are the keys."""
    nodes = pd.read_csv(io.StringIO(_text(f"{folder}/{stem}_nodes.csv")), dtype={"name": str})
    efile = f"{folder}/{stem}_edges.csv"
    edges = pd.read_csv(io.StringIO(_text(efile)), dtype={"from_name": str, "to_name": str})
    rel = pd.DataFrame({"src": edges["from_name"], "dst": edges["to_name"], "type": rtype,
                        "line": np.arange(len(edges)) + 2, "file": efile})
    attrs = nodes.drop(columns="id").set_index("name")
    return _entities(nodes["name"], node_type, attrs), rel, f"{folder}/{stem}_nodes.csv"


def _read_oversize(stage: str):
    rtype = {"WR": "WIRETAP", "AW": "ARREST_WARRANT", "JU": "JUDGMENT"}[stage]
    ent, rel, src = _read_edge_export("oversize", f"Oversize_mafia_oversize_{stage}", rtype)
    return ent, rel, src


def _read_hijackers(which: int):
    ent, rel, src = _read_edge_export("hijackers_911", f"Hijackers_911_{which}",
                                      "ASSOCIATE" if which == 1 else "PRIOR_CONTACT")
    if "hijacker" in ent.columns:  # 0/1 in the file, 19 ones
        ent["hijacker"] = ent["hijacker"].map({0: False, 1: True}).astype(bool)
    return ent.drop(columns=["flight_color"]), rel, src


def _read_mali():
    return _read_edge_export("mali", "covert_31", "TIE")


def _simple_matrix(path: str, rtype: str = "TIE", weight: bool = True, node_type: str = "Person",
                   attrs_file: str | None = None):
    def reader():
        labels, rel = _matrix(path, rtype, weight=weight)
        attrs = None
        if attrs_file:
            attrs = pd.read_csv(io.StringIO(_text(attrs_file)), index_col=0)
            attrs.index = attrs.index.astype(str)
            attrs.columns = [_snake(c) for c in attrs.columns]
        return _entities(labels, node_type, attrs), rel, path
    return reader


NOORDIN_SHEETS = {
    "COMMUNICATION": "3_Communication_Ties",
    "FRIENDSHIP": "8_Friendship_Ties",
    "CLASSMATES": "2b_Classmates",
    "KINSHIP": "4_Kinship_Ties",
    "SOULMATES": "9b_Soulmates",
}


def _read_noordin():
    afile = "noordin_top/sheets_csv/13_Attributes.csv"
    attrs = pd.read_csv(io.StringIO(_text(afile)), index_col=0)
    attrs = attrs[attrs.index.notna()]
    attrs.columns = [_snake(c) for c in attrs.columns]
    attrs = attrs.astype("Int64")
    rels = []
    for rtype, sheet in NOORDIN_SHEETS.items():
        labels, rel = _matrix(f"noordin_top/sheets_csv/{sheet}.csv", rtype, size=len(attrs), weight=False)
        rename = dict(zip(labels, attrs.index))   # a few sheets spell a name differently; same position
        rel["src"] = rel["src"].map(rename)
        rel["dst"] = rel["dst"].map(rename)
        rels.append(rel)
    return _entities(attrs.index, "Person", attrs), pd.concat(rels, ignore_index=True), afile


MADRID_PERIODS = ["1985_1989", "1990_1994", "1995", "1996", "1997", "1998", "1999", "2000_1", "2000_2",
                  "2001_1", "2001_2", "2002_1", "2002_2", "2003_1", "2003_2", "2004_1", "2004_2",
                  "2005_1", "2005_2", "2006_1", "2006_2"]


def _half_year(s: str):
    """JJATT period codes: '1995' -> 1995-01-01, '2000-1' -> 2000-01-01,
    '2000-2' (or '2000_2') -> 2000-07-01; anything else (e.g. 'Birth') -> NaT."""
    m = re.fullmatch(r"(\d{4})(?:[-_]([12]))?", s.strip())
    if not m:
        return pd.NaT
    return pd.Timestamp(f"{m.group(1)}-{'07' if m.group(2) == '2' else '01'}-01", tz="UTC")


def _read_madrid():
    nfile = "madrid_train_bombing/Madrid_Nodes_Public_Version2.csv"
    rfile = "madrid_train_bombing/Madrid_Relations_Public_Version2.csv"
    nodes = pd.read_csv(io.StringIO(_text(nfile)), dtype=str, keep_default_na=False)
    r = pd.read_csv(io.StringIO(_text(rfile)), dtype=str, keep_default_na=False)
    r["line"] = np.arange(len(r)) + 2
    r = r[r["ID"] != ""]   # the file ends with 36 empty lines
    strength = r[MADRID_PERIODS].replace("", None).astype(float)
    rel = pd.DataFrame({
        "src": r["ID"], "dst": r["Tie_ID"], "type": "TIE",
        "weight": strength.max(axis=1),
        "time": [_half_year(s) for s in r["Tie_Year"]],
        "tie_year": r["Tie_Year"].replace("", None), "tie_extinguish": r["Tie_Extinguish"].replace("", None),
        "kinship": pd.to_numeric(r["Kinship"].replace("", None)).astype("Int64"),
        "operation_id": pd.to_numeric(r["Operation_ID"].replace("", None)).astype("Int64"),
    })
    for p in MADRID_PERIODS:
        rel[f"strength_{p}"] = strength[p].astype("Int64")
    rel["time"] = pd.to_datetime(rel["time"], utc=True)
    rel["line"] = r["line"]
    rel["file"] = rfile
    attrs = pd.DataFrame(index=nodes["ID"])
    for c in ["Arrest_Date", "Release_Date", "Death_Date"]:
        attrs[c.lower()] = nodes[c].replace("", None).tolist()
    for p in MADRID_PERIODS:
        attrs[f"status_{p}"] = pd.to_numeric(nodes[p].replace("", None)).astype("Int64").tolist()
    return _entities(nodes["ID"], "Person", attrs), rel.reset_index(drop=True), nfile


def _read_infinito():
    nodes = pd.read_csv(io.StringIO(_text("infinito_ndrangheta/covert_33_nodes.csv")), dtype={"name": str})
    efile = "infinito_ndrangheta/covert_33_edges.csv"
    edges = pd.read_csv(io.StringIO(_text(efile)), dtype={"from_name": str, "to_name": str})
    summits = nodes.loc[nodes["type"], "name"]
    dates = {s: pd.Timestamp(f"{m[3]}-{m[2]}-{m[1]}", tz="UTC")
             for s in summits for m in [re.search(r"(\d{2})/(\d{2})/(\d{4})", s)]}
    is_summit = edges["from_name"].isin(dates)
    person = edges["to_name"].where(is_summit, edges["from_name"])
    summit = edges["from_name"].where(is_summit, edges["to_name"])
    rel = pd.DataFrame({"src": person, "dst": summit, "type": "ATTENDED",
                        "time": pd.to_datetime(summit.map(dates), utc=True),
                        "line": np.arange(len(edges)) + 2, "file": efile})
    ent = pd.concat([
        _entities(nodes.loc[~nodes["type"], "name"], "Person"),
        pd.DataFrame({"key": summits.tolist(), "type": "Summit",
                      "date": pd.to_datetime(summits.map(dates), utc=True).tolist()}),
    ], ignore_index=True)
    return ent, rel, _derived("from infinito_ndrangheta/covert_33_nodes.csv, split into Person and Summit")


TRAFFICKING_YEARS = range(2001, 2017)


def _read_transnational():
    rels = []
    for y in TRAFFICKING_YEARS:
        file = f"transnational_trafficking/edgelists/edgelist{y}.txt"
        recs = [(r[0].strip(), r[1].strip(), "TRAFFICKING", y, i + 1)
                for i, r in enumerate(_rows(file)) if r]
        rel = pd.DataFrame(recs, columns=["src", "dst", "type", "year", "line"])
        rel.insert(3, "time", pd.Timestamp(f"{y}-01-01", tz="UTC"))
        rel["file"] = file
        rels.append(rel)
    rel = pd.concat(rels, ignore_index=True)
    keys = sorted(pd.unique(pd.concat([rel["src"], rel["dst"]])))
    return (_entities(keys, "Country"), rel,
            _derived("keys from transnational_trafficking/edgelists/edgelist2001.txt .. edgelist2016.txt"))


MEXICO_ROLES_EN = {  # translations as given in SOURCE.txt
    "Cuidador": "caretaker", "Empresa": "business", "Escolta": "escort", "Estafeta": "courier",
    "Explotador": "exploiter", "Funcionario": "official", "Guia": "guide", "Partícipe": "participant",
    "Raitero": "driver", "Reclutador": "recruiter", "Victima reclutador": "victim-recruiter",
}


def _read_mexico():
    file = "mexico_trafficking/Data.txt"
    recs = [(r[0], r[1], "TIE", i + 1) for i, r in enumerate(_rows(file, " ")) if r]
    rel = pd.DataFrame(recs, columns=["src", "dst", "type", "line"])
    rel["file"] = file
    labels = pd.DataFrame(_rows("mexico_trafficking/labels.csv"), columns=["key", "label"])
    labels["label"] = labels["label"].str.strip()
    labels["role"] = labels["label"].str.replace(r"\s*\d+$", "", regex=True)
    labels["role_en"] = labels["role"].map(MEXICO_ROLES_EN)
    return _entities(labels["key"], "Person", labels.set_index("key")), rel, "mexico_trafficking/labels.csv"


# ---------------------------------------------------------------- registry

@dataclass(frozen=True)
class _Spec:
    name: str
    folder: str
    title: str
    nodes: int
    edges: int
    directed: bool
    weighted: bool
    temporal: bool
    paper: str
    source: str
    licence: str
    reader: Callable
    details: str = ""
    aggregate: str = "max"
    node_type: str = "Person"
    projection: str | None = None


def _cocaine(op: str, n: int, m: int, weighted: bool, blurb: str) -> _Spec:
    return _Spec(
        f"cocaine_{op}", f"cocaine_{op}",
        f"Spanish cocaine-trafficking operation {op.upper()} (police wiretaps and surveillance, 2007-2009): "
        f"{blurb}",
        n, m, False, weighted, False, _JIMENEZ,
        f"{_CORENETS}: inst/datasets/cocaine_smuggling_{op}/COCAINE_{op.upper()}.csv", _COREnets,
        _simple_matrix(f"cocaine_{op}/COCAINE_{op.upper()}.csv", weight=weighted),
        "Adjacency matrix with actor initials, slightly asymmetric (COREnets codes the network as "
        "undirected): "
        "one record per non-zero cell; the graph is undirected, a pair is linked if either cell is non-zero"
        + (", weight the larger of the two values." if weighted else " (binary)."))


_SPECS: list[_Spec] = [
    _Spec("montagna_meetings", "montagna",
          "Montagna operation, Sicilian Mafia (Mistretta family and Batanesi clan, Messina 2003-2007): "
          "physical meetings from police surveillance; node roles from the FHLSNN copy",
          101, 256, False, True, False, _CAVALLARO,
          "github.com/lcucav/criminal-nets @a9cbd9a40e1569fbd92e765d2e34f2d0c2de9753: "
          "dataset/Montagna_meetings_edgelist.csv; roles: github.com/anonsubmissions4openscience/FHLSNN "
          "@f715280463a0d7122c4c83e6f42fefabef429196: Montagna_Roles.csv", NO_LICENCE,
          lambda: _read_montagna("meetings"),
          "289 tab-separated lines 'a b weight' (number of meetings, 1-10), one record each in file order; "
          "33 pairs "
          "are listed twice (both orientations, 24 with different weights). Counts: undirected, the last "
          "weight read for a pair wins (as the authors' networkx code) -> 101 nodes, 256 edges, as the "
          "paper. "
          "Node ids are the file's 0-based integers; role/relationship/request come from FHLSNN's "
          "Montagna_Roles.csv (N<k> = id k), whose ids are assumed to match (FHLSNN ships it with the same "
          "edge lines; 13 of its 18 'sighted/conversation/tapped with' notes agree fully with the edges).",
          aggregate="last"),
    _Spec("montagna_phonecalls", "montagna",
          "Montagna operation, Sicilian Mafia: phone calls from wiretaps; node roles from the FHLSNN copy",
          100, 124, False, True, False, _CAVALLARO,
          "github.com/lcucav/criminal-nets @a9cbd9a40e1569fbd92e765d2e34f2d0c2de9753: "
          "dataset/Montagna_phonecalls_edgelist.csv; roles: FHLSNN Montagna_Roles.csv", NO_LICENCE,
          lambda: _read_montagna("phonecalls"),
          "150 lines 'a b weight' (number of calls), one record each; 26 pairs listed twice. Counts: "
          "undirected, last weight wins -> 100 nodes, 124 edges, as the paper. Roles as montagna_meetings.",
          aggregate="last"),
    _Spec("caviar", "caviar",
          "CAVIAR drug-importation network (Montreal, Project Caviar 1994-1996): intercepted communications "
          "in 11 investigation phases of about two months",
          107, 214, False, True, True, _MORSELLI + " See also Morselli, C., Petit, K. (2007) Law-enforcement "
          "disruption of a drug importation network. Global Crime 8(2).",
          "github.com/ragini30/Networks-Homework @4987d9123d3b2ca170845ce7d980f4db18586046: phase1.csv .. "
          "phase11.csv", "MIT (ragini30/Networks-Homework repository; LICENSE beside the data); data from "
          "the UCINET covert-networks collection",
          _read_caviar,
          "Eleven asymmetric count matrices (phases/phase<k>.csv; phase 7 from ragini30, the networkdata "
          "copy "
          "is corrupted): one record per non-zero cell, src = row, dst = column, weight = number of "
          "communications, column phase = k. time is an ORDINAL STAND-IN, not a call date: phase k -> "
          "1994-01-01 + 2(k-1) months (the sources give only '11 two-month phases, 1994-96'). Counts per "
          "phase (graph(where={'phase': k}, isolates=False), undirected, weights summed over both "
          "directions): nodes 15, 24, 33, 33, 32, 27, 36, 42, 34, 42, 41; edges 18, 28, 56, 48, 39, 47, 49, "
          "58, 44, 50, 50. All phases together: 107 nodes, 214 pairs. The 110-node, 205-edge aggregate "
          "(caviar_aggregate) is not the plain union: its actors 57, 60 and 110 are in no phase file.",
          aggregate="sum"),
    _Spec("caviar_aggregate", "caviar",
          "CAVIAR drug-importation network, all phases aggregated (the UCINET CAVIAR_FULL matrix)",
          110, 205, False, True, False, _MORSELLI,
          f"{_MCMACDONALD}: data/morselli_caviar.csv", NO_LICENCE, _read_caviar_aggregate,
          "110 x 110 asymmetric count matrix: one record per non-zero cell (295), src = row, dst = column. "
          "Counts: undirected, weights summed -> 110 nodes, 205 edges (not the union of the phases, which "
          "has "
          "214 pairs).", aggregate="sum"),
    *[_Spec(f"oversize_{st.lower()}", "oversize",
            f"Oversize, 'Ndrangheta-affiliated drug-trafficking group (Lombardy/Calabria, investigation "
            f"2000-2006): {what}",
            182, m, False, False, False, _BERLUSCONI,
            f"{_DF_REPO}: data/Oversize_mafia.rda ({st}), exported to CSV with base R", _DF,
            (lambda st=st: _read_oversize(st)),
            f"Edge list exported from DF's directed igraph, which stores each tie as two arcs: {2 * m} "
            f"records, one per line. Counts: undirected distinct pairs -> 182 nodes (the same V1..V182 in "
            f"all "
            f"three stages, isolates included), {m} edges. Each stage is its own network (relation type "
            f"{ {'WR': 'WIRETAP', 'AW': 'ARREST_WARRANT', 'JU': 'JUDGMENT'}[st]}); AW and JU are subsets of "
            f"WR. The WR ties equal izcoal/CDR's MIT-licensed Oversize_edges.csv after the id shift "
            f"V(k) -> k-1.")
      for st, what, m in [("WR", "ties in the wiretap records", 247),
                          ("AW", "ties in the arrest warrant", 189),
                          ("JU", "ties in the judgment", 113)]],
    _Spec("siren", "siren",
          "Siren: stolen-vehicle exportation ('ringing') network, Montreal, 1998 (wiretaps)",
          44, 103, False, False, False, _MORSELLI, f"{_MCMACDONALD}: data/morselli_siren.csv", NO_LICENCE,
          _simple_matrix("siren/morselli_siren.csv", weight=False),
          "Symmetric binary matrix: one record per non-zero cell (each tie twice). Counts: undirected -> 44 "
          "nodes, 103 edges."),
    _Spec("togo", "togo", "Togo: stolen-vehicle ring, Montreal/Toronto 1998-1999 (wiretaps)",
          33, 47, False, False, False, _MORSELLI, f"{_MCMACDONALD}: data/morselli_togo.csv", NO_LICENCE,
          _simple_matrix("togo/morselli_togo.csv", weight=False),
          "Symmetric binary matrix: one record per non-zero cell. Counts: undirected -> 33 nodes, 47 edges."),
    _Spec("ciel", "ciel", "Ciel: liquid-hashish importation network Jamaica -> Montreal, 1996-1997 "
          "(RCMP wiretaps and surveillance)",
          25, 35, False, True, False, _MORSELLI, f"{_MCMACDONALD}: data/morselli_cielnet.csv", NO_LICENCE,
          _simple_matrix("ciel/morselli_cielnet.csv"),
          "Asymmetric valued matrix (COREnets: 'weighted matrix with directed ties'): one record per "
          "non-zero cell, src = row. Counts: undirected, weights summed -> 25 nodes, 35 edges.",
          aggregate="sum"),
    _cocaine("acero", 25, 37, False, "small family-based group led by a woman, distributing in Madrid"),
    _cocaine("jake", 38, 50, True, "tie values 1-2"),
    _cocaine("juanes", 51, 93, False, "binary ties"),
    _cocaine("mambo", 31, 58, True, "tie values 1-2"),
    _Spec("natarajan_cocaine", "natarajan_cocaine",
          "New York City cocaine-trafficking organization (wiretapped conversations)",
          28, 40, False, True, False,
          "Natarajan, M. (2000) Understanding the structure of a drug trafficking organization: a "
          "conversational analysis. Crime Prevention Studies 11: 273-298.",
          f"{_MCMACDONALD}: data/natajaran_cocaine.csv", NO_LICENCE,
          _simple_matrix("natarajan_cocaine/natajaran_cocaine.csv"),
          "Valued matrix with each pair in one cell only: one record per non-zero cell. Counts: undirected "
          "-> "
          "28 nodes, 40 edges.", aggregate="sum"),
    _Spec("natarajan_heroin", "natarajan_heroin", "New York City heroin-distribution network (1990s)",
          38, 87, False, False, False,
          "Natarajan, M. (2006) Understanding the structure of a large heroin distribution network: a "
          "quantitative analysis of qualitative data. Journal of Quantitative Criminology 22(2): 171-192.",
          f"{_MCMACDONALD}: data/natajaran_heroin.csv", NO_LICENCE,
          _simple_matrix("natarajan_heroin/natajaran_heroin.csv", weight=False),
          "Nearly symmetric binary matrix (6 one-sided cells): one record per non-zero cell. Counts: "
          "undirected -> 38 nodes, 87 edges."),
    _Spec("madrid_train_bombing", "madrid_train_bombing",
          "Madrid train bombings (11 March 2004): network of the perpetrators and associates, JJATT",
          54, 226, False, True, True,
          "John Jay & ARTIS Transnational Terrorism Database (JJATT) (2009) Madrid Train Bombings 2004, "
          "Spain.",
          f"{_CORENETS}: inst/datasets/madrid_train_bombings_2004/Madrid_{{Nodes,Relations}}_Public_Version2"
          ".csv", _COREnets, _read_madrid,
          "452 relation lines, one record each (every tie is listed in both orientations); weight = the "
          "strongest tie strength over the 21 periods (1 acquaintance, 2 friend, 3 close; per-period values "
          "in strength_<period>), time = tie start from Tie_Year at half-year resolution ('2000-2' -> "
          "2000-07-01; 'Birth' -> no time), kinship as coded. Node attributes: arrest/release/death dates "
          "(text as given) and legal status per period. Counts: undirected -> 54 nodes, 226 edges. "
          "SOURCE.txt's 55 nodes / 227 edges count the 36 empty lines at the end of the relations file as a "
          "node '' with a self-pair; the node file has 54 people."),
    _Spec("noordin_top", "noordin_top",
          "Noordin Top terrorist network (Indonesia), 139 persons: communication, friendship, classmate, "
          "kinship and soulmate ties, with person attributes",
          139, 523, False, False, False,
          "Roberts, N., Everton, S. F. (2011) Roberts and Everton Terrorist Data: Noordin Top Terrorist "
          "Network (Subset). Everton, S. F. (2012) Disrupting Dark Networks. Cambridge University Press. "
          "From International Crisis Group (2006) Terrorism in Indonesia: Noordin's Networks.",
          f"{_CORENETS}: inst/datasets/noordin_139/Noordin_139_Data.xlsx (sheets exported to CSV)", _COREnets,
          _read_noordin,
          "Five one-mode 139 x 139 sheets, one relation type each (COMMUNICATION, FRIENDSHIP, CLASSMATES, "
          "KINSHIP, SOULMATES), one record per non-zero cell. Cells are read by position (column j = the "
          "person of row j), because a few header labels are misspelt or shifted (e.g. 'Mohamed Saifuddin ', "
          "'Mohammed Faiz'); names are those of the Attributes sheet. Counts (graph(types=[t]), undirected, "
          "diagonal dropped): 139 nodes; COMMUNICATION 312, FRIENDSHIP 154, CLASSMATES 205, KINSHIP 49, "
          "SOULMATES 17 edges; all types together 523 pairs. SOURCE.txt states 318, 160 and 217 for "
          "communication, friendship and classmates (from the .xlsx); the exported CSVs give the counts "
          "above. Attribute codes: see noordin_139.R (codebook). The two-mode sheets (organisations, "
          "schools, events...) are not shipped."),
    _Spec("hijackers_911", "hijackers_911",
          "9/11 hijackers and associates (Krebs): 60 persons, hijacker flag and flight",
          60, 125, False, False, False,
          "Krebs, V. E. (2002) Mapping networks of terrorist cells. Connections 24(3): 43-52.",
          f"{_DF_REPO}: data/Hijackers_911.rda (first network), exported to CSV", _DF,
          lambda: _read_hijackers(1),
          "125 edge lines, one record each. Counts: undirected -> 60 nodes, 125 edges. Node attributes "
          "hijacker (bool) and flight (AA11, AA77, UA93, UA175)."),
    _Spec("hijackers_911_prior_contacts", "hijackers_911",
          "9/11: trusted prior contacts among the 19 hijackers (Krebs)",
          19, 27, False, False, False,
          "Krebs, V. E. (2002) Mapping networks of terrorist cells. Connections 24(3): 43-52.",
          f"{_DF_REPO}: data/Hijackers_911.rda (second network), exported to CSV", _DF,
          lambda: _read_hijackers(2),
          "27 edge lines, one record each. Counts: undirected -> 19 nodes, 27 edges. Node attribute flight."),
    _Spec("mali", "mali", "Mali: Islamists and Tuareg rebels in the Malian conflict (newspaper articles "
          "2010-2012)", 36, 67, False, False, False,
          "Walther, O. J., Christopoulos, D. (2015) Islamic terrorism and the Malian rebellion. Terrorism "
          "and "
          "Political Violence 27(3): 497-519.",
          f"{_NETWORKDATA_REPO}: data/covert_31.rda, exported to CSV (same as DF's Mali_terrorist)",
          _NETWORKDATA, _read_mali,
          "67 edge lines, one record each. Counts: undirected -> 36 nodes, 67 edges."),
    _Spec("london_gang", "london_gang",
          "London inner-city street gang, co-offending 2005-2009, with member attributes",
          54, 315, False, True, False,
          "Grund, T., Densley, J. (2015) Ethnic homophily and triad closure: mapping internal gang structure "
          "using exponential random graph models. Journal of Contemporary Criminal Justice 31(3).",
          f"{_MCMACDONALD}: data/LONDON_GANG.csv; attributes: {_CORENETS}: "
          "inst/datasets/london_gang/LONDON_GANG_ATTR.csv",
          f"matrix: {NO_LICENCE}; attributes: {_COREnets}",
          _simple_matrix("london_gang/LONDON_GANG.csv", attrs_file="london_gang/LONDON_GANG_ATTR.csv"),
          "Symmetric matrix, values 1-4 (hang out / co-offend / co-offend in serious crime / plus kin): one "
          "record per non-zero cell, weight = value. Counts: undirected -> 54 nodes, 315 edges. Attributes "
          "age, birthplace, residence, arrests, convictions, prison, music, ranking (codes as given)."),
    _Spec("montreal_gangs", "montreal_gangs", "Montreal street-gang landscape: ties between 35 gangs",
          35, 78, False, False, False,
          "Descormiers, K., Morselli, C. (2011) Alliances, conflicts, and contradictions in Montreal's "
          "street "
          "gang landscape. International Criminal Justice Review 21(3).",
          f"{_MCMACDONALD}: data/MONTREALGANG.csv; attributes: {_CORENETS}: "
          "inst/datasets/montreal_street_gangs/MONTREALGANG_ATTR.csv",
          f"matrix: {NO_LICENCE}; attributes: {_COREnets}",
          _simple_matrix("montreal_gangs/MONTREALGANG.csv", node_type="Gang",
                         attrs_file="montreal_gangs/MONTREALGANG_ATTR.csv"),
          "Nearly symmetric binary matrix: one record per non-zero cell. Counts: undirected -> 35 gangs "
          "(2 isolated), 78 edges. Attributes allegiances, ethnicity, territories (codes as given; 99 "
          "appears to mean unknown).", node_type="Gang"),
    _Spec("italian_gangs", "italian_gangs", "Italian gangs: co-membership network of 67 persons",
          67, 114, False, False, False,
          "UCINET covert-networks collection, 'Italian gangs' (no further context published with the data).",
          f"{_MCMACDONALD}: data/ITALIAN_GANGS.csv", NO_LICENCE,
          _simple_matrix("italian_gangs/ITALIAN_GANGS.csv", weight=False),
          "Symmetric binary matrix: one record per non-zero cell. Counts: undirected -> 67 nodes, 114 "
          "edges."),
    _Spec("french_connection", "french_connection",
          "The French Connection heroin-trafficking network (112 named traffickers)",
          112, 361, False, True, False,
          "Coded by M. C. MacDonald (github.com/mcmacdonald/criminal-networks); no further provenance given.",
          f"{_MCMACDONALD}: data/macdonald_tfc.csv", NO_LICENCE,
          _simple_matrix("french_connection/macdonald_tfc.csv"),
          "Symmetric matrix, values 1-2 (meaning undocumented): one record per non-zero cell. Counts: "
          "undirected -> 112 nodes, 361 edges."),
    _Spec("infinito_ndrangheta", "infinito_ndrangheta",
          "Operazione Infinito: attendance of 156 'Ndrangheta members at 47 summits in Lombardy, 2007-2009",
          156, 1619, False, True, True,
          "Calderoni, F., Brunetto, D., Piccardi, C. (2017) Communities in criminal networks: a case study. "
          "Social Networks 48: 116-125. Source document: Milan GIP pre-trial detention order 'Operazione "
          "Infinito'.",
          f"{_NETWORKDATA_REPO}: data/covert_33.rda, exported to CSV", _NETWORKDATA, _read_infinito,
          "455 attendance lines, one record each: Person ATTENDED Summit (the file lists summit -> person), "
          "time = the summit date parsed from its description. Entities: 156 Person, 47 Summit (with date). "
          "graph() projects through the summits: one CO_ATTENDED record per pair of people at a summit, "
          "weight = number of summits shared -> 156 nodes, 1619 edges (store.project(collapse=['Summit']) "
          "after ingest gives the same).",
          aggregate="count", projection="Summit"),
    _Spec("transnational_trafficking", "transnational_trafficking",
          "Transnational human trafficking between countries, 2001-2016, extracted by NLP from per-country "
          "trafficking reports (apparently the US TIP reports)",
          201, 3413, True, True, True,
          "Goist, M., Chen, T. H. Y., Boylan, C. Reconstructing the Transnational Human Trafficking Network "
          "(project; code and data at github.com/cib117/trafficking).",
          "github.com/cib117/trafficking @a9a70f28b6be41b18d03a2486a4edb2dd9e5a734: "
          "data/edgelists/edgelist2001.txt .. edgelist2016.txt",
          NO_LICENCE + " (the README says data and code are to be released on publication)",
          _read_transnational,
          "One record per 'CountryA,CountryB' line (a mention), column year, time = 1 January of the list's "
          "year (stand-in for the report year). The meaning of the direction is not documented (consistent "
          "with origin -> destination). Counts: directed distinct pairs, self-loops dropped, weight = number "
          "of mentions; per year (graph(where={'year': y}, isolates=False)) as in SOURCE.txt, e.g. 2001: "
          "117 nodes, 391 edges; 2014: 193, 1605; 2016: 192, 1065; pooled 201 countries, 3413 pairs (23257 "
          "mentions; the six 2009 self-loop lines are kept as records but dropped from the graph).",
          aggregate="count", node_type="Country"),
    _Spec("mexico_trafficking", "mexico_trafficking",
          "Human-trafficking network on Mexico's southern border: 34 operators with roles (snowball "
          "sampling)",
          34, 225, False, False, False,
          "'Modeling Human Trafficking Networks in Mexico and the Limits of Dismantling Strategies' (also "
          "titled 'Collective Interactions of a Human Trafficking Network in Mexico and the Limits of "
          "Dismantling Strategies'); code and data at github.com/sofiadelamora/HumanTMexicoNetwork.",
          "github.com/sofiadelamora/HumanTMexicoNetwork @419c11569b72f8f93071b26646d5200acce1998b: Data.txt, "
          "labels.csv", NO_LICENCE, _read_mexico,
          "225 lines 'u v', one record each. Counts: undirected -> 34 nodes, 225 edges (density 0.401 as the "
          "README). Node attributes: label (e.g. 'Cuidador 1'), role (Spanish, 11 kinds) and role_en (the "
          "translation in SOURCE.txt)."),
]

_BY_NAME = {s.name: s for s in _SPECS}

# per-phase / per-year counts stated in the sources, for tests and docs
CAVIAR_PHASE_COUNTS = {k: c for k, c in enumerate(
    [(15, 18), (24, 28), (33, 56), (33, 48), (32, 39), (27, 47), (36, 49), (42, 58), (34, 44), (42, 50),
     (41, 50)], start=1)}
TRAFFICKING_YEAR_COUNTS = {
    2001: (117, 391), 2002: (129, 443), 2003: (141, 541), 2004: (149, 629), 2005: (151, 622),
    2006: (155, 747), 2007: (158, 987), 2008: (167, 1137), 2009: (179, 1218), 2010: (177, 1085),
    2011: (187, 1311), 2012: (186, 1361), 2013: (192, 1527), 2014: (193, 1605), 2015: (191, 1037),
    2016: (192, 1065),
}
NOORDIN_TYPE_EDGES = {"COMMUNICATION": 312, "FRIENDSHIP": 154, "CLASSMATES": 205, "KINSHIP": 49,
                      "SOULMATES": 17}


def _description(s: _Spec) -> str:
    return f"{s.title}. Licence: {s.licence}."


def list_networks() -> pd.DataFrame:
    """One row per shipped network: name, description (with licence
    status), nodes, edges (as :meth:`Network.graph` builds them, matching
    the source's counts), directed, weighted, temporal, paper, source
    (repository @ commit: path) and licence."""
    return pd.DataFrame([{
        "name": s.name, "description": _description(s), "nodes": s.nodes, "edges": s.edges,
        "directed": s.directed, "weighted": s.weighted, "temporal": s.temporal, "paper": s.paper,
        "source": s.source, "licence": s.licence,
    } for s in _SPECS])


def load(name: str) -> Network:
    """The shipped network ``name`` (see :func:`list_networks`).

    >>> net = load("caviar")                                    # doctest: +SKIP
    >>> net.graph(where={"phase": 7}, isolates=False).num_edges  # doctest: +SKIP
    49
    """
    try:
        s = _BY_NAME[name]
    except (KeyError, TypeError):
        raise KeyError(f"no network {name!r}; valid names: {', '.join(_BY_NAME)}") from None
    entities, relations, entity_source = s.reader()
    return Network(
        name=s.name, entities=entities.reset_index(drop=True), relations=relations.reset_index(drop=True),
        directed=s.directed, description=f"{s.title}.\n\n{s.details}\n\nSource: {s.source}.",
        citation=s.paper, licence=s.licence, node_type=s.node_type, weighted=s.weighted,
        aggregate=s.aggregate, entity_source=entity_source, folder=s.folder, projection=s.projection,
    )


def names() -> list[str]:
    """The names :func:`load` accepts."""
    return list(_BY_NAME)
