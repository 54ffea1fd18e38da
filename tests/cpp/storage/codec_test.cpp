#include <gtest/gtest.h>

#include "storage/block_codec.hpp"
#include "storage/entity_catalog.hpp"
#include "storage/key_codec.hpp"

namespace corridor::storage {
namespace {

using namespace codec;

TEST(KeyCodec, BigEndianKeysSortNumerically) {
  EXPECT_LT(u64_key(1), u64_key(256));
  EXPECT_LT(u32_key(255), u32_key(256));
  EXPECT_LT(block_key(1, 70000), block_key(2, 0));
  EXPECT_EQ(get_be<std::uint64_t>(u64_key(0x0102030405060708ULL)), 0x0102030405060708ULL);
}

TEST(BlockCodec, RoundTrip) {
  BlockHeader h;
  h.rel_type = 3;
  h.src_type = 1;
  h.dst_type = 2;
  h.n = 3;
  h.flags = kHasTime | kHasWeight;
  h.first_relation = 100;
  h.first_row = 7;
  const std::string block = encode_block(h, {1, 2, 3}, {4, 5, 6}, {10, kNoTime, 30}, {1.5, 2, 0});
  const BlockColumns c = decode_block(block);
  EXPECT_EQ(c.header.rel_type, 3);
  EXPECT_EQ(c.header.first_relation, 100u);
  EXPECT_EQ(c.src_at(2), 3u);
  EXPECT_EQ(c.dst_at(0), 4u);
  EXPECT_EQ(c.time_at(1), kNoTime);
  EXPECT_EQ(c.weight_at(0), 1.5);
  EXPECT_THROW(decode_block(block.substr(0, block.size() - 1)), std::runtime_error);
}

TEST(BlockCodec, PropertyColumnsSkipMissingValues) {
  PropertyColumn name{.name = "name", .kind = ValueKind::kString, .present = {1, 0, 1}};
  name.strings.push_back("ana");
  name.strings.push_back("");
  name.strings.push_back("luis");
  PropertyColumn amount{.name = "amount", .kind = ValueKind::kFloat, .present = {0, 1, 1}, .floats = {0, 2.5, 7}};
  const std::string v = encode_property_columns({name, amount}, 0, 3);
  const Properties row0 = decode_property_row(v, 0);
  ASSERT_EQ(row0.size(), 1u);
  EXPECT_EQ(row0[0].first, "name");
  EXPECT_EQ(row0[0].second.s, "ana");
  const Properties row2 = decode_property_row(v, 2);
  ASSERT_EQ(row2.size(), 2u);
  EXPECT_EQ(row2[0].second.s, "luis");
  EXPECT_EQ(row2[1].second.f, 7);
  const auto [row, props] = decode_entity_row(encode_entity_row(42, {name, amount}, 1));
  EXPECT_EQ(row, 42u);
  ASSERT_EQ(props.size(), 1u);
  EXPECT_EQ(props[0].second.f, 2.5);
}

TEST(EntityCatalog, FindAppendTruncate) {
  EntityCatalog c;
  for (int i = 0; i < 5000; ++i) EXPECT_EQ(c.append(i % 3, "k" + std::to_string(i)), static_cast<std::uint32_t>(i));
  EXPECT_EQ(c.find(1, "k4"), 4u);
  EXPECT_EQ(c.find(0, "k4"), EntityCatalog::kMissing);  // same key, other type
  EXPECT_EQ(c.find(2, "k4999"), EntityCatalog::kMissing);
  EXPECT_EQ(c.find(0, "k4998"), 4998u);
  c.truncate(100);
  EXPECT_EQ(c.size(), 100u);
  EXPECT_EQ(c.find(0, "k4998"), EntityCatalog::kMissing);
  EXPECT_EQ(c.find(0, "k99"), 99u);
  EXPECT_EQ(c.append(0, "k4998"), 100u);
}

TEST(EntityCatalog, FindManyAgreesWithFind) {
  EntityCatalog c;
  for (int i = 0; i < 20000; ++i) c.append(i % 2, "+52 " + std::to_string(i));
  StringColumn q;
  for (int i = 0; i < 25000; i += 3) q.push_back("+52 " + std::to_string(i));  // some absent
  for (std::uint16_t type : {0, 1}) {
    std::vector<std::uint32_t> many(q.size());
    c.find_many(type, q, many.data());
    for (std::size_t i = 0; i < q.size(); ++i) EXPECT_EQ(many[i], c.find(type, q.at(i))) << q.at(i);
  }
  EntityCatalog empty;
  std::vector<std::uint32_t> none(q.size());
  empty.find_many(0, q, none.data());
  EXPECT_EQ(none[0], EntityCatalog::kMissing);
}

}  // namespace
}  // namespace corridor::storage
