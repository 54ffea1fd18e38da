// Local moving of vertices between communities, shared by Louvain and
// Leiden; seeded random vertex order, so a run is fixed by its seed.
// Internal to engine/community.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "engine/community/detail/working_graph.hpp"
#include "engine/graph/run_context.hpp"

namespace corridor::detail {

// Gains below this (in units of the normalised objective) are not moves:
// stops rounding noise from moving a vertex back and forth.
inline constexpr double kMinGain = 1e-13;

// A uniform permutation of 0 .. n-1 by Fisher-Yates with our own draws, so
// the order is the same on every standard library.
inline std::vector<std::uint32_t> random_order(std::uint32_t n, std::mt19937_64& rng) {
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = i;
  for (std::uint32_t i = n; i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
  return order;
}

// Compacts part to ids 0 .. count - 1 (first-seen order); returns count.
inline std::uint32_t compact(std::vector<std::uint32_t>& part) {
  std::vector<std::uint32_t> id(part.size(), UINT32_MAX);
  std::uint32_t next = 0;
  for (auto& c : part) {
    if (id[c] == UINT32_MAX) id[c] = next++;
    c = id[c];
  }
  return next;
}

// Moves vertices of h to the neighbouring (or an empty) community of best
// gain until none gains. queue=true is Leiden's fast local moving (revisit
// only the neighbours of moved vertices [2, Alg. A.2]); queue=false is
// Louvain's sweeps in a fresh random order [1], pruned to the vertices whose
// neighbourhood changed [3]. part holds ids < h.n(). Returns whether any
// vertex moved.
//
// [1] Blondel et al. 2008 (louvain.hpp). [2] Traag et al. 2019 (leiden.hpp).
// [3] N. Ozaki, H. Tezuka, M. Inaba. A simple acceleration method for the
//     Louvain algorithm. Int. J. Comput. Electr. Eng. 8(3), 207-218, 2016.
inline bool move_nodes(const WorkingGraph& h, std::vector<std::uint32_t>& part, const Objective& obj,
                       std::mt19937_64& rng, bool queue, const RunContext& ctx) {
  const std::uint32_t n = h.n();
  const double norm = obj.cpm ? 1.0 : (h.total > 0 ? 1.0 / h.total : 1.0);
  std::vector<double> mass(n, 0.0), acc(n, 0.0);
  std::vector<std::uint32_t> seen(n, 0);  // 0/1; not char, whose stores may alias anything
  std::vector<std::uint32_t> members(n, 0), touched(n), empty;
  for (std::uint32_t v = 0; v < n; ++v) {
    mass[part[v]] += obj.mass(h, v);
    ++members[part[v]];
  }
  for (std::uint32_t c = n; c-- > 0;) {
    if (members[c] == 0) empty.push_back(c);
  }
  // Raw pointers captured by value: the scan's loads stay in registers
  // (through the vectors and a char array, every store made the compiler
  // reload them per arc).
  const std::uint64_t* const off = h.offsets.data();
  const std::uint32_t* const nbr = h.nbr.data();
  const double* const wt = h.w.data();
  std::uint32_t* const label = part.data();
  double* const wsum = acc.data();
  std::uint32_t* const mark = seen.data();
  std::uint32_t* const list = touched.data();  // the communities v touches (at most n)
  auto visit = [&, off, nbr, wt, label, wsum, mark, list](std::uint32_t v) {
    const std::uint32_t cur = label[v];
    const double mv = obj.mass(h, v);
    std::size_t count = 0;
    for (auto k = off[v]; k < off[v + 1]; ++k) {
      const auto c = label[nbr[k]];
      if (!mark[c] && c != cur) {
        mark[c] = 1;
        list[count++] = c;
      }
      wsum[c] += wt[k];
    }
    const double stay = obj.gain(wsum[cur], mv, mass[cur] - mv);
    std::uint32_t best = cur;
    double best_gain = stay;
    for (std::size_t i = 0; i < count; ++i) {
      const auto c = list[i];
      const double g = obj.gain(wsum[c], mv, mass[c]);
      if ((g - best_gain) * norm > kMinGain) {
        best = c;
        best_gain = g;
      }
    }
    // An empty community: gain 0 (only worth it when staying loses).
    if ((0 - best_gain) * norm > kMinGain && members[cur] > 1 && !empty.empty()) best = empty.back();
    wsum[cur] = 0;
    for (std::size_t i = 0; i < count; ++i) wsum[list[i]] = mark[list[i]] = 0;
    if (best == cur) return false;
    if (!empty.empty() && best == empty.back()) empty.pop_back();
    mass[cur] -= mv;
    mass[best] += mv;
    if (--members[cur] == 0) empty.push_back(cur);
    ++members[best];
    label[v] = best;
    return true;
  };

  bool any = false;
  if (!queue) {
    // Sweeps with pruning [3]: a sweep visits only the vertices whose
    // neighbourhood changed since their last visit (a neighbour moved out of
    // their community's reach); the first sweep visits every vertex.
    std::vector<char> active(n, 1);
    for (;;) {
      ctx.check_interrupt();
      bool moved = false;
      for (auto v : random_order(n, rng)) {
        if (!active[v]) continue;
        active[v] = 0;
        if (!visit(v)) continue;
        moved = true;
        for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
          if (part[h.nbr[k]] != part[v]) active[h.nbr[k]] = 1;
        }
      }
      any |= moved;
      if (!moved) break;
    }
    return any;
  }
  std::vector<std::uint32_t> fifo = random_order(n, rng);
  std::vector<char> queued(n, 1);
  std::size_t head = 0, polled = 0;
  while (head < fifo.size()) {
    if (++polled % 65536 == 0) ctx.check_interrupt();
    const auto v = fifo[head++];
    queued[v] = 0;
    if (!visit(v)) continue;
    any = true;
    for (auto k = h.offsets[v]; k < h.offsets[v + 1]; ++k) {
      const auto u = h.nbr[k];
      if (!queued[u] && part[u] != part[v]) {
        queued[u] = 1;
        fifo.push_back(u);
      }
    }
    if (head > n && head * 2 > fifo.size()) {  // keep the queue's memory O(n)
      fifo.erase(fifo.begin(), fifo.begin() + static_cast<std::ptrdiff_t>(head));
      head = 0;
    }
  }
  return any;
}

// Splits every community of part into its connected components in h (any
// edge connects); never lowers modularity or CPM. Returns the new count.
inline std::uint32_t split_disconnected(const WorkingGraph& h, std::vector<std::uint32_t>& part) {
  const std::uint32_t n = h.n();
  std::vector<std::uint32_t> out(n, UINT32_MAX), stack;
  std::uint32_t next = 0;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (out[s] != UINT32_MAX) continue;
    out[s] = next;
    stack.push_back(s);
    while (!stack.empty()) {
      const auto u = stack.back();
      stack.pop_back();
      for (auto k = h.offsets[u]; k < h.offsets[u + 1]; ++k) {
        const auto v = h.nbr[k];
        if (out[v] == UINT32_MAX && part[v] == part[s]) {
          out[v] = next;
          stack.push_back(v);
        }
      }
    }
    ++next;
  }
  part.swap(out);
  return next;
}

}  // namespace corridor::detail
