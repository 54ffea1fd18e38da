// Packed relation blocks: one ingest chunk of one relation type, stored as
// one RocksDB value so that ingest writes and projection reads whole columns
// instead of one key per relation.
//
// rel_blocks value:  header | u32 src[n] | u32 dst[n] | i64 time[n]? | f64 weight[n]?
// rel_props value:   u16 columns, then per column: name, u8 kind, u8 present[n], values
// entity_props value: u64 row, u16 count, then per property: name, u8 kind, value
// Relation i of a block has id first_relation + i and source row first_row + i.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/graph/csr_graph.hpp"
#include "storage/columns.hpp"
#include "storage/store.hpp"

namespace corridor::storage::codec {

inline constexpr std::uint32_t kBlockMagic = 0x31425243;  // "CRB1"
inline constexpr std::uint8_t kHasTime = 1;
inline constexpr std::uint8_t kHasWeight = 2;

struct BlockHeader {
  std::uint32_t magic = kBlockMagic;
  std::uint16_t rel_type = 0;
  std::uint16_t src_type = 0;
  std::uint16_t dst_type = 0;
  std::uint8_t flags = 0;
  std::uint8_t reserved = 0;
  std::uint32_t n = 0;
  std::uint32_t reserved2 = 0;
  std::uint64_t first_relation = 0;
  std::uint64_t first_row = 0;
};
static_assert(sizeof(BlockHeader) == 40);

std::string encode_block(const BlockHeader& h, const std::vector<std::uint32_t>& src,
                         const std::vector<std::uint32_t>& dst, const std::vector<Timestamp>& time,
                         const std::vector<double>& weight);
BlockHeader decode_header(std::string_view block);

// Column views into an encoded block; copy out with the helpers below.
struct BlockColumns {
  BlockHeader header;
  const char* src = nullptr;
  const char* dst = nullptr;
  const char* time = nullptr;    // null when the block has no time column
  const char* weight = nullptr;  // null when every weight is 1
  std::uint32_t src_at(std::size_t i) const { return load<std::uint32_t>(src, i); }
  std::uint32_t dst_at(std::size_t i) const { return load<std::uint32_t>(dst, i); }
  Timestamp time_at(std::size_t i) const { return time ? load<Timestamp>(time, i) : kNoTime; }
  double weight_at(std::size_t i) const { return weight ? load<double>(weight, i) : 1.0; }

 private:
  template <typename T>
  static T load(const char* base, std::size_t i) {  // the columns are not aligned
    T v;
    std::memcpy(&v, base + i * sizeof(T), sizeof(T));
    return v;
  }
};
BlockColumns decode_block(std::string_view block);

std::string encode_property_columns(const std::vector<PropertyColumn>& columns,
                                    std::size_t begin, std::size_t end);
// The properties of row `i` of a rel_props value (missing values left out).
Properties decode_property_row(std::string_view value, std::size_t i);

// Properties of row i of the chunk's columns, as one entity_props value.
std::string encode_entity_row(std::uint64_t row, const std::vector<PropertyColumn>& columns, std::size_t i);
std::pair<std::uint64_t, Properties> decode_entity_row(std::string_view value);

}  // namespace corridor::storage::codec
