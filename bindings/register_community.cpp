// corridor._core.Graph's community kernels (engine/community/). Mechanical: convert
// arguments, release the GIL, run with a RunContext, hand vectors to numpy.
// Names, defaults and validation of user input live in python/corridor.
#include <pybind11/stl.h>

#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/community/components.hpp"
#include "engine/community/label_propagation.hpp"
#include "engine/community/leiden.hpp"
#include "engine/community/louvain.hpp"
#include "engine/community/modularity.hpp"

namespace corridor::bindings {

namespace {

LeidenObjective parse_objective(const std::string& s) {
  if (s == "modularity") return LeidenObjective::kModularity;
  if (s == "cpm") return LeidenObjective::kCpm;
  throw py::value_error("objective must be 'modularity' or 'cpm', not '" + s + "'");
}

// Runs `kernel(ctx)` without the GIL; returns (membership, count, iterations, quality).
template <typename Kernel>
py::tuple run_community(int threads, std::uint64_t seed, Kernel&& kernel) {
  RunContext ctx = python_context(threads);
  ctx.seed = seed;
  CommunityResult r;
  {
    py::gil_scoped_release release;
    r = kernel(ctx);
  }
  return py::make_tuple(to_numpy(std::move(r.membership)), r.count, r.iterations, r.quality);
}

}  // namespace

void register_community(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c) {
  c.def(
       "connected_components",
       [](const LabeledGraph& g, bool strong, int threads) {
         return run_community(threads, 0, [&](const RunContext& ctx) {
           return connected_components(g.graph, {strong}, ctx);
         });
       },
       py::arg("strong"), py::arg("threads") = 0)
      .def(
          "modularity",
          [](const LabeledGraph& g, const py::object& membership, double resolution, bool weighted) {
            const auto m = to_vector<std::uint32_t>(membership);
            py::gil_scoped_release release;
            return modularity(g.graph, m, {resolution, weighted});
          },
          py::arg("membership"), py::arg("resolution"), py::arg("weighted"))
      .def(
          "louvain",
          [](const LabeledGraph& g, double resolution, bool weighted, std::uint64_t seed, int threads) {
            LouvainParams p{resolution, weighted};
            return run_community(threads, seed, [&](const RunContext& ctx) { return louvain(g.graph, p, ctx); });
          },
          py::arg("resolution"), py::arg("weighted"), py::arg("seed"), py::arg("threads") = 0)
      .def(
          "leiden",
          [](const LabeledGraph& g, double resolution, const std::string& objective, bool weighted, double theta,
             int max_iter, std::uint64_t seed, int threads) {
            LeidenParams p{resolution, parse_objective(objective), weighted, theta, max_iter};
            return run_community(threads, seed, [&](const RunContext& ctx) { return leiden(g.graph, p, ctx); });
          },
          py::arg("resolution"), py::arg("objective"), py::arg("weighted"), py::arg("theta"), py::arg("max_iter"),
          py::arg("seed"), py::arg("threads") = 0)
      .def(
          "label_propagation",
          [](const LabeledGraph& g, bool weighted, int max_iter, std::uint64_t seed, int threads) {
            LabelPropagationParams p{weighted, max_iter};
            return run_community(threads, seed,
                                 [&](const RunContext& ctx) { return label_propagation(g.graph, p, ctx); });
          },
          py::arg("weighted"), py::arg("max_iter"), py::arg("seed"), py::arg("threads") = 0);
}

}  // namespace corridor::bindings
