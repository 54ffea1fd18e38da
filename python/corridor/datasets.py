"""Data to work on.

``smuggling_network`` generates a synthetic human-smuggling organisation with
its ground truth, modelled on how prosecutions describe such networks: cells
along routes from the origin countries (Guatemala, El Salvador, Honduras)
through Mexico to the United States; in each cell recruiters, drivers,
border guides, stash-house keepers, document forgers and money couriers; a
few coordinators bridging cells and countries; migrants as clients, not
members; relatives and outsiders as noise. Activity is heavy-tailed, burner
phones are shared, and a fraction of true contacts is withheld from the
records and returned as the hidden links an investigation has not seen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

ORIGINS = ["GT", "SV", "HN"]
DIAL = {"GT": "+502", "SV": "+503", "HN": "+504", "MX": "+52", "US": "+1"}
CELL_ROLES = {
    "origin": ["recruiter", "recruiter", "driver", "money_courier", "forger"],
    "transit": ["driver", "driver", "guide", "stash_keeper", "forger", "money_courier"],
    "border": ["guide", "guide", "driver", "stash_keeper", "money_courier"],
    "destination": ["driver", "stash_keeper", "money_courier"],
}
CROSSINGS = ["Tecun Uman", "La Mesilla", "El Carmen", "Nuevo Laredo", "Reynosa", "Sasabe", "Tijuana"]


@dataclass
class SmugglingNetwork:
    """Records ready for ingest, plus what really happened."""

    entities: dict[str, pd.DataFrame]   # entity type -> records (key column "key")
    relations: dict[str, pd.DataFrame]  # relation type -> records (src, dst, src_type, dst_type, time, weight)
    truth: pd.DataFrame                 # Person key -> cell, role, country, member
    hidden_links: pd.DataFrame          # person pairs in contact whose records were withheld
    coordinators: list[str] = field(default_factory=list)

    def ingest(self, store, source_prefix: str = "synthetic", progress: bool = False) -> None:
        """Ingests every entity and relation table into ``store``."""
        for etype, df in self.entities.items():
            store.ingest_entities(df, type=etype, key="key", source=f"{source_prefix}-{etype.lower()}",
                                  progress=progress)
        for rtype, df in self.relations.items():
            for (st, dt), part in df.groupby(["src_type", "dst_type"], sort=True):
                cols = [c for c in part.columns if c not in ("src_type", "dst_type")]
                store.ingest_relations(
                    part[cols].reset_index(drop=True), type=rtype, src=(st, "src"), dst=(dt, "dst"),
                    time="time" if "time" in cols else None, weight="weight" if "weight" in cols else None,
                    source=f"{source_prefix}-{rtype.lower()}", progress=progress,
                )


def smuggling_network(people: int = 2000, seed: int = 0, hidden_fraction: float = 0.1,
                      months: int = 6) -> SmugglingNetwork:
    """A synthetic smuggling organisation of about ``people`` persons
    (roughly a third members, the rest migrants and outsiders).
    Deterministic for a seed.

    >>> net = smuggling_network(people=500, seed=1)
    >>> sorted(net.relations)
    ['CALLED', 'CROSSED_AT', 'DRIVES', 'LIVES_AT', 'PAID', 'TRAVELED_WITH', 'USES']
    """
    if people < 50:
        raise ValueError("people: at least 50")
    rng = np.random.default_rng(seed)
    t0 = pd.Timestamp("2023-01-01", tz="UTC").value
    span = int(months * 30.4 * 86400e9)

    def pick(seq):
        return seq[int(rng.integers(len(seq)))]

    def when(n):
        return pd.to_datetime(t0 + rng.integers(0, span, n), unit="ns", utc=True)

    # --- the organisation: routes of cells, members with roles, coordinators
    n_members = max(20, people // 3)
    persons, cells = [], []
    pid = 0

    def person(country, cell, role, member):
        nonlocal pid
        key = f"P-{pid:06d}"
        pid += 1
        persons.append({"key": key, "country": country, "cell": cell, "role": role, "member": member})
        return key

    cell_members: dict[str, list[str]] = {}
    while pid < n_members:
        origin = ORIGINS[len(cells) % 3]
        route = len(cells) // 4
        for stage, country in [("origin", origin), ("transit", "MX"), ("border", "MX"), ("destination", "US")]:
            name = f"{stage}-{country}-{route}"
            roles = CELL_ROLES[stage]
            size = int(rng.integers(len(roles), 2 * len(roles) + 1))
            cell_members[name] = [person(country, name, roles[i % len(roles)], True) for i in range(size)]
            cells.append(name)
    cell_names = list(cell_members)
    coordinators = []
    for c in range(max(2, len(cell_names) // 4)):
        k = person(["MX", "GT", "US", "HN", "SV"][c % 5], "coordination", "coordinator", True)
        coordinators.append(k)
    n_migrants = max(10, int((people - pid) * 0.8))
    migrants = [person(ORIGINS[int(rng.integers(3))], "", "migrant", False) for _ in range(n_migrants)]
    outsiders = [person(ORIGINS[int(rng.integers(3))], "", "outsider", False) for _ in range(max(0, people - pid))]
    truth = pd.DataFrame(persons)
    country = dict(zip(truth["key"], truth["country"]))
    role = dict(zip(truth["key"], truth["role"]))

    # --- phones: 1-3 per member (burners shared inside a cell), 1 per other person
    uses, phones_of = [], {}
    ph = 0

    def new_phone(owner):
        nonlocal ph
        num = f"{DIAL[country[owner]]} {5000_0000 + ph * 7919 % 4000_0000:08d}"
        ph += 1
        return num

    for k in truth["key"]:
        n = int(rng.integers(1, 4)) if role[k] not in ("migrant", "outsider") else 1
        phones_of[k] = [new_phone(k) for _ in range(n)]
        uses += [(k, p) for p in phones_of[k]]
    for members in cell_members.values():
        if len(members) > 3 and rng.random() < 0.5:  # a burner passed around the cell
            a, b = rng.choice(len(members), 2, replace=False)
            uses.append((members[b], phones_of[members[a]][-1]))

    # --- contacts: who talks to whom, with heavy-tailed volume
    pairs = []
    for members in cell_members.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if rng.random() < 0.6:
                    pairs.append((a, b, "cell"))
    for c in coordinators:
        for cell in rng.choice(cell_names, size=min(len(cell_names), int(rng.integers(3, 7))), replace=False):
            for m in rng.choice(cell_members[cell], size=2, replace=False):
                pairs.append((c, str(m), "coordination"))
    for i, a in enumerate(coordinators):
        for b in coordinators[i + 1:]:
            pairs.append((a, b, "coordination"))
    recruiters = [k for k in truth["key"] if role[k] == "recruiter"]
    guides = [k for k in truth["key"] if role[k] == "guide"]
    for m in migrants:
        pairs.append((pick(recruiters), m, "client"))
        if rng.random() < 0.5:
            pairs.append((pick(guides), m, "client"))
    everyone = truth["key"].tolist()
    for _ in range(len(everyone)):
        pairs.append((pick(everyone), pick(outsiders or everyone), "noise"))
    pairs = [(a, b, kind) for a, b, kind in pairs if a != b]

    # withhold a fraction of member-member contacts: the hidden links
    inside = [i for i, (a, b, kind) in enumerate(pairs) if kind in ("cell", "coordination")]
    hidden_idx = set(rng.choice(inside, size=int(hidden_fraction * len(inside)), replace=False).tolist())
    hidden = pd.DataFrame([pairs[i][:2] for i in sorted(hidden_idx)], columns=["a", "b"])

    calls = []
    for i, (a, b, kind) in enumerate(pairs):
        if i in hidden_idx:
            continue
        n = 1 + int(rng.pareto(1.5) * (3 if kind in ("cell", "coordination") else 1))
        for _ in range(min(n, 200)):
            x, y = (a, b) if rng.random() < 0.5 else (b, a)
            calls.append((pick(phones_of[x]), pick(phones_of[y])))
    called = pd.DataFrame(calls, columns=["src", "dst"])
    called["time"] = when(len(called))
    called["weight"] = rng.gamma(2.0, 90.0, len(called)).round()  # call seconds
    called["src_type"] = called["dst_type"] = "Phone"

    # --- money: migrants pay recruiters, couriers pay coordinators
    acct = {k: f"ACCT-{i:07d}" for i, k in enumerate(everyone)}
    couriers = [k for k in everyone if role[k] == "money_courier"]
    paid = [(acct[m], acct[pick(recruiters)]) for m in migrants]
    paid += [(acct[c], acct[pick(coordinators)]) for c in couriers for _ in range(int(rng.integers(1, 6)))]
    paid = pd.DataFrame(paid, columns=["src", "dst"])
    paid["time"] = when(len(paid))
    paid["weight"] = rng.lognormal(7.5, 0.8, len(paid)).round(2)  # USD
    paid["src_type"] = paid["dst_type"] = "Account"
    with_money = set(paid["src"]) | set(paid["dst"])
    owns = pd.DataFrame({"src": [k for k in everyone if acct[k] in with_money]})
    owns["dst"] = owns["src"].map(acct)

    # --- places: stash houses shared by keepers and migrants, homes
    lives = []
    stash_houses = {}
    for cell, members in cell_members.items():
        if not cell.startswith(("transit", "border", "destination")):
            continue
        stash_houses[cell] = f"STASH {cell}"
        lives += [(m, stash_houses[cell]) for m in members if role[m] == "stash_keeper"]
    houses = list(stash_houses.values())
    for m in migrants:
        if houses and rng.random() < 0.7:
            lives.append((m, pick(houses)))
    lives += [(k, f"HOME {k}") for k in everyone if role[k] not in ("migrant",) and rng.random() < 0.3]
    lives = pd.DataFrame(lives, columns=["src", "dst"]).drop_duplicates()

    # --- vehicles and crossings
    drivers = [k for k in everyone if role[k] == "driver"]
    vehicles = {d: f"VEH-{i:05d}" for i, d in enumerate(drivers)}
    drives = pd.DataFrame({"src": drivers, "dst": [vehicles[d] for d in drivers]})
    crossing = []
    for g in guides + drivers:
        for _ in range(int(rng.integers(1, 8))):
            crossing.append((g, "Person", pick(CROSSINGS)))
    for d, v in vehicles.items():
        for _ in range(int(rng.integers(0, 5))):
            crossing.append((v, "Vehicle", pick(CROSSINGS)))
    crossed = pd.DataFrame(crossing, columns=["src", "src_type", "dst"])
    crossed["dst_type"] = "Location"
    crossed["time"] = when(len(crossed))
    travel = [(pick(guides), m) for m in migrants if rng.random() < 0.4]
    traveled = pd.DataFrame(travel, columns=["src", "dst"])
    traveled["time"] = when(len(traveled))
    for df, st, dt in [(owns, "Person", "Account"), (lives, "Person", "Address"), (drives, "Person", "Vehicle"),
                       (traveled, "Person", "Person")]:
        df["src_type"], df["dst_type"] = st, dt
    uses = pd.DataFrame(uses, columns=["src", "dst"])
    uses["src_type"], uses["dst_type"] = "Person", "Phone"
    uses = pd.concat([uses, owns])  # Person-USES-Account joins people to their money, as phones
    person_records = truth[["key", "country"]].copy()
    locations = pd.DataFrame({"key": CROSSINGS, "kind": "border crossing"})
    return SmugglingNetwork(
        entities={"Person": person_records, "Location": locations},
        relations={"USES": uses.reset_index(drop=True), "CALLED": called, "PAID": paid, "LIVES_AT": lives,
                   "DRIVES": drives, "CROSSED_AT": crossed, "TRAVELED_WITH": traveled},
        truth=truth.set_index("key"),
        hidden_links=hidden,
        coordinators=coordinators,
    )
