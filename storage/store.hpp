// corridor's property-graph store: the interface every other layer uses.
// No RocksDB type appears here; the implementation (rocks_store.cpp) keeps it
// behind a pimpl.
//
// Model
// - Entity: a type, an external key unique within its type, properties, and
//   the source records it came from. Internal ids are dense 32-bit integers,
//   assigned at first ingest and stable for the life of the store.
// - Relation: a type, source and target entity, optional time, weight
//   (default 1), properties, and its source record. Many relations may join
//   the same pair.
// - Batch: one ingest call. A batch is invisible until commit() returns, and
//   durable from then on (the commit is written with fsync). A batch that is
//   rolled back, or that was open when a process died, leaves no trace: the
//   next writer to open the store removes what it had written.
//
// Threading: a Store may be shared between threads; calls are serialised.
// Processes: one writer at a time (the store is locked); any number of
// read-only opens beside it, each seeing the store as it was when opened.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "engine/graph/csr_builder.hpp"
#include "engine/graph/csr_graph.hpp"
#include "storage/columns.hpp"

namespace corridor::storage {

inline constexpr std::uint32_t kSchemaVersion = 1;

// A store that cannot be opened or used: not a store, newer schema, locked by
// another writer, I/O failure.
class StoreError : public std::runtime_error {
 public:
  enum class Code { kNotAStore, kNewerSchema, kLocked, kIo, kReadOnly, kClosed };
  StoreError(Code code, const std::string& what) : std::runtime_error(what), code_(code) {}
  Code code() const { return code_; }

 private:
  Code code_;
};

// Bad input: the message names the source, the row and the column at fault.
class IngestError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct OpenOptions {
  bool read_only = false;
};

struct Value {
  ValueKind kind = ValueKind::kString;
  std::int64_t i = 0;  // kInt, kBool, kTimestamp
  double f = 0;        // kFloat
  std::string s;       // kString
};

using Properties = std::vector<std::pair<std::string, Value>>;

struct SourceRecord {
  std::uint64_t batch = 0;
  std::string source;
  std::uint64_t row = 0;  // 0-based position of the record in its source
};

struct EntityRecord {
  std::uint32_t id = 0;
  std::string type;
  std::string key;
  Properties properties;              // later batches override earlier ones
  std::vector<SourceRecord> sources;  // every record that named this entity's properties, or created it
};

struct ProvenanceRecord {
  std::uint64_t relation_id = 0;
  std::string type;
  std::string src_type, src_key, dst_type, dst_key;
  Timestamp time = kNoTime;
  double weight = 1.0;
  SourceRecord source;
  Properties properties;
};

struct TypeCount {
  std::string type;
  std::uint64_t count = 0;
};

struct StoreStats {
  std::vector<TypeCount> entities;   // by entity type, sorted by name
  std::vector<TypeCount> relations;  // by relation type, sorted by name
  std::uint64_t num_entities = 0;
  std::uint64_t num_relations = 0;
  std::uint64_t num_batches = 0;
  Timestamp first_time = kNoTime;  // over timed relations
  Timestamp last_time = kNoTime;
};

struct BatchSummary {
  std::uint64_t batch = 0;
  std::uint64_t rows = 0;
  std::uint64_t entities_created = 0;
  std::uint64_t relations = 0;
};

// What store.project() takes. Unset optionals mean "no filter".
struct ProjectionSpec {
  std::optional<std::vector<std::string>> entity_types;
  std::optional<std::vector<std::string>> relation_types;
  std::vector<std::string> collapse;  // intermediary entity types
  std::optional<Timestamp> since;     // inclusive
  std::optional<Timestamp> until;     // exclusive
  BuildOptions build;                 // directed, aggregate, min_weight
};

// A projection: the CSR plus the (type, key) of every vertex.
struct Projection {
  CsrGraph graph;
  std::vector<std::string> type_names;
  std::vector<std::uint16_t> vertex_type;  // index into type_names
  StringColumn vertex_key;
  std::uint64_t records = 0;  // relation records that went into the edges
};

// What one ingest call writes. `source` is the name recorded as provenance;
// `origin` is how error messages name the input (a file path, "DataFrame");
// the column names are only used to name the field at fault.
struct EntityBatchSpec {
  std::string type;
  std::string source;
  std::string origin;
  std::string key_column;
};

struct RelationBatchSpec {
  std::string type;
  std::string source;
  std::string origin;
  std::string src_type, src_column;
  std::string dst_type, dst_column;
  std::string time_column;    // "" when the relations have no time
  std::string weight_column;  // "" when every relation weighs 1
};

class Store;

// One ingest call. Destroying a batch that was not committed rolls it back.
class Batch {
 public:
  ~Batch();
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void add(const EntityChunk& chunk);    // entity batches only
  void add(const RelationChunk& chunk);  // relation batches only
  BatchSummary commit();
  void rollback();

  struct State;  // defined in rocks_store.cpp

 private:
  friend class Store;
  Batch(Store* store, std::unique_ptr<State> state);
  Store* store_;
  std::unique_ptr<State> state_;
};

class Store {
 public:
  // Creates the store if `path` is absent or an empty directory (writers only).
  static std::unique_ptr<Store> open(const std::string& path, const OpenOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;
  bool read_only() const;
  void close();

  std::unique_ptr<Batch> begin_entities(const EntityBatchSpec& spec);
  std::unique_ptr<Batch> begin_relations(const RelationBatchSpec& spec);

  StoreStats stats() const;
  std::optional<EntityRecord> entity(const std::string& type, const std::string& key) const;
  // The relation records joining a and b, in either direction, by relation id.
  std::vector<ProvenanceRecord> provenance(const std::string& type_a, const std::string& key_a,
                                           const std::string& type_b, const std::string& key_b) const;
  Projection project(const ProjectionSpec& spec, const RunContext& ctx = {}) const;

  struct Impl;

 private:
  friend class Batch;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace corridor::storage
