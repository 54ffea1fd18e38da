// Store and Batch over RocksDB. Key layout: key_codec.hpp; value layout:
// block_codec.hpp; the protocol that keeps a batch all-or-nothing is in the
// comments of Batch::commit and Store::Impl::recover.
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <algorithm>

#include "storage/block_codec.hpp"
#include "storage/key_codec.hpp"
#include "storage/store_impl.hpp"

namespace corridor::storage {

namespace fs = std::filesystem;
using namespace codec;

namespace {

const char* const kCfNames[kNumCf] = {"default",      "catalog",    "batches",  "entities",
                                      "entity_props", "rel_blocks", "rel_props"};

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string encode_batch(const BatchRecord& r) {
  std::string s;
  put_raw(s, r);
  return s;
}

BatchRecord decode_batch(std::string_view v) {
  Reader r(v);
  return r.raw<BatchRecord>();
}

rocksdb::Slice slice(std::string_view s) { return {s.data(), s.size()}; }

std::vector<rocksdb::ColumnFamilyDescriptor> descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> d;
  for (std::size_t i = 0; i < kNumCf; ++i) {
    rocksdb::ColumnFamilyOptions o;
    if (i == kRelBlocks) {
      // Blocks are written in key order and are mostly 32-bit ids: compression
      // buys little and costs projection time.
      o.compression = rocksdb::kNoCompression;
      o.write_buffer_size = 64 << 20;
    }
    d.emplace_back(kCfNames[i], o);
  }
  return d;
}

std::string row_error(const std::string& origin, std::uint64_t row, const std::string& column,
                      const std::string& what) {
  return origin + ", row " + std::to_string(row) + ", column '" + column + "': " + what;
}

}  // namespace

// ---------------------------------------------------------------- Impl

Store::Impl::~Impl() { close(); }

void Store::Impl::close() {
  if (!db) return;
  for (auto* h : cf) db->DestroyColumnFamilyHandle(h);
  cf.clear();
  db->Close();
  delete db;
  db = nullptr;
  if (!secondary_dir.empty()) {
    std::error_code ec;
    fs::remove_all(secondary_dir, ec);
  }
}

void Store::Impl::check_open() const {
  if (!db) throw StoreError(StoreError::Code::kClosed, "the store at " + path + " is closed");
}

void Store::Impl::check_status(const rocksdb::Status& s, const std::string& what) const {
  if (!s.ok()) throw StoreError(StoreError::Code::kIo, "store " + path + ": " + what + " failed: " + s.ToString());
}

void Store::Impl::write(rocksdb::WriteBatch& wb, bool sync) {
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  check_status(db->Write(wo, &wb), "write");
}

