// corridor._core.Store and Batch: the store's interface, mechanically.
#include <pybind11/stl.h>

#include "bindings/convert.hpp"
#include "bindings/labeled_graph.hpp"
#include "storage/store.hpp"

namespace corridor::bindings {

Aggregate parse_aggregate(const std::string& a);

namespace {

using storage::Batch;
using storage::Store;
using storage::ValueKind;

ValueKind parse_kind(const std::string& k) {
  if (k == "string") return ValueKind::kString;
  if (k == "int") return ValueKind::kInt;
  if (k == "float") return ValueKind::kFloat;
  if (k == "bool") return ValueKind::kBool;
  if (k == "timestamp") return ValueKind::kTimestamp;
  throw py::value_error("unknown property kind '" + k + "'");
}

py::object value_to_py(const storage::Value& v) {
  switch (v.kind) {
    case ValueKind::kString: return py::str(v.s);
    case ValueKind::kInt: return py::int_(v.i);
    case ValueKind::kFloat: return py::float_(v.f);
    case ValueKind::kBool: return py::bool_(v.i != 0);
    case ValueKind::kTimestamp:
      return py::module_::import("pandas").attr("Timestamp")(v.i, py::arg("unit") = "ns", py::arg("tz") = "UTC");
  }
  return py::none();
}

py::dict props_to_py(const storage::Properties& props) {
  py::dict d;
  for (const auto& [name, v] : props) d[py::str(name)] = value_to_py(v);
  return d;
}

// Property columns from Python: [(name, kind, present uint8[n], values)],
// values being int64 / float64 arrays or a list of str.
std::vector<storage::PropertyColumn> to_columns(const py::list& columns) {
  std::vector<storage::PropertyColumn> out;
  for (const auto& item : columns) {
    auto t = item.cast<py::tuple>();
    storage::PropertyColumn c;
    c.name = t[0].cast<std::string>();
    c.kind = parse_kind(t[1].cast<std::string>());
    c.present = to_vector<std::uint8_t>(t[2]);
    if (c.kind == ValueKind::kString) c.strings = to_strings(t[3].cast<py::list>(), c.name.c_str());
    else if (c.kind == ValueKind::kFloat) c.floats = to_vector<double>(t[3]);
    else c.ints = to_vector<std::int64_t>(t[3]);
    out.push_back(std::move(c));
  }
  return out;
}

// Keys from Python, either
// - distinct keys (a list of str) and one code per row into them, or
// - Arrow-style buffers (offsets, UTF-8 bytes) holding one key per row, with
//   codes None: the layout pandas' Arrow-backed strings already have, so the
//   keys cross without becoming Python objects.
storage::KeyColumn to_keys(const py::object& keys, const py::object& codes, const char* what) {
  storage::KeyColumn k;
  if (py::isinstance<py::list>(keys)) {
    k.uniques = to_strings(keys.cast<py::list>(), what);
    k.codes = to_vector<std::uint32_t>(codes);
    return k;
  }
  auto buffers = keys.cast<py::tuple>();
  const auto offsets = to_vector<std::int64_t>(buffers[0]);
  auto data = py::array_t<std::uint8_t, py::array::c_style>::ensure(buffers[1]);
  if (offsets.empty() || !data) throw py::value_error(std::string(what) + ": malformed string buffers");
  const std::int64_t base = offsets.front();
  if (offsets.back() > static_cast<std::int64_t>(data.size()) || base < 0)
    throw py::value_error(std::string(what) + ": string offsets out of range");
  storage::StringColumn col;
  col.bytes.assign(reinterpret_cast<const char*>(data.data()) + base, offsets.back() - base);
  col.offsets.resize(offsets.size());
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    if (i && offsets[i] < offsets[i - 1]) throw py::value_error(std::string(what) + ": string offsets not sorted");
    col.offsets[i] = static_cast<std::uint64_t>(offsets[i] - base);
  }
  return storage::KeyColumn(std::move(col));
}

py::object time_or_none(Timestamp t) { return t == kNoTime ? py::object(py::none()) : py::object(py::int_(t)); }

}  // namespace

