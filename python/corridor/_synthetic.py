"""The synthetic smuggling-network generator behind ``corridor.datasets``.

Everything is vectorised with numpy. The population is split into
*organisations* of about ``ORG_PEOPLE`` people, each generated from its own
random stream (``np.random.default_rng([seed, org])``) and linked only to its
own entities (and to the shared border crossings), so the output depends on
``(people, seed)`` alone and any run of consecutive organisations can be
turned into records on its own. Organisations are grouped into chunks of at
most ``CHUNK_PEOPLE`` people: ``smuggling_network`` concatenates the chunks
in memory, ``write_smuggling_network`` streams them to CSV, so memory stays
bounded whatever ``people`` is.
"""

from __future__ import annotations

import json
import numbers
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ORG_PEOPLE = 2_500        # people per organisation (one organisation below ~3,750 people)
CHUNK_PEOPLE = 10_000     # people per chunk when streaming (peak memory grows with it)
MIN_PEOPLE = 100
START = "2023-01-01"      # the period starts here (UTC) and lasts `months` calendar months
DAY = 86_400
MANIFEST = "manifest.json"
FORMAT = "corridor-synthetic/1"

# ------------------------------------------------------------------ vocabulary
COUNTRIES = np.array(["GT", "SV", "HN", "MX", "US"])
GT, SV, HN, MX, US = range(5)
ORIGINS = np.array([GT, SV, HN])
DIAL = np.array(["+502", "+503", "+504", "+52", "+1"])
ROLES = np.array(["recruiter", "driver", "guide", "stash_keeper", "forger", "money_courier",
                  "coordinator", "migrant", "outsider"])
RECRUITER, DRIVER, GUIDE, KEEPER, FORGER, COURIER, COORDINATOR, MIGRANT, OUTSIDER = range(9)
N_CELL_ROLES = 6
STAGES = np.array(["origin", "transit", "border", "destination"])
# how a cell's members beyond one of each role are drawn, by stage (columns: ROLES[:6])
STAGE_ROLE_WEIGHTS = np.array([
    [5.0, 2.0, 1.0, 0.5, 1.0, 1.0],   # origin: recruiters
    [0.3, 4.0, 1.0, 2.0, 1.0, 1.0],   # transit: drivers, stash houses
    [0.3, 2.0, 4.0, 2.0, 0.5, 1.0],   # border: guides
    [0.2, 3.0, 0.5, 2.0, 1.0, 2.0],   # destination: drivers, stash houses, money
])
# contacts between consecutive cells of a route: (role in the earlier cell, role in the later)
HANDOFF_ROLES = np.array([[DRIVER, DRIVER], [COURIER, COURIER], [GUIDE, GUIDE], [KEEPER, DRIVER],
                          [DRIVER, KEEPER], [FORGER, DRIVER]])
CELL, HANDOFF, COORD, CLIENT, FAMILY, NOISE = range(6)
CONTACT_KINDS = np.array(["cell", "handoff", "coordination", "client", "family", "noise"])
HIDDEN_KINDS = (CELL, HANDOFF, COORD)  # member-member contacts that may be withheld

CITIES = {
    GT: ["Guatemala City", "Quetzaltenango", "Huehuetenango", "San Marcos", "Coban"],
    SV: ["San Salvador", "San Miguel", "Santa Ana", "Usulutan"],
    HN: ["San Pedro Sula", "Tegucigalpa", "La Ceiba", "Choluteca", "Juticalpa"],
    MX: ["Tapachula", "Villahermosa", "Veracruz", "Puebla", "Mexico City", "Queretaro", "San Luis Potosi"],
    US: ["Houston", "Dallas", "San Antonio", "Phoenix", "Los Angeles", "Atlanta", "Chicago", "New York",
         "Charlotte", "Nashville"],
}
# name, from, to, kind, city on the Mexican side (MX-US only), city on the US side (MX-US only)
CROSSING_TABLE = [
    ("La Hachadura / Pedro de Alvarado", SV, GT, "port of entry", "", ""),
    ("San Cristobal Frontera", SV, GT, "port of entry", "", ""),
    ("Agua Caliente", HN, GT, "port of entry", "", ""),
    ("El Florido", HN, GT, "port of entry", "", ""),
    ("Tecun Uman / Ciudad Hidalgo", GT, MX, "port of entry", "", ""),
    ("El Carmen / Talisman", GT, MX, "port of entry", "", ""),
    ("La Mesilla / Ciudad Cuauhtemoc", GT, MX, "port of entry", "", ""),
    ("Suchiate river rafts", GT, MX, "river crossing", "", ""),
    ("Nuevo Laredo / Laredo", MX, US, "port of entry", "Nuevo Laredo", "Laredo"),
    ("Reynosa / Hidalgo", MX, US, "port of entry", "Reynosa", "McAllen"),
    ("Matamoros / Brownsville", MX, US, "port of entry", "Matamoros", "Brownsville"),
    ("Piedras Negras / Eagle Pass", MX, US, "port of entry", "Piedras Negras", "Eagle Pass"),
    ("Ciudad Juarez / El Paso", MX, US, "port of entry", "Ciudad Juarez", "El Paso"),
    ("Nogales", MX, US, "port of entry", "Nogales", "Tucson"),
    ("Tijuana / San Ysidro", MX, US, "port of entry", "Tijuana", "San Diego"),
    ("Rio Grande near Laredo", MX, US, "river crossing", "Nuevo Laredo", "Laredo"),
    ("Rio Grande near Roma", MX, US, "river crossing", "Reynosa", "McAllen"),
    ("Rio Grande near Eagle Pass", MX, US, "river crossing", "Piedras Negras", "Eagle Pass"),
    ("Sasabe desert", MX, US, "desert crossing", "Nogales", "Tucson"),
    ("Jacumba mountains", MX, US, "desert crossing", "Tijuana", "San Diego"),
]
CROSSING_NAMES = np.array([c[0] for c in CROSSING_TABLE])
CROSS_FROM = np.array([c[1] for c in CROSSING_TABLE])
CROSS_TO = np.array([c[2] for c in CROSSING_TABLE])
CROSS_KIND = np.array([c[3] for c in CROSSING_TABLE])
PORTS_MX_US = np.array([i for i, c in enumerate(CROSSING_TABLE) if c[1] == MX and c[3] == "port of entry"])
# the informal crossing guides use near each port (same border city)
FOOT_NEAR_PORT = np.array([
    next((j for j, d in enumerate(CROSSING_TABLE) if d[1] == MX and d[3] != "port of entry"
          and d[4] == CROSSING_TABLE[i][4]), i) for i in PORTS_MX_US])
GT_MX = np.array([i for i, c in enumerate(CROSSING_TABLE) if c[1] == GT and c[2] == MX])
INTO_GT = {SV: np.array([0, 1]), HN: np.array([2, 3])}

CARRIERS = {GT: ["Tigo", "Claro"], SV: ["Tigo", "Claro", "Movistar", "Digicel"], HN: ["Tigo", "Claro"],
            MX: ["Telcel", "AT&T Mexico", "Movistar", "Bait"],
            US: ["Verizon", "AT&T", "T-Mobile", "Boost Mobile", "TracFone"]}
AREA = {MX: ["55", "33", "81", "962", "993", "229", "444", "899", "867", "656", "664"],
        US: ["956", "713", "214", "210", "602", "213", "404", "312", "212", "915"]}
BANKS = {GT: ["Banco Industrial", "Banrural", "BAM", "G&T Continental"],
         SV: ["Banco Agricola", "Banco Cuscatlan", "Davivienda"],
         HN: ["Banco Atlantida", "BAC Honduras", "Ficohsa"],
         MX: ["BBVA Mexico", "Banorte", "Banco Azteca", "Santander Mexico", "Coppel"],
         US: ["Chase", "Bank of America", "Wells Fargo", "Western Union", "MoneyGram"]}
ACCOUNT_KINDS = np.array(["checking", "savings", "money transfer", "prepaid card"])
ADDRESS_KINDS = np.array(["house", "apartment", "warehouse", "ranch", "motel"])
VEHICLES = [  # body, make, model
    ("pickup", "Toyota", "Hilux"), ("pickup", "Ford", "F-150"), ("pickup", "Chevrolet", "Silverado"),
    ("pickup", "Nissan", "Frontier"), ("van", "Ford", "Transit"), ("van", "Chevrolet", "Express"),
    ("van", "Dodge", "Grand Caravan"), ("truck", "Freightliner", "Cascadia"),
    ("truck", "International", "ProStar"), ("sedan", "Nissan", "Sentra"), ("sedan", "Toyota", "Corolla"),
    ("sedan", "Honda", "Civic"), ("SUV", "Chevrolet", "Tahoe"), ("SUV", "Ford", "Explorer"),
    ("bus", "Toyota", "Coaster"),
]
VEH_BODY = np.array([v[0] for v in VEHICLES])
VEH_MAKE = np.array([v[1] for v in VEHICLES])
VEH_MODEL = np.array([v[2] for v in VEHICLES])
STAGE_VEHICLES = [np.array([0, 1, 3, 4, 14]), np.array([4, 5, 6, 7, 8, 0]),
                  np.array([0, 1, 2, 12, 13, 9]), np.array([4, 5, 6, 9, 10, 11, 12])]
