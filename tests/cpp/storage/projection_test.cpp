#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "storage/key_codec.hpp"
#include "test_util.hpp"

namespace corridor::storage {
namespace {

using testing::add_relations;
using testing::relations;
using testing::strings;
using testing::TempDir;

// ana --USES--> 555-1 --CALLED x2--> 555-2 <--USES-- ben
// ana --USES--> 555-9 (burner) <--USES-- cruz       (a shared phone)
// ben --LIVES_AT--> Calle 5                          (nobody else lives there)
struct Network {
  TempDir dir;
  std::unique_ptr<Store> store = Store::open(dir.str());
  Network() {
    add_relations(*store, "USES", "Person", "Phone", {"ana", "ben", "ana", "cruz"}, {"555-1", "555-2", "555-9", "555-9"});
    add_relations(*store, "CALLED", "Phone", "Phone", {"555-1", "555-2"}, {"555-2", "555-1"}, {100, 300}, {2, 5});
    add_relations(*store, "LIVES_AT", "Person", "Address", {"ben"}, {"Calle 5"});
  }
  std::string key(const Projection& p, VertexId v) const { return std::string(p.vertex_key.at(v)); }
};

TEST(Projection, CollapseThroughPhones) {
  Network net;
  ProjectionSpec spec;
  spec.relation_types = std::vector<std::string>{"USES", "CALLED"};
  spec.collapse = {"Phone"};
  spec.build.aggregate = Aggregate::kSum;
  const Projection p = net.store->project(spec);
  ASSERT_EQ(p.graph.num_vertices(), 3u);  // ana, ben, cruz; phones collapsed away
  EXPECT_EQ(net.key(p, 0), "ana");
  EXPECT_EQ(p.graph.num_edges(), 2u);     // ana-ben (calls), ana-cruz (shared burner)
  const auto ns = p.graph.out_neighbors(0);
  ASSERT_EQ(ns.size(), 2u);
  EXPECT_EQ(net.key(p, ns[0]), "ben");
  EXPECT_EQ(p.graph.out().weights[0], 7.0);   // the two calls, weights 2 + 5
  EXPECT_EQ(p.graph.out().first_time[0], 100);
  EXPECT_EQ(p.graph.out().last_time[0], 300);
  EXPECT_EQ(p.graph.out().weights[1], 2.0);   // ana's and cruz's USES of 555-9
}

TEST(Projection, DirectedCollapseKeepsCallDirection) {
  Network net;
  ProjectionSpec spec;
  spec.relation_types = std::vector<std::string>{"USES", "CALLED"};
  spec.collapse = {"Phone"};
  spec.build.directed = true;
  const Projection p = net.store->project(spec);
  EXPECT_EQ(p.graph.num_edges(), 4u);  // ana->ben, ben->ana, ana->cruz, cruz->ana
}

TEST(Projection, TimeWindowAndTypeFilters) {
  Network net;
  ProjectionSpec spec;
  spec.relation_types = std::vector<std::string>{"USES", "CALLED"};
  spec.collapse = {"Phone"};
  spec.since = 200;  // only the second call; USES records have no time and stay
  const Projection p = net.store->project(spec);
  EXPECT_EQ(p.graph.out().weights[0], 1.0);
  EXPECT_EQ(p.graph.out().first_time[0], 300);

  ProjectionSpec calls;
  calls.relation_types = std::vector<std::string>{"CALLED"};
  const Projection c = net.store->project(calls);
  EXPECT_EQ(c.graph.num_vertices(), 3u);  // the three phones; people are not endpoints of CALLED
  EXPECT_EQ(c.graph.num_edges(), 1u);

  ProjectionSpec all;  // everything: every entity a vertex, every relation an edge
  const Projection a = net.store->project(all);
  EXPECT_EQ(a.graph.num_vertices(), 7u);
  EXPECT_EQ(a.graph.num_edges(), 6u);

  ProjectionSpec typo;
  typo.relation_types = std::vector<std::string>{"CALLS"};
  EXPECT_THROW(net.store->project(typo), std::invalid_argument);
}

// One batch of calls a->b, b->c, c->a, a->c in four chunks (one block each),
// then one call c->b in a second batch.
void add_calls_in_blocks(Store& store) {
  auto batch = store.begin_relations(relations("CALLED", "Phone", "Phone"));
  const char* from[] = {"a", "b", "c", "a"};
  const char* to[] = {"b", "c", "a", "c"};
  for (int i = 0; i < 4; ++i) {
    RelationChunk c;
    c.first_row = static_cast<std::uint64_t>(i);
    c.src_keys = strings({from[i]});
    c.dst_keys = strings({to[i]});
    c.time = {Timestamp{100} * (i + 1)};
    batch->add(c);
  }
  batch->commit();
  add_relations(store, "CALLED", "Phone", "Phone", {"c"}, {"b"}, {500});
}

TEST(Projection, ReadsEveryBlockOfEveryBatchInOrder) {
  TempDir dir;
  auto store = Store::open(dir.str());
  add_calls_in_blocks(*store);
  for (int threads : {1, 2}) {
    ProjectionSpec spec;
    spec.build.directed = true;
    spec.since = 200;  // drops the first block's call: a gap the build closes
    RunContext ctx;
    ctx.threads = threads;
    const Projection p = store->project(spec, ctx);
    ASSERT_EQ(p.graph.num_vertices(), 3u) << threads;  // a, b, c
    EXPECT_EQ(p.records, 4u);
    EXPECT_EQ(p.graph.num_edges(), 4u);  // b->c, c->a, a->c, c->b
    const auto c_out = p.graph.out_neighbors(2);
    ASSERT_EQ(c_out.size(), 2u);
    EXPECT_EQ(c_out[0], 0u);
    EXPECT_EQ(p.graph.out().first_time[p.graph.out().offsets[2]], 300);
    EXPECT_EQ(c_out[1], 1u);
    EXPECT_EQ(p.graph.out().first_time[p.graph.out().offsets[2] + 1], 500);
  }
}

TEST(Projection, MissingBlockIsReportedNotSkipped) {
  TempDir dir;
  {
    auto store = Store::open(dir.str());
    add_calls_in_blocks(*store);
  }
  {  // damage the store behind corridor's back: drop the first batch's second block
    std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
    for (const char* name : {"default", "catalog", "batches", "entities", "entity_props", "rel_blocks", "rel_props"})
      cfs.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.str(), cfs, &handles, &db).ok());
    std::string block;
    const std::uint64_t first_batch = 1;
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), handles[5], codec::block_key(first_batch, 1), &block).ok());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), handles[5], codec::block_key(first_batch, 1)).ok());
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    delete db;
  }
  auto store = Store::open(dir.str());
  try {
    store->project(ProjectionSpec{});
    FAIL() << "a projection over a missing block must fail";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("relation blocks hold 1 of the 5 relations"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace corridor::storage
