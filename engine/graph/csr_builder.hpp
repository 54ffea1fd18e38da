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
// Approach: a stable parallel scatter puts every record in its source's
// list (undirected: in its target's list too), in record order; each list
// is sorted by (other end, record order) and its runs aggregated — so the
// result is the same at any thread count. A directed graph's in-adjacency is
// one stable scatter of the arcs on their target.
//
// Time O(m log d + n) (d: the longest list; short lists are insertion-sorted),
// memory O(m + n) beyond the records: one 16-byte slot per arc end (24 bytes
// for sum and max) while building.
#pragma once

#include <cstdint>
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

// One record, as build_csr sorts it (24 bytes; weight 1 and time kNoTime
// when the input has none).
struct EdgeRecord {
  VertexId src, dst;
  double weight;
  Timestamp time;
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
// The same from records already in sort form, which it consumes (the
// projection builds these directly: no second copy of every record).
CsrGraph build_csr(VertexId num_vertices, BigVector<EdgeRecord> records,
                   const BuildOptions& options = {}, const RunContext& ctx = {});

namespace detail {
// build_csr writes the arcs in waves of vertices whose list slots take about
// this many bytes, handing each wave's slot pages back before the next (see
// csr_builder.cpp). Tests shrink it to cross many waves.
inline std::uint64_t csr_write_wave_bytes = std::uint64_t{64} << 20;
}  // namespace detail

}  // namespace corridor
