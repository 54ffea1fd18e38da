// corridor._core.Graph's disruption kernels (engine/disruption/). Mechanical: convert
// arguments, release the GIL, run with a RunContext, hand vectors to numpy.
// Names, defaults and validation of user input live in python/corridor/_disruption.py.
#include <pybind11/stl.h>

#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/disruption/disrupt.hpp"
#include "engine/disruption/fragmentation.hpp"
#include "engine/disruption/key_player_set.hpp"

namespace corridor::bindings {

namespace {

DisruptStrategy parse_strategy(const std::string& s) {
  if (s == "degree") return DisruptStrategy::kDegree;
  if (s == "strength") return DisruptStrategy::kStrength;
  if (s == "betweenness") return DisruptStrategy::kBetweenness;
  if (s == "pagerank") return DisruptStrategy::kPageRank;
  if (s == "katz") return DisruptStrategy::kKatz;
  if (s == "collective_influence") return DisruptStrategy::kCollectiveInfluence;
  if (s == "kcore") return DisruptStrategy::kKCore;
  if (s == "random") return DisruptStrategy::kRandom;
  if (s == "list") return DisruptStrategy::kList;
  throw py::value_error("strategy: unknown strategy '" + s + "'");
}

KeyPlayerObjective parse_objective(const std::string& s) {
  if (s == "fragmentation") return KeyPlayerObjective::kFragmentation;
  if (s == "distance_fragmentation") return KeyPlayerObjective::kDistanceFragmentation;
  if (s == "reach") return KeyPlayerObjective::kReach;
  throw py::value_error("objective: unknown objective '" + s + "'");
}

py::dict states_dict(const std::vector<NetworkState>& states) {
  std::vector<std::uint64_t> remaining, lcc, components;
  std::vector<double> frag, eff, dfrag;
  for (const NetworkState& s : states) {
    remaining.push_back(s.remaining);
    lcc.push_back(s.lcc);
    components.push_back(s.components);
    frag.push_back(s.fragmentation);
    eff.push_back(s.efficiency);
    dfrag.push_back(s.distance_fragmentation);
  }
  py::dict d;
  d["remaining"] = to_numpy(std::move(remaining));
  d["lcc"] = to_numpy(std::move(lcc));
  d["components"] = to_numpy(std::move(components));
  d["fragmentation"] = to_numpy(std::move(frag));
  d["efficiency"] = to_numpy(std::move(eff));
  d["distance_fragmentation"] = to_numpy(std::move(dfrag));
  return d;
}

}  // namespace

void register_disruption(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c) {
  c.def(
       "disrupt",
       [](const LabeledGraph& g, const std::string& strategy, bool block, std::uint64_t steps,
          std::uint64_t block_size, std::uint64_t min_remaining, bool weighted, const std::string& weight_as,
          double approx_epsilon, bool incremental, double katz_alpha, int ci_radius, const py::object& order,
          const py::object& tie_rank, bool distances, std::uint64_t distance_sources, std::uint64_t seed,
          int threads) {
         DisruptParams p;
         p.strategy = parse_strategy(strategy);
         p.block = block;
         p.steps = steps;
         p.block_size = block_size;
         p.min_remaining = min_remaining;
         p.weighted = weighted;
         p.weight_as = weight_as == "strength" ? WeightAs::kStrength : WeightAs::kDistance;
         p.approx_epsilon = approx_epsilon;
         p.incremental = incremental;
         p.katz_alpha = katz_alpha;
         p.ci_radius = ci_radius;
         p.order = to_vector<VertexId>(order);
         p.tie_rank = to_vector<std::uint64_t>(tie_rank);
         p.state = {distances, distance_sources};
         RunContext ctx = python_context(threads);
         ctx.seed = seed;
         DisruptResult r;
         {
           py::gil_scoped_release release;
           r = disrupt(g.graph, p, ctx);
         }
         std::vector<std::uint64_t> step_of;
         std::vector<VertexId> removed;
         for (std::size_t i = 0; i < r.removed.size(); ++i)
           for (VertexId v : r.removed[i]) {
             step_of.push_back(i);
             removed.push_back(v);
           }
         return py::make_tuple(states_dict(r.states), to_numpy(std::move(step_of)), to_numpy(std::move(removed)));
       },
       py::arg("strategy"), py::arg("block"), py::arg("steps"), py::arg("block_size"), py::arg("min_remaining"),
       py::arg("weighted"), py::arg("weight_as"), py::arg("approx_epsilon"), py::arg("incremental"),
       py::arg("katz_alpha"), py::arg("ci_radius"), py::arg("order"), py::arg("tie_rank"), py::arg("distances"),
       py::arg("distance_sources"), py::arg("seed"), py::arg("threads") = 0)
      .def(
          "network_state",
          [](const LabeledGraph& g, const py::object& removed, bool distances, std::uint64_t distance_sources,
             std::uint64_t seed, int threads) {
            std::vector<std::uint8_t> mask(g.graph.num_vertices(), 0);
            for (VertexId v : to_vector<VertexId>(removed)) {
              if (v >= mask.size()) throw py::value_error("removed: a vertex id out of range");
              mask[v] = 1;
            }
            RunContext ctx = python_context(threads);
            ctx.seed = seed;
            NetworkState s;
            {
              py::gil_scoped_release release;
              s = network_state(g.graph, mask, {distances, distance_sources}, ctx);
            }
            return states_dict({s});
          },
          py::arg("removed"), py::arg("distances"), py::arg("distance_sources"), py::arg("seed"),
          py::arg("threads") = 0)
      .def(
          "key_player_set",
          [](const LabeledGraph& g, std::uint64_t k, const std::string& objective, int m, int restarts,
             int max_passes, const py::object& include, const py::object& exclude, std::uint64_t seed,
             int threads) {
            KeyPlayerParams p;
            p.k = k;
            p.objective = parse_objective(objective);
            p.m = m;
            p.restarts = restarts;
            p.max_passes = max_passes;
            p.include = to_vector<VertexId>(include);
            p.exclude = to_vector<VertexId>(exclude);
            RunContext ctx = python_context(threads);
            ctx.seed = seed;
            KeyPlayerResult r;
            {
              py::gil_scoped_release release;
              r = key_player_set(g.graph, p, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.set)), r.objective, r.best_restart, r.evaluations);
          },
          py::arg("k"), py::arg("objective"), py::arg("m"), py::arg("restarts"), py::arg("max_passes"),
          py::arg("include"), py::arg("exclude"), py::arg("seed"), py::arg("threads") = 0)
      .def(
          "key_player_objective",
          [](const LabeledGraph& g, const py::object& set, const std::string& objective, int m) {
            const auto s = to_vector<VertexId>(set);
            py::gil_scoped_release release;
            return key_player_objective(g.graph, s, parse_objective(objective), m);
          },
          py::arg("set"), py::arg("objective"), py::arg("m"));
}

}  // namespace corridor::bindings
