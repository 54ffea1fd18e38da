// brokerage: Gould and Fernandez's brokerage roles [1] with the expected
// values and z-scores of R's sna::brokerage [2] (the formulas are in
// brokerage.hpp).
//
// Counting (sna's brokerage_R in src/gli.c): every arc a -> b with a != b,
// every arc b -> c with c != a, b, and no arc a -> c, credits b with one role
// from the groups of a, b, c. Every stored arc counts, whatever its weight.
//
// Approach: for broker b, tally its out-neighbours c != b by group; then for
// each in-neighbour a != b the open two-paths a -> b -> c are the tallies
// minus c = a and minus the closed ones (c in out(a) and out(b)), found by
// walking the shorter of the two lists and probing the other (a mark array
// for out(b), binary search in out(a)). Only three tallies matter per a: all
// c, c in b's group, c in a's group. Time O(sum over b of [out(b) + sum over
// a in in(b) of min(out(a), out(b) log out(a))]) <= O(sum over b of in(b)
// out(b) log), memory O(n + groups) per thread. schedule(dynamic, 64): the
// work per broker is skewed by degree. Each broker's counts are made by one
// thread: identical at every thread count.
//
// Moments: sna's per-group sums are polynomials in the group sizes; here
// they are evaluated exactly in 128-bit integers from the power sums of the
// sizes (O(groups) in all, where sna loops over groups per group), then
// multiplied by the density factors in double.
//
// Interrupts: OpenMP thread 0 polls RunContext::interrupted every kPollWork
// arcs scanned; an atomic flag stops the other threads; Interrupted is thrown
// after the parallel region.
//
// References
// [1] R. V. Gould, R. M. Fernandez, "Structures of Mediation: A Formal
//     Approach to Brokerage in Transaction Networks", Sociological
//     Methodology 19:89-126, 1989.
// [2] C. T. Butts, sna: Tools for Social Network Analysis, R/models.R
//     (brokerage) and src/gli.c (brokerage_R), CRAN.
#include "engine/centrality/brokerage.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/graph/parallel.hpp"