int Store::Impl::find_name(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::uint16_t Store::Impl::type_id(std::vector<std::string>& names, char tag, const std::string& name) {
  if (int i = find_name(names, name); i >= 0) return static_cast<std::uint16_t>(i);
  if (names.size() >= 0xFFFF) throw std::invalid_argument("too many types in one store (65535)");
  names.push_back(name);
  const auto id = static_cast<std::uint16_t>(names.size() - 1);
  std::string key(1, tag);
  put_be(key, id);
  // Written at once: a name left behind by a rolled-back batch is harmless.
  check_status(db->Put(rocksdb::WriteOptions(), cf[kCatalog], key, name), "catalog write");
  return id;
}

std::uint32_t Store::Impl::source_id(const std::string& name) {
  if (int i = find_name(sources, name); i >= 0) return static_cast<std::uint32_t>(i);
  sources.push_back(name);
  const auto id = static_cast<std::uint32_t>(sources.size() - 1);
  std::string key(1, 'S');
  put_be(key, id);
  check_status(db->Put(rocksdb::WriteOptions(), cf[kCatalog], key, name), "catalog write");
  return id;
}

void Store::Impl::load() {
  std::string value;
  auto get_meta = [&](const char* key) -> bool {
    auto s = db->Get(rocksdb::ReadOptions(), cf[kMeta], key, &value);
    if (s.IsNotFound()) return false;
    check_status(s, "read meta");
    return true;
  };
  if (get_meta(kNextEntityKey)) committed_entities = get_be<std::uint32_t>(value);
  if (get_meta(kNextBatchKey)) next_batch = get_be<std::uint64_t>(value);
  if (get_meta(kNextRelationKey)) next_relation = get_be<std::uint64_t>(value);

  scan(kCatalog, "", "", [&](std::string_view k, std::string_view v) {
    const char tag = k[0];
    if (tag == 'E' || tag == 'R') {
      auto& names = tag == 'E' ? entity_types : relation_types;
      const auto id = get_be<std::uint16_t>(k, 1);
      if (names.size() <= id) names.resize(id + 1);
      names[id] = std::string(v);
    } else if (tag == 'S') {
      const auto id = get_be<std::uint32_t>(k, 1);
      if (sources.size() <= id) sources.resize(id + 1);
      sources[id] = std::string(v);
    } else if (tag == 'P') {
      property_kinds[{k[1], get_be<std::uint16_t>(k, 2), std::string(k.substr(4))}] =
          static_cast<ValueKind>(v[0]);
    }
  });
  scan(kBatches, "", "", [&](std::string_view k, std::string_view v) {
    BatchRecord r = decode_batch(v);
    if (r.state == kBatchCommitted) batches[get_be<std::uint64_t>(k)] = r;
  });
  // Entities beyond the committed counter belong to a batch that never
  // committed: a writer removes them in recover(), a reader ignores them.
  scan(kEntities, "", u32_key(committed_entities), [&](std::string_view k, std::string_view v) {
    const auto id = get_be<std::uint32_t>(k);
    Reader r(v);
    const auto type = r.raw<std::uint16_t>();
    r.raw<std::uint64_t>();
    r.raw<std::uint64_t>();
    if (id != entities.size()) throw std::runtime_error("corrupt corridor store: entity ids are not dense");
    entities.append(type, r.rest());
  });
}

// A batch still open when its writer died (kill -9, power loss) is undone
// here, before the new writer does anything else: its relation blocks, the
// property records it wrote, the entities it created, and its own record.
void Store::Impl::recover() {
  std::vector<std::uint64_t> open;
  scan(kBatches, "", "", [&](std::string_view k, std::string_view v) {
    if (decode_batch(v).state == kBatchOpen) open.push_back(get_be<std::uint64_t>(k));
  });
  std::string first;
  if (!open.empty() || db->Get(rocksdb::ReadOptions(), cf[kEntities], u32_key(committed_entities), &first).ok()) {
    rocksdb::WriteBatch wb;
    for (std::uint64_t b : open) erase_uncommitted(wb, b);
    if (open.empty()) wb.DeleteRange(cf[kEntities], u32_key(committed_entities), u64_key(UINT64_MAX));
    scan(kEntityProps, "", "", [&](std::string_view k, std::string_view) {
      if (!committed(get_be<std::uint64_t>(k, 4))) wb.Delete(cf[kEntityProps], slice(k));
    });
    write(wb, true);
  }
}

void Store::Impl::erase_uncommitted(rocksdb::WriteBatch& wb, std::uint64_t batch) const {
  wb.DeleteRange(cf[kRelBlocks], block_key(batch, 0), block_key(batch + 1, 0));
  wb.DeleteRange(cf[kRelProps], block_key(batch, 0), block_key(batch + 1, 0));
  wb.DeleteRange(cf[kEntities], u32_key(committed_entities), u64_key(UINT64_MAX));
  wb.Delete(cf[kBatches], u64_key(batch));
}

// ---------------------------------------------------------------- Store

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }
bool Store::read_only() const { return impl_->read_only; }

void Store::close() {
  std::lock_guard lock(impl_->mu);
  if (impl_->batch_open) throw std::logic_error("cannot close the store while an ingest is in progress");
  impl_->close();
}

