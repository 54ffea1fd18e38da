"""Data to work on.

``smuggling_network`` generates a synthetic human-smuggling organisation with
its ground truth, modelled on how prosecutions describe such networks: cells
along routes from the origin countries (Guatemala, El Salvador, Honduras)
through Mexico to the United States; in every cell recruiters, drivers,
border guides, stash-house keepers, document forgers and money couriers; a
few coordinators bridging cells and countries; migrants as clients, not
members; relatives and outsiders as noise. People use phones (operational
burners, some passed around a cell), own accounts, live at addresses (stash
houses are shared), drive vehicles and cross the borders at named crossing
points, over six months from 2023-01-01. Activity is heavy-tailed, and about
a tenth of the member-to-member contacts is withheld from the records and
returned as the hidden links an investigation has not seen: all calls of
such a pair are withheld, and a pair stays hidden only when no other record
(a shared burner, a shared stash house or account, a payment) joins the two
in the person graph projected through phones, accounts and addresses.

``write_smuggling_network`` streams the same records to CSV files with a
manifest, a chunk of organisations at a time (a million people in bounded
memory); ``corridor generate`` runs it and ``corridor ingest-generated``
ingests such a folder.

``load(name)`` returns one of the real criminal and covert networks shipped
with corridor (Montagna, CAVIAR, Oversize, Siren, Togo, the Mexico
human-trafficking network, ...) as entity and relation records with their
attribution and licence; ``list()`` describes them all.

>>> from corridor.datasets import smuggling_network
>>> net = smuggling_network(people=2000, seed=0)
>>> net.truth.loc[net.coordinators, ["role", "country"]].head(2)   # doctest: +SKIP
"""

from __future__ import annotations

from ._networks import Network, load
from ._networks import list_networks as list  # noqa: A001 - corridor.datasets.list() reads well
from ._synthetic import (
    SmugglingNetwork,
    ingest_generated,
    read_manifest,
    smuggling_network,
    write_smuggling_network,
)

__all__ = ["Network", "SmugglingNetwork", "list", "load", "ingest_generated", "read_manifest", "smuggling_network",
           "write_smuggling_network"]
