#pragma once

#include <filesystem>
#include <random>
#include <string>

#include "storage/store.hpp"

namespace corridor::storage::testing {

// A fresh folder under the system temp dir, removed when the test ends.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("corridor-test-" + std::to_string(rd()) + std::to_string(rd()));
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }
  std::filesystem::path path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline StringColumn strings(std::initializer_list<const char*> values) {
  StringColumn c;
  for (const char* v : values) c.push_back(v);
  return c;
}

inline RelationBatchSpec relations(const std::string& type, const std::string& src, const std::string& dst) {
  return {type, "test", "test input", src, "a", dst, "b", "t", "w"};
}

// Ingests relations (a[i] -> b[i]) of one type in one batch.
inline void add_relations(Store& store, const std::string& type, const std::string& src, const std::string& dst,
                          std::initializer_list<const char*> a, std::initializer_list<const char*> b,
                          std::vector<Timestamp> time = {}, std::vector<double> weight = {}) {
  auto batch = store.begin_relations(relations(type, src, dst));
  RelationChunk c;
  c.src_keys = strings(a);
  c.dst_keys = strings(b);
  c.time = std::move(time);
  c.weight = std::move(weight);
  batch->add(c);
  batch->commit();
}

}  // namespace corridor::storage::testing
