#include "storage/block_codec.hpp"

#include <cstring>
#include <stdexcept>

#include "storage/key_codec.hpp"

namespace corridor::storage {

const char* kind_name(ValueKind k) {
  switch (k) {
    case ValueKind::kString: return "string";
    case ValueKind::kInt: return "integer";
    case ValueKind::kFloat: return "float";
    case ValueKind::kBool: return "boolean";
    case ValueKind::kTimestamp: return "timestamp";
  }
  return "unknown";
}

namespace codec {

void Reader::need(std::size_t n) const {
  if (pos_ + n > s_.size()) throw std::runtime_error("corrupt record in corridor store: value truncated");
}

namespace {

template <typename T>
void append_array(std::string& out, const std::vector<T>& v) {
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

void put_name(std::string& out, std::string_view name) {
  put_raw<std::uint16_t>(out, static_cast<std::uint16_t>(name.size()));
  out.append(name);
}

std::string get_name(Reader& r) { return std::string(r.bytes(r.raw<std::uint16_t>())); }

void put_value(std::string& out, const PropertyColumn& c, std::size_t i) {
  switch (c.kind) {
    case ValueKind::kString: {
      auto s = c.strings.at(i);
      put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(s.size()));
      out.append(s);
      break;
    }
    case ValueKind::kFloat: put_raw<double>(out, c.floats[i]); break;
    default: put_raw<std::int64_t>(out, c.ints[i]); break;
  }
}

Value get_value(Reader& r, ValueKind kind) {
  Value v;
  v.kind = kind;
  switch (kind) {
    case ValueKind::kString: v.s = std::string(r.bytes(r.raw<std::uint32_t>())); break;
    case ValueKind::kFloat: v.f = r.raw<double>(); break;
    case ValueKind::kInt:
    case ValueKind::kBool:
    case ValueKind::kTimestamp: v.i = r.raw<std::int64_t>(); break;
    default: throw std::runtime_error("corrupt record in corridor store: unknown value kind");
  }
  return v;
}

}  // namespace

std::string encode_block(const BlockHeader& h, const std::vector<std::uint32_t>& src,
                         const std::vector<std::uint32_t>& dst, const std::vector<Timestamp>& time,
                         const std::vector<double>& weight) {
  std::string out;
  out.reserve(sizeof(BlockHeader) + h.n * (8 + ((h.flags & kHasTime) ? 8 : 0) + ((h.flags & kHasWeight) ? 8 : 0)));
  put_raw(out, h);
  append_array(out, src);
  append_array(out, dst);
  if (h.flags & kHasTime) append_array(out, time);
  if (h.flags & kHasWeight) append_array(out, weight);
  return out;
}

BlockHeader decode_header(std::string_view block) {
  Reader r(block);
  auto h = r.raw<BlockHeader>();
  if (h.magic != kBlockMagic) throw std::runtime_error("corrupt relation block in corridor store: bad magic");
  return h;
}

BlockColumns decode_block(std::string_view block) {
  BlockColumns c;
  c.header = decode_header(block);
  const std::size_t n = c.header.n;
  std::size_t need = sizeof(BlockHeader) + 8 * n;
  if (c.header.flags & kHasTime) need += 8 * n;
  if (c.header.flags & kHasWeight) need += 8 * n;
  if (block.size() != need) throw std::runtime_error("corrupt relation block in corridor store: wrong size");
  const char* p = block.data() + sizeof(BlockHeader);
  c.src = p;
  p += 4 * n;
  c.dst = p;
  p += 4 * n;
  if (c.header.flags & kHasTime) {
    c.time = p;
    p += 8 * n;
  }
  if (c.header.flags & kHasWeight) c.weight = p;
  return c;
}

std::string encode_property_columns(const std::vector<PropertyColumn>& columns, std::size_t begin,
                                    std::size_t end) {
  std::string out;
  put_raw<std::uint16_t>(out, static_cast<std::uint16_t>(columns.size()));
  put_raw<std::uint32_t>(out, static_cast<std::uint32_t>(end - begin));
  for (const auto& c : columns) {
    put_name(out, c.name);
    put_raw<std::uint8_t>(out, static_cast<std::uint8_t>(c.kind));
    out.append(reinterpret_cast<const char*>(c.present.data() + begin), end - begin);
    for (std::size_t i = begin; i < end; ++i)
      if (c.present[i]) put_value(out, c, i);
  }
  return out;
}

Properties decode_property_row(std::string_view value, std::size_t row) {
  Reader r(value);
  const auto columns = r.raw<std::uint16_t>();
  const auto n = r.raw<std::uint32_t>();
  if (row >= n) throw std::runtime_error("corrupt property block in corridor store: row out of range");
  Properties props;
  for (std::uint16_t c = 0; c < columns; ++c) {
    std::string name = get_name(r);
    const auto kind = static_cast<ValueKind>(r.raw<std::uint8_t>());
    std::string_view present = r.bytes(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (!present[i]) continue;
      Value v = get_value(r, kind);
      if (i == row) props.emplace_back(name, std::move(v));
    }
  }
  return props;
}

std::string encode_entity_row(std::uint64_t row, const std::vector<PropertyColumn>& columns, std::size_t i) {
  std::string out;
  put_raw<std::uint64_t>(out, row);
  std::uint16_t count = 0;
  for (const auto& c : columns) count += c.present[i] ? 1 : 0;
  put_raw<std::uint16_t>(out, count);
  for (const auto& c : columns) {
    if (!c.present[i]) continue;
    put_name(out, c.name);
    put_raw<std::uint8_t>(out, static_cast<std::uint8_t>(c.kind));
    put_value(out, c, i);
  }
  return out;
}

std::pair<std::uint64_t, Properties> decode_entity_row(std::string_view value) {
  Reader r(value);
  const auto row = r.raw<std::uint64_t>();
  const auto count = r.raw<std::uint16_t>();
  Properties props;
  for (std::uint16_t k = 0; k < count; ++k) {
    std::string name = get_name(r);
    const auto kind = static_cast<ValueKind>(r.raw<std::uint8_t>());
    props.emplace_back(std::move(name), get_value(r, kind));
  }
  return {row, std::move(props)};
}

}  // namespace codec
}  // namespace corridor::storage
