// corridor._core: the compiled layer under the `corridor` package. Thin by
// design: it converts arguments, releases the GIL and translates errors; the
// public API, validation of user input and naming live in python/corridor.
#include <pybind11/pybind11.h>

#include "engine/graph/run_context.hpp"
#include "storage/store.hpp"

namespace py = pybind11;

namespace corridor::bindings {
void register_engine(py::module_& m);
void register_storage(py::module_& m);
}  // namespace corridor::bindings

PYBIND11_MODULE(_core, m) {
  m.doc() = "corridor's compiled engine and store (private: import corridor instead)";
  static py::exception<corridor::storage::StoreError> store_error(m, "StoreError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const corridor::storage::StoreError& e) {
      py::set_error(store_error, e.what());
    } catch (const corridor::storage::IngestError& e) {
      py::set_error(PyExc_ValueError, e.what());
    } catch (const corridor::Interrupted&) {
      py::set_error(PyExc_KeyboardInterrupt, "interrupted");
    } catch (const std::out_of_range& e) {
      py::set_error(PyExc_KeyError, e.what());
    } catch (const std::logic_error& e) {
      // invalid_argument derives from logic_error: both mean the call was wrong.
      py::set_error(dynamic_cast<const std::invalid_argument*>(&e) ? PyExc_ValueError : PyExc_RuntimeError, e.what());
    }
  });
  corridor::bindings::register_engine(m);
  corridor::bindings::register_storage(m);
}