COLORS = np.array(["white", "silver", "black", "grey", "red", "blue"])
LETTERS = np.array(list("ABCDEFGHJKLMNPRSTUVWXYZ"))  # plates skip I, O, Q


def _flat(table: dict[int, list[str]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-country vocabularies as one array, with each country's start and size."""
    names, start, size = [], np.zeros(5, np.int64), np.zeros(5, np.int64)
    for c in range(5):
        start[c], size[c] = len(names), len(table.get(c, []))
        names += table.get(c, [])
    return np.array(names), start, size


CITY_NAMES, CITY_START, CITY_N = _flat(CITIES)
CARRIER_NAMES, CARRIER_START, CARRIER_N = _flat(CARRIERS)
BANK_NAMES, BANK_START, BANK_N = _flat(BANKS)
_extra_cities = sorted({c[4] for c in CROSSING_TABLE if c[4]} | {c[5] for c in CROSSING_TABLE if c[5]})
CITY_NAMES = np.concatenate([CITY_NAMES, np.array(_extra_cities)])
CITY_INDEX = {name: i for i, name in enumerate(CITY_NAMES)}
PORT_MX_CITY = np.array([CITY_INDEX[CROSSING_TABLE[i][4]] for i in PORTS_MX_US])
PORT_US_CITY = np.array([CITY_INDEX[CROSSING_TABLE[i][5]] for i in PORTS_MX_US])

# (relation type, src type, dst type, timed, weighted): one CSV file each
RELATION_FILES = [
    ("CALLED", "Phone", "Phone", True, True),
    ("PAID", "Account", "Account", True, True),
    ("USES", "Person", "Phone", False, False),
    ("OWNS", "Person", "Account", False, False),
    ("DRIVES", "Person", "Vehicle", False, False),
    ("LIVES_AT", "Person", "Address", False, False),
    ("CROSSED_AT", "Person", "Location", True, False),
    ("CROSSED_AT", "Vehicle", "Location", True, False),
    ("TRAVELED_WITH", "Person", "Person", True, False),
]
ENTITY_COLUMNS = {
    "Person": ["key", "country", "sex", "birth_year"],
    "Phone": ["key", "carrier", "country_code", "prepaid"],
    "Account": ["key", "bank", "kind", "country"],
    "Address": ["key", "kind", "city", "country"],
    "Vehicle": ["key", "make", "model", "body", "color", "year", "plate_country"],
    "Location": ["key", "kind", "from_country", "to_country", "countries"],
}
ENTITY_TYPES = list(ENTITY_COLUMNS)


# ------------------------------------------------------------------ the interface
@dataclass
class SmugglingNetwork:
    """Records ready for ingest, plus what really happened.

    - ``entities``: entity type -> records, key column ``key``;
    - ``relations``: relation type -> records with columns ``src``, ``dst``,
      ``src_type``, ``dst_type``, ``time`` (UTC; NaT for timeless facts such
      as USES) and ``weight`` (call seconds, USD paid, else 1);
    - ``truth``: indexed by person key: ``cell``, ``role``, ``country``, ``member``;
    - ``hidden_links``: true member contacts whose records were withheld
      (``a``, ``b`` person keys, ``kind`` of contact);
    - ``coordinators``: person keys.
    """

    entities: dict[str, pd.DataFrame]
    relations: dict[str, pd.DataFrame]
    truth: pd.DataFrame
    hidden_links: pd.DataFrame
    coordinators: list[str] = field(default_factory=list)

    def ingest(self, store, source_prefix: str = "synthetic", progress: bool = False) -> None:
        """Ingests every entity and relation table into ``store``: one batch
        per entity type and per (relation type, src type, dst type)."""
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


def _check(people, seed, hidden_fraction, months) -> tuple[int, int]:
    if isinstance(people, bool) or not isinstance(people, numbers.Integral):
        raise ValueError(f"people: expected a whole number of people, got {people!r}")
    if people < MIN_PEOPLE:
        raise ValueError(f"people: at least {MIN_PEOPLE} (one route of four cells, coordinators, "
                         f"migrants and outsiders), got {people}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed: expected a non-negative whole number, got {seed!r}")
    if not (isinstance(hidden_fraction, numbers.Real) and 0 <= hidden_fraction <= 0.5):
        raise ValueError(f"hidden_fraction: expected a number from 0 to 0.5, got {hidden_fraction!r}")
    if isinstance(months, bool) or not isinstance(months, numbers.Integral) or not 1 <= months <= 36:
        raise ValueError(f"months: expected a whole number from 1 to 36, got {months!r}")
    return int(people), int(seed)


def _period(months: int) -> tuple[int, int]:
    t0 = pd.Timestamp(START, tz="UTC")
    return t0.value // 10**9, (t0 + pd.DateOffset(months=months)).value // 10**9


def smuggling_network(people: int = 2000, seed: int = 0, hidden_fraction: float = 0.1,
                      months: int = 6) -> SmugglingNetwork:
    """A synthetic smuggling organisation of exactly ``people`` persons (about
    27% members in cells and coordinators, 53% migrants, the rest relatives
    and outsiders), with calls, payments, phones, accounts, addresses,
    vehicles and border crossings over ``months`` months from 2023-01-01.
    Deterministic for a seed. The 2,000-person default has about 28,000
    relation records (about 14 per person at any size); for hundreds of
    thousands of people and more, stream to CSV with
    :func:`write_smuggling_network`.

    ``hidden_fraction`` of the member-to-member contacts (cell mates,
    hand-offs between a route's cells, coordinators) are candidates for
    withholding: all their calls are left out of the records, and a
    candidate becomes a hidden link only if no remaining record joins the
    pair in the person graph projected through phones, accounts and
    addresses (``_demo.PERSON_GRAPH``); otherwise its calls are kept. So no
    hidden link is an edge of that graph.

    >>> net = smuggling_network(people=500, seed=1)
    >>> sorted(net.relations)
    ['CALLED', 'CROSSED_AT', 'DRIVES', 'LIVES_AT', 'OWNS', 'PAID', 'TRAVELED_WITH', 'USES']
    """
    people, seed = _check(people, seed, hidden_fraction, months)
    period = _period(months)
    parts = [_chunk_tables(orgs, i == 0) for i, orgs in enumerate(_chunks(people, seed, hidden_fraction, period))]
    for p in parts:
        p.pop("_stats")
    frames = {name: pd.concat([_frame(p[name]) for p in parts], ignore_index=True) for name in parts[0]}
    entities = {e: frames[e] for e in ENTITY_TYPES}
    relations: dict[str, pd.DataFrame] = {}
    for rtype, st, dt, _, _ in RELATION_FILES:
        df = frames[_relation_name(rtype, st, dt)]
        df.insert(2, "src_type", st)
        df.insert(3, "dst_type", dt)
        relations[rtype] = df if rtype not in relations else pd.concat([relations[rtype], df], ignore_index=True)
    truth = frames["truth"].set_index("key")
    return SmugglingNetwork(
        entities=entities, relations=relations, truth=truth, hidden_links=frames["hidden_links"],
        coordinators=truth.index[truth["role"] == "coordinator"].tolist(),
    )


# ------------------------------------------------------------------ helpers
def _seg_arange(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., c-1 for each count c, concatenated."""
    counts = np.asarray(counts, np.int64)
    starts = np.cumsum(counts) - counts
    return np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(starts, counts)


def _pick(rng, start, count) -> np.ndarray:
    """A uniform index in [start, start + count) for each element (count >= 1)."""
    start = np.asarray(start, np.int64)
    return start + (rng.random(start.shape) * np.asarray(count)).astype(np.int64)


def _pairs_within(groups: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j in order) of members sharing a group; ``groups`` sorted."""
    if len(groups) < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    _, start, size = np.unique(groups, return_index=True, return_counts=True)
    pos = np.arange(len(groups)) - np.repeat(start, size)
    after = np.repeat(size, size) - pos - 1
    i = np.repeat(np.arange(len(groups)), after)
    j = i + 1 + _seg_arange(after)
    return members[i], members[j]


def _holders(src: np.ndarray, dst: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR of holder relation rows (holder ``src`` of intermediary ``dst`` < n):
    (start, count, holders sorted by intermediary)."""
    order = np.lexsort((src, dst))
    count = np.bincount(dst, minlength=n)
    return np.cumsum(count) - count, count, src[order]


def _expand(a_int: np.ndarray, b_int: np.ndarray, csr) -> tuple[np.ndarray, np.ndarray]:
    """A record between intermediaries a and b stands for holders(a) x holders(b)."""
    start, count, held = csr
    na, nb = count[a_int], count[b_int]
    k = na * nb
    rec = np.repeat(np.arange(len(a_int)), k)
    off = _seg_arange(k)
    i = off // np.repeat(nb, k)
    j = off % np.repeat(nb, k)
    return held[start[a_int[rec]] + i], held[start[b_int[rec]] + j]


def _co_holders(csr, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of kept holders sharing an intermediary."""
    start, count, held = csr
    inter = np.repeat(np.arange(len(count)), count)
    sel = keep[held]
    return _pairs_within(inter[sel], held[sel])


def _pair_key(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    return np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b)


def _diurnal(rng, t: np.ndarray, t0: int, t1: int) -> np.ndarray:
    """Moves each time to a time of day drawn around mid-afternoon, same day."""
    day = (t - t0) // DAY
    sod = ((rng.normal(14.5, 4.5, len(t)) % 24.0) * 3600).astype(np.int64)
    return np.clip(t0 + day * DAY + sod, t0, t1 - 1)


def _from_country(rng, country: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """A random entry of each element's country vocabulary."""
    return _pick(rng, start[country], size[country])


# ------------------------------------------------------------------ one organisation
@dataclass
class _Ids:
    """Next free id per entity type (persons are laid out up front)."""

    next: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTITY_TYPES, 0))

    def take(self, rng, etype: str, n: int) -> np.ndarray:
        """Global ids for n new entities: a shuffled block, so that keys do not
        give cells away."""
        first = self.next[etype]
        self.next[etype] = first + n
        return first + rng.permutation(n).astype(np.int64)


@dataclass
class _Org:
    """One organisation's records, integer-coded with global ids."""

    entities: dict[str, dict[str, np.ndarray]]
    relations: dict[str, tuple]   # file name -> (src ids, dst ids, time s or None, weight or None)
    truth: dict[str, np.ndarray]
    hidden: tuple[np.ndarray, np.ndarray, np.ndarray]
    cell_names: np.ndarray
    stats: dict[str, int]


def _organisation(o: int, n: int, seed: int, ids: _Ids, period: tuple[int, int],
                  hidden_fraction: float) -> _Org:
    rng = np.random.default_rng([seed, o])
    t0, t1 = period
    span = t1 - t0

    # ---------------------------------------------------------- people and cells
    n_coord = max(2, round(n / 400))
    n_members = max(6 * 4 + n_coord, round(0.27 * n))
    n_mig = min(round(0.53 * n), n - n_members)
    n_out = n - n_members - n_mig
    budget = n_members - n_coord
    n_routes = max(1, round(budget / 40))
    nc = 4 * n_routes
    cell_route = np.repeat(np.arange(n_routes), 4)
    cell_stage = np.tile(np.arange(4), n_routes)
    route_origin = ORIGINS[(rng.integers(3) + np.arange(n_routes)) % 3]
    cell_country = np.select([cell_stage == 0, cell_stage == 3], [route_origin[cell_route], US], MX)
    share = rng.gamma(2.0, 1.0, nc)
    cell_size = N_CELL_ROLES + rng.multinomial(budget - N_CELL_ROLES * nc, share / share.sum())
    cell_start = np.cumsum(cell_size) - cell_size
    n_cell_members = budget
    m_cell = np.repeat(np.arange(nc), cell_size)
    pos = _seg_arange(cell_size)
    cum = np.cumsum(STAGE_ROLE_WEIGHTS, axis=1)
    cum /= cum[:, -1:]
    drawn = (rng.random(n_cell_members)[:, None] >= cum[cell_stage[m_cell]]).sum(axis=1)
    m_role = np.where(pos < N_CELL_ROLES, pos, np.minimum(drawn, N_CELL_ROLES - 1))
    m_role = m_role[np.lexsort((m_role, m_cell))]  # members ordered by (cell, role)
    grp_count = np.bincount(m_cell * N_CELL_ROLES + m_role, minlength=nc * N_CELL_ROLES)
    grp_start = np.cumsum(grp_count) - grp_count  # every (cell, role) group has >= 1 member

    def member_of(cells, role):
        g = np.asarray(cells) * N_CELL_ROLES + role
        return _pick(rng, grp_start[g], grp_count[g])

    # local person index: cell members, coordinators, migrants, outsiders
    first_coord, first_mig = n_cell_members, n_members
    first_out = n_members + n_mig
    coords = np.arange(first_coord, first_mig)
    migs = np.arange(first_mig, first_out)
    outs = np.arange(first_out, n)
    role = np.concatenate([m_role, np.full(n_coord, COORDINATOR), np.full(n_mig, MIGRANT),
                           np.full(n_out, OUTSIDER)])
    cell = np.concatenate([m_cell, np.full(n - n_cell_members, -1)])
    member = np.arange(n) < n_members
    country = np.zeros(n, np.int64)
    country[:n_cell_members] = cell_country[m_cell]

    # coordinators: every route has one, some two; every coordinator has a route
    cperm = rng.permutation(n_coord)
    ak = [cperm[np.arange(n_routes) % n_coord]]
    ar = [np.arange(n_routes)]
    if n_coord > n_routes:
        ak.append(cperm[n_routes:])
        ar.append(rng.integers(n_routes, size=n_coord - n_routes))
    second = rng.random(n_routes) < 0.35
    ak.append(rng.integers(n_coord, size=int(second.sum())))
    ar.append(np.arange(n_routes)[second])
    assign = np.unique(np.concatenate(ak) * n_routes + np.concatenate(ar))
    a_coord, a_route = assign // n_routes, assign % n_routes
    first_route = a_route[np.unique(a_coord, return_index=True)[1]]
    u = rng.random(n_coord)
    country[coords] = np.select([u < 0.5, u < 0.8], [MX, US], route_origin[first_route])
    by_route = np.argsort(a_route, kind="stable")
    route_coord_n = np.bincount(a_route, minlength=n_routes)
    route_coord_start = np.cumsum(route_coord_n) - route_coord_n
    route_coords = a_coord[by_route]

    # migrants: routes of uneven popularity, journeys within the period
    weights = rng.dirichlet(np.full(n_routes, 0.8)) if n_routes > 1 else np.ones(1)
    mig_route = rng.choice(n_routes, size=n_mig, p=weights)
    country[migs] = route_origin[mig_route]
    t_rec = t0 + (rng.random(n_mig) * 0.8 * span).astype(np.int64)
    t_bor = t_rec + ((10 + 35 * rng.random(n_mig)) * DAY).astype(np.int64)
    outcome = rng.random(n_mig)  # < 0.65 arrives, < 0.85 stopped at the border, else never leaves
    recruiter = member_of(4 * mig_route, RECRUITER)

    # travel groups: migrants reaching the border, by route and time
    at_border = np.flatnonzero((outcome < 0.85) & (t_bor < t1))
    at_border = at_border[np.lexsort((t_bor[at_border], mig_route[at_border]))]
    r_b, t_b = mig_route[at_border], t_bor[at_border]
    new = np.ones(len(at_border), bool)
    new[1:] = (r_b[1:] != r_b[:-1]) | (t_b[1:] - t_b[:-1] > 2 * DAY) | (rng.random(len(at_border) - 1) < 1 / 7)
    grp = np.cumsum(new) - 1
    n_groups = int(new.sum())
    g_route = r_b[new]
    g_time = t_b[new]
    g_guide = member_of(4 * g_route + 2, GUIDE)
    g_driver = member_of(4 * g_route + 3, DRIVER)
    g_arrive = g_time + ((1 + 4 * rng.random(n_groups)) * DAY).astype(np.int64)
    mig_group = np.full(n_mig, -1)
    mig_group[at_border] = grp
    t_bor[at_border] = g_time[grp]
    t_arr = np.full(n_mig, t1)
    t_arr[at_border] = g_arrive[grp]
    arrived = (outcome < 0.65) & (t_arr < t1)

    # relatives and outsiders: each is close to one member or migrant
    anchor = rng.integers(first_out, size=n_out)
    anchor_is_mig = anchor >= first_mig
    in_us = anchor_is_mig & (rng.random(n_out) < 0.45)
    country[outs] = np.where(in_us, US, country[anchor])

    act = 1.0 + rng.pareto(1.8, n)  # heavy-tailed activity
    act[coords] *= 3.0
    male = rng.random(n) < np.select([member, role == MIGRANT], [0.85, 0.6], 0.5)
    birth = np.select([member, role == MIGRANT], [rng.integers(1970, 2004, n), rng.integers(1975, 2008, n)],
                      rng.integers(1950, 2006, n))

    # ---------------------------------------------------------- phones
    n_ph = np.ones(n, np.int64)
    n_ph[:n_cell_members] = 1 + (rng.random(n_cell_members) >= 0.2) * (1 + rng.poisson(0.3, n_cell_members))
    n_ph[coords] = 3 + rng.poisson(1.0, n_coord)
    n_ph[migs] = 1 + (rng.random(n_mig) < 0.25)
    ph_first = np.cumsum(n_ph) - n_ph
    n_phones = int(n_ph.sum())
    ph_owner = np.repeat(np.arange(n), n_ph)
    ph_slot = _seg_arange(n_ph)
    ph_country = country[ph_owner].copy()
    ph_country[(role[ph_owner] == MIGRANT) & (ph_slot == 1)] = MX  # a Mexican SIM on the way
    coord_op = (role[ph_owner] == COORDINATOR) & (ph_slot >= 1)
    ph_country[coord_op] = np.array([MX, US, MX])[rng.integers(3, size=int(coord_op.sum()))]
    prepaid = (ph_slot >= 1) | (rng.random(n_phones) < np.select([ph_country == US, ph_country == MX],
                                                                  [0.25, 0.6], 0.8))
    # burners passed around a cell: an operational phone also used by 1-2 cell mates
    burner_cells = np.flatnonzero(rng.random(nc) < 0.5)
    owner = _pick(rng, cell_start[burner_cells], cell_size[burner_cells])
    has_op = n_ph[owner] >= 2
    burner_cells, owner = burner_cells[has_op], owner[has_op]
    burner = ph_first[owner] + 1
    n_sharers = 1 + (rng.random(len(owner)) < 0.4)
    sh_cell = np.repeat(burner_cells, n_sharers)
    sharer = _pick(rng, cell_start[sh_cell], cell_size[sh_cell])
    sh_phone = np.repeat(burner, n_sharers)
    ok = sharer != np.repeat(owner, n_sharers)
    sharer, sh_phone = sharer[ok], sh_phone[ok]
    uses = np.unique(np.concatenate([ph_owner * n_phones + np.arange(n_phones), sharer * n_phones + sh_phone]))
    uses_p, uses_ph = uses // n_phones, uses % n_phones
    shared_phone = np.full(n, -1)
    shared_phone[sharer] = sh_phone
    # half of them are passed on: the owner uses the burner until a hand-over time, the cell mates after it
    handover = np.full(n_phones, -1)
    passed = rng.random(len(burner)) < 0.5
    handover[burner[passed]] = t0 + ((0.3 + 0.4 * rng.random(int(passed.sum()))) * span).astype(np.int64)

    # ---------------------------------------------------------- contacts
    cont = []  # (a, b, kind, lo, hi, mean calls)

    def contact(a, b, kind, lo, hi, lam):
        cont.append((np.asarray(a, np.int64), np.asarray(b, np.int64), np.full(len(a), kind),
                     np.broadcast_to(lo, len(a)).astype(np.int64), np.broadcast_to(hi, len(a)).astype(np.int64),
                     np.full(len(a), lam)))

    def active_windows(k):
        lo = t0 + (rng.random(k) * 0.5 * span).astype(np.int64)
        return lo, t1 - (rng.random(k) * 0.3 * span).astype(np.int64)

    # dense inside cells, hubs more connected
    a, b = _pairs_within(m_cell, np.arange(n_cell_members))
    keep = rng.random(len(a)) < np.minimum(1.0, 0.3 * np.sqrt(act[a] * act[b]))
    a, b = a[keep], b[keep]
    contact(a, b, CELL, *active_windows(len(a)), 1.6)
    # hand-offs between consecutive cells of a route
    h_cell = np.repeat(np.flatnonzero(cell_stage < 3), 1 + rng.poisson(1.0, 3 * n_routes))
    h_roles = HANDOFF_ROLES[rng.integers(len(HANDOFF_ROLES), size=len(h_cell))]
    a, b = member_of(h_cell, h_roles[:, 0]), member_of(h_cell + 1, h_roles[:, 1])
    contact(a, b, HANDOFF, *active_windows(len(a)), 2.0)
    # coordinators: the border cell and the origin or destination cell of each route they run
    # (so each bridges at least two countries), sometimes the transit cell; a money courier
    # of each, sometimes another member; and each other
    stages = [np.full(len(a_coord), 2), np.where(rng.random(len(a_coord)) < 0.5, 0, 3)]
    transit = rng.random(len(a_coord)) < 0.4
    c_k = np.concatenate([a_coord, a_coord, a_coord[transit]])
    c_cell = 4 * np.concatenate([a_route, a_route, a_route[transit]]) + np.concatenate(
        stages + [np.ones(int(transit.sum()), np.int64)])
    extra = rng.random(len(c_k)) < 0.5
    a = coords[np.concatenate([c_k, c_k[extra]])]
    b = np.concatenate([member_of(c_cell, COURIER),
                        _pick(rng, cell_start[c_cell[extra]], cell_size[c_cell[extra]])])
    contact(a, b, COORD, t0, t1, 3.0)
    a, b = _pairs_within(np.zeros(n_coord, np.int64), coords)
    contact(a, b, COORD, t0, t1, 3.0)
    # clients: recruiter, guide of the travel group, transit driver, driver at arrival
    contact(migs, recruiter, CLIENT, t_rec - 21 * DAY, t_rec + 3 * DAY, 0.6)
    grouped = np.flatnonzero(mig_group >= 0)
    contact(migs[grouped], g_guide[mig_group[grouped]], CLIENT, t_bor[grouped] - 7 * DAY,
            t_bor[grouped] + DAY, 0.6)
    tr = grouped[rng.random(len(grouped)) < 0.3]
    contact(migs[tr], member_of(4 * mig_route[tr] + 1, DRIVER), CLIENT, t_rec[tr] + 5 * DAY, t_bor[tr], 0.6)
    arr = np.flatnonzero(arrived)
    contact(migs[arr], g_driver[mig_group[arr]], CLIENT, t_arr[arr] - 2 * DAY, t_arr[arr] + DAY, 0.6)
    # noise: relatives, and outsiders anyone may call
    contact(outs, anchor, FAMILY, t0, t1, 2.0)
    if n_out:
        caller = np.repeat(np.arange(n), rng.poisson(0.4, n))
        lo = t0 + (rng.random(len(caller)) * (span - 30 * DAY)).astype(np.int64)
        contact(caller, rng.choice(outs, len(caller)), NOISE, lo, lo + 30 * DAY, 0.5)
        a = rng.choice(outs, n_out // 2)
        lo = t0 + (rng.random(len(a)) * (span - 30 * DAY)).astype(np.int64)
        contact(a, rng.choice(outs, len(a)), NOISE, lo, lo + 30 * DAY, 0.5)

    ca, cb, ckind, clo, chi, clam = (np.concatenate(x) for x in zip(*cont))
    ckey = _pair_key(ca, cb, n)
    _, first = np.unique(ckey, return_index=True)  # a pair is one contact, of its first kind
    first = np.sort(first)
    first = first[ca[first] != cb[first]]
    ca, cb, ckind, clo, chi, clam, ckey = (x[first] for x in (ca, cb, ckind, clo, chi, clam, ckey))
    clo = np.clip(clo, t0, t1 - DAY)
    chi = np.clip(chi, clo + DAY, t1)

    # calls: heavy-tailed volume per contact; operational calls on operational phones
    lam = clam * np.sqrt(act[ca] * act[cb]) * rng.gamma(0.7, 1 / 0.7, len(ca))
    n_calls = np.minimum(1 + rng.poisson(lam), 500)
    ci = np.repeat(np.arange(len(ca)), n_calls)
    swap = rng.random(len(ci)) < 0.5
    caller = np.where(swap, cb[ci], ca[ci])
    callee = np.where(swap, ca[ci], cb[ci])
    operational = ckind[ci] <= CLIENT

    call_t = _diurnal(rng, clo[ci] + (rng.random(len(ci)) * (chi[ci] - clo[ci])).astype(np.int64), t0, t1)

    def phone_of(p):
        k = n_ph[p]
        u = rng.random(len(p))
        slot = np.where(member[p], np.where(operational & (k > 1), 1 + (u * (k - 1)).astype(np.int64), 0),
                        (u * k).astype(np.int64))
        own = ph_first[p] + slot
        # a burner handed on: its owner calls from another operational phone, else the personal one
        h = handover[own]
        own = np.where((h >= 0) & (call_t >= h), ph_first[p] + np.where(k >= 3, 2, 0), own)
        sp = shared_phone[p]
        hs = np.where(sp >= 0, handover[sp], -1)
        shared = operational & (sp >= 0) & (rng.random(len(p)) < 0.5) & (call_t >= hs)
        return np.where(shared, sp, own)

    call_src, call_dst = phone_of(caller), phone_of(callee)
    call_w = np.clip(np.round(rng.lognormal(np.log(60), 1.1, len(ci))), 1, 7200)

    # ---------------------------------------------------------- accounts and payments
    n_acc = np.zeros(n, np.int64)
    r_cell = role[:n_cell_members]
    n_acc[:n_cell_members] = np.select([r_cell == COURIER, r_cell == RECRUITER],
                                       [1 + (rng.random(n_cell_members) < 0.5), 1],
                                       rng.random(n_cell_members) < 0.5)
    n_acc[coords] = 2
    n_acc[migs] = rng.random(n_mig) < 0.3
    n_acc[outs] = rng.random(n_out) < np.where(country[outs] == US, 0.8, 0.4)
    acc_first = np.cumsum(n_acc) - n_acc
    n_accounts = int(n_acc.sum())
    acc_owner = np.repeat(np.arange(n), n_acc)
    acc_slot = _seg_arange(n_acc)
    acc_country = country[acc_owner].copy()
    c2 = (role[acc_owner] == COORDINATOR) & (acc_slot == 1)
    acc_country[c2] = np.where(rng.random(int(c2.sum())) < 0.5, US, MX)
    primary = np.where(n_acc > 0, acc_first, -1)
    # funnel accounts: a destination cell's couriers all own the first courier's account
    dest = np.flatnonzero((cell_stage == 3) & (rng.random(nc) < 0.5))
    g = dest * N_CELL_ROLES + COURIER
    k = grp_count[g] - 1
    funnel_owner = np.repeat(grp_start[g], k) + 1 + _seg_arange(k)
    funnel_acc = np.repeat(acc_first[grp_start[g]], k)
    owns = np.unique(np.concatenate([acc_owner * n_accounts + np.arange(n_accounts),
                                     funnel_owner * n_accounts + funnel_acc]))
    owns_p, owns_acc = owns // n_accounts, owns % n_accounts

    pay = []  # (src account, dst account, time, amount)

    def payment(src, dst, t, amount):
        ok = (src >= 0) & (dst >= 0) & (src != dst) & (t >= t0) & (t < t1)  # within the period
        pay.append((src[ok], dst[ok], t[ok], np.round(amount[ok], 2)))

    # migrants (or a relative) pay the recruiter in installments; a US relative pays on arrival
    rel = outs[primary[outs] >= 0]
    rel_of = np.full(n, -1)
    rel_of[anchor[rel - first_out][::-1]] = rel[::-1]  # the first such relative
    us_rel = rel[country[rel] == US]
    us_rel_of = np.full(n, -1)
    us_rel_of[anchor[us_rel - first_out][::-1]] = us_rel[::-1]
    payer = np.where(primary[migs] >= 0, primary[migs], np.where(rel_of[migs] >= 0, primary[rel_of[migs]], -1))
    inst = 1 + rng.poisson(0.6, n_mig)
    m = np.repeat(np.arange(n_mig), inst)
    payment(payer[m], primary[recruiter[m]], t_rec[m] + ((rng.random(len(m)) * 15 - 10) * DAY).astype(np.int64),
            rng.lognormal(np.log(1200), 0.5, len(m)))
    m = arr[us_rel_of[migs[arr]] >= 0]
    payment(primary[us_rel_of[migs[m]]], primary[member_of(4 * mig_route[m] + 3, COURIER)],
            t_arr[m] + (rng.random(len(m)) * 3 * DAY).astype(np.int64), rng.lognormal(np.log(3500), 0.4, len(m)))
    # wages inside cells, paid by a money courier
    w_cell = np.repeat(np.arange(nc), rng.poisson(0.6 * cell_size))
    payment(primary[member_of(w_cell, COURIER)], primary[_pick(rng, cell_start[w_cell], cell_size[w_cell])],
            t0 + (rng.random(len(w_cell)) * span).astype(np.int64), rng.lognormal(np.log(350), 0.6, len(w_cell)))
    # money up to the route's coordinators
    couriers = np.flatnonzero(role[:n_cell_members] == COURIER)
    src = np.repeat(couriers, rng.poisson(2.5, len(couriers)))
    r = cell_route[cell[src]]
    boss = route_coords[_pick(rng, route_coord_start[r], route_coord_n[r])]
    payment(acc_first[src] + (rng.random(len(src)) * n_acc[src]).astype(np.int64),
            acc_first[coords[boss]] + rng.integers(2, size=len(src)),
            t0 + (rng.random(len(src)) * span).astype(np.int64), rng.lognormal(np.log(6000), 0.8, len(src)))
    # remittances from relatives
    src = np.repeat(rel, rng.poisson(1.5, len(rel)))
    payment(primary[src], primary[anchor[src - first_out]], t0 + (rng.random(len(src)) * span).astype(np.int64),
            rng.lognormal(np.log(200), 0.5, len(src)))
    paid_src, paid_dst, paid_t, paid_w = (np.concatenate(x) for x in zip(*pay))

    # ---------------------------------------------------------- addresses
    # every cell keeps a stash house, big cells two, busy routes more (about one per 40 migrants)
    traffic = np.bincount(mig_route, minlength=n_routes)[cell_route]
    n_stash = 1 + (cell_size >= 12) + traffic // 40
    stash_first = np.cumsum(n_stash) - n_stash
    n_stash_all = int(n_stash.sum())
    stash_cell = np.repeat(np.arange(nc), n_stash)
    cell_city = np.empty(nc, np.int64)
    route_port = rng.integers(len(PORTS_MX_US), size=n_routes)
    cell_city[:] = _from_country(rng, cell_country, CITY_START, CITY_N)
    border_cells = cell_stage == 2
    cell_city[border_cells] = PORT_MX_CITY[route_port]
    near = (cell_stage == 3) & (rng.random(nc) < 0.4)
    cell_city[near] = PORT_US_CITY[route_port[cell_route[near]]]
    lives = []  # (person, address)
    keepers = np.flatnonzero(role[:n_cell_members] == KEEPER)
    kc = cell[keepers]
    lives.append((keepers, stash_first[kc] + (keepers - grp_start[kc * N_CELL_ROLES + KEEPER]) % n_stash[kc]))
    stay = grouped[rng.random(len(grouped)) < 0.7]
    bc = 4 * mig_route[stay] + 2
    lives.append((migs[stay], _pick(rng, stash_first[bc], n_stash[bc])))
    stay = np.flatnonzero(rng.random(n_mig) < 0.2)  # gathered before leaving
    oc = 4 * mig_route[stay]
    lives.append((migs[stay], _pick(rng, stash_first[oc], n_stash[oc])))
    stay = grouped[rng.random(len(grouped)) < 0.3]
    tc = 4 * mig_route[stay] + 1
    lives.append((migs[stay], _pick(rng, stash_first[tc], n_stash[tc])))
    stay = arr[rng.random(len(arr)) < 0.4]
    dc = 4 * mig_route[stay] + 3
    lives.append((migs[stay], _pick(rng, stash_first[dc], n_stash[dc])))
    # homes: most members, all coordinators, some migrants (at home), relatives often with their kin
    has_home = np.zeros(n, bool)
    has_home[:n_cell_members] = (role[:n_cell_members] != KEEPER) & (rng.random(n_cell_members) < 0.6)
    has_home[coords] = True
    has_home[migs] = rng.random(n_mig) < 0.3
    owners = np.flatnonzero(has_home)
    home = np.full(n, -1)
    home[owners] = n_stash_all + np.arange(len(owners))
    with_kin = (home[anchor] >= 0) & (country[anchor] == country[outs]) & (rng.random(n_out) < 0.4)
    alone = ~with_kin & (rng.random(n_out) < 0.5)
    home[outs[alone]] = n_stash_all + len(owners) + np.arange(int(alone.sum()))
    home[outs[with_kin]] = home[anchor[with_kin]]
    n_addresses = n_stash_all + len(owners) + int(alone.sum())
    dwellers = np.flatnonzero(home >= 0)
    lives.append((dwellers, home[dwellers]))
    lv_p, lv_a = (np.concatenate(x) for x in zip(*lives))
    lv = np.unique(lv_p * n_addresses + lv_a)
    lv_p, lv_a = lv // n_addresses, lv % n_addresses
    home_owner_country = country[np.concatenate([owners, outs[alone]])]
    addr_country = np.concatenate([cell_country[stash_cell], home_owner_country])
    addr_city = np.concatenate([cell_city[stash_cell], _from_country(rng, home_owner_country, CITY_START, CITY_N)])
    addr_kind = np.concatenate([rng.choice(len(ADDRESS_KINDS), n_stash_all, p=[0.55, 0.1, 0.15, 0.1, 0.1]),
                                rng.choice(2, len(home_owner_country), p=[0.7, 0.3])])

    # ---------------------------------------------------------- vehicles
    n_drivers = grp_count[np.arange(nc) * N_CELL_ROLES + DRIVER]
    fleet = n_drivers + (rng.random(nc) < 0.5)
    veh_first = np.cumsum(fleet) - fleet
    n_vehicles = int(fleet.sum())
    veh_cell = np.repeat(np.arange(nc), fleet)
    drivers = np.flatnonzero(role[:n_cell_members] == DRIVER)
    dcell = cell[drivers]
    j = drivers - grp_start[dcell * N_CELL_ROLES + DRIVER]
    d_p = [drivers]
    d_v = [veh_first[dcell] + j % fleet[dcell]]
    more = rng.random(len(drivers)) < 0.3
    d_p.append(drivers[more])
    d_v.append(_pick(rng, veh_first[dcell[more]], fleet[dcell[more]]))
    dv = np.unique(np.concatenate(d_p) * n_vehicles + np.concatenate(d_v))
    drv_p, drv_v = dv // n_vehicles, dv % n_vehicles
    stage_v = cell_stage[veh_cell]
    model = np.empty(n_vehicles, np.int64)
    for s in range(4):
        at = stage_v == s
        model[at] = STAGE_VEHICLES[s][rng.integers(len(STAGE_VEHICLES[s]), size=int(at.sum()))]

    # ---------------------------------------------------------- crossings and travel
    route_foot = FOOT_NEAR_PORT[route_port]
    route_gm = GT_MX[rng.integers(len(GT_MX), size=n_routes)]
    cross_p, cross_loc, cross_t = [], [], []

    def crossed(who, where, t):
        ok = (t >= t0) & (t < t1)
        cross_p.append(who[ok])
        cross_loc.append(where[ok])
        cross_t.append(t[ok])

    def hours(k, h):
        return (rng.random(k) * h * 3600).astype(np.int64)

    # guides cross with their groups and on their own; some migrants are recorded crossing
    crossed(g_guide, route_foot[g_route], g_time + hours(n_groups, 6))
    gd = np.flatnonzero(role[:n_cell_members] == GUIDE)
    gd = gd[cell_stage[cell[gd]] == 2]
    gd = np.repeat(gd, rng.poisson(1.5 * act[gd]))
    crossed(gd, route_foot[cell_route[cell[gd]]], t0 + (rng.random(len(gd)) * span).astype(np.int64))
    rec = grouped[rng.random(len(grouped)) < 0.4]
    crossed(migs[rec], route_foot[mig_route[rec]], t_bor[rec] + hours(len(rec), 6))
    rec = np.flatnonzero((outcome < 0.85) & (rng.random(n_mig) < 0.3))
    crossed(migs[rec], route_gm[mig_route[rec]], t_rec[rec] + ((3 + 7 * rng.random(len(rec))) * DAY).astype(np.int64))
    rec = np.flatnonzero((country[migs] != GT) & (outcome < 0.85) & (rng.random(n_mig) < 0.2))
    into_gt = np.where(country[migs[rec]] == SV, rng.integers(2, size=len(rec)), 2 + rng.integers(2, size=len(rec)))
    crossed(migs[rec], into_gt, t_rec[rec] + ((1 + 2 * rng.random(len(rec))) * DAY).astype(np.int64))
    # drivers of the origin and transit cells cross into Mexico
    dr = drivers[cell_stage[cell[drivers]] <= 1]
    dr = np.repeat(dr, rng.poisson(0.8, len(dr)))
    crossed(dr, route_gm[cell_route[cell[dr]]], t0 + (rng.random(len(dr)) * span).astype(np.int64))
    # vehicles: plates read at ports of entry (Mexico-US for border and destination cells)
    vk = np.repeat(np.arange(n_vehicles), rng.poisson(np.where(stage_v >= 2, 3.0, 1.0) * rng.gamma(0.8, 1.25,
                                                                                                    n_vehicles)))
    vr = cell_route[veh_cell[vk]]
    v_loc = np.where(stage_v[vk] >= 2, PORTS_MX_US[route_port[vr]], route_gm[vr])
    vc_v, vc_loc = vk, v_loc
    vc_t = _diurnal(rng, t0 + (rng.random(len(vk)) * span).astype(np.int64), t0, t1)
    cr_p, cr_loc, cr_t = (np.concatenate(x) for x in (cross_p, cross_loc, cross_t))
    # traveled together: the guide and the group, pairs of the group, the driver who picked them up
    tw = []
    rec = grouped[rng.random(len(grouped)) < 0.6]
    tw.append((g_guide[mig_group[rec]], migs[rec], t_bor[rec]))
    same = np.flatnonzero(grp[1:] == grp[:-1])
    same = same[rng.random(len(same)) < 0.3]
    tw.append((migs[at_border[same]], migs[at_border[same + 1]], t_bor[at_border[same]]))
    rec = arr[rng.random(len(arr)) < 0.3]
    tw.append((g_driver[mig_group[rec]], migs[rec], t_arr[rec]))
    tw_a, tw_b, tw_t = (np.concatenate(x) for x in zip(*tw))
    keep = (tw_t >= t0) & (tw_t < t1)
    tw_a, tw_b, tw_t = tw_a[keep], tw_b[keep], tw_t[keep]

    # ---------------------------------------------------------- withholding
    # A hidden link is a member-member contact (cell, hand-off, coordination) all of whose calls are
    # withheld, kept hidden only if the remaining records do not join the pair anyway in the person
    # graph projected through phones, accounts and addresses; otherwise its calls are restored.
    cand = np.flatnonzero(np.isin(ckind, HIDDEN_KINDS) & (rng.random(len(ca)) < hidden_fraction))
    is_member = member
    phone_csr = _holders(uses_p, uses_ph, n_phones)
    acc_csr = _holders(owns_p, owns_acc, n_accounts)
    addr_csr = _holders(lv_p, lv_a, n_addresses)
    fixed = [_co_holders(phone_csr, is_member), _co_holders(acc_csr, is_member),
             _co_holders(addr_csr, is_member), _expand(paid_src, paid_dst, acc_csr), (tw_a, tw_b)]
    fixed_keys = np.unique(np.concatenate([_pair_key(x, y, n)[is_member[x] & is_member[y]] for x, y in fixed]))
    call_key = ckey[ci]
    # only a phone owned by a member has member holders (burners are shared inside cells)
    on_member_phones = is_member[ph_owner[call_src]] & is_member[ph_owner[call_dst]]
    while True:
        held = np.isin(call_key, ckey[cand])
        rest = ~held & on_member_phones
        x, y = _expand(call_src[rest], call_dst[rest], phone_csr)
        seen = np.union1d(fixed_keys, _pair_key(x, y, n)[is_member[x] & is_member[y]])
        joined = np.isin(ckey[cand], seen)
        if not joined.any():
            break
        cand = cand[~joined]
    kept_calls = ~held

    # ---------------------------------------------------------- global ids and records
    pid = ids.take(rng, "Person", n)
    phid = ids.take(rng, "Phone", n_phones)
    acid = ids.take(rng, "Account", n_accounts)
    adid = ids.take(rng, "Address", n_addresses)
    veid = ids.take(rng, "Vehicle", n_vehicles)

    ent = {
        "Person": dict(id=pid, country=country, sex=np.where(male, 0, 1), birth_year=birth),
        "Phone": dict(id=phid, country=ph_country, carrier=_from_country(rng, ph_country, CARRIER_START, CARRIER_N),
                      prepaid=prepaid),
        "Account": dict(id=acid, country=acc_country, bank=_from_country(rng, acc_country, BANK_START, BANK_N),
                        kind=np.where(acc_country == US, np.where(rng.random(n_accounts) < 0.5, 2, 0),
                                      rng.choice(4, n_accounts, p=[0.3, 0.4, 0.2, 0.1]))),
        "Address": dict(id=adid, kind=addr_kind, city=addr_city, country=addr_country),
        "Vehicle": dict(id=veid, model=model, color=rng.integers(len(COLORS), size=n_vehicles),
                        year=rng.integers(2005, 2023, n_vehicles), plate_country=cell_country[veh_cell]),
    }
    for e in ent.values():  # rows in key order
        order = np.argsort(e["id"])
        for c in e:
            e[c] = e[c][order]
    rels = {
        "CALLED": (phid[call_src[kept_calls]], phid[call_dst[kept_calls]], call_t[kept_calls], call_w[kept_calls]),
        "PAID": (acid[paid_src], acid[paid_dst], paid_t, paid_w),
        "USES": (pid[uses_p], phid[uses_ph], None, None),
        "OWNS": (pid[owns_p], acid[owns_acc], None, None),
        "DRIVES": (pid[drv_p], veid[drv_v], None, None),
        "LIVES_AT": (pid[lv_p], adid[lv_a], None, None),
        "CROSSED_AT:Person": (pid[cr_p], cr_loc, cr_t, None),
        "CROSSED_AT:Vehicle": (veid[vc_v], vc_loc, vc_t, None),
        "TRAVELED_WITH": (pid[tw_a], pid[tw_b], tw_t, None),
    }
    for name, (s, d, t, w) in rels.items():  # timed records in time order
        if t is not None:
            order = np.argsort(t, kind="stable")
            rels[name] = (s[order], d[order], t[order], None if w is None else w[order])
    cell_names = np.strings.add(
        np.strings.add(np.strings.add(f"O{o:04d}-R", np.strings.zfill(cell_route.astype(str), 2)), "-"),
        np.strings.add(np.strings.add(STAGES[cell_stage], "-"), COUNTRIES[cell_country]))
    cell_names = np.concatenate([cell_names, np.array([f"O{o:04d}-coordination", ""])])
    truth_cell = np.where(cell >= 0, cell, nc + 1)
    truth_cell[coords] = nc
    order = np.argsort(pid)
    truth = dict(id=pid[order], cell=truth_cell[order], role=role[order], country=country[order],
                 member=member[order])
    hid = (pid[ca[cand]], pid[cb[cand]], ckind[cand])
    stats = dict(contacts=len(ca), candidates=int(np.isin(ckind, HIDDEN_KINDS).sum()), hidden=len(cand))
    return _Org(ent, rels, truth, hid, cell_names, stats)


# ------------------------------------------------------------------ chunks and tables
def _org_sizes(people: int) -> np.ndarray:
    n_orgs = max(1, round(people / ORG_PEOPLE))
    sizes = np.full(n_orgs, people // n_orgs)
    sizes[: people % n_orgs] += 1
    return sizes


def _chunks(people: int, seed: int, hidden_fraction: float, period) -> Iterator[list[_Org]]:
    """Consecutive organisations, generated in order, grouped into chunks of
    at most CHUNK_PEOPLE people."""
    ids = _Ids()
    chunk, in_chunk = [], 0
    for o, n in enumerate(_org_sizes(people)):
        if chunk and in_chunk + n > CHUNK_PEOPLE:
            yield chunk
            chunk, in_chunk = [], 0
        chunk.append(_organisation(o, int(n), seed, ids, period, hidden_fraction))
        in_chunk += int(n)
    yield chunk


def _relation_name(rtype: str, st: str, dt: str) -> str:
    return f"{rtype}__{st}__{dt}"


def _zfill(ids: np.ndarray, prefix: str, width: int) -> np.ndarray:
    return np.strings.add(prefix, np.strings.zfill(ids.astype(str), width))


def _keys(etype: str, e: dict[str, np.ndarray]) -> np.ndarray:
    """Entity keys from global ids (and, for phones and plates, country)."""
    i = e["id"]
    if etype == "Person":
        return _zfill(i, "P-", 7)
    if etype == "Account":
        return _zfill(i, "ACC-", 9)
    if etype == "Address":
        return _zfill(i, "ADDR-", 8)
    if etype == "Phone":  # a scrambled 8-digit number starting with 3-5, with an area code in MX and the US
        x = (i * 7919 + 12_345_679) % 30_000_000 + 30_000_000
        c = e["country"]
        area = np.full(len(i), "", dtype=object)
        for cc, codes in AREA.items():
            at = c == cc
            area[at] = np.array([s + " " for s in codes], dtype=object)[i[at] % len(codes)]
        head = np.strings.add(np.strings.add(DIAL[c], " "), area.astype(str))
        return np.strings.add(np.strings.add(head, np.strings.add((x // 10_000).astype(str), " ")),
                              np.strings.zfill((x % 10_000).astype(str), 4))
    if etype == "Vehicle":  # a scrambled plate: country, three letters, four digits
        x = (i * 7919 + 104_729) % (23**3 * 10_000)
        letters = x // 10_000
        lll = np.strings.add(np.strings.add(LETTERS[letters // 529], LETTERS[letters // 23 % 23]),
                             LETTERS[letters % 23])
        return np.strings.add(np.strings.add(COUNTRIES[e["plate_country"]], " "),
                              np.strings.add(np.strings.add(lll, "-"), np.strings.zfill((x % 10_000).astype(str), 4)))
    raise KeyError(etype)


def _entity_columns(etype: str, e: dict[str, np.ndarray], keys: np.ndarray) -> dict[str, np.ndarray]:
    if etype == "Person":
        return dict(key=keys, country=COUNTRIES[e["country"]], sex=np.array(["M", "F"])[e["sex"]],
                    birth_year=e["birth_year"])
    if etype == "Phone":
        return dict(key=keys, carrier=CARRIER_NAMES[e["carrier"]], country_code=DIAL[e["country"]],
                    prepaid=e["prepaid"])
    if etype == "Account":
        return dict(key=keys, bank=BANK_NAMES[e["bank"]], kind=ACCOUNT_KINDS[e["kind"]],
                    country=COUNTRIES[e["country"]])
    if etype == "Address":
        return dict(key=keys, kind=ADDRESS_KINDS[e["kind"]], city=CITY_NAMES[e["city"]],
                    country=COUNTRIES[e["country"]])
    if etype == "Vehicle":
        m = e["model"]
        return dict(key=keys, make=VEH_MAKE[m], model=VEH_MODEL[m], body=VEH_BODY[m], color=COLORS[e["color"]],
                    year=e["year"], plate_country=COUNTRIES[e["plate_country"]])
    raise KeyError(etype)


def _locations() -> dict[str, np.ndarray]:
    return dict(key=CROSSING_NAMES, kind=CROSS_KIND, from_country=COUNTRIES[CROSS_FROM],
                to_country=COUNTRIES[CROSS_TO],
                countries=np.strings.add(np.strings.add(COUNTRIES[CROSS_FROM], "-"), COUNTRIES[CROSS_TO]))


@dataclass
class _Lookup:
    """A column of entity keys: ``keys[index]``, materialised as late as possible."""

    keys: np.ndarray
    index: np.ndarray

    def __len__(self) -> int:
        return len(self.index)

    def values(self) -> np.ndarray:
        return self.keys[self.index]


def _chunk_tables(orgs: list[_Org], first_chunk: bool) -> dict[str, dict]:
    """One chunk's tables (entities, relations, truth, hidden links) as
    columns; relation key columns are lookups into the chunk's keys. The
    border crossings, shared by all, come with the first chunk only."""
    tables: dict[str, dict] = {}
    lookup: dict[str, tuple[np.ndarray, int]] = {}  # etype -> (keys in id order, first id)
    for etype in ENTITY_TYPES:
        if etype == "Location":
            cols = _locations()
            lookup[etype] = (cols["key"], 0)
            tables[etype] = cols if first_chunk else {c: v[:0] for c, v in cols.items()}
            continue
        e = {c: np.concatenate([o.entities[etype][c] for o in orgs]) for c in orgs[0].entities[etype]}
        keys = _keys(etype, e)
        lookup[etype] = (keys, int(e["id"][0]) if len(e["id"]) else 0)
        tables[etype] = _entity_columns(etype, e, keys)
    for rtype, st, dt, timed, weighted in RELATION_FILES:
        part = rtype if rtype != "CROSSED_AT" else f"{rtype}:{st}"
        s, d, t, w = (np.concatenate([o.relations[part][i] for o in orgs]) if orgs[0].relations[part][i] is not None
                      else None for i in range(4))
        sk, s0 = lookup[st]
        dk, d0 = lookup[dt]
        cols = dict(src=_Lookup(sk, s - s0), dst=_Lookup(dk, d - d0))
        cols["time"] = t
        cols["weight"] = w
        tables[_relation_name(rtype, st, dt)] = cols
    pk, p0 = lookup["Person"]
    tr = {c: np.concatenate([o.truth[c] for o in orgs]) for c in orgs[0].truth}
    names = np.concatenate([o.cell_names for o in orgs])
    name_off = np.cumsum([0] + [len(o.cell_names) for o in orgs[:-1]])
    cell_idx = np.concatenate([o.truth["cell"] + off for o, off in zip(orgs, name_off)])
    tables["truth"] = dict(key=pk[tr["id"] - p0], cell=names[cell_idx], role=ROLES[tr["role"]],
                           country=COUNTRIES[tr["country"]], member=tr["member"])
    ha, hb, hk = (np.concatenate([o.hidden[i] for o in orgs]) for i in range(3))
    tables["hidden_links"] = dict(a=pk[ha - p0], b=pk[hb - p0], kind=CONTACT_KINDS[hk])
    tables["_stats"] = {k: sum(o.stats[k] for o in orgs) for k in orgs[0].stats}
    return tables


def _frame(cols: dict) -> pd.DataFrame:
    """A chunk table as an in-memory DataFrame (times as UTC datetimes,
    timeless relations with NaT and weight 1)."""
    if "src" in cols:
        n = len(cols["src"])
        t = cols["time"]
        w = cols["weight"]
        return pd.DataFrame({
            "src": cols["src"].values(), "dst": cols["dst"].values(),
            "time": (pd.to_datetime(t, unit="s", utc=True) if t is not None
                     else pd.Series(pd.NaT, index=range(n), dtype="datetime64[s, UTC]")).astype("datetime64[ns, UTC]"),
            "weight": w if w is not None else np.ones(n),
        })
    return pd.DataFrame(cols)


# ------------------------------------------------------------------ streaming to CSV
class _CsvSink:
    """Appends chunk tables to one CSV file: with pyarrow's CSV writer when
    installed (fast), else with pandas."""

    def __init__(self, path: Path, columns: list[str], arrow: bool):
        self.path, self.columns, self.arrow = path, columns, arrow
        self.rows = 0
        self._writer = None
        self._schema = None
        if not arrow:
            pd.DataFrame(columns=columns).to_csv(path, index=False)

    def write(self, cols: dict) -> None:
        n = len(next(iter(cols.values())))
        self.rows += n
        if self.arrow:
            self._write_arrow(cols)
        else:
            df = pd.DataFrame({c: _materialise(cols[c]) for c in self.columns})
            if "time" in df:
                df["time"] = np.datetime_as_string(cols["time"].astype("datetime64[s]"), timezone="UTC")
            df.to_csv(self.path, mode="a", header=False, index=False)

    def _write_arrow(self, cols: dict) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv

        arrays = {}
        for c in self.columns:
            v = cols[c]
            if isinstance(v, _Lookup):
                arrays[c] = pa.array(v.keys).take(pa.array(v.index))
            elif c == "time":  # "2023-01-05T10:22:31Z", formatted without time zones (fast)
                text = pa.array(v.astype("datetime64[s]")).cast(pa.string())
                text = pc.utf8_replace_slice(text, start=10, stop=11, replacement="T")
                arrays[c] = pc.binary_join_element_wise(text, pa.scalar(""), "Z")
            elif v.dtype.kind == "U":
                arrays[c] = pa.array(v, type=pa.string())
            else:
                arrays[c] = pa.array(v)
        table = pa.table(arrays)
        if self._writer is None:
            self._schema = table.schema
            self._writer = pcsv.CSVWriter(self.path, self._schema,
                                          write_options=pcsv.WriteOptions(quoting_style="needed"))
        self._writer.write_table(table.cast(self._schema))

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        elif self.arrow:  # no rows at all: a header alone
            pd.DataFrame(columns=self.columns).to_csv(self.path, index=False)


def _materialise(v):
    return v.values() if isinstance(v, _Lookup) else v


def _have_arrow() -> bool:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def write_smuggling_network(out_dir: str | os.PathLike, people: int = 2000, seed: int = 0, *,
                            hidden_fraction: float = 0.1, months: int = 6, progress: bool = False,
                            source_prefix: str = "synthetic") -> dict:
    """Writes the network :func:`smuggling_network` would return, as CSV
    files in ``out_dir``, generated and written a chunk of organisations at a
    time, so memory stays bounded for a million people and more:

    - one file per entity type (``Person.csv``, ``Phone.csv``, ...; key column ``key``);
    - one per relation type and endpoint types (``CALLED__Phone__Phone.csv``,
      ``CROSSED_AT__Vehicle__Location.csv``, ...; columns ``src``, ``dst``,
      and ``time`` / ``weight`` where the relation has them);
    - ``truth.csv`` (key, cell, role, country, member) and ``hidden_links.csv`` (a, b, kind);
    - ``manifest.json``, describing each file: what it holds, its columns and rows.

    ``corridor ingest-generated STORE DIR`` (or :func:`ingest_generated`)
    ingests the folder. Returns the manifest.
    """
    people, seed = _check(people, seed, hidden_fraction, months)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    period = _period(months)
    arrow = _have_arrow()
    entity_entries, relation_entries = [], []
    sinks: dict[str, _CsvSink] = {}
    for etype, columns in ENTITY_COLUMNS.items():
        sinks[etype] = _CsvSink(out / f"{etype}.csv", columns, arrow)
        entity_entries.append(dict(file=f"{etype}.csv", entity_type=etype, key="key", columns=columns,
                                   source=f"{source_prefix}-{etype.lower()}"))
    for rtype, st, dt, timed, weighted in RELATION_FILES:
        name = _relation_name(rtype, st, dt)
        columns = ["src", "dst"] + (["time"] if timed else []) + (["weight"] if weighted else [])
        sinks[name] = _CsvSink(out / f"{name}.csv", columns, arrow)
        relation_entries.append(dict(file=f"{name}.csv", relation_type=rtype, src_type=st, src="src",
                                     dst_type=dt, dst="dst", time="time" if timed else None,
                                     weight="weight" if weighted else None, columns=columns,
                                     source=f"{source_prefix}-{rtype.lower()}"))
    sinks["truth"] = _CsvSink(out / "truth.csv", ["key", "cell", "role", "country", "member"], arrow)
    sinks["hidden_links"] = _CsvSink(out / "hidden_links.csv", ["a", "b", "kind"], arrow)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=people, desc="generating", unit=" people", unit_scale=True)
    stats: dict[str, int] = {}
    try:
        for i, orgs in enumerate(_chunks(people, seed, hidden_fraction, period)):
            tables = _chunk_tables(orgs, i == 0)
            for k, v in tables.pop("_stats").items():
                stats[k] = stats.get(k, 0) + v
            for name, cols in tables.items():
                sinks[name].write(cols)
            if bar is not None:
                bar.update(sum(len(o.truth["id"]) for o in orgs))
    finally:
        for s in sinks.values():
            s.close()
        if bar is not None:
            bar.close()
    for e in entity_entries:
        e["rows"] = sinks[e["entity_type"]].rows
    for r in relation_entries:
        r["rows"] = sinks[Path(r["file"]).stem].rows
    t0, t1 = period
    manifest = dict(
        format=FORMAT,
        generator="corridor.datasets.write_smuggling_network",
        people=people, seed=seed, months=months, hidden_fraction=hidden_fraction,
        period=dict(start=pd.Timestamp(t0, unit="s", tz="UTC").isoformat(),
                    end=pd.Timestamp(t1, unit="s", tz="UTC").isoformat()),
        entities=entity_entries,
        relations=relation_entries,
        truth=dict(persons=dict(file="truth.csv", key="key", columns=sinks["truth"].columns,
                                rows=sinks["truth"].rows),
                   hidden_links=dict(file="hidden_links.csv", columns=sinks["hidden_links"].columns,
                                     rows=sinks["hidden_links"].rows)),
        withholding=stats,
    )
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def read_manifest(directory: str | os.PathLike) -> dict:
    """The manifest of a folder written by :func:`write_smuggling_network`."""
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise ValueError(f"{directory}: no {MANIFEST} (write the folder with `corridor generate`)")
    try:
        manifest = json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a readable manifest ({e})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{path}: not a corridor synthetic-data manifest (format {FORMAT!r})")
    return manifest


def ingest_generated(store, directory: str | os.PathLike, progress: bool = False) -> list[dict]:
    """Ingests every entity and relation file a manifest lists (entities
    first), as ``SmugglingNetwork.ingest`` would. Returns one summary per
    file, each with its ``file`` name added."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    summaries = []
    for e in manifest["entities"]:
        s = store.ingest_entities(directory / e["file"], type=e["entity_type"], key=e["key"], source=e["source"],
                                  progress=progress)
        summaries.append({"file": e["file"], **s})
    for r in manifest["relations"]:
        s = store.ingest_relations(directory / r["file"], type=r["relation_type"], src=(r["src_type"], r["src"]),
                                   dst=(r["dst_type"], r["dst"]), time=r["time"], weight=r["weight"],
                                   source=r["source"], progress=progress)
        summaries.append({"file": r["file"], **s})
    return summaries
