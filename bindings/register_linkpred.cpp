// corridor._core.Graph's linkpred kernels (engine/linkpred/). Mechanical: convert
// arguments, release the GIL, run with a RunContext, hand vectors to numpy.
#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/linkpred/katz_links.hpp"
#include "engine/linkpred/local_scores.hpp"
#include "engine/linkpred/top_links.hpp"
#include "engine/linkpred/top_links_per_vertex.hpp"

namespace corridor::bindings {

void register_linkpred(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c) {
  c.def(
       "score_links",
       [](const LabeledGraph& g, const py::object& us, const py::object& vs, const std::string& method,
          bool weighted) {
         const auto u = to_vector<VertexId>(us), v = to_vector<VertexId>(vs);
         const LinkScoreParams p{parse_link_score(method), weighted};
         std::vector<double> r;
         {
           py::gil_scoped_release release;
           r = score_links(g.graph, u, v, p);
         }
         return to_numpy(std::move(r));
       },
       py::arg("us"), py::arg("vs"), py::arg("method"), py::arg("weighted"))
      .def(
          "top_links",
          [](const LabeledGraph& g, const std::string& method, bool weighted, std::size_t k,
             const py::object& sources, bool among, int threads) {
            TopLinksParams p{{parse_link_score(method), weighted}, k, to_vector<VertexId>(sources), among};
            RunContext ctx = python_context(threads);
            LinkList r;
            {
              py::gil_scoped_release release;
              r = top_links(g.graph, p, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.u)), to_numpy(std::move(r.v)), to_numpy(std::move(r.score)));
          },
          py::arg("method"), py::arg("weighted"), py::arg("k"), py::arg("sources"), py::arg("among"),
          py::arg("threads") = 0)
      .def(
          "top_links_per_vertex",
          [](const LabeledGraph& g, const std::string& method, bool weighted, std::size_t k,
             const py::object& sources, int threads) {
            TopLinksPerVertexParams p{{parse_link_score(method), weighted}, k, to_vector<VertexId>(sources)};
            RunContext ctx = python_context(threads);
            LinkList r;
            {
              py::gil_scoped_release release;
              r = top_links_per_vertex(g.graph, p, ctx);
            }
            return py::make_tuple(to_numpy(std::move(r.u)), to_numpy(std::move(r.v)), to_numpy(std::move(r.score)));
          },
          py::arg("method"), py::arg("weighted"), py::arg("k"), py::arg("sources"), py::arg("threads") = 0)
      .def(
          "katz_links",
          [](const LabeledGraph& g, VertexId source, double beta, int max_length, bool exact) {
            const KatzLinksParams p{beta, max_length, exact};
            RunContext ctx = python_context();
            std::vector<double> r;
            {
              py::gil_scoped_release release;
              r = katz_links(g.graph, source, p, ctx);
            }
            return to_numpy(std::move(r));
          },
          py::arg("source"), py::arg("beta"), py::arg("max_length"), py::arg("exact"));
}

}  // namespace corridor::bindings
