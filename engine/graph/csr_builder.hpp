// build_csr: turns a list of edge records (every call, payment, crossing is
// one record) into an immutable CsrGraph, aggregating parallel records into
// one edge.
//
// Contract
// - Records are (src, dst, weight, time); weight defaults to 1 and time to
//   kNoTime when the vectors are empty.
// - Undirected: records u->v and v->u aggregate into one edge {u, v}.
//   Directed: u->v and v->u stay two arcs.
// - Aggregate: kCount gives the number of records, kSum the sum of their
//   weights (summed in record order within an edge, so the result is the same
//   at any thread count), kMax the largest weight. Every edge also keeps the
//   record count and the first and last time seen (kNoTime when no record of
//   the edge had one).
// - Edges whose aggregated weight is below min_weight are dropped.
// - Self-loops are kept (an undirected self-loop is listed once).
//
// Approach: two stable counting sorts (second endpoint, then first) put the
// records in (first, second, record) order with no comparison sort; one pass
// over the runs aggregates them. The in-adjacency (or the mirror half of an
// undirected graph) comes from one ordered scatter that leaves every
// neighbour list sorted. Sequential: memory-bound passes that two threads do
// not speed up.
//
// Time O(m + n), memory O(m + n) beyond the records (two 24-byte copies of
// each record while sorting).
#pragma once

#include <limits>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor {

enum class Aggregate { kCount, kSum, kMax };

struct EdgeRecords {
  BigVector<VertexId> src;
  BigVector<VertexId> dst;
  BigVector<double> weight;   // empty: every record weighs 1
  BigVector<Timestamp> time;  // empty: no record has a time

  std::size_t size() const { return src.size(); }
};

struct BuildOptions {
  bool directed = false;
  Aggregate aggregate = Aggregate::kCount;
  double min_weight = -std::numeric_limits<double>::infinity();
};

// Throws std::invalid_argument when a record names a vertex >= num_vertices
// or the weight/time vectors do not match the record count.
CsrGraph build_csr(VertexId num_vertices, const EdgeRecords& records,
                   const BuildOptions& options = {}, const RunContext& ctx = {});

}  // namespace corridor
