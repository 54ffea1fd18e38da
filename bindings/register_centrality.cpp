// corridor._core.Graph's centrality kernels. Mechanical by design: each
// binding converts arguments, releases the GIL, runs the kernel with a
// RunContext that lets Ctrl-C stop it, and hands the vectors to numpy.
// Names, defaults and validation of user input live in python/corridor.
#include <pybind11/stl.h>

#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/centrality/approx_betweenness.hpp"
#include "engine/centrality/betweenness.hpp"
#include "engine/centrality/brokerage.hpp"
#include "engine/centrality/closeness.hpp"
#include "engine/centrality/eigenvector.hpp"
#include "engine/centrality/katz.hpp"
#include "engine/centrality/kcore.hpp"
#include "engine/centrality/pagerank.hpp"
#include "engine/centrality/structural_holes.hpp"

namespace corridor::bindings {

namespace {

WeightAs parse_weight_as(const std::string& s) {
  if (s == "distance") return WeightAs::kDistance;
  if (s == "strength") return WeightAs::kStrength;
  throw py::value_error("weight_as must be 'distance' or 'strength', not '" + s + "'");
}

// Runs `kernel(ctx)` without the GIL and returns (score, iterations, residual, converged).
template <typename Kernel>
py::tuple run_centrality(int threads, std::uint64_t seed, Kernel&& kernel) {
  RunContext ctx = python_context(threads);
  ctx.seed = seed;
  CentralityResult r;
  {
    py::gil_scoped_release release;
    r = kernel(ctx);
  }
  return py::make_tuple(to_numpy(std::move(r.score)), r.iterations, r.residual, r.converged);
}

}  // namespace

void register_centrality(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c) {
  c.def(
       "pagerank",
       [](const LabeledGraph& g, double damping, double tol, int max_iter, bool weighted,
          const py::object& personalization, const py::object& personalization_weights, int threads) {
         PageRankParams p{damping, tol, max_iter, weighted, to_vector<VertexId>(personalization),
                          to_vector<double>(personalization_weights)};
         return run_centrality(threads, 0, [&](const RunContext& ctx) { return pagerank(g.graph, p, ctx); });
       },
       py::arg("damping"), py::arg("tol"), py::arg("max_iter"), py::arg("weighted"), py::arg("personalization"),
       py::arg("personalization_weights"), py::arg("threads") = 0)
      .def(
          "betweenness",
          [](const LabeledGraph& g, bool weighted, const std::string& weight_as, bool normalized, bool endpoints,
             const py::object& sources, const py::object& targets, int threads) {
            BetweennessParams p{weighted, parse_weight_as(weight_as), normalized, endpoints,
                                to_vector<VertexId>(sources), to_vector<VertexId>(targets)};
            return run_centrality(threads, 0, [&](const RunContext& ctx) { return betweenness(g.graph, p, ctx); });
          },
          py::arg("weighted"), py::arg("weight_as"), py::arg("normalized"), py::arg("endpoints"),
          py::arg("sources"), py::arg("targets"), py::arg("threads") = 0)
      .def(
          "approx_betweenness",
          [](const LabeledGraph& g, double epsilon, double delta, bool weighted, const std::string& weight_as,
             std::uint64_t seed, int threads) {
            ApproxBetweennessParams p{epsilon, delta, weighted, parse_weight_as(weight_as)};
            RunContext ctx = python_context(threads);
            ctx.seed = seed;
            ApproxBetweennessResult r;
            {
              py::gil_scoped_release release;
              r = approx_betweenness(g.graph, p, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.score)), r.samples, r.vertex_diameter);
          },
          py::arg("epsilon"), py::arg("delta"), py::arg("weighted"), py::arg("weight_as"), py::arg("seed"),
          py::arg("threads") = 0)
      .def(
          "closeness",
          [](const LabeledGraph& g, bool harmonic, bool weighted, const std::string& weight_as, bool wf_improved,
             int threads) {
            ClosenessParams p{weighted, parse_weight_as(weight_as), wf_improved};
            return run_centrality(threads, 0, [&](const RunContext& ctx) {
              return harmonic ? harmonic_closeness(g.graph, p, ctx) : closeness(g.graph, p, ctx);
            });
          },
          py::arg("harmonic"), py::arg("weighted"), py::arg("weight_as"), py::arg("wf_improved"),
          py::arg("threads") = 0)
      .def(
          "eigenvector",
          [](const LabeledGraph& g, double tol, int max_iter, bool weighted, int threads) {
            EigenvectorParams p{tol, max_iter, weighted};
            return run_centrality(threads, 0,
                                  [&](const RunContext& ctx) { return eigenvector_centrality(g.graph, p, ctx); });
          },
          py::arg("tol"), py::arg("max_iter"), py::arg("weighted"), py::arg("threads") = 0)
      .def(
          "katz",
          [](const LabeledGraph& g, double alpha, double beta, double tol, int max_iter, bool normalized,
             bool weighted, bool exact, int threads) {
            KatzParams p{alpha, beta, tol, max_iter, normalized, weighted, exact};
            return run_centrality(threads, 0, [&](const RunContext& ctx) { return katz_centrality(g.graph, p, ctx); });
          },
          py::arg("alpha"), py::arg("beta"), py::arg("tol"), py::arg("max_iter"), py::arg("normalized"),
          py::arg("weighted"), py::arg("exact"), py::arg("threads") = 0)
      .def(
          "core_number",
          [](const LabeledGraph& g, int threads) {
            return run_centrality(threads, 0, [&](const RunContext& ctx) { return core_number(g.graph, ctx); });
          },
          py::arg("threads") = 0)
      .def(
          "structural_holes",
          [](const LabeledGraph& g, bool weighted, int threads) {
            RunContext ctx = python_context(threads);
            StructuralHolesResult r;
            {
              py::gil_scoped_release release;
              r = structural_holes(g.graph, {weighted}, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.constraint)), to_numpy(std::move(r.effective_size)));
          },
          py::arg("weighted"), py::arg("threads") = 0)
      .def(
          "brokerage",
          [](const LabeledGraph& g, const py::object& group, int threads) {
            const auto groups = to_vector<std::uint32_t>(group);
            RunContext ctx = python_context(threads);
            BrokerageResult r;
            {
              py::gil_scoped_release release;
              r = brokerage(g.graph, groups, ctx);
            }
            py::list count, expected, z;
            for (int k = 0; k < kNumRoles; ++k) {
              count.append(to_numpy(std::move(r.count[k])));
              expected.append(to_numpy(std::move(r.expected[k])));
              z.append(to_numpy(std::move(r.z[k])));
            }
            return py::make_tuple(count, expected, z, to_numpy(std::move(r.total)), to_numpy(std::move(r.total_z)));
          },
          py::arg("group"), py::arg("threads") = 0);
}

}  // namespace corridor::bindings
