// The object behind corridor.Graph: a CSR snapshot plus the (type, key) of
// each vertex, and a lazily built (type, key) -> vertex index.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "storage/columns.hpp"
#include "storage/entity_catalog.hpp"

namespace corridor::bindings {

struct LabeledGraph {
  CsrGraph graph;
  std::vector<std::string> type_names;
  std::vector<std::uint16_t> vertex_type;
  storage::StringColumn keys;

  // Vertex of (type, key), or -1.
  std::int64_t find(const std::string& type, const std::string& key) const {
    std::call_once(index_once_, [this] {
      index_ = std::make_unique<storage::EntityCatalog>();
      for (std::size_t v = 0; v < vertex_type.size(); ++v) index_->append(vertex_type[v], keys.at(v));
    });
    const auto t = std::find(type_names.begin(), type_names.end(), type);
    if (t == type_names.end()) return -1;
    const auto id = index_->find(static_cast<std::uint16_t>(t - type_names.begin()), key);
    return id == storage::EntityCatalog::kMissing ? -1 : static_cast<std::int64_t>(id);
  }

 private:
  mutable std::once_flag index_once_;
  mutable std::unique_ptr<storage::EntityCatalog> index_;
};

}  // namespace corridor::bindings
