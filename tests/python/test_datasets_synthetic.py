"""The synthetic smuggling network (corridor.datasets): deterministic, shaped
like the organisations prosecutions describe, hidden links that are a fair
test set for link prediction, and CSV folders that ingest to the same store
as the in-memory records."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor import _synthetic
from corridor._demo import PERSON_GRAPH
from corridor.datasets import SmugglingNetwork, smuggling_network, write_smuggling_network

CELL_ROLES = {"recruiter", "driver", "guide", "stash_keeper", "forger", "money_courier"}
START, END = pd.Timestamp("2023-01-01", tz="UTC"), pd.Timestamp("2023-07-01", tz="UTC")


@pytest.fixture(scope="module")
def net() -> SmugglingNetwork:
    return smuggling_network(people=2000, seed=0)


@pytest.fixture(scope="module")
def person_graph_edges(net, tmp_path_factory):
    """Edges of the person graph the demo projects, from the records ingested."""
    with corridor.open(tmp_path_factory.mktemp("synthetic") / "s") as store:
        net.ingest(store)
        edges = store.project(**PERSON_GRAPH).edges()
    return edges


def pairs(a, b) -> set[tuple[str, str]]:
    return {(x, y) if x <= y else (y, x) for x, y in zip(a, b)}


def person_calls(net) -> pd.DataFrame:
    """CALLED records as person pairs: every user of one phone with every user of the other."""
    uses = net.relations["USES"][["src", "dst"]].rename(columns={"src": "person", "dst": "phone"})
    calls = net.relations["CALLED"][["src", "dst"]]
    c = calls.merge(uses, left_on="src", right_on="phone").merge(uses, left_on="dst", right_on="phone",
                                                                 suffixes=("_a", "_b"))
    return c.loc[c["person_a"] != c["person_b"], ["person_a", "person_b"]]


def cell_parts(cells: pd.Series) -> pd.DataFrame:
    """'O0000-R03-border-MX' -> organisation-route, stage, country."""
    p = cells.str.split("-", expand=True)
    return pd.DataFrame({"route": p[0] + "-" + p[1], "stage": p[2], "country": p[3]}, index=cells.index)


# ------------------------------------------------------------------ determinism
def assert_same(x: SmugglingNetwork, y: SmugglingNetwork) -> None:
    for e in x.entities:
        pd.testing.assert_frame_equal(x.entities[e], y.entities[e])
    for r in x.relations:
        pd.testing.assert_frame_equal(x.relations[r], y.relations[r])
    pd.testing.assert_frame_equal(x.truth, y.truth)
    pd.testing.assert_frame_equal(x.hidden_links, y.hidden_links)
    assert x.coordinators == y.coordinators


def test_same_seed_gives_equal_frames():
    assert_same(smuggling_network(people=500, seed=7), smuggling_network(people=500, seed=7))


def test_other_seed_gives_other_records():
    a, b = smuggling_network(people=500, seed=7), smuggling_network(people=500, seed=8)
    assert len(a.truth) == len(b.truth) == 500
    assert not a.relations["CALLED"].equals(b.relations["CALLED"])
    assert not a.truth["role"].equals(b.truth["role"])
    assert set(a.entities["Phone"]["key"]) != set(b.entities["Phone"]["key"])


# ------------------------------------------------------------------ structure
def test_tables_and_columns(net):
    assert sorted(net.entities) == ["Account", "Address", "Location", "Person", "Phone", "Vehicle"]
    assert sorted(net.relations) == ["CALLED", "CROSSED_AT", "DRIVES", "LIVES_AT", "OWNS", "PAID",
                                     "TRAVELED_WITH", "USES"]
    for df in net.entities.values():
        assert df["key"].is_unique
    for props in (["country", "sex", "birth_year"], ["carrier", "country_code", "prepaid"],
                  ["bank", "kind", "country"], ["kind", "city", "country"]):
        assert any(set(props) <= set(df.columns) for df in net.entities.values())
    assert {"make", "model", "plate_country"} <= set(net.entities["Vehicle"].columns)
    assert {"from_country", "to_country"} <= set(net.entities["Location"].columns)
    keys = {e: set(df["key"]) for e, df in net.entities.items()}
    for r, df in net.relations.items():
        assert list(df.columns) == ["src", "dst", "src_type", "dst_type", "time", "weight"], r
        for (st, dt), part in df.groupby(["src_type", "dst_type"]):
            assert set(part["src"]) <= keys[st] and set(part["dst"]) <= keys[dt], (r, st, dt)
    crossed = net.relations["CROSSED_AT"]
    assert set(crossed["src_type"]) == {"Person", "Vehicle"} and set(crossed["dst_type"]) == {"Location"}
    # the truth covers exactly the people, and only the truth says who is in which cell
    assert len(net.truth) == 2000 and set(net.truth.index) == keys["Person"]
    assert list(net.truth.columns[:4]) == ["cell", "role", "country", "member"]
    assert not {"cell", "role", "member"} & set(net.entities["Person"].columns)


def test_default_size_stays_small(net):
    assert 10_000 < sum(len(df) for df in net.relations.values()) < 40_000


def test_cells_have_every_role_along_routes(net):
    t = net.truth
    members = t[t["member"] & (t["role"] != "coordinator")]
    assert set(members["role"]) == CELL_ROLES
    roles_per_cell = members.groupby("cell")["role"].agg(set)
    assert (roles_per_cell.map(lambda r: r == CELL_ROLES)).all()
    parts = cell_parts(members["cell"])
    assert (parts["country"] == members["country"]).all()
    stage_countries = parts.groupby("stage")["country"].agg(set).to_dict()
    assert stage_countries == {"origin": {"GT", "SV", "HN"}, "transit": {"MX"}, "border": {"MX"},
                               "destination": {"US"}}
    stages = parts.drop_duplicates(["route", "stage"]).groupby("route")["stage"].agg(set)
    assert (stages.map(len) == 4).all()


def test_migrants_are_clients_not_members(net):
    t = net.truth
    migrants = t[t["role"] == "migrant"]
    assert len(migrants) > len(t) / 3
    assert not migrants["member"].any() and (migrants["cell"] == "").all()
    assert set(migrants["country"]) == {"GT", "SV", "HN"}
    assert not t.loc[t["role"] == "outsider", "member"].any()
    # they call recruiters, guides and drivers
    calls = person_calls(net)
    roles = calls.assign(a=t["role"].reindex(calls["person_a"]).values, b=t["role"].reindex(calls["person_b"]).values)
    partners = set(roles.loc[roles["a"] == "migrant", "b"]) | set(roles.loc[roles["b"] == "migrant", "a"])
    assert {"recruiter", "guide", "driver"} <= partners


def test_coordinators_bridge_cells_in_two_countries(net):
    t = net.truth
    assert net.coordinators and set(t.loc[net.coordinators, "role"]) == {"coordinator"}
    assert t.loc[net.coordinators, "member"].all()
    calls = person_calls(net)
    hidden = net.hidden_links
    contacts = pd.concat([calls.set_axis(["a", "b"], axis=1), hidden[["a", "b"]], hidden[["b", "a"]].set_axis(
        ["a", "b"], axis=1), calls[["person_b", "person_a"]].set_axis(["a", "b"], axis=1)])
    for c in net.coordinators:
        cells = t.loc[contacts.loc[contacts["a"] == c, "b"].unique(), "cell"]
        cells = cells[(cells != "") & ~cells.str.endswith("coordination")]
        assert cells.nunique() >= 2, c
        assert cell_parts(cells)["country"].nunique() >= 2, c


def test_shared_stash_houses_and_phones(net):
    t = net.truth
    lives = net.relations["LIVES_AT"]
    residents = lives.groupby("dst")["src"].agg(list)
    keepers = set(t.index[t["role"] == "stash_keeper"])
    stash = residents[residents.map(lambda r: bool(keepers & set(r)))]
    assert len(stash) > 10
    assert (stash.map(len) >= 2).sum() > 10
    assert any(t.loc[r, "role"].eq("migrant").any() for r in stash)
    phone_users = net.relations["USES"].groupby("dst")["src"].nunique()
    shared = phone_users[phone_users >= 2].index
    assert len(shared) >= 3
    # burners are shared inside a cell
    uses = net.relations["USES"]
    for phone in shared:
        users = uses.loc[uses["dst"] == phone, "src"]
        assert t.loc[users, "cell"].nunique() == 1 and t.loc[users, "member"].all()
    assert net.relations["USES"].groupby("src").size().max() >= 3  # some people use several phones


def test_heavy_tailed_activity(net):
    calls = net.relations["CALLED"]
    per_phone = pd.concat([calls["src"], calls["dst"]]).value_counts()
    assert per_phone.max() >= 20 * per_phone.median()
    per_person = pd.concat([person_calls(net)["person_a"], person_calls(net)["person_b"]]).value_counts()
    assert per_person.max() >= 20 * per_person.median()


def test_noise_calls_reach_outsiders(net):
    t = net.truth
    calls = person_calls(net)
    outsider = t["role"].reindex(calls["person_a"]).eq("outsider").values | t["role"].reindex(
        calls["person_b"]).eq("outsider").values
    member = t["member"].reindex(calls["person_a"]).values | t["member"].reindex(calls["person_b"]).values
    assert (outsider & member).sum() > 100


def test_timestamps_within_the_period(net):
    timed = {"CALLED", "PAID", "CROSSED_AT", "TRAVELED_WITH"}
    for r, df in net.relations.items():
        if r in timed:
            assert df["time"].notna().all(), r
            assert df["time"].min() >= START and df["time"].max() < END, r
        else:
            assert df["time"].isna().all(), r
    assert (net.relations["CALLED"]["weight"] >= 1).all() and (net.relations["PAID"]["weight"] > 0).all()
    short = smuggling_network(people=300, seed=1, months=2)
    called = short.relations["CALLED"]["time"]
    assert called.min() >= START and called.max() < pd.Timestamp("2023-03-01", tz="UTC")


# ------------------------------------------------------------------ hidden links
def test_hidden_links_are_member_contacts(net):
    h, t = net.hidden_links, net.truth
    assert list(h.columns[:2]) == ["a", "b"]
    assert 100 < len(h) < 400
    assert t.loc[h["a"], "member"].all() and t.loc[h["b"], "member"].all()
    assert (h["a"] != h["b"]).all() and len(pairs(h["a"], h["b"])) == len(h)
    same_cell = t.loc[h["a"], "cell"].values == t.loc[h["b"], "cell"].values
    assert same_cell[h["kind"].eq("cell").values].all()
    assert set(h["kind"]) <= {"cell", "handoff", "coordination"}


def test_hidden_pairs_have_no_calls_between_their_phones(net):
    calls = person_calls(net)
    called = pairs(calls["person_a"], calls["person_b"])
    assert not pairs(net.hidden_links["a"], net.hidden_links["b"]) & called


def test_hidden_pairs_are_not_adjacent_in_the_person_graph(net, person_graph_edges):
    # The rule: every call of a hidden pair is withheld, and a pair is only hidden when no other
    # record joins it in the person graph projected through phones, accounts and addresses
    # (a shared burner, stash house or account, a payment, travelling together). So no hidden
    # pair is an edge of that graph: link prediction has to find every one.
    e = person_graph_edges
    assert len(e) > 1000
    edges = pairs(e["src_key"], e["dst_key"])
    assert not pairs(net.hidden_links["a"], net.hidden_links["b"]) & edges


def test_hidden_links_are_withheld_true_contacts(net, tmp_path):
    # without withholding the same records are generated, plus the withheld calls, which join
    # every hidden pair
    full = smuggling_network(people=2000, seed=0, hidden_fraction=0.0)
    assert len(full.hidden_links) == 0
    pd.testing.assert_frame_equal(full.truth, net.truth)
    assert len(full.relations["CALLED"]) > len(net.relations["CALLED"])
    for r in ("PAID", "USES", "LIVES_AT"):
        pd.testing.assert_frame_equal(full.relations[r], net.relations[r])
    with corridor.open(tmp_path / "full") as store:
        full.ingest(store)
        e = store.project(**PERSON_GRAPH).edges()
    assert pairs(net.hidden_links["a"], net.hidden_links["b"]) <= pairs(e["src_key"], e["dst_key"])


# ------------------------------------------------------------------ CSV folders
def read_stats(store_path) -> dict:
    with corridor.open(store_path, read_only=True) as store:
        return store.stats()


def test_written_folder_ingests_to_the_same_store(tmp_path, capsys):
    from corridor.cli import main

    net = smuggling_network(people=300, seed=4)
    manifest = write_smuggling_network(tmp_path / "gen", people=300, seed=4)
    assert manifest == json.loads((tmp_path / "gen" / "manifest.json").read_text())
    assert manifest["people"] == 300 and manifest["seed"] == 4
    for e in manifest["entities"]:
        assert e["rows"] == len(net.entities[e["entity_type"]]) and e["key"] == "key"
    files = {(r["relation_type"], r["src_type"], r["dst_type"]): r for r in manifest["relations"]}
    for r, df in net.relations.items():
        for (st, dt), part in df.groupby(["src_type", "dst_type"]):
            entry = files[(r, st, dt)]
            assert entry["rows"] == len(part)
            assert (entry["src"], entry["dst"]) == ("src", "dst")
            assert (entry["time"] is not None) == part["time"].notna().any()
            written = pd.read_csv(tmp_path / "gen" / entry["file"], dtype=str, keep_default_na=False)
            assert list(written.columns) == entry["columns"]
            assert written["src"].tolist() == part["src"].tolist()
    truth = pd.read_csv(tmp_path / "gen" / manifest["truth"]["persons"]["file"], dtype={"cell": str},
                        keep_default_na=False).set_index("key")
    assert truth["role"].equals(net.truth["role"]) and truth["cell"].tolist() == net.truth["cell"].tolist()
    hidden = pd.read_csv(tmp_path / "gen" / manifest["truth"]["hidden_links"]["file"])
    assert hidden[["a", "b"]].values.tolist() == net.hidden_links[["a", "b"]].values.tolist()

    assert main(["--quiet", "ingest-generated", str(tmp_path / "from-csv"), str(tmp_path / "gen")]) == 0
    assert "rows from 15 files" in capsys.readouterr().out
    with corridor.open(tmp_path / "in-memory") as store:
        net.ingest(store)
    got, want = read_stats(tmp_path / "from-csv"), read_stats(tmp_path / "in-memory")
    assert got == want
    assert want["relations"]["CALLED"] == len(net.relations["CALLED"])


def test_chunked_writing_matches_in_memory(tmp_path, monkeypatch):
    # two organisations written one chunk at a time, and without pyarrow's writer
    monkeypatch.setattr(_synthetic, "CHUNK_PEOPLE", 2_000)
    monkeypatch.setattr(_synthetic, "_have_arrow", lambda: False)
    net = smuggling_network(people=4000, seed=2)
    assert net.truth["cell"].str[:5].nunique() == 3  # two organisations ("" for non-members)
    write_smuggling_network(tmp_path / "gen", people=4000, seed=2)
    called = pd.read_csv(tmp_path / "gen" / "CALLED__Phone__Phone.csv", dtype={"src": str, "dst": str})
    mem = net.relations["CALLED"]
    assert called["src"].tolist() == mem["src"].tolist() and called["dst"].tolist() == mem["dst"].tolist()
    assert (pd.to_datetime(called["time"], utc=True) == mem["time"]).all()
    assert np.array_equal(called["weight"].to_numpy(), mem["weight"].to_numpy())
    person = pd.read_csv(tmp_path / "gen" / "Person.csv")
    assert person["key"].tolist() == net.entities["Person"]["key"].tolist()
    for e in net.entities.values():  # the border crossings, shared by both organisations, once
        assert e["key"].is_unique
    assert len(pd.read_csv(tmp_path / "gen" / "Location.csv")) == len(net.entities["Location"]) == 20
    with corridor.open(tmp_path / "s") as store:
        corridor.datasets.ingest_generated(store, tmp_path / "gen")
        assert store.stats()["relations"]["CALLED"] == len(mem)


def test_ingest_generated_needs_a_manifest(tmp_path, capsys):
    from corridor.cli import main

    (tmp_path / "empty").mkdir()
    code = main(["--quiet", "ingest-generated", str(tmp_path / "s"), str(tmp_path / "empty")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("corridor: error: ") and "no manifest.json" in err
    assert not (tmp_path / "s").exists()


def test_cli_generate(tmp_path):
    r = subprocess.run([sys.executable, "-m", "corridor", "--quiet", "generate", "--people", "250", "--seed", "3",
                        "--out", str(tmp_path / "gen")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("250 people, ")
    manifest = json.loads((tmp_path / "gen" / "manifest.json").read_text())
    assert manifest["people"] == 250 and manifest["seed"] == 3
    written = {e["file"] for e in manifest["entities"]} | {r["file"] for r in manifest["relations"]}
    assert written | {"truth.csv", "hidden_links.csv", "manifest.json"} == {p.name for p in (tmp_path / "gen").iterdir()}
    assert len(pd.read_csv(tmp_path / "gen" / "truth.csv")) == 250

    r = subprocess.run([sys.executable, "-m", "corridor", "generate", "--people", "99", "--out", str(tmp_path / "x")],
                       capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("corridor: error: people: at least 100")


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize("people", [0, 99, -5, 150.5, "2000", True, None])
def test_people_must_be_a_whole_number_of_at_least_100(people):
    with pytest.raises(ValueError, match=r"^people: "):
        smuggling_network(people=people)


def test_write_validates_before_writing(tmp_path):
    with pytest.raises(ValueError, match=r"^people: at least 100"):
        write_smuggling_network(tmp_path / "gen", people=10)
    assert not (tmp_path / "gen").exists()


@pytest.mark.parametrize("kwargs, param", [
    (dict(seed=-1), "seed"), (dict(seed=1.5), "seed"), (dict(hidden_fraction=0.9), "hidden_fraction"),
    (dict(months=0), "months"),
])
def test_other_parameters_are_checked(kwargs, param):
    with pytest.raises(ValueError, match=rf"^{param}: "):
        smuggling_network(people=200, **kwargs)


def test_smallest_network_has_the_structure():
    net = smuggling_network(people=100, seed=0)
    t = net.truth
    assert len(t) == 100
    assert set(t.loc[t["member"] & (t["role"] != "coordinator"), "role"]) == CELL_ROLES
    assert len(net.coordinators) >= 2 and (t["role"] == "migrant").sum() > 30
    assert len(net.relations["CALLED"]) > 100
