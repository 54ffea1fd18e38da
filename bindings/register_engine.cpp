// corridor._core.Graph: the engine's kernels over a labelled CSR snapshot.
#include <pybind11/stl.h>

#include <algorithm>

#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/centrality/degree.hpp"
#include "engine/graph/csr_builder.hpp"
#include "engine/graph/subgraph.hpp"
#include "engine/paths/neighborhood.hpp"
#include "engine/paths/shortest_path.hpp"

namespace corridor::bindings {

namespace {

Direction parse_direction(const std::string& d) {
  if (d == "out") return Direction::kOut;
  if (d == "in") return Direction::kIn;
  if (d == "both") return Direction::kBoth;
  throw py::value_error("direction must be 'out', 'in' or 'both', not '" + d + "'");
}

VertexId check_vertex(const LabeledGraph& g, std::int64_t v) {
  if (v < 0 || v >= static_cast<std::int64_t>(g.graph.num_vertices()))
    throw py::index_error("vertex " + std::to_string(v) + " out of range");
  return static_cast<VertexId>(v);
}

}  // namespace

Aggregate parse_aggregate(const std::string& a) {
  if (a == "count") return Aggregate::kCount;
  if (a == "sum") return Aggregate::kSum;
  if (a == "max") return Aggregate::kMax;
  throw py::value_error("aggregate must be 'count', 'sum' or 'max', not '" + a + "'");
}

void register_centrality(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c);
void register_community(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c);
void register_linkpred(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c);
void register_disruption(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c);
void register_linkpred_functions(py::module_& m);

void register_engine(py::module_& m) {
  py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>> graph(m, "Graph");
  graph
      .def_static(
          "build",
          [](std::vector<std::string> type_names, const py::object& vertex_type, const py::list& keys,
             const py::object& src, const py::object& dst, const py::object& weight, const py::object& time,
             bool directed, const std::string& aggregate, double min_weight) {
            auto g = std::make_shared<LabeledGraph>();
            g->type_names = std::move(type_names);
            g->vertex_type = to_vector<std::uint16_t>(vertex_type);
            g->keys = to_strings(keys, "keys");
            if (g->keys.size() != g->vertex_type.size()) throw py::value_error("keys and vertex_type differ in length");
            EdgeRecords r;
            r.src = to_container<decltype(r.src)>(src);
            r.dst = to_container<decltype(r.dst)>(dst);
            r.weight = to_container<decltype(r.weight)>(weight);
            r.time = to_container<decltype(r.time)>(time);
            BuildOptions o{directed, parse_aggregate(aggregate), min_weight};
            const auto n = static_cast<VertexId>(g->keys.size());
            py::gil_scoped_release release;
            g->graph = build_csr(n, r, o);
            return g;
          },
          py::arg("type_names"), py::arg("vertex_type"), py::arg("keys"), py::arg("src"), py::arg("dst"),
          py::arg("weight"), py::arg("time"), py::arg("directed"), py::arg("aggregate"), py::arg("min_weight"))
      .def_property_readonly("num_nodes", [](const LabeledGraph& g) { return g.graph.num_vertices(); })
      .def_property_readonly("num_edges", [](const LabeledGraph& g) { return g.graph.num_edges(); })
      .def_property_readonly("directed", [](const LabeledGraph& g) { return g.graph.directed(); })
      .def_property_readonly("type_names", [](const LabeledGraph& g) { return g.type_names; })
      .def("vertex_types", [](const LabeledGraph& g) { return to_numpy(std::vector<std::uint16_t>(g.vertex_type)); })
      .def("keys", [](const LabeledGraph& g) { return from_strings(g.keys); })
      .def("find", &LabeledGraph::find, py::arg("type"), py::arg("key"))
      .def(
          "degree",
          [](const LabeledGraph& g, const std::string& direction, bool weighted) {
            DegreeParams p{parse_direction(direction), weighted};
            std::vector<double> d;
            {
              py::gil_scoped_release release;
              d = degree(g.graph, p);
            }
            return to_numpy(std::move(d));
          },
          py::arg("direction") = "both", py::arg("weighted") = false)
      .def("edges",
           [](const LabeledGraph& g) {
             // Each edge once: directed arcs as stored; undirected edges with src <= dst.
             const Adjacency& a = g.graph.out();
             std::vector<VertexId> src, dst;
             std::vector<double> w;
             std::vector<std::uint32_t> c;
             std::vector<Timestamp> first, last;
             for (VertexId u = 0; u < g.graph.num_vertices(); ++u) {
               for (EdgeOffset i = a.offsets[u]; i < a.offsets[u + 1]; ++i) {
                 if (!g.graph.directed() && a.neighbors[i] < u) continue;
                 src.push_back(u);
                 dst.push_back(a.neighbors[i]);
                 w.push_back(a.weights[i]);
                 c.push_back(a.counts[i]);
                 first.push_back(a.first_time[i]);
                 last.push_back(a.last_time[i]);
               }
             }
             return py::make_tuple(to_numpy(std::move(src)), to_numpy(std::move(dst)), to_numpy(std::move(w)),
                                   to_numpy(std::move(c)), to_numpy(std::move(first)), to_numpy(std::move(last)));
           })
      .def(
          "neighborhood",
          [](const LabeledGraph& g, std::int64_t v, int hops, const std::string& direction) {
            const VertexId s = check_vertex(g, v);
            const Direction d = parse_direction(direction);
            std::vector<VertexId> out;
            {
              const RunContext ctx = python_context();
              py::gil_scoped_release release;
              out = neighborhood(g.graph, s, hops, d, ctx);
            }
            return to_numpy(std::move(out));
          },
          py::arg("vertex"), py::arg("hops"), py::arg("direction") = "both")
      .def(
          "subgraph",
          [](const LabeledGraph& g, const py::object& vertices) {
            auto vs = to_vector<VertexId>(vertices);
            auto h = std::make_shared<LabeledGraph>();
            h->type_names = g.type_names;
            for (VertexId v : vs) {
              check_vertex(g, v);
              h->vertex_type.push_back(g.vertex_type[v]);
              h->keys.push_back(g.keys.at(v));
            }
            py::gil_scoped_release release;
            h->graph = induced_subgraph(g.graph, vs);
            return h;
          },
          py::arg("vertices"))
      .def(
          "shortest_path",
          [](const LabeledGraph& g, std::int64_t a, std::int64_t b, bool weighted) {
            const VertexId s = check_vertex(g, a), t = check_vertex(g, b);
            ShortestPathResult r;
            {
              const RunContext ctx = python_context();
              py::gil_scoped_release release;
              r = shortest_path(g.graph, s, t, weighted, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.path)), r.length);
          },
          py::arg("source"), py::arg("target"), py::arg("weighted") = false);
  register_centrality(graph);
  register_community(graph);
  register_linkpred(graph);
  register_disruption(graph);
  register_linkpred_functions(m);
}

}  // namespace corridor::bindings
