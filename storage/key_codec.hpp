// Key layout of the corridor store. Integers in keys are fixed-width
// big-endian, so RocksDB's byte order is numeric order and prefix scans come
// back sorted. Values use host (little-endian) fixed-width encodings.
//
// column family  key                               value
// -------------  --------------------------------  -------------------------------------------
// default        ASCII name ("corridor.format",    format marker, schema version (u32), the
//                "corridor.schema", "next.entity", committed id counters
//                "next.batch", "next.relation")
// catalog        'E' u16 id | 'R' u16 id            entity / relation type name
//                'S' u32 id                         source name
//                'P' 'E'|'R' u16 type, name         property value kind (u8), per type
// batches        u64 batch                          BatchRecord (open or committed)
// entities       u32 id                             u16 type, u64 created batch, u64 created row, key
// entity_props   u32 id, u64 batch                  u64 row, encoded properties
// rel_blocks     u64 batch, u32 block               packed relation block (see block_codec.hpp)
// rel_props      u64 batch, u32 block               packed property columns of that block
//
// There is no (type, key) -> id column family: entity ids are dense, so a
// store keeps that index in memory (EntityCatalog), rebuilt at open by one
// ordered scan of `entities`. Ingest then writes entities in id order only.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace corridor::storage::codec {

inline constexpr const char* kFormatKey = "corridor.format";
inline constexpr const char* kFormatValue = "corridor-store";
inline constexpr const char* kSchemaKey = "corridor.schema";
inline constexpr const char* kNextEntityKey = "next.entity";
inline constexpr const char* kNextBatchKey = "next.batch";
inline constexpr const char* kNextRelationKey = "next.relation";

template <typename T>
void put_be(std::string& out, T v) {
  static_assert(std::is_unsigned_v<T>);
  for (int s = static_cast<int>(sizeof(T)) - 1; s >= 0; --s) out.push_back(static_cast<char>((v >> (8 * s)) & 0xFF));
}

template <typename T>
T get_be(std::string_view in, std::size_t pos = 0) {
  T v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>((v << 8) | static_cast<unsigned char>(in[pos + i]));
  return v;
}

template <typename T>
void put_raw(std::string& out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

// Reads fixed-width values from a byte string; throws on truncation.
class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  template <typename T>
  T raw() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, s_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view bytes(std::size_t n) {
    need(n);
    auto v = s_.substr(pos_, n);
    pos_ += n;
    return v;
  }
  std::string_view rest() { return bytes(s_.size() - pos_); }
  bool done() const { return pos_ == s_.size(); }

 private:
  void need(std::size_t n) const;
  std::string_view s_;
  std::size_t pos_ = 0;
};

inline std::string u64_key(std::uint64_t v) { std::string k; put_be(k, v); return k; }
inline std::string u32_key(std::uint32_t v) { std::string k; put_be(k, v); return k; }

inline std::string block_key(std::uint64_t batch, std::uint32_t block) {
  std::string k;
  put_be(k, batch);
  put_be(k, block);
  return k;
}

inline std::string entity_props_key(std::uint32_t id, std::uint64_t batch) {
  std::string k;
  put_be(k, id);
  put_be(k, batch);
  return k;
}

}  // namespace corridor::storage::codec
