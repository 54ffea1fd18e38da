// Private to storage/: the RocksDB-backed state behind Store and Batch.
#pragma once

#include <rocksdb/db.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "storage/entity_catalog.hpp"
#include "storage/key_codec.hpp"
#include "storage/store.hpp"

namespace corridor::storage {

enum Cf : std::size_t { kMeta, kCatalog, kBatches, kEntities, kEntityProps, kRelBlocks, kRelProps, kNumCf };

inline constexpr std::uint8_t kBatchOpen = 1;
inline constexpr std::uint8_t kBatchCommitted = 2;
inline constexpr std::uint8_t kEntityBatch = 1;
inline constexpr std::uint8_t kRelationBatch = 2;

struct BatchRecord {
  std::uint8_t state = kBatchOpen;
  std::uint8_t kind = kEntityBatch;
  std::uint16_t type = 0;      // entity type, or relation type
  std::uint16_t src_type = 0;  // relation batches
  std::uint16_t dst_type = 0;
  std::uint32_t source = 0;
  std::uint32_t first_entity = 0;  // entities created by the batch: [first_entity, end_entity)
  std::uint32_t end_entity = 0;
  std::uint64_t first_relation = 0;
  std::uint64_t relations = 0;
  std::uint64_t rows = 0;
  std::int64_t min_time = INT64_MIN;
  std::int64_t max_time = INT64_MIN;
  std::int64_t created_ns = 0;
  std::int64_t committed_ns = 0;
};

using PropertyKinds = std::map<std::tuple<char, std::uint16_t, std::string>, ValueKind>;

struct Store::Impl {
  std::string path;
  bool read_only = false;
  std::string secondary_dir;  // read-only opens: RocksDB secondary instance's own folder
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> cf;
  mutable std::mutex mu;

  std::vector<std::string> entity_types, relation_types, sources;  // by id
  PropertyKinds property_kinds;                                    // committed
  EntityCatalog entities;
  std::uint32_t committed_entities = 0;
  std::uint64_t next_batch = 1;
  std::uint64_t next_relation = 0;  // committed
  std::map<std::uint64_t, BatchRecord> batches;  // committed only
  bool batch_open = false;

  ~Impl();
  void close();
  void check_open() const;
  void check_status(const rocksdb::Status& s, const std::string& what) const;
  void write(rocksdb::WriteBatch& wb, bool sync);

  std::uint16_t type_id(std::vector<std::string>& names, char tag, const std::string& name);
  std::uint32_t source_id(const std::string& name);
  static int find_name(const std::vector<std::string>& names, const std::string& name);

  void load();
  void recover();
  // Adds to `wb` the erasure of what an uncommitted batch wrote — its relation
  // blocks, its batch record, and every entity past the committed counter —
  // except its entity property records, which the caller finds.
  void erase_uncommitted(rocksdb::WriteBatch& wb, std::uint64_t batch) const;
  bool committed(std::uint64_t batch) const { return batches.count(batch) != 0; }

  // Reads every relation block of the given batches with up to `threads`
  // threads, calling fn(j, block) for each block of batches[j]; the block is
  // valid during the call. A batch's blocks are keyed (batch, 0), (batch, 1),
  // ... with no gap, so they are found by key, probing until the first
  // missing index, without a scan (a scan would read every block twice).
  // With one thread the calls come in batch order, then block order. Stops
  // at the first error (a RocksDB status, or an exception from fn) and
  // throws it.
  template <typename Fn>
  void read_blocks(const std::vector<std::uint64_t>& batches, int threads, Fn&& fn) const;

  // Calls fn(key, value) for each key in [lower, upper) of a column family,
  // read at `snapshot` (may be null).
  template <typename Fn>
  void scan(Cf family, const std::string& lower, const std::string& upper, Fn&& fn,
            const rocksdb::Snapshot* snapshot = nullptr) const;
};

template <typename Fn>
void Store::Impl::scan(Cf family, const std::string& lower, const std::string& upper, Fn&& fn,
                       const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions ro;
  rocksdb::Slice upper_slice(upper);  // the iterator borrows it: keep it alive until the scan ends
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(ro, cf[family]));
  for (lower.empty() ? it->SeekToFirst() : it->Seek(lower); it->Valid(); it->Next()) {
    fn(std::string_view(it->key().data(), it->key().size()),
       std::string_view(it->value().data(), it->value().size()));
  }
  check_status(it->status(), "scan");
}

template <typename Fn>
void Store::Impl::read_blocks(const std::vector<std::uint64_t>& batches, int threads, Fn&& fn) const {
  std::exception_ptr error;
  std::mutex mu;  // guards error and the cursor: the next (batch, block) to read
  std::size_t batch = 0;
  std::uint32_t block = 0;
  std::vector<std::uint32_t> end(batches.size(), UINT32_MAX);  // first missing block index, once known
#pragma omp parallel num_threads(threads)
  {
    rocksdb::PinnableSlice value;
    for (;;) {
      std::size_t j;
      std::uint32_t i;
      {
        std::lock_guard lock(mu);
        while (batch < batches.size() && block >= end[batch]) {
          ++batch;
          block = 0;
        }
        if (error || batch == batches.size()) break;
        j = batch;
        i = block++;
      }
      try {
        value.Reset();
        const auto s = db->Get(rocksdb::ReadOptions(), cf[kRelBlocks], codec::block_key(batches[j], i), &value);
        if (s.IsNotFound()) {
          std::lock_guard lock(mu);
          end[j] = std::min(end[j], i);
          continue;
        }
        check_status(s, "read");
        fn(j, std::string_view(value.data(), value.size()));
      } catch (...) {
        std::lock_guard lock(mu);
        if (!error) error = std::current_exception();
      }
    }
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace corridor::storage
