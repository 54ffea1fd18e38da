// Columnar record chunks: how ingest hands records to the store. One chunk is
// a slice of one source (a DataFrame, a CSV file), rows numbered from
// first_row (0-based position of the record in its source).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corridor::storage {

// Strings packed in one buffer: value i is bytes[offsets[i], offsets[i+1]).
struct StringColumn {
  std::vector<std::uint64_t> offsets{0};
  std::string bytes;

  std::size_t size() const { return offsets.size() - 1; }
  std::string_view at(std::size_t i) const {
    return {bytes.data() + offsets[i], static_cast<std::size_t>(offsets[i + 1] - offsets[i])};
  }
  void push_back(std::string_view s) {
    bytes.append(s);
    offsets.push_back(bytes.size());
  }
};

// Keys of a chunk, dictionary-encoded: row i names uniques[codes[i]].
// Ingest resolves each distinct key once, however many rows repeat it.
struct KeyColumn {
  StringColumn uniques;
  std::vector<std::uint32_t> codes;

  KeyColumn() = default;
  // Every row its own key (codes 0..n-1).
  KeyColumn(StringColumn keys) : uniques(std::move(keys)), codes(uniques.size()) {  // NOLINT: implicit on purpose
    for (std::uint32_t i = 0; i < codes.size(); ++i) codes[i] = i;
  }
  std::size_t size() const { return codes.size(); }
  std::string_view at(std::size_t i) const { return uniques.at(codes[i]); }
};

enum class ValueKind : std::uint8_t { kString = 1, kInt = 2, kFloat = 3, kBool = 4, kTimestamp = 5 };

const char* kind_name(ValueKind k);

// One property column. `present[i] == 0` marks a missing value (NaN, None,
// NaT in the source). Int, Bool and Timestamp values live in `ints`
// (timestamps as ns since the epoch, UTC), Float in `floats`, String in
// `strings`; the other vectors stay empty.
struct PropertyColumn {
  std::string name;
  ValueKind kind = ValueKind::kString;
  std::vector<std::uint8_t> present;
  std::vector<std::int64_t> ints;
  std::vector<double> floats;
  StringColumn strings;

  std::size_t size() const { return present.size(); }
};

struct EntityChunk {
  std::uint64_t first_row = 0;
  KeyColumn keys;
  std::vector<PropertyColumn> properties;
};

struct RelationChunk {
  std::uint64_t first_row = 0;
  KeyColumn src_keys;
  KeyColumn dst_keys;
  std::vector<std::int64_t> time;  // empty: no time column; INT64_MIN: missing in that row
  std::vector<double> weight;      // empty: every relation weighs 1
  std::vector<PropertyColumn> properties;

  std::size_t size() const { return src_keys.size(); }
};

}  // namespace corridor::storage