std::unique_ptr<Store> Store::open(const std::string& path, const OpenOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->read_only = options.read_only;
  const fs::path p(path);
  std::error_code ec;
  const bool exists = fs::exists(p, ec);
  if (exists && !fs::is_directory(p, ec)) {
    throw StoreError(StoreError::Code::kNotAStore, path + " is a file, not a corridor store");
  }
  const bool empty = !exists || fs::is_empty(p, ec);
  if (empty && options.read_only) {
    throw StoreError(StoreError::Code::kNotAStore, "no corridor store at " + path);
  }
  if (!exists) {
    fs::create_directories(p, ec);
    if (ec) throw StoreError(StoreError::Code::kIo, "cannot create " + path + ": " + ec.message());
  }
  if (!empty && !fs::exists(p / "CURRENT", ec)) {
    throw StoreError(StoreError::Code::kNotAStore,
                     path + " is not a corridor store (a non-empty folder with no store files)");
  }
  rocksdb::DBOptions dbo;
  if (!empty) {
    std::vector<std::string> families;
    auto s = rocksdb::DB::ListColumnFamilies(dbo, path, &families);
    bool ours = s.ok();
    for (const char* name : kCfNames)
      ours = ours && std::find(families.begin(), families.end(), name) != families.end();
    if (!ours) {
      throw StoreError(StoreError::Code::kNotAStore,
                       path + " is not a corridor store (a RocksDB database without corridor's column families)");
    }
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::Status s;
  if (options.read_only) {
    // A secondary instance reads safely beside a live writer; it replays the
    // writer's log up to now and then stays at that point.
    dbo.max_open_files = -1;
    std::string tmpl = (fs::temp_directory_path(ec) / "corridor-reader-XXXXXX").string();
    if (ec || !mkdtemp(tmpl.data())) {
      throw StoreError(StoreError::Code::kIo, "cannot create a temporary folder for a reader of " + path);
    }
    impl->secondary_dir = tmpl;
    s = rocksdb::DB::OpenAsSecondary(dbo, path, impl->secondary_dir, descriptors(), &handles, &impl->db);
    if (s.ok()) s = impl->db->TryCatchUpWithPrimary();
  } else {
    dbo.create_if_missing = true;
    dbo.create_missing_column_families = true;
    dbo.max_background_jobs = 2;
    // Memtables of all column families together stay under this, so that a
    // long streaming ingest keeps a bounded footprint.
    dbo.db_write_buffer_size = 192 << 20;
    s = rocksdb::DB::Open(dbo, path, descriptors(), &handles, &impl->db);
  }
  if (!s.ok()) {
    for (auto* h : handles) if (impl->db) impl->db->DestroyColumnFamilyHandle(h);
    const std::string msg = s.ToString();
    if (msg.find("lock") != std::string::npos || msg.find("Resource temporarily unavailable") != std::string::npos) {
      throw StoreError(StoreError::Code::kLocked,
                       "the store at " + path + " is locked: another process has it open for writing (" + msg + ")");
    }
    throw StoreError(StoreError::Code::kIo, "cannot open the store at " + path + ": " + msg);
  }
  impl->cf = handles;

  std::string value;
  auto fs_ = impl->db->Get(rocksdb::ReadOptions(), impl->cf[kMeta], kFormatKey, &value);
  if (fs_.IsNotFound() && empty && !options.read_only) {
    rocksdb::WriteBatch wb;
    wb.Put(impl->cf[kMeta], kFormatKey, kFormatValue);
    wb.Put(impl->cf[kMeta], kSchemaKey, u32_key(kSchemaVersion));
    impl->write(wb, true);
  } else if (!fs_.ok() || value != kFormatValue) {
    throw StoreError(StoreError::Code::kNotAStore, path + " is not a corridor store (no format marker)");
  } else {
    impl->check_status(impl->db->Get(rocksdb::ReadOptions(), impl->cf[kMeta], kSchemaKey, &value), "read schema");
    const auto version = get_be<std::uint32_t>(value);
    if (version > kSchemaVersion) {
      throw StoreError(StoreError::Code::kNewerSchema,
                       "the store at " + path + " has schema version " + std::to_string(version) +
                           ", newer than this corridor understands (" + std::to_string(kSchemaVersion) +
                           "); upgrade corridor to open it");
    }
  }
  impl->load();
  if (!options.read_only) impl->recover();
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

StoreStats Store::stats() const {
  std::lock_guard lock(impl_->mu);
  impl_->check_open();
  const Impl& m = *impl_;
  StoreStats st;
  std::map<std::string, std::uint64_t> ent, rel;
  for (const auto& name : m.entity_types) ent[name] = 0;
  for (std::uint32_t id = 0; id < m.committed_entities; ++id) ++ent[m.entity_types[m.entities.type(id)]];
  for (const auto& [id, b] : m.batches) {
    if (b.kind != kRelationBatch) continue;
    rel[m.relation_types[b.type]] += b.relations;
    st.num_relations += b.relations;
    if (b.min_time != kNoTime) {
      st.first_time = st.first_time == kNoTime ? b.min_time : std::min(st.first_time, b.min_time);
      st.last_time = std::max(st.last_time, b.max_time);
    }
  }
  for (auto& [name, c] : ent) if (c) st.entities.push_back({name, c});
  for (auto& [name, c] : rel) if (c) st.relations.push_back({name, c});
  st.num_entities = m.committed_entities;
  st.num_batches = m.batches.size();
  return st;
}

std::optional<EntityRecord> Store::entity(const std::string& type, const std::string& key) const {
  std::lock_guard lock(impl_->mu);
  impl_->check_open();
  const Impl& m = *impl_;
  const int t = Impl::find_name(m.entity_types, type);
  if (t < 0) return std::nullopt;
  const std::uint32_t id = m.entities.find(static_cast<std::uint16_t>(t), key);
  if (id == EntityCatalog::kMissing || id >= m.committed_entities) return std::nullopt;
  EntityRecord rec;
  rec.id = id;
  rec.type = type;
  rec.key = key;
  std::string value;
  m.check_status(m.db->Get(rocksdb::ReadOptions(), m.cf[kEntities], u32_key(id), &value), "read entity");
  Reader r(value);
  r.raw<std::uint16_t>();
  const auto created_batch = r.raw<std::uint64_t>();
  const auto created_row = r.raw<std::uint64_t>();
  auto source_of = [&](std::uint64_t b) { return m.sources[m.batches.at(b).source]; };
  if (m.batches.at(created_batch).kind == kRelationBatch) {
    rec.sources.push_back({created_batch, source_of(created_batch), created_row});
  }
  m.scan(kEntityProps, u32_key(id), u32_key(id + 1), [&](std::string_view k, std::string_view v) {
    const auto b = get_be<std::uint64_t>(k, 4);
    if (!m.committed(b)) return;
    auto [row, props] = decode_entity_row(v);
    rec.sources.push_back({b, source_of(b), row});
    for (auto& [name, val] : props) {
      auto it = std::find_if(rec.properties.begin(), rec.properties.end(),
                             [&](const auto& p) { return p.first == name; });
      if (it == rec.properties.end()) rec.properties.emplace_back(name, std::move(val));
      else it->second = std::move(val);
    }
  });
  std::sort(rec.sources.begin(), rec.sources.end(),
            [](const SourceRecord& a, const SourceRecord& b) { return a.batch < b.batch; });
  return rec;
}

std::vector<ProvenanceRecord> Store::provenance(const std::string& type_a, const std::string& key_a,
                                                const std::string& type_b, const std::string& key_b) const {
  std::lock_guard lock(impl_->mu);
  impl_->check_open();
  const Impl& m = *impl_;
  auto resolve = [&](const std::string& type, const std::string& key) {
    const int t = Impl::find_name(m.entity_types, type);
    const std::uint32_t id = t < 0 ? EntityCatalog::kMissing : m.entities.find(static_cast<std::uint16_t>(t), key);
    if (id == EntityCatalog::kMissing || id >= m.committed_entities) {
      throw std::out_of_range("no entity (" + type + ", " + key + ") in the store");
    }
    return std::pair{static_cast<std::uint16_t>(t), id};
  };
  const auto [ta, a] = resolve(type_a, key_a);
  const auto [tb, b] = resolve(type_b, key_b);
  std::vector<ProvenanceRecord> out;
  m.scan(kRelBlocks, "", "", [&](std::string_view k, std::string_view v) {
    const auto batch = get_be<std::uint64_t>(k);
    if (!m.committed(batch)) return;
    const BlockHeader h = decode_header(v);
    if (!((h.src_type == ta && h.dst_type == tb) || (h.src_type == tb && h.dst_type == ta))) return;
    const BlockColumns c = decode_block(v);
    std::string props;
    bool props_read = false;
    for (std::size_t i = 0; i < h.n; ++i) {
      const auto s = c.src_at(i), d = c.dst_at(i);
      if (!((s == a && d == b) || (s == b && d == a))) continue;
      ProvenanceRecord r;
      r.relation_id = h.first_relation + i;
      r.type = m.relation_types[h.rel_type];
      r.src_type = m.entity_types[h.src_type];
      r.src_key = std::string(m.entities.key(s));
      r.dst_type = m.entity_types[h.dst_type];
      r.dst_key = std::string(m.entities.key(d));
      r.time = c.time_at(i);
      r.weight = c.weight_at(i);
      r.source = {batch, m.sources[m.batches.at(batch).source], h.first_row + i};
      if (!props_read) {
        props_read = true;
        auto st = m.db->Get(rocksdb::ReadOptions(), m.cf[kRelProps], slice(k), &props);
        if (st.IsNotFound()) props.clear();
        else m.check_status(st, "read relation properties");
      }
      if (!props.empty()) r.properties = decode_property_row(props, i);
      out.push_back(std::move(r));
    }
  });
  return out;
}

// ---------------------------------------------------------------- Batch

struct Batch::State {
  std::uint64_t id = 0;
  BatchRecord rec;
  std::string origin;
  std::string key_column, src_column, dst_column, time_column, weight_column;
  std::uint32_t next_block = 0;
  std::vector<std::uint32_t> touched;  // entities given a property record in this batch
  PropertyKinds pending_kinds;
  bool finished = false;
};

Batch::Batch(Store* store, std::unique_ptr<State> state) : store_(store), state_(std::move(state)) {}

Batch::~Batch() {
  if (!state_->finished) {
    try {
      rollback();
    } catch (...) {
      // A failed rollback leaves an open batch record; the next writer to
      // open the store finishes the job in recover().
    }
  }
}

namespace {

// The part of beginning a batch that entity and relation batches share.
std::unique_ptr<Batch::State> new_state(Store::Impl& m, std::uint8_t kind, const std::string& source,
                                        const std::string& origin) {
  m.check_open();
  if (m.read_only) throw StoreError(StoreError::Code::kReadOnly, "the store at " + m.path + " is open read-only");
  if (m.batch_open) throw std::logic_error("another ingest into this store is still in progress");
  auto st = std::make_unique<Batch::State>();
  st->rec.kind = kind;
  st->origin = origin;
  st->rec.source = m.source_id(source);
  st->id = m.next_batch;
  st->rec.first_entity = st->rec.end_entity = m.committed_entities;
  st->rec.first_relation = m.next_relation;
  st->rec.created_ns = now_ns();
  return st;
}

// Records the batch as open: if the process dies before commit, the next
// writer finds this record and undoes the batch.
void mark_open(Store::Impl& m, const Batch::State& st) {
  m.check_status(m.db->Put(rocksdb::WriteOptions(), m.cf[kBatches], u64_key(st.id), encode_batch(st.rec)),
                 "write batch record");
  m.batch_open = true;
}

}  // namespace

std::unique_ptr<Batch> Store::begin_entities(const EntityBatchSpec& spec) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  if (spec.type.empty()) throw std::invalid_argument("type: the entity type must not be empty");
  auto st = new_state(m, kEntityBatch, spec.source, spec.origin);
  st->rec.type = m.type_id(m.entity_types, 'E', spec.type);
  st->key_column = spec.key_column;
  mark_open(m, *st);
  return std::unique_ptr<Batch>(new Batch(this, std::move(st)));
}

std::unique_ptr<Batch> Store::begin_relations(const RelationBatchSpec& spec) {
  std::lock_guard lock(impl_->mu);
  Impl& m = *impl_;
  if (spec.type.empty()) throw std::invalid_argument("type: the relation type must not be empty");
  if (spec.src_type.empty() || spec.dst_type.empty())
    throw std::invalid_argument("src/dst: the entity types must not be empty");
  auto st = new_state(m, kRelationBatch, spec.source, spec.origin);
  st->rec.type = m.type_id(m.relation_types, 'R', spec.type);
  st->rec.src_type = m.type_id(m.entity_types, 'E', spec.src_type);
  st->rec.dst_type = m.type_id(m.entity_types, 'E', spec.dst_type);
  st->src_column = spec.src_column;
  st->dst_column = spec.dst_column;
  st->time_column = spec.time_column;
  st->weight_column = spec.weight_column;
  mark_open(m, *st);
  return std::unique_ptr<Batch>(new Batch(this, std::move(st)));
}

namespace {

// Checks the property columns of a chunk against the kinds already known for
// (kind, type): committed in the store, or set by earlier chunks of this
// batch. Numbers reconcile where no value changes: integers fill a float
// property; floats that are all whole fill an integer property; and while
// the integer kind comes only from earlier chunks of this same input (a CSV
// read in chunks types each chunk alone), a fractional value widens it to
// float. Anything else names the first row at fault.
void check_properties(const Store::Impl& m, Batch::State& st, char tag, std::uint16_t type,
                      std::vector<PropertyColumn>& columns, std::uint64_t first_row) {
  for (auto& c : columns) {
    if (std::find(c.present.begin(), c.present.end(), 1) == c.present.end()) continue;  // no value, no kind
    const auto key = std::make_tuple(tag, type, c.name);
    const auto stored = m.property_kinds.find(key);
    const bool in_store = stored != m.property_kinds.end();
    const auto pending = st.pending_kinds.find(key);
    if (!in_store && pending == st.pending_kinds.end()) {
      st.pending_kinds[key] = c.kind;
      continue;
    }
    const ValueKind known = in_store ? stored->second : pending->second;
    if (known == c.kind) continue;
    std::size_t bad = 0;  // the first row that cannot take the known kind
    while (bad < c.size() && !c.present[bad]) ++bad;
    if (known == ValueKind::kFloat && c.kind == ValueKind::kInt) {
      c.floats.assign(c.ints.begin(), c.ints.end());
      c.ints.clear();
      c.kind = ValueKind::kFloat;
      continue;
    }
    if (known == ValueKind::kInt && c.kind == ValueKind::kFloat) {
      while (bad < c.size() && (!c.present[bad] || (std::floor(c.floats[bad]) == c.floats[bad] &&
                                                     std::abs(c.floats[bad]) < 9.0e15))) ++bad;
      if (bad == c.size()) {
        c.ints.assign(c.floats.begin(), c.floats.end());
        c.floats.clear();
        c.kind = ValueKind::kInt;
        continue;
      }
      if (!in_store) {
        pending->second = ValueKind::kFloat;
        continue;
      }
    }
    throw IngestError(row_error(st.origin, first_row + bad, c.name,
                                std::string("holds ") + kind_name(c.kind) + " values but this property is " +
                                    kind_name(known) +
                                    (in_store ? " in the store" : " in the earlier rows of this input")));
  }
}

// Resolves a key to its entity id, creating the entity (in `wb`) when absent.
std::uint32_t resolve(Store::Impl& m, Batch::State& st, rocksdb::WriteBatch& wb, std::uint16_t type,
                      std::string_view key, std::uint64_t row) {
  std::uint32_t id = m.entities.find(type, key);
  if (id != EntityCatalog::kMissing) return id;
  if (m.entities.size() == UINT32_MAX - 1) throw std::length_error("the store is full: 2^32 - 1 entities");
  id = m.entities.append(type, key);
  std::string value;
  put_raw<std::uint16_t>(value, type);
  put_raw<std::uint64_t>(value, st.id);
  put_raw<std::uint64_t>(value, row);
  value.append(key);
  wb.Put(m.cf[kEntities], u32_key(id), value);
  return id;
}

// Checks a key column (codes in range, no empty key) and returns, for each
// distinct key, the first row using it (UINT64_MAX for unused ones).
std::vector<std::uint64_t> check_keys(const Batch::State& st, const KeyColumn& keys, const std::string& column,
                                      std::uint64_t first_row) {
  const std::size_t u = keys.uniques.size();
  std::vector<std::uint64_t> first_use(u, UINT64_MAX);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::uint32_t c = keys.codes[i];
    if (c >= u) throw std::invalid_argument("key column '" + column + "': code out of range");
    if (first_use[c] == UINT64_MAX) {
      first_use[c] = i;
      if (keys.uniques.at(c).empty()) throw IngestError(row_error(st.origin, first_row + i, column, "empty key"));
    }
  }
  return first_use;
}

// Resolves each distinct key once, in order of first use (so new ids follow
// the rows), creating absent entities in `wb`; returns one id per row.
std::vector<std::uint32_t> resolve_keys(Store::Impl& m, Batch::State& st, rocksdb::WriteBatch& wb,
                                        std::uint16_t type, const KeyColumn& keys,
                                        const std::vector<std::uint64_t>& first_use, std::uint64_t first_row) {
  std::vector<std::uint32_t> order;
  for (std::uint32_t c = 0; c < first_use.size(); ++c)
    if (first_use[c] != UINT64_MAX) order.push_back(c);
  auto by_first_use = [&](auto a, auto b) { return first_use[a] < first_use[b]; };
  if (!std::is_sorted(order.begin(), order.end(), by_first_use)) std::sort(order.begin(), order.end(), by_first_use);
  std::vector<std::uint32_t> ids(first_use.size());
  m.entities.find_many(type, keys.uniques, ids.data());
  for (std::uint32_t c : order) {
    if (ids[c] == EntityCatalog::kMissing) ids[c] = resolve(m, st, wb, type, keys.uniques.at(c), first_row + first_use[c]);
  }
  std::vector<std::uint32_t> out(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) out[i] = ids[keys.codes[i]];
  return out;
}

}  // namespace

