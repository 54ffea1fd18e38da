// Conversions shared by the binding files: vectors to numpy without a copy,
// Python str lists to packed string columns, and the RunContext that lets
// Ctrl-C / Jupyter's interrupt stop a kernel. Nothing else belongs here.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "engine/graph/run_context.hpp"
#include "storage/columns.hpp"

namespace corridor::bindings {

namespace py = pybind11;

// Hands a vector's buffer to numpy; the array owns it through a capsule.
template <typename T>
py::array_t<T> to_numpy(std::vector<T>&& v) {
  auto* owned = new std::vector<T>(std::move(v));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({owned->size()}, {sizeof(T)}, owned->data(), free_when_done);
}

// A list of str -> StringColumn. `what` names the argument in errors.
inline storage::StringColumn to_strings(const py::list& values, const char* what) {
  storage::StringColumn out;
  const Py_ssize_t n = PyList_GET_SIZE(values.ptr());
  out.offsets.reserve(static_cast<std::size_t>(n) + 1);
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject* item = PyList_GET_ITEM(values.ptr(), i);
    Py_ssize_t len = 0;
    const char* data = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &len) : nullptr;
    if (!data) {
      PyErr_Clear();
      throw py::value_error(std::string(what) + ": item " + std::to_string(i) + " is not a str");
    }
    out.push_back({data, static_cast<std::size_t>(len)});
  }
  return out;
}

inline py::list from_strings(const storage::StringColumn& col) {
  py::list out(col.size());
  for (std::size_t i = 0; i < col.size(); ++i) {
    auto s = col.at(i);
    out[i] = py::reinterpret_steal<py::object>(PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace"));
  }
  return out;
}

// A one-dimensional numeric array (None: empty) into any vector type.
template <typename V>
V to_container(const py::object& values) {
  using T = typename V::value_type;
  if (values.is_none()) return {};
  auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(values);
  if (!a || a.ndim() != 1) throw py::value_error("expected a one-dimensional numeric array");
  return V(a.data(), a.data() + a.size());
}

template <typename T>
std::vector<T> to_vector(const py::object& values) {
  return to_container<std::vector<T>>(values);
}

// Polled only from the calling thread — between kernel steps, or by OpenMP
// thread 0 (which is the calling thread) inside a parallel region: takes the
// GIL and asks Python whether a signal arrived.
inline RunContext python_context(int threads = 0) {
  RunContext ctx;
  ctx.threads = threads;
  ctx.interrupted = [] {
    py::gil_scoped_acquire gil;
    return PyErr_CheckSignals() != 0;
  };
  return ctx;
}

}  // namespace corridor::bindings
