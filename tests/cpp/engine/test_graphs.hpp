// Graphs the engine tests share: a builder from an edge list, and the random
// graphs on which the kernels are checked against their verifiers. A random
// graph is fixed by its seed, so a test sees the same graph on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <type_traits>
#include <vector>

#include "engine/graph/csr_builder.hpp"

namespace corridor::testing {

struct Edge {
  VertexId u, v;
  double w;
};

// Parallel edges add up their weights (Aggregate::kSum); built on one thread.
inline CsrGraph make(VertexId n, const std::vector<Edge>& edges, bool directed) {
  EdgeRecords r;
  for (const Edge& e : edges) {
    r.src.push_back(e.u);
    r.dst.push_back(e.v);
    r.weight.push_back(e.w);
  }
  return build_csr(n, r, {.directed = directed, .aggregate = Aggregate::kSum}, {.threads = 1});
}

// `edges` random edges in two components, on [0, 5n/12) and [5n/12, 5n/6),
// the last n/6 vertices isolated; self-loops and repeated edges as they fall.
// Weights are uniform in [0.1, 5), or 0 with chance `zeros`. Given `zeros`, a
// coin is tossed for every edge even at chance 0; without it none is, so 0.0
// and nullopt draw different graphs from one seed.
inline CsrGraph two_component_graph(std::uint32_t seed, bool directed, VertexId n, int edges,
                                    std::optional<double> zeros = std::nullopt) {
  std::mt19937 rng(seed);
  const VertexId half = n * 5 / 12, live = n * 5 / 6;
  std::uniform_int_distribution<VertexId> a(0, half - 1), b(half, live - 1);
  std::uniform_real_distribution<double> w(0.1, 5.0);
  std::bernoulli_distribution zero(zeros.value_or(0.0)), first(0.5);
  std::vector<Edge> es;
  for (int i = 0; i < edges; ++i) {
    auto& pick = first(rng) ? a : b;
    const VertexId u = pick(rng), v = pick(rng);
    es.push_back({u, v, zeros && zero(rng) ? 0.0 : w(rng)});
  }
  return make(n, es, directed);
}

// m records whose ends are uniform in [0, n): self-loops and repeated pairs as
// they fall. weight(i), when given, draws record i's weight right after its
// ends.
template <class Weight = std::nullptr_t>
EdgeRecords uniform_records(std::mt19937& rng, VertexId n, int m, Weight weight = nullptr) {
  std::uniform_int_distribution<VertexId> pick(0, n - 1);
  EdgeRecords r;
  for (int i = 0; i < m; ++i) {
    r.src.push_back(pick(rng));
    r.dst.push_back(pick(rng));
    if constexpr (!std::is_null_pointer_v<Weight>) r.weight.push_back(weight(i));
  }
  return r;
}

// uniform_records as an unweighted graph (parallel records counted).
inline CsrGraph uniform_graph(std::mt19937& rng, VertexId n, int m, bool directed) {
  return build_csr(n, uniform_records(rng, n, m), {.directed = directed});
}

inline CsrGraph uniform_graph(std::uint32_t seed, VertexId n, int m, bool directed) {
  std::mt19937 rng(seed);
  return uniform_graph(rng, n, m, directed);
}

}  // namespace corridor::testing