void Batch::add(const EntityChunk& chunk_in) {
  Store::Impl& m = *store_->impl_;
  std::lock_guard lock(m.mu);
  State& st = *state_;
  if (st.finished) throw std::logic_error("this ingest batch is already finished");
  if (st.rec.kind != kEntityBatch) throw std::logic_error("entity rows given to a relation batch");
  EntityChunk chunk = chunk_in;
  const std::size_t n = chunk.keys.size();
  for (const auto& c : chunk.properties)
    if (c.size() != n) throw std::invalid_argument("property column '" + c.name + "' has the wrong length");
  const auto first_use = check_keys(st, chunk.keys, st.key_column, chunk.first_row);
  check_properties(m, st, 'E', st.rec.type, chunk.properties, chunk.first_row);

  // Everything is checked: from here on nothing throws on bad input.
  rocksdb::WriteBatch wb;
  const auto ids = resolve_keys(m, st, wb, st.rec.type, chunk.keys, first_use, chunk.first_row);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t row = chunk.first_row + i;
    const std::uint32_t id = ids[i];
    wb.Put(m.cf[kEntityProps], entity_props_key(id, st.id), encode_entity_row(row, chunk.properties, i));
    st.touched.push_back(id);
  }
  m.write(wb, false);
  st.rec.rows += n;
}

