// Google Benchmark micro-benchmarks of the spine's kernels: CSR building
// (aggregation of parallel records) and neighbourhood / shortest-path
// queries. Ingest and projection through the store are measured end to end
// by bench/ingest_projection.py.
#include <benchmark/benchmark.h>

#include <random>

#include "engine/centrality/degree.hpp"
#include "engine/graph/csr_builder.hpp"
#include "engine/paths/shortest_path.hpp"

namespace {

using namespace corridor;

// Heavy-tailed records: a few phones make most of the calls.
EdgeRecords records(VertexId n, std::uint64_t m, std::uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  EdgeRecords r;
  r.src.reserve(m);
  r.dst.reserve(m);
  r.time.reserve(m);
  for (std::uint64_t i = 0; i < m; ++i) {
    r.src.push_back(static_cast<VertexId>(n * u(rng) * u(rng)));
    r.dst.push_back(static_cast<VertexId>(n * u(rng)));
    r.time.push_back(static_cast<Timestamp>(i));
  }
  return r;
}

void BM_BuildCsr(benchmark::State& state) {
  const auto n = static_cast<VertexId>(state.range(0) / 10);
  const EdgeRecords r = records(n, state.range(0));
  for (auto _ : state) {
    CsrGraph g = build_csr(n, r, {.directed = state.range(1) != 0});
    benchmark::DoNotOptimize(g.num_edges());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_BuildCsr)->Args({1'000'000, 0})->Args({1'000'000, 1})->Unit(benchmark::kMillisecond);

void BM_ShortestPath(benchmark::State& state) {
  const VertexId n = 100'000;
  const CsrGraph g = build_csr(n, records(n, 1'000'000), {});
  VertexId s = 0;
  for (auto _ : state) {
    auto p = shortest_path(g, s, (s * 7919 + 13) % n, state.range(0) != 0);
    benchmark::DoNotOptimize(p.length);
    s = (s + 1) % n;
  }
}
BENCHMARK(BM_ShortestPath)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_Degree(benchmark::State& state) {
  const VertexId n = 100'000;
  const CsrGraph g = build_csr(n, records(n, 1'000'000), {});
  for (auto _ : state) benchmark::DoNotOptimize(degree(g).data());
  state.SetItemsProcessed(state.iterations() * g.num_arcs());
}
BENCHMARK(BM_Degree)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
