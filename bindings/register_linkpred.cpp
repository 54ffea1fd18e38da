// corridor._core.Graph's linkpred kernels (engine/linkpred/). Mechanical: convert
// arguments, release the GIL, run with a RunContext, hand vectors to numpy.
#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "engine/linkpred/katz_links.hpp"
#include "engine/linkpred/local_scores.hpp"
#include "engine/linkpred/logistic.hpp"
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
            std::vector<std::uint32_t> rank;
            {
              py::gil_scoped_release release;
              r = top_links_per_vertex(g.graph, p, ctx);
              rank = ranks_within_sources(r);
            }
            return py::make_tuple(to_numpy(std::move(r.u)), to_numpy(std::move(r.v)), to_numpy(std::move(r.score)),
                                  to_numpy(std::move(rank)));
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

void register_linkpred_functions(py::module_& m) {
  m.def(
      "logistic_regression",
      [](const py::object& x, const py::object& y, const py::object& sample_weight, double l2, bool fit_intercept,
         double tol, int max_iter) {
        auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(x);
        if (!a || a.ndim() != 2) throw py::value_error("x: expected a two-dimensional array (rows x features)");
        const std::vector<double> xs(a.data(), a.data() + a.size());
        const auto d = static_cast<std::size_t>(a.shape(1));
        const auto ys = to_vector<double>(y), sw = to_vector<double>(sample_weight);
        const LogisticParams p{l2, fit_intercept, tol, max_iter};
        RunContext ctx = python_context();
        LogisticResult r;
        {
          py::gil_scoped_release release;
          r = logistic_regression(xs, d, ys, sw, p, ctx);
        }
        return py::make_tuple(to_numpy(std::move(r.coef)), r.intercept, r.iterations, r.objective, r.gradient_norm,
                              r.converged);
      },
      py::arg("x"), py::arg("y"), py::arg("sample_weight"), py::arg("l2"), py::arg("fit_intercept"), py::arg("tol"),
      py::arg("max_iter"));
}

}  // namespace corridor::bindings