void Batch::add(const RelationChunk& chunk_in) {
  Store::Impl& m = *store_->impl_;
  std::lock_guard lock(m.mu);
  State& st = *state_;
  if (st.finished) throw std::logic_error("this ingest batch is already finished");
  if (st.rec.kind != kRelationBatch) throw std::logic_error("relation rows given to an entity batch");
  const std::size_t n = chunk_in.size();
  if (chunk_in.dst_keys.size() != n || (!chunk_in.time.empty() && chunk_in.time.size() != n) ||
      (!chunk_in.weight.empty() && chunk_in.weight.size() != n)) {
    throw std::invalid_argument("relation chunk columns have different lengths");
  }
  for (const auto& c : chunk_in.properties)
    if (c.size() != n) throw std::invalid_argument("property column '" + c.name + "' has the wrong length");
  if (n == 0) return;
  const auto src_use = check_keys(st, chunk_in.src_keys, st.src_column, chunk_in.first_row);
  const auto dst_use = check_keys(st, chunk_in.dst_keys, st.dst_column, chunk_in.first_row);
  for (std::size_t i = 0; i < chunk_in.weight.size(); ++i) {
    const double w = chunk_in.weight[i];
    if (std::isnan(w) || std::isinf(w) || w < 0) {
      throw IngestError(row_error(st.origin, chunk_in.first_row + i, st.weight_column,
                                  "weight must be a finite number >= 0, got " + std::to_string(w)));
    }
  }
  std::vector<PropertyColumn> properties = chunk_in.properties;
  check_properties(m, st, 'R', st.rec.type, properties, chunk_in.first_row);

  // Everything is checked: from here on nothing throws on bad input.
  rocksdb::WriteBatch wb;
  const auto src = resolve_keys(m, st, wb, st.rec.src_type, chunk_in.src_keys, src_use, chunk_in.first_row);
  const auto dst = resolve_keys(m, st, wb, st.rec.dst_type, chunk_in.dst_keys, dst_use, chunk_in.first_row);
  BlockHeader h;
  h.rel_type = st.rec.type;
  h.src_type = st.rec.src_type;
  h.dst_type = st.rec.dst_type;
  h.n = static_cast<std::uint32_t>(n);
  h.first_relation = st.rec.first_relation + st.rec.relations;
  h.first_row = chunk_in.first_row;
  if (!chunk_in.time.empty()) h.flags |= kHasTime;
  if (!chunk_in.weight.empty()) h.flags |= kHasWeight;
  for (Timestamp t : chunk_in.time) {
    if (t == kNoTime) continue;
    st.rec.min_time = st.rec.min_time == kNoTime ? t : std::min(st.rec.min_time, t);
    st.rec.max_time = std::max(st.rec.max_time, t);
  }
  const std::string key = block_key(st.id, st.next_block++);
  wb.Put(m.cf[kRelBlocks], key, encode_block(h, src, dst, chunk_in.time, chunk_in.weight));
  if (!properties.empty()) wb.Put(m.cf[kRelProps], key, encode_property_columns(properties, 0, n));
  m.write(wb, false);
  st.rec.rows += n;
  st.rec.relations += n;
}

