// katz_links: walk counts by hand on a path, truncated and exact against the
// dense verifier on random graphs (self-loops included), validation.
#include "engine/linkpred/katz_links.hpp"

#include <gtest/gtest.h>

#include "../test_checks.hpp"
#include "../test_graphs.hpp"

namespace corridor {
namespace {

using testing::expect_close;
using testing::expect_invalid;
using testing::make;

// 0 - 1 - 2 - 3. From 0: walks of length 1: to 1; 2: to 0, 2; 3: to 1 (x2), 3.
TEST(KatzLinks, HandCheckedPath) {
  const CsrGraph g = make(4, {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}}, false);
  const double b = 0.5;
  expect_close(katz_links(g, 0, {.beta = b, .max_length = 3}),
               {b * b, b + 2 * b * b * b, b * b, b * b * b});
  expect_close(katz_links(g, 0, {.beta = b, .max_length = 1}), {0, b, 0, 0});
}

TEST(KatzLinks, MatchesVerifier) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    const CsrGraph g = testing::two_component_graph(seed, false, 40, 90);
    for (VertexId s : {0u, 7u, 25u, 39u}) {
      for (int len : {1, 2, 4}) {
        const KatzLinksParams p{.beta = 0.07, .max_length = len};
        expect_close(katz_links(g, s, p), katz_links_reference(g, s, p), 1e-12, 1e-15);
      }
      const KatzLinksParams exact{.beta = 0.05, .exact = true};
      expect_close(katz_links(g, s, exact), katz_links_reference(g, s, exact), 1e-9, 1e-15);
      // The truncated sum approaches the exact one as L grows (beta well inside the radius).
      expect_close(katz_links(g, s, {.beta = 0.05, .max_length = 60}), katz_links_reference(g, s, exact), 1e-9,
                   1e-15);
    }
  }
}

TEST(KatzLinks, Validation) {
  const CsrGraph g = make(3, {{0, 1, 1}}, false);
  expect_invalid([&] { katz_links(g, 0, {.beta = 0}); }, "beta");
  expect_invalid([&] { katz_links(g, 0, {.max_length = 0}); }, "max_length");
  expect_invalid([&] { katz_links(g, 3); }, "source");
  expect_invalid([&] { katz_links(make(3, {{0, 1, 1}}, true), 0); }, "undirected");
  // A triangle has lambda_max 2: beta = 0.6 lies beyond 1 / 2 (the series diverges).
  const CsrGraph tri = make(3, {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}}, false);
  expect_invalid([&] { katz_links(tri, 0, {.beta = 0.6, .exact = true}); }, "beta");
}

}  // namespace
}  // namespace corridor