namespace corridor {
namespace {

__extension__ using Int128 = __int128;

constexpr std::uint64_t kPollWork = 1u << 20;

void validate(const CsrGraph& g, const std::vector<std::uint32_t>& group) {
  if (group.size() != g.num_vertices()) {
    throw std::invalid_argument("brokerage: group has " + std::to_string(group.size()) +
                                " entries; the graph has " + std::to_string(g.num_vertices()) + " vertices");
  }
}

bool has_arc(const CsrGraph& g, VertexId a, VertexId c) {
  const auto ns = g.out_neighbors(a);
  return std::binary_search(ns.begin(), ns.end(), c);
}

// Per-role counts of one broker, indexed by BrokerageRole.
using Counts = std::array<std::int64_t, kNumRoles>;

struct Scratch {
  std::vector<std::uint8_t> in_out_b;  // per vertex: 1 when in out(b) \ {b}
  std::vector<std::int64_t> by_group;  // out(b) \ {b} tallied by group
};

// One broker's counts; returns the number of arcs scanned.
std::uint64_t one_broker(const CsrGraph& g, const std::vector<std::uint32_t>& gid, VertexId b, Scratch& s,
                         Counts& count) {
  count.fill(0);
  const auto out_b = g.out_neighbors(b);
  std::int64_t all_b = 0;
  for (VertexId c : out_b) {
    if (c == b) continue;
    s.in_out_b[c] = 1;
    ++s.by_group[gid[c]];
    ++all_b;
  }
  const std::uint32_t gb = gid[b];
  std::uint64_t work = out_b.size();
  for (VertexId a : g.in_neighbors(b)) {
    if (a == b) continue;
    const std::uint32_t ga = gid[a];
    // Closed targets c (a -> c exists), c != a, b, tallied like the open ones.
    std::int64_t closed = 0, closed_gb = 0, closed_ga = 0;
    auto close = [&](VertexId c) {
      ++closed;
      closed_gb += gid[c] == gb;
      closed_ga += gid[c] == ga;
    };
    const auto out_a = g.out_neighbors(a);
    if (out_a.size() <= out_b.size()) {
      work += out_a.size();
      for (VertexId c : out_a) {
        if (c != a && s.in_out_b[c]) close(c);
      }
    } else {
      work += out_b.size();
      for (VertexId c : out_b) {
        if (c != a && c != b && std::binary_search(out_a.begin(), out_a.end(), c)) close(c);
      }
    }
    const std::int64_t self = s.in_out_b[a];  // c = a is no two-path
    const std::int64_t open = all_b - self - closed;
    const std::int64_t open_gb = s.by_group[gb] - (ga == gb ? self : 0) - closed_gb;
    if (ga == gb) {
      count[kCoordinator] += open_gb;
      count[kRepresentative] += open - open_gb;
    } else {
      const std::int64_t open_ga = s.by_group[ga] - self - closed_ga;
      count[kGatekeeper] += open_gb;
      count[kItinerant] += open_ga;
      count[kLiaison] += open - open_gb - open_ga;
    }
  }
  for (VertexId c : out_b) {
    if (c == b) continue;
    s.in_out_b[c] = 0;
    s.by_group[gid[c]] = 0;
  }
  return work;
}

// sna's expected value and variance of every role and the total for a
// broker whose group has s members, in a graph of N vertices and density d
// whose group sizes have power sums s1 = N, s2, s3.
struct Moments {
  std::array<double, kNumRoles + 1> mean, var;
};

Moments moments(Int128 s, Int128 N, Int128 s2, Int128 s3, double d) {
  const Int128 M = N - s;              // vertices outside the broker's group
  const Int128 p2 = s2 - s * s;        // sum over the other groups of n_j^2
  const Int128 p3 = s3 - s * s * s;    // ... of n_j^3
  // Pair counts (the expectation's factor) and the variance's extra term
  // before d^3 (1-d)^3, per role as sna writes them.
  std::array<Int128, kNumRoles + 1> pairs, extra;
  pairs[kCoordinator] = (s - 1) * (s - 2);
  extra[kCoordinator] = 2 * (s - 1) * (s - 2) * (s - 3);
  pairs[kItinerant] = p2 - M;                           // sum n_j (n_j - 1)
  extra[kItinerant] = 2 * (p3 - 3 * p2 + 2 * M);        // 2 sum n_j (n_j - 1)(n_j - 2)
  pairs[kRepresentative] = M * (s - 1);
  extra[kRepresentative] = (s - 1) * M * (M - 1) + M * (s - 1) * (s - 2);  // 2 [(s-1) C(M,2) + M C(s-1,2)]
  pairs[kGatekeeper] = pairs[kRepresentative];
  extra[kGatekeeper] = extra[kRepresentative];
  pairs[kLiaison] = M * M - p2;                         // sum_{j != k} n_j n_k
  extra[kLiaison] = 2 * (M * M * M - 2 * M * p2 + p3 - M * M + p2);  // 4 sum n_j C(M - n_j, 2)
  pairs[kNumRoles] = (N - 1) * (N - 2);
  extra[kNumRoles] = 2 * (N - 1) * (N - 2) * (N - 3);
  const double a = d * d * (1 - d);
  const double c3 = d * d * d * (1 - d) * (1 - d) * (1 - d);
  Moments m;
  for (int r = 0; r <= kNumRoles; ++r) {
    m.mean[r] = a * static_cast<double>(pairs[r]);
    m.var[r] = m.mean[r] * (1 - a) + static_cast<double>(extra[r]) * c3;
  }
  return m;
}

}  // namespace

BrokerageResult brokerage(const CsrGraph& g, const std::vector<std::uint32_t>& group, const RunContext& ctx) {
  validate(g, group);
  const VertexId n = g.num_vertices();
  BrokerageResult r;
  for (int k = 0; k < kNumRoles; ++k) {
    r.count[k].assign(n, 0.0);
    r.expected[k].assign(n, 0.0);
    r.z[k].assign(n, 0.0);
  }
  r.total.assign(n, 0.0);
  r.total_z.assign(n, 0.0);
  if (n == 0) return r;

  // Dense group ids 0..G-1 and the group sizes.
  std::vector<std::uint32_t> ids(group);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<std::uint32_t> gid(n);
  std::vector<std::int64_t> size(ids.size(), 0);
  for (VertexId v = 0; v < n; ++v) {
    gid[v] = static_cast<std::uint32_t>(std::lower_bound(ids.begin(), ids.end(), group[v]) - ids.begin());
    ++size[gid[v]];
  }

  const int threads = ctx.thread_count();
  std::vector<Scratch> scratch(threads);
  for (Scratch& s : scratch) {
    s.in_out_b.assign(n, 0);
    s.by_group.assign(ids.size(), 0);
  }
  const std::int64_t nn = n;
  ctx.check_interrupt();  // once here, so that even a tiny graph answers it
  detail::Stop stop;
#pragma omp parallel num_threads(threads)
  {
    Scratch& s = scratch[omp_get_thread_num()];
    detail::Poller poll(ctx, stop, {.work = kPollWork});
    Counts count;
#pragma omp for schedule(dynamic, 64)
    for (std::int64_t v = 0; v < nn; ++v) {
      if (stop()) continue;
      const std::uint64_t work = one_broker(g, gid, static_cast<VertexId>(v), s, count);
      double total = 0;
      for (int k = 0; k < kNumRoles; ++k) {
        r.count[k][v] = static_cast<double>(count[k]);
        total += r.count[k][v];
      }
      r.total[v] = total;
      poll.after(work);
    }
  }
  stop.rethrow();

  // sna's density counts every arc, self-loops included, over N (N - 1).
  const double N = static_cast<double>(n);
  const double d = static_cast<double>(g.num_arcs()) / (N * (N - 1));
  Int128 s2 = 0, s3 = 0;
  for (std::int64_t x : size) {
    s2 += Int128(x) * x;
    s3 += Int128(x) * x * x;
  }
  std::vector<Moments> by_group(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) by_group[k] = moments(size[k], n, s2, s3, d);
  for (VertexId v = 0; v < n; ++v) {
    const Moments& m = by_group[gid[v]];
    for (int k = 0; k < kNumRoles; ++k) {
      r.expected[k][v] = m.mean[k];
      r.z[k][v] = (r.count[k][v] - m.mean[k]) / std::sqrt(m.var[k]);
    }
    r.total_z[v] = (r.total[v] - m.mean[kNumRoles]) / std::sqrt(m.var[kNumRoles]);
  }
  return r;
}

// Verifier: sna's definition by brute force over every triple (a, b, c).
// O(n^3 log).
std::array<std::vector<double>, kNumRoles> brokerage_counts_reference(const CsrGraph& g,
                                                                      const std::vector<std::uint32_t>& group) {
  validate(g, group);
  const VertexId n = g.num_vertices();
  std::array<std::vector<double>, kNumRoles> count;
  for (auto& c : count) c.assign(n, 0.0);
  for (VertexId a = 0; a < n; ++a) {
    for (VertexId b = 0; b < n; ++b) {
      if (b == a || !has_arc(g, a, b)) continue;
      for (VertexId c = 0; c < n; ++c) {
        if (c == a || c == b || !has_arc(g, b, c) || has_arc(g, a, c)) continue;
        const bool ab = group[a] == group[b], bc = group[b] == group[c], ac = group[a] == group[c];
        BrokerageRole role;
        if (ab && bc) role = kCoordinator;
        else if (ab) role = kRepresentative;
        else if (bc) role = kGatekeeper;
        else if (ac) role = kItinerant;
        else role = kLiaison;
        count[role][b] += 1;
      }
    }
  }
  return count;
}

}  // namespace corridor