// The commit protocol: every chunk was written (unsynced) before; now one
// synced WriteBatch flips the batch record to committed and advances the
// committed counters. RocksDB applies a WriteBatch atomically and the WAL is
// sequential, so after a crash either the whole batch is committed or its
// record still says "open" and recover() removes it.
BatchSummary Batch::commit() {
  Store::Impl& m = *store_->impl_;
  std::lock_guard lock(m.mu);
  State& st = *state_;
  if (st.finished) throw std::logic_error("this ingest batch is already finished");
  st.rec.state = kBatchCommitted;
  st.rec.end_entity = m.entities.size();
  st.rec.committed_ns = now_ns();
  rocksdb::WriteBatch wb;
  wb.Put(m.cf[kBatches], u64_key(st.id), encode_batch(st.rec));
  wb.Put(m.cf[kMeta], kNextEntityKey, u32_key(m.entities.size()));
  wb.Put(m.cf[kMeta], kNextBatchKey, u64_key(st.id + 1));
  wb.Put(m.cf[kMeta], kNextRelationKey, u64_key(st.rec.first_relation + st.rec.relations));
  for (const auto& [key, kind] : st.pending_kinds) {
    if (m.property_kinds.count(key)) continue;
    std::string k{'P', std::get<0>(key)};
    put_be(k, std::get<1>(key));
    k.append(std::get<2>(key));
    wb.Put(m.cf[kCatalog], k, std::string(1, static_cast<char>(kind)));
  }
  m.write(wb, true);
  m.committed_entities = m.entities.size();
  m.next_batch = st.id + 1;
  m.next_relation = st.rec.first_relation + st.rec.relations;
  m.batches[st.id] = st.rec;
  for (const auto& [key, kind] : st.pending_kinds) m.property_kinds[key] = kind;
  m.batch_open = false;
  st.finished = true;
  return {st.id, st.rec.rows, st.rec.end_entity - st.rec.first_entity, st.rec.relations};
}

void Batch::rollback() {
  Store::Impl& m = *store_->impl_;
  std::lock_guard lock(m.mu);
  State& st = *state_;
  if (st.finished) return;
  st.finished = true;
  m.batch_open = false;
  if (!m.db) return;  // closed underneath us: recover() cleans up at next open
  rocksdb::WriteBatch wb;
  m.erase_uncommitted(wb, st.id);
  for (std::uint32_t id : st.touched) wb.Delete(m.cf[kEntityProps], entity_props_key(id, st.id));
  m.entities.truncate(m.committed_entities);
  m.write(wb, true);
}

}  // namespace corridor::storage
