"""The corridor command line, for batch scripts.

    corridor ingest STORE --entities FILE --type T --key COL [--source NAME]
    corridor ingest STORE --relations FILE --type R --src T:COL --dst T:COL [--time COL] [--weight COL]
    corridor stats STORE [--json]
    corridor project STORE [projection options] --out FILE
    corridor analyze STORE [projection options] --run NAME[,NAME...] [--set P=V ...] [--group PROP] --out FILE
    corridor demo [--out DIR]
    corridor generate --people N --out DIR [--seed S] [--months M]
    corridor ingest-generated STORE DIR

Output files are CSV, or Parquet when the name ends in .parquet. On bad
input the command prints one line, ``corridor: error: ...``, and exits 1
(2 for a malformed command line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from . import _analyses
from ._store import StoreError, open as open_store


def _endpoint(value: str, flag: str) -> tuple[str, str]:
    entity_type, sep, column = value.partition(":")
    if not sep or not entity_type or not column:
        raise ValueError(f"{flag}: expected ENTITY_TYPE:COLUMN, got '{value}'")
    return entity_type, column


def _names(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _write(df: pd.DataFrame, out: str) -> None:
    path = Path(out)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() in (".parquet", ".pq"):
        try:
            df.to_parquet(path, index=False)
        except ImportError:
            raise ValueError(f"{out}: writing Parquet needs pyarrow (pip install pyarrow)") from None
    else:
        df.to_csv(path, index=False)


def _add_projection_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("projection")
    g.add_argument("--entities", help="entity types to keep, comma-separated")
    g.add_argument("--relations", help="relation types to keep, comma-separated")
    g.add_argument("--collapse", help="intermediary entity types to project through, e.g. Phone,Account")
    g.add_argument("--since", help="keep timed relations at or after this time")
    g.add_argument("--until", help="keep timed relations before this time")
    g.add_argument("--min-weight", type=float, help="drop edges whose aggregated weight is below this")
    g.add_argument("--directed", action="store_true", help="keep edge direction")
    g.add_argument("--aggregate", choices=["count", "sum", "max"], default="count",
                   help="how parallel relations become one edge weight (default: count)")


def _project(store, args):
    return store.project(
        entities=_names(args.entities), relations=_names(args.relations), collapse=_names(args.collapse),
        since=args.since, until=args.until, min_weight=args.min_weight, directed=args.directed,
        aggregate=args.aggregate,
    )


def cmd_ingest(args) -> None:
    if (args.entities is None) == (args.relations is None):
        raise ValueError("ingest: give exactly one of --entities FILE or --relations FILE")
    with open_store(args.store) as store:
        if args.entities is not None:
            if not args.key:
                raise ValueError("--key: required with --entities")
            summary = store.ingest_entities(args.entities, type=args.type, key=args.key, source=args.source,
                                            progress=not args.quiet)
        else:
            if not (args.src and args.dst):
                raise ValueError("--src and --dst: required with --relations")
            summary = store.ingest_relations(
                args.relations, type=args.type, src=_endpoint(args.src, "--src"), dst=_endpoint(args.dst, "--dst"),
                time=args.time, weight=args.weight, source=args.source, progress=not args.quiet,
            )
    print(f"batch {summary['batch']}: {summary['rows']:,} rows, {summary['entities_created']:,} new entities, "
          f"{summary['relations']:,} relations")


def cmd_stats(args) -> None:
    with open_store(args.store, read_only=True) as store:
        s = store.stats()
    if args.json:
        s["first_time"] = None if s["first_time"] is None else s["first_time"].isoformat()
        s["last_time"] = None if s["last_time"] is None else s["last_time"].isoformat()
        print(json.dumps(s, indent=2))
        return
    print(f"{args.store}: {s['num_entities']:,} entities, {s['num_relations']:,} relations, "
          f"{s['num_batches']} batches")
    for kind in ("entities", "relations"):
        for name, count in sorted(s[kind].items()):
            print(f"  {kind[:-1] if kind == 'relations' else 'entity'} {name:<20} {count:>12,}")
    if s["first_time"] is not None:
        print(f"  time range {s['first_time']} .. {s['last_time']}")


def cmd_project(args) -> None:
    with open_store(args.store, read_only=True) as store:
        g = _project(store, args)
    _write(g.edges(), args.out)
    print(f"{g!r} -> {args.out}")


def _option(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"--set: expected NAME=VALUE, got '{text}'")
    low = value.strip().lower()
    if low in ("true", "false"):
        return name.strip(), low == "true"
    for kind in (int, float):
        try:
            return name.strip(), kind(value)
        except ValueError:
            pass
    return name.strip(), value


def _node_groups(store, g, prop: str) -> list:
    """The value of entity property ``prop`` for every node of ``g``."""
    nodes = g.nodes()
    labels = []
    for t, k in zip(nodes["type"], nodes["key"]):
        e = store.entity((t, k)) or {}
        value = (e.get("properties") or {}).get(prop)
        labels.append("(none)" if value is None else str(value))
    if all(v == "(none)" for v in labels):
        raise ValueError(f"--group: no node has the property '{prop}'")
    return labels


def cmd_analyze(args) -> None:
    analyses = _analyses.resolve(args.run)
    options = dict(_option(o) for o in args.set or [])
    if args.group is not None:
        options["group"] = args.group
    _analyses.check_options(analyses, options)
    with open_store(args.store, read_only=True) as store:
        g = _project(store, args)
        if args.group is not None:
            options["group"] = _node_groups(store, g, args.group)
    table = _analyses.run(g, analyses, options, progress=not args.quiet)
    _write(table, args.out)
    print(f"{', '.join(a.name for a in analyses)} over {g!r} -> {args.out}")


def cmd_demo(args) -> None:
    from ._demo import run_demo

    run_demo(Path(args.out), people=args.people, seed=args.seed)


def cmd_generate(args) -> None:
    import time

    from .datasets import write_smuggling_network

    t = time.perf_counter()
    m = write_smuggling_network(args.out, people=args.people, seed=args.seed, months=args.months,
                                progress=not args.quiet)
    n_rel = sum(r["rows"] for r in m["relations"])
    n_ent = sum(e["rows"] for e in m["entities"])
    print(f"{m['people']:,} people, {n_ent:,} entities, {n_rel:,} relations, "
          f"{m['truth']['hidden_links']['rows']:,} hidden links -> {args.out} "
          f"({len(m['entities']) + len(m['relations'])} files and manifest.json, {time.perf_counter() - t:.1f} s)")


def cmd_ingest_generated(args) -> None:
    from .datasets import ingest_generated, read_manifest

    read_manifest(args.dir)  # a folder without a manifest fails before the store is created
    with open_store(args.store) as store:
        summaries = ingest_generated(store, args.dir, progress=not args.quiet)
    for s in summaries:
        print(f"batch {s['batch']}: {s['file']}: {s['rows']:,} rows")
    print(f"{sum(s['rows'] for s in summaries):,} rows from {len(summaries)} files -> {args.store}")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="corridor", description="Graph analytics for smuggling and trafficking networks.")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    sub = p.add_subparsers(dest="command", required=True)

    i = sub.add_parser("ingest", help="ingest entities or relations from a CSV or Parquet file")
    i.add_argument("store")
    i.add_argument("--entities", metavar="FILE")
    i.add_argument("--relations", metavar="FILE")
    i.add_argument("--type", required=True, help="entity or relation type")
    i.add_argument("--key", help="key column (entities)")
    i.add_argument("--src", metavar="TYPE:COL", help="source entity type and column (relations)")
    i.add_argument("--dst", metavar="TYPE:COL", help="target entity type and column (relations)")
    i.add_argument("--time", metavar="COL")
    i.add_argument("--weight", metavar="COL")
    i.add_argument("--source", help="source name recorded as provenance (default: the file path)")
    i.set_defaults(func=cmd_ingest)

    s = sub.add_parser("stats", help="counts by type and the time range covered")
    s.add_argument("store")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    pr = sub.add_parser("project", help="write a projection's edge list")
    pr.add_argument("store")
    _add_projection_options(pr)
    pr.add_argument("--out", required=True, help="edge list file (.csv or .parquet)")
    pr.set_defaults(func=cmd_project)

    a = sub.add_parser("analyze", help="run analyses over a projection")
    a.add_argument("store")
    _add_projection_options(a)
    a.add_argument("--run", required=True,
                   help=f"analyses, comma-separated: {', '.join(sorted(_analyses.ANALYSES))}")
    a.add_argument("--set", action="append", metavar="NAME=VALUE",
                   help="a parameter of the analyses, e.g. --set weighted=true --set damping=0.9 (repeatable)")
    a.add_argument("--group", metavar="PROPERTY",
                   help="entity property giving each node's group (brokerage), e.g. country")
    a.add_argument("--out", required=True, help="result file (.csv or .parquet)")
    a.set_defaults(func=cmd_analyze)

    d = sub.add_parser("demo", help="generate a synthetic smuggling network, ingest, analyse, report")
    d.add_argument("--out", default="demo", help="folder for the demo store and report (default: demo)")
    d.add_argument("--people", type=int, default=2000)
    d.add_argument("--seed", type=int, default=0)
    d.set_defaults(func=cmd_demo)

    gen = sub.add_parser("generate", help="write a synthetic smuggling network as CSV files with a manifest")
    gen.add_argument("--people", type=int, required=True, help="number of people (at least 100)")
    gen.add_argument("--out", required=True, help="folder for the CSV files and manifest.json")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--months", type=int, default=6, help="length of the period, from 2023-01-01 (default: 6)")
    gen.set_defaults(func=cmd_generate)

    ig = sub.add_parser("ingest-generated", help="ingest every file of a folder written by `corridor generate`")
    ig.add_argument("store")
    ig.add_argument("dir", help="folder with manifest.json")
    ig.set_defaults(func=cmd_ingest_generated)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (ValueError, KeyError, TypeError, StoreError) as e:
        msg = e.args[0] if isinstance(e, KeyError) and e.args else str(e)
        print(f"corridor: error: {msg}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
