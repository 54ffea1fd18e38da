#include <gtest/gtest.h>

#include <fstream>

#include "test_util.hpp"

namespace corridor::storage {
namespace {

using testing::add_relations;
using testing::strings;
using testing::TempDir;

EntityChunk people(std::initializer_list<const char*> keys, std::vector<std::int64_t> ages) {
  EntityChunk c;
  c.keys = strings(keys);  // one row per key
  PropertyColumn age{.name = "age", .kind = ValueKind::kInt};
  age.present.assign(ages.size(), 1);
  age.ints = std::move(ages);
  c.properties.push_back(std::move(age));
  return c;
}

TEST(Store, CreatesIngestsAndReopens) {
  TempDir dir;
  {
    auto store = Store::open(dir.str());
    auto batch = store->begin_entities({"Person", "intake", "people.csv", "id"});
    batch->add(people({"p1", "p2"}, {30, 41}));
    const BatchSummary s = batch->commit();
    EXPECT_EQ(s.rows, 2u);
    EXPECT_EQ(s.entities_created, 2u);
    add_relations(*store, "CALLED", "Phone", "Phone", {"555-1", "555-1"}, {"555-2", "555-3"}, {100, 200});
  }
  auto store = Store::open(dir.str());
  const StoreStats st = store->stats();
  EXPECT_EQ(st.num_entities, 5u);
  EXPECT_EQ(st.num_relations, 2u);
  ASSERT_EQ(st.entities.size(), 2u);
  EXPECT_EQ(st.entities[0].type, "Person");
  EXPECT_EQ(st.entities[1].count, 3u);
  EXPECT_EQ(st.first_time, 100);
  EXPECT_EQ(st.last_time, 200);
  auto p = store->entity("Person", "p2");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->properties.size(), 1u);
  EXPECT_EQ(p->properties[0].second.i, 41);
  EXPECT_EQ(p->sources[0].source, "intake");
  EXPECT_EQ(p->sources[0].row, 1u);
  EXPECT_FALSE(store->entity("Person", "p9"));
}

TEST(Store, ReingestUpdatesWithoutDuplicating) {
  TempDir dir;
  auto store = Store::open(dir.str());
  for (std::int64_t age : {30, 31}) {
    auto batch = store->begin_entities({"Person", "intake", "df", "id"});
    batch->add(people({"p1"}, {age}));
    batch->commit();
  }
  EXPECT_EQ(store->stats().num_entities, 1u);
  auto p = store->entity("Person", "p1");
  EXPECT_EQ(p->properties[0].second.i, 31);
  EXPECT_EQ(p->sources.size(), 2u);
}

TEST(Store, BadChunkRollsBackTheWholeBatch) {
  TempDir dir;
  auto store = Store::open(dir.str());
  add_relations(*store, "CALLED", "Phone", "Phone", {"a"}, {"b"});
  const StoreStats before = store->stats();
  {
    auto batch = store->begin_relations(testing::relations("CALLED", "Phone", "Phone"));
    RelationChunk good;
    good.src_keys = strings({"x", "y"});
    good.dst_keys = strings({"z", "a"});
    batch->add(good);
    RelationChunk bad;
    bad.first_row = 2;
    bad.src_keys = strings({"q", ""});
    bad.dst_keys = strings({"r", "s"});
    try {
      batch->add(bad);
      FAIL() << "an empty key must be rejected";
    } catch (const IngestError& e) {
      EXPECT_STREQ(e.what(), "test input, row 3, column 'a': empty key");
    }
  }  // the batch is destroyed uncommitted: rolled back
  const StoreStats after = store->stats();
  EXPECT_EQ(after.num_entities, before.num_entities);
  EXPECT_EQ(after.num_relations, before.num_relations);
  EXPECT_FALSE(store->entity("Phone", "x"));
  EXPECT_EQ(store->provenance("Phone", "a", "Phone", "b").size(), 1u);
  // and the ids given out by the rolled-back batch are handed out again
  add_relations(*store, "CALLED", "Phone", "Phone", {"x"}, {"y"});
  EXPECT_EQ(store->entity("Phone", "x")->id, 2u);
}

TEST(Store, RejectsBadWeightsNamingRowAndColumn) {
  TempDir dir;
  auto store = Store::open(dir.str());
  auto batch = store->begin_relations(testing::relations("PAID", "Account", "Account"));
  RelationChunk c;
  c.first_row = 10;
  c.src_keys = strings({"a", "b"});
  c.dst_keys = strings({"b", "c"});
  c.weight = {5, -1};
  EXPECT_THROW(
      {
        try {
          batch->add(c);
        } catch (const IngestError& e) {
          EXPECT_NE(std::string(e.what()).find("row 11, column 'w'"), std::string::npos) << e.what();
          throw;
        }
      },
      IngestError);
}

TEST(Store, PropertyKindsAreChecked) {
  TempDir dir;
  auto store = Store::open(dir.str());
  auto b1 = store->begin_entities({"Person", "s", "df", "id"});
  b1->add(people({"p1"}, {30}));
  b1->commit();
  auto b2 = store->begin_entities({"Person", "s", "df2", "id"});
  EntityChunk c;
  c.keys = strings({"p2"});
  PropertyColumn age{.name = "age", .kind = ValueKind::kString, .present = {1}};
  age.strings.push_back("thirty");
  c.properties.push_back(age);
  EXPECT_THROW(b2->add(c), IngestError);
}

TEST(Store, ProvenanceListsEveryRecordBothWays) {
  TempDir dir;
  auto store = Store::open(dir.str());
  add_relations(*store, "CALLED", "Phone", "Phone", {"a", "b", "a", "c"}, {"b", "a", "c", "a"}, {1, 2, 3, 4});
  const auto recs = store->provenance("Phone", "a", "Phone", "b");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].src_key, "a");
  EXPECT_EQ(recs[1].src_key, "b");
  EXPECT_EQ(recs[1].time, 2);
  EXPECT_EQ(recs[1].source.row, 1u);
  EXPECT_THROW(store->provenance("Phone", "a", "Phone", "nope"), std::out_of_range);
}

TEST(Store, RefusesWhatIsNotAStore) {
  TempDir dir;
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.path() / "notes.txt") << "case notes";
  try {
    Store::open(dir.str());
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreError::Code::kNotAStore);
  }
  EXPECT_THROW(Store::open((dir.path() / "notes.txt").string()), StoreError);
  EXPECT_THROW(Store::open((dir.path() / "absent").string(), {.read_only = true}), StoreError);
}

TEST(Store, SecondWriterIsRefusedReaderIsServed) {
  TempDir dir;
  auto writer = Store::open(dir.str());
  add_relations(*writer, "CALLED", "Phone", "Phone", {"a"}, {"b"});
  try {
    Store::open(dir.str());
    FAIL() << "a second writer must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.code(), StoreError::Code::kLocked) << e.what();
  }
  auto reader = Store::open(dir.str(), {.read_only = true});
  EXPECT_EQ(reader->stats().num_relations, 1u);
  EXPECT_THROW(reader->begin_entities({"Person", "s", "df", "id"}), StoreError);
}

}  // namespace
}  // namespace corridor::storage
