"""corridor: graph analytics for criminal smuggling and trafficking networks.

>>> import corridor as cr
>>> store = cr.open("case.corridor")                                  # doctest: +SKIP
>>> g = store.project(relations=["CALLED", "USES"], collapse=["Phone"])  # doctest: +SKIP
>>> g.degree().head()                                                 # doctest: +SKIP
"""

from ._centrality import ConvergenceWarning
from ._graph import Graph
from ._store import Store, StoreError, open

__all__ = ["ConvergenceWarning", "Graph", "Store", "StoreError", "open"]
__version__ = "0.1.0"
