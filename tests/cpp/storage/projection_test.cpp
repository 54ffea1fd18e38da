#include <gtest/gtest.h>

#include "test_util.hpp"

namespace corridor::storage {
namespace {

using testing::add_relations;
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

}  // namespace
}  // namespace corridor::storage