void register_storage(py::module_& m) {
  py::class_<Batch>(m, "Batch")
      .def(
          "add_entities",
          [](Batch& b, std::uint64_t first_row, const py::object& keys, const py::object& codes,
             const py::list& props) {
            storage::EntityChunk c;
            c.first_row = first_row;
            c.keys = to_keys(keys, codes, "keys");
            c.properties = to_columns(props);
            py::gil_scoped_release release;
            b.add(c);
          },
          py::arg("first_row"), py::arg("keys"), py::arg("codes"), py::arg("properties"))
      .def(
          "add_relations",
          [](Batch& b, std::uint64_t first_row, const py::object& src, const py::object& src_codes,
             const py::object& dst, const py::object& dst_codes, const py::object& time, const py::object& weight,
             const py::list& props) {
            storage::RelationChunk c;
            c.first_row = first_row;
            c.src_keys = to_keys(src, src_codes, "src");
            c.dst_keys = to_keys(dst, dst_codes, "dst");
            c.time = to_vector<std::int64_t>(time);
            c.weight = to_vector<double>(weight);
            c.properties = to_columns(props);
            py::gil_scoped_release release;
            b.add(c);
          },
          py::arg("first_row"), py::arg("src"), py::arg("src_codes"), py::arg("dst"), py::arg("dst_codes"),
          py::arg("time"), py::arg("weight"), py::arg("properties"))
      .def("commit",
           [](Batch& b) {
             storage::BatchSummary s;
             {
               py::gil_scoped_release release;
               s = b.commit();
             }
             py::dict d;
             d["batch"] = s.batch;
             d["rows"] = s.rows;
             d["entities_created"] = s.entities_created;
             d["relations"] = s.relations;
             return d;
           })
      .def("rollback", [](Batch& b) {
        py::gil_scoped_release release;
        b.rollback();
      });

  py::class_<Store>(m, "Store")
      .def_static(
          "open",
          [](const std::string& path, bool read_only) {
            py::gil_scoped_release release;
            return Store::open(path, {read_only});
          },
          py::arg("path"), py::arg("read_only") = false)
      .def_property_readonly("path", &Store::path)
      .def_property_readonly("read_only", &Store::read_only)
      .def("close", &Store::close, py::call_guard<py::gil_scoped_release>())
      .def(
          "begin_entities",
          [](Store& s, const std::string& type, const std::string& source, const std::string& origin,
             const std::string& key_column) { return s.begin_entities({type, source, origin, key_column}); },
          py::arg("type"), py::arg("source"), py::arg("origin"), py::arg("key_column"), py::keep_alive<0, 1>())
      .def(
          "begin_relations",
          [](Store& s, const std::string& type, const std::string& source, const std::string& origin,
             const std::string& src_type, const std::string& src_column, const std::string& dst_type,
             const std::string& dst_column, const std::string& time_column, const std::string& weight_column) {
            return s.begin_relations(
                {type, source, origin, src_type, src_column, dst_type, dst_column, time_column, weight_column});
          },
          py::arg("type"), py::arg("source"), py::arg("origin"), py::arg("src_type"), py::arg("src_column"),
          py::arg("dst_type"), py::arg("dst_column"), py::arg("time_column"), py::arg("weight_column"),
          py::keep_alive<0, 1>())
      .def("stats",
           [](const Store& s) {
             storage::StoreStats st;
             {
               py::gil_scoped_release release;
               st = s.stats();
             }
             py::dict d, ent, rel;
             for (const auto& t : st.entities) ent[py::str(t.type)] = t.count;
             for (const auto& t : st.relations) rel[py::str(t.type)] = t.count;
             d["entities"] = ent;
             d["relations"] = rel;
             d["num_entities"] = st.num_entities;
             d["num_relations"] = st.num_relations;
             d["num_batches"] = st.num_batches;
             d["first_time"] = time_or_none(st.first_time);
             d["last_time"] = time_or_none(st.last_time);
             return d;
           })
      .def(
          "entity",
          [](const Store& s, const std::string& type, const std::string& key) -> py::object {
            std::optional<storage::EntityRecord> r;
            {
              py::gil_scoped_release release;
              r = s.entity(type, key);
            }
            if (!r) return py::none();
            py::dict d;
            d["id"] = r->id;
            d["type"] = r->type;
            d["key"] = r->key;
            d["properties"] = props_to_py(r->properties);
            py::list sources;
            for (const auto& src : r->sources) sources.append(py::make_tuple(src.batch, src.source, src.row));
            d["sources"] = sources;
            return d;
          },
          py::arg("type"), py::arg("key"))
      .def(
          "provenance",
          [](const Store& s, const std::string& ta, const std::string& ka, const std::string& tb,
             const std::string& kb) {
            std::vector<storage::ProvenanceRecord> recs;
            {
              py::gil_scoped_release release;
              recs = s.provenance(ta, ka, tb, kb);
            }
            py::list out;
            for (const auto& r : recs) {
              py::dict d;
              d["relation_id"] = r.relation_id;
              d["type"] = r.type;
              d["src_type"] = r.src_type;
              d["src_key"] = r.src_key;
              d["dst_type"] = r.dst_type;
              d["dst_key"] = r.dst_key;
              d["time"] = time_or_none(r.time);
              d["weight"] = r.weight;
              d["batch"] = r.source.batch;
              d["source"] = r.source.source;
              d["row"] = r.source.row;
              d["properties"] = props_to_py(r.properties);
              out.append(d);
            }
            return out;
          },
          py::arg("type_a"), py::arg("key_a"), py::arg("type_b"), py::arg("key_b"))
      .def(
          "project",
          [](const Store& s, std::optional<std::vector<std::string>> entities,
             std::optional<std::vector<std::string>> relations, std::vector<std::string> collapse,
             std::optional<std::int64_t> since, std::optional<std::int64_t> until, double min_weight, bool directed,
             const std::string& aggregate) {
            storage::ProjectionSpec spec;
            spec.entity_types = std::move(entities);
            spec.relation_types = std::move(relations);
            spec.collapse = std::move(collapse);
            spec.since = since;
            spec.until = until;
            spec.build = {directed, parse_aggregate(aggregate), min_weight};
            auto g = std::make_shared<LabeledGraph>();
            std::uint64_t records = 0;
            {
              const RunContext ctx = python_context();
              py::gil_scoped_release release;
              storage::Projection p = s.project(spec, ctx);
              g->graph = std::move(p.graph);
              g->type_names = std::move(p.type_names);
              g->vertex_type = std::move(p.vertex_type);
              g->keys = std::move(p.vertex_key);
              records = p.records;
            }
            return py::make_tuple(g, records);
          },
          py::arg("entities"), py::arg("relations"), py::arg("collapse"), py::arg("since"), py::arg("until"),
          py::arg("min_weight"), py::arg("directed"), py::arg("aggregate"));
}

}  // namespace corridor::bindings
