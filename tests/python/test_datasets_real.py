"""The real criminal and covert networks shipped in corridor/data/networks:
counts as their sources state them, raw records, attribution, ingest and
provenance."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

import corridor
from corridor import _networks as nets

# (nodes, edges) as stated in each SOURCE.txt / the data README, built as the
# source defines them (undirected distinct pairs unless said otherwise).
STATED = {
    "montagna_meetings": (101, 256),
    "montagna_phonecalls": (100, 124),
    "caviar": (107, 214),            # README: union of the 11 phases has 214 pairs
    "caviar_aggregate": (110, 205),
    "oversize_wr": (182, 247),
    "oversize_aw": (182, 189),
    "oversize_ju": (182, 113),
    "siren": (44, 103),
    "togo": (33, 47),
    "ciel": (25, 35),
    "cocaine_acero": (25, 37),
    "cocaine_jake": (38, 50),
    "cocaine_juanes": (51, 93),
    "cocaine_mambo": (31, 58),
    "natarajan_cocaine": (28, 40),
    "natarajan_heroin": (38, 87),
    "madrid_train_bombing": (54, 226),  # SOURCE.txt: 55 / 227 counting 36 empty lines, see below
    "noordin_top": (139, 523),          # union of the five one-mode sheets, see the per-type test
    "hijackers_911": (60, 125),
    "hijackers_911_prior_contacts": (19, 27),
    "mali": (36, 67),
    "london_gang": (54, 315),
    "montreal_gangs": (35, 78),
    "italian_gangs": (67, 114),
    "french_connection": (112, 361),
    "infinito_ndrangheta": (156, 1619),  # co-attendance projection of 156 persons x 47 summits
    "transnational_trafficking": (201, 3413),  # pooled, directed, self-loops excluded
    "mexico_trafficking": (34, 225),
}

# Raw records: input lines of edge lists, non-zero cells of matrices
# (SOURCE.txt's "lines" / "directed_nonzero_offdiag_cells").
RECORDS = {
    "montagna_meetings": 289, "montagna_phonecalls": 150,
    "caviar": 26 + 35 + 68 + 65 + 50 + 68 + 63 + 75 + 60 + 68 + 72, "caviar_aggregate": 295,
    "oversize_wr": 2 * 247, "oversize_aw": 2 * 189, "oversize_ju": 2 * 113,
    "siren": 206, "togo": 94, "ciel": 45, "cocaine_acero": 70, "cocaine_jake": 68, "cocaine_juanes": 171,
    "cocaine_mambo": 110, "natarajan_cocaine": 40, "natarajan_heroin": 168, "madrid_train_bombing": 452,
    # communication, friendship, classmates (+1 diagonal cell), kinship, soulmates
    "noordin_top": 624 + 285 + 408 + 1 + 96 + 34,
    "hijackers_911": 125, "hijackers_911_prior_contacts": 27, "mali": 67, "london_gang": 630,
    "montreal_gangs": 153, "italian_gangs": 228, "french_connection": 722, "infinito_ndrangheta": 455,
    "transnational_trafficking": 23257 + 6,  # mentions + the six 2009 self-loops
    "mexico_trafficking": 225,
}

CAVIAR_PHASES = {1: (15, 18), 2: (24, 28), 3: (33, 56), 4: (33, 48), 5: (32, 39), 6: (27, 47), 7: (36, 49),
                 8: (42, 58), 9: (34, 44), 10: (42, 50), 11: (41, 50)}
TRAFFICKING_YEARS = {
    2001: (117, 391), 2002: (129, 443), 2003: (141, 541), 2004: (149, 629), 2005: (151, 622),
    2006: (155, 747), 2007: (158, 987), 2008: (167, 1137), 2009: (179, 1218), 2010: (177, 1085),
    2011: (187, 1311), 2012: (186, 1361), 2013: (192, 1527), 2014: (193, 1605), 2015: (191, 1037),
    2016: (192, 1065),
}

DATA = Path(corridor.__file__).parent / "data" / "networks"


@pytest.fixture(scope="module")
def loaded():
    return {name: nets.load(name) for name in STATED}


def nx_counts(net) -> tuple[int, int]:
    """Node and edge counts rebuilt with networkx straight from the records."""
    g = nx.DiGraph() if net.directed else nx.Graph()
    people = net.entities.loc[net.entities["type"] == net.node_type, "key"]
    g.add_nodes_from(people)
    rel = net.relations
    if net.projection:  # two-mode: people joined by a shared event
        for _, part in rel.groupby("dst"):
            ks = part["src"].tolist()
            g.add_edges_from((a, b) for i, a in enumerate(ks) for b in ks[i + 1:])
    else:
        g.add_edges_from((a, b) for a, b in zip(rel["src"], rel["dst"]) if a != b)
    return g.number_of_nodes(), g.number_of_edges()


# ---------------------------------------------------------------- counts


@pytest.mark.parametrize("name", list(STATED))
def test_graph_reproduces_the_stated_counts(loaded, name):
    net = loaded[name]
    g = net.graph()
    assert (g.num_nodes, g.num_edges) == STATED[name]
    assert g.directed == net.directed
    assert nx_counts(net) == STATED[name]


@pytest.mark.parametrize("name", list(RECORDS))
def test_one_record_per_input_line_or_cell(loaded, name):
    rel = loaded[name].relations
    assert len(rel) == RECORDS[name]
    assert {"src", "dst", "type", "file", "line"} <= set(rel.columns)
    # file order: within a file, lines never go backwards
    for _, part in rel.groupby("file", sort=False):
        assert part["line"].is_monotonic_increasing


@pytest.mark.parametrize("phase", list(CAVIAR_PHASES))
def test_caviar_phase_counts_and_stand_in_time(loaded, phase):
    net = loaded["caviar"]
    g = net.graph(where={"phase": phase}, isolates=False)
    assert (g.num_nodes, g.num_edges) == CAVIAR_PHASES[phase]
    part = net.relations[net.relations["phase"] == phase]
    assert set(part["file"]) == {f"caviar/phases/phase{phase}.csv"}
    months = 2 * (phase - 1)
    expected = pd.Timestamp(f"{1994 + months // 12}-{months % 12 + 1:02d}-01", tz="UTC")
    assert set(part["time"]) == {expected}


def test_caviar_phase_time_is_ordinal_two_months_from_1994():
    assert nets.caviar_phase_time(1) == pd.Timestamp("1994-01-01", tz="UTC")
    assert nets.caviar_phase_time(7) == pd.Timestamp("1995-01-01", tz="UTC")
    assert nets.caviar_phase_time(11) == pd.Timestamp("1995-09-01", tz="UTC")
    with pytest.raises(ValueError, match="1..11"):
        nets.caviar_phase_time(12)


def test_caviar_weights_sum_both_directions(loaded):
    net = loaded["caviar"]
    p1 = net.relations[net.relations["phase"] == 1]
    # phase1.csv: row "1" column "89" holds 4, row "89" column "1" holds 1
    assert p1.loc[(p1["src"] == "1") & (p1["dst"] == "89"), "weight"].tolist() == [4.0]
    assert p1.loc[(p1["src"] == "89") & (p1["dst"] == "1"), "weight"].tolist() == [1.0]
    e = net.graph(where={"phase": 1}, isolates=False).edges()
    pair = e[e.apply(lambda r: {r["src_key"], r["dst_key"]} == {"1", "89"}, axis=1)]
    assert pair["weight"].tolist() == [5.0]
    assert pair["first_time"].tolist() == [pd.Timestamp("1994-01-01", tz="UTC")]


def test_caviar_aggregate_is_not_the_union_of_the_phases(loaded):
    only_aggregate = set(loaded["caviar_aggregate"].entities["key"]) - set(loaded["caviar"].entities["key"])
    assert only_aggregate == {"57", "60", "110"}


@pytest.mark.parametrize("year", list(TRAFFICKING_YEARS))
def test_transnational_trafficking_year_counts(loaded, year):
    net = loaded["transnational_trafficking"]
    g = net.graph(where={"year": year}, isolates=False)
    assert (g.num_nodes, g.num_edges) == TRAFFICKING_YEARS[year]
    assert g.directed


def test_transnational_weights_count_mentions(loaded):
    net = loaded["transnational_trafficking"]
    e = net.graph().edges()
    assert e["weight"].sum() == 23257  # every mention except the six self-loops
    loops = net.relations[net.relations["src"] == net.relations["dst"]]
    assert len(loops) == 6 and set(loops["year"]) == {2009}


def test_noordin_relation_types_and_counts(loaded):
    net = loaded["noordin_top"]
    got = {t: net.graph(types=t).num_edges for t in sorted(set(net.relations["type"]))}
    assert got == {"CLASSMATES": 205, "COMMUNICATION": 312, "FRIENDSHIP": 154, "KINSHIP": 49, "SOULMATES": 17}
    assert net.graph(types=["KINSHIP", "SOULMATES"]).num_nodes == 139
    # the one diagonal cell of the classmates sheet is a self-loop, dropped unless asked for
    assert net.graph(types="CLASSMATES", loops=True).num_edges == 206
    assert net.entities.loc[net.entities["key"] == "Noordin Mohammed Top", "nationality"].tolist() == [4]


def test_oversize_stages_share_ids_and_nest(loaded):
    pairs = {st: {frozenset(p) for p in zip(loaded[f"oversize_{st}"].relations["src"],
                                             loaded[f"oversize_{st}"].relations["dst"])}
             for st in ("wr", "aw", "ju")}
    assert {k: len(v) for k, v in pairs.items()} == {"wr": 247, "aw": 189, "ju": 113}
    assert pairs["aw"] <= pairs["wr"] and pairs["ju"] <= pairs["wr"]
    assert len(pairs["ju"] - pairs["aw"]) == 12
    assert set(loaded["oversize_wr"].relations["type"]) == {"WIRETAP"}
    assert set(loaded["oversize_ju"].relations["type"]) == {"JUDGMENT"}


def test_madrid_blank_lines_explain_the_source_count(loaded):
    node = resources.files("corridor")
    for part in ["data", "networks", "madrid_train_bombing", "Madrid_Relations_Public_Version2.csv"]:
        node = node.joinpath(part)
    text = node.read_bytes().decode("utf-8-sig")
    rows = [line.split(",") for line in text.splitlines()[1:]]
    assert sum(1 for r in rows if r[2] == "") == 36
    # counting the empty id as a node (with its self-pair) gives SOURCE.txt's 55 / 227
    g = nx.Graph((r[2], r[3]) for r in rows)
    assert (g.number_of_nodes(), g.number_of_edges()) == (55, 227)
    net = loaded["madrid_train_bombing"]
    assert "" not in set(net.relations["src"])
    assert net.relations["weight"].value_counts().to_dict() == {2.0: 226, 1.0: 128, 3.0: 98}
    first = net.relations.iloc[0]
    assert (first["src"], first["dst"], first["time"], first["line"]) == (
        "3100", "3101", pd.Timestamp("1995-01-01", tz="UTC"), 2)


def test_infinito_summits_have_their_dates(loaded):
    net = loaded["infinito_ndrangheta"]
    assert net.entities["type"].value_counts().to_dict() == {"Person": 156, "Summit": 47}
    assert set(net.relations["type"]) == {"ATTENDED"}
    summits = net.entities[net.entities["type"] == "Summit"]
    assert summits["date"].min() == pd.Timestamp("2007-10-18", tz="UTC")
    assert summits["date"].max() == pd.Timestamp("2009-10-31", tz="UTC")
    e = net.graph().edges()
    assert e["weight"].sum() == sum(n * (n - 1) // 2 for n in net.relations.groupby("dst").size())


# ---------------------------------------------------------------- Montagna


def test_montagna_last_weight_wins_for_repeated_pairs(loaded):
    net = loaded["montagna_meetings"]
    rel = net.relations
    key = rel.apply(lambda r: tuple(sorted((r["src"], r["dst"]), key=int)), axis=1)
    repeated = rel.assign(pair=key)[key.duplicated(keep=False)]
    assert repeated["pair"].nunique() == 33
    differing = repeated.groupby("pair")["weight"].nunique()
    assert (differing > 1).sum() == 24
    last = repeated.groupby("pair").tail(1).set_index("pair")["weight"]
    e = net.graph().edges()
    got = {tuple(sorted((a, b), key=int)): w for a, b, w in zip(e["src_key"], e["dst_key"], e["weight"])}
    assert all(got[p] == w for p, w in last.items())
    # the lines hold 1..10 meetings; the pair listed with 10 is listed once
    assert sorted(rel["weight"].unique()) == [float(w) for w in range(1, 11)]
    assert e["weight"].max() == 10.0
    # a sum would differ for the pairs with two weights
    assert net.graph(aggregate="sum").edges()["weight"].sum() > e["weight"].sum()


def test_montagna_roles_are_node_attributes(loaded):
    ent = loaded["montagna_meetings"].entities.set_index("key")
    assert ent.loc["0", "role"] == "cooperating witness"
    assert ent.loc["11", "role"] == "boss Cosa Nostra in Messina"
    assert ent.loc["12", "request"] == "arrested"
    assert loaded["montagna_phonecalls"].entities["key"].nunique() == 100


def test_node_attributes_of_other_networks(loaded):
    h = loaded["hijackers_911"].entities
    assert int(h["hijacker"].sum()) == 19
    assert set(h.loc[h["hijacker"], "flight"]) == {"AA11", "AA77", "UA93", "UA175"}
    m = loaded["mexico_trafficking"].entities
    assert m["role"].value_counts().to_dict() == {
        "Cuidador": 6, "Raitero": 5, "Estafeta": 3, "Explotador": 3, "Guia": 3, "Partícipe": 3,
        "Reclutador": 3, "Empresa": 2, "Escolta": 2, "Funcionario": 2, "Victima reclutador": 2}
    assert m["role_en"].notna().all()
    lg = loaded["london_gang"].entities.set_index("key")
    assert (lg.loc["1", "age"], lg.loc["1", "arrests"]) == (20, 16)
    mg = loaded["montreal_gangs"].entities.set_index("key")
    assert set(loaded["montreal_gangs"].entities["type"]) == {"Gang"}
    assert (mg.loc["13th", "allegiances"], mg.loc["146", "ethnicity"]) == (2, 5)


# ---------------------------------------------------------------- listing and errors


def test_list_networks_lists_every_loadable_network():
    df = nets.list_networks()
    assert list(df.columns) == ["name", "description", "nodes", "edges", "directed", "weighted", "temporal",
                                "paper", "source", "licence"]
    assert df["name"].tolist() == nets.names()
    assert set(df["name"]) == set(STATED)
    assert df["name"].str.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*").all()
    assert dict(zip(df["name"], zip(df["nodes"], df["edges"]))) == STATED
    assert df["licence"].str.len().gt(0).all() and df["paper"].str.len().gt(0).all()
    assert df["description"].str.contains("Licence: ").all()
    row = df.set_index("name").loc["montagna_meetings"]
    assert row["licence"] == "no licence stated by the source; cite the paper"
    assert "no licence stated by the source; cite the paper" in row["description"]
    assert df.set_index("name").loc["transnational_trafficking", "directed"]
    assert df.set_index("name").loc["caviar", "temporal"]
    assert df.set_index("name").loc["cocaine_acero", "licence"].startswith("GPL-2")


@pytest.mark.parametrize("name", ["caviar", "mexico_trafficking"])
def test_network_carries_attribution(loaded, name):
    net = loaded[name]
    row = nets.list_networks().set_index("name").loc[name]
    assert net.licence == row["licence"] and net.citation == row["paper"]
    assert row["source"] in net.description
    assert net.name == name and repr(net).startswith(f"<corridor Network {name!r}")


def test_unknown_name_is_a_key_error_listing_the_valid_names():
    with pytest.raises(KeyError, match="no network 'montagna'.*montagna_meetings.*mexico_trafficking"):
        nets.load("montagna")


def test_bad_filters_are_named(loaded):
    with pytest.raises(ValueError, match="WIRETAP"):
        loaded["oversize_aw"].graph(types="WIRETAP")
    with pytest.raises(ValueError, match="no relation column 'phase'"):
        loaded["siren"].graph(where={"phase": 1})


# ---------------------------------------------------------------- shipped files


def shipped_folders() -> list[Path]:
    return sorted(p for p in DATA.iterdir() if p.is_dir())


def test_every_shipped_folder_has_its_attribution():
    folders = shipped_folders()
    assert {p.name for p in folders} == {nets._BY_NAME[n].folder for n in nets.names()}
    for folder in folders:
        text = (folder / "SOURCE.txt").read_text("utf-8")
        assert re.search(r"^licence: \S", text, re.M), folder.name
        assert re.search(r"repository: github\.com/\S+", text), folder.name
        assert re.search(r"^commit: [0-9a-f]{40}$", text, re.M), folder.name
        status = re.search(r"^Licence status: (.+)$", text, re.M)
        assert status, folder.name
        files = re.search(r"^Licence files: (.+)$", text, re.M)
        for f in (files.group(1).split(", ") if files else []):
            assert (folder / f).is_file(), (folder.name, f)
        if not files:  # nothing to ship: the note says so
            assert "no licence stated by the source; cite the paper" in status.group(1), folder.name


def test_every_relation_file_is_shipped_and_only_text_data(loaded):
    for net in loaded.values():
        for f in set(net.relations["file"]):
            assert (DATA / f).is_file(), f
    files = [p for p in DATA.rglob("*") if p.is_file()]
    assert not [p for p in files if p.suffix.lower() in (".rda", ".rds", ".xlsx", ".xls")]
    assert sum(p.stat().st_size for p in files) < 2_000_000


def test_no_corridor_module_references_shared_data():
    pkg = Path(corridor.__file__).parent
    offenders = [p.name for p in pkg.rglob("*.py") if "/shared" in p.read_text("utf-8")]
    assert offenders == []


# ---------------------------------------------------------------- ingest and provenance


def test_ingest_montagna_and_provenance_names_file_and_row(store):
    net = nets.load("montagna_meetings")
    summaries = net.ingest(store)
    assert [s["rows"] for s in summaries] == [101, 289]
    assert store.stats()["relations"] == {"MET": 289}
    prov = store.provenance(("Person", "0"), ("Person", "1"))
    assert prov[["type", "src_key", "dst_key", "weight", "source", "row"]].values.tolist() == [
        ["MET", "0", "1", 1.0, "montagna/Montagna_meetings_edgelist.csv", 0]]
    assert prov["properties"].tolist() == [{"line": 1}]
    # a pair listed twice keeps both records, each with its own row
    twice = store.provenance(("Person", "5"), ("Person", "6"))
    assert twice[["src_key", "dst_key", "row"]].values.tolist() == [["5", "6", 14], ["6", "5", 63]]
    assert store.entity(("Person", "0"))["properties"] == {"role": "cooperating witness"}
    g = store.project(relations=["MET"])
    assert (g.num_nodes, g.num_edges) == (101, 256)


def test_ingest_with_a_source_prefix_and_two_mode_projection(store):
    net = nets.load("infinito_ndrangheta")
    net.ingest(store, source="corridor")
    prov = store.provenance(("Person", "ALBANESE Giuseppe Domenico"),
                            ("Summit", '30/10/2008(L), summit-dinner "la Rete" - Milano'))
    assert prov[["type", "source", "row"]].values.tolist() == [
        ["ATTENDED", "corridor/infinito_ndrangheta/covert_33_edges.csv", 0]]
    assert prov["time"].tolist() == [pd.Timestamp("2008-10-30", tz="UTC")]
    g = store.project(entities=["Person"], relations=["ATTENDED"], collapse=["Summit"])
    assert (g.num_nodes, g.num_edges) == (156, 1619)


def test_ingest_keeps_times_weights_and_edge_attributes(store):
    net = nets.load("caviar")
    net.ingest(store)
    stats = store.stats()
    assert stats["relations"] == {"COMMUNICATED": 650}
    assert (stats["first_time"], stats["last_time"]) == (
        pd.Timestamp("1994-01-01", tz="UTC"), pd.Timestamp("1995-09-01", tz="UTC"))
    prov = store.provenance(("Person", "1"), ("Person", "89"))
    first = prov.iloc[0]
    assert (first["source"], first["row"], first["weight"]) == ("caviar/phases/phase1.csv", 1, 4.0)
    assert first["properties"] == {"phase": 1, "line": 2}
    g = store.project(relations=["COMMUNICATED"], since="1995-01-01", until="1995-03-01", aggregate="sum")
    assert g.num_edges == 49  # phase 7 alone
