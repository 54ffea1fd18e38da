#include "engine/disruption/key_player_set.hpp"

#include <algorithm>
#include <random>
#include <stdexcept>

#include "engine/disruption/fragmentation.hpp"

namespace corridor {

namespace {

class Evaluator {
 public:
  Evaluator(const CsrGraph& g, KeyPlayerObjective obj, int m, const RunContext& ctx)
      : g_(g), obj_(obj), m_(m), ctx_(ctx), flag_(g.num_vertices(), 0), dist_(g.num_vertices(), -1) {}

  double operator()(const std::vector<VertexId>& set) {
    ++evaluations;
    for (VertexId v : set) flag_[v] = 1;
    double r = 0;
    if (obj_ == KeyPlayerObjective::kReach) {
      r = reach(set);
    } else {
      const NetworkState st =
          network_state(g_, flag_, {.distances = obj_ == KeyPlayerObjective::kDistanceFragmentation}, ctx_);
      r = obj_ == KeyPlayerObjective::kFragmentation ? st.fragmentation : st.distance_fragmentation;
    }
    for (VertexId v : set) flag_[v] = 0;
    return r;
  }
  std::uint64_t evaluations = 0;

 private:
  double reach(const std::vector<VertexId>& set) {
    const std::uint64_t n = g_.num_vertices();
    if (n == set.size()) return 1.0;
    q_.clear();
    for (VertexId v : set) {
      if (dist_[v] < 0) {
        dist_[v] = 0;
        q_.push_back(v);
      }
    }
    std::uint64_t reached = 0;
    for (std::size_t head = 0; head < q_.size(); ++head) {
      const VertexId v = q_[head];
      if (dist_[v] > 0) ++reached;
      if (dist_[v] == m_) continue;
      auto visit = [&](VertexId u) {
        if (dist_[u] < 0) {
          dist_[u] = dist_[v] + 1;
          q_.push_back(u);
        }
      };
      for (VertexId u : g_.out_neighbors(v)) visit(u);
      if (g_.directed())
        for (VertexId u : g_.in_neighbors(v)) visit(u);
    }
    for (VertexId v : q_) dist_[v] = -1;
    return static_cast<double>(reached) / static_cast<double>(n - set.size());
  }

  const CsrGraph& g_;
  KeyPlayerObjective obj_;
  int m_;
  const RunContext& ctx_;
  std::vector<std::uint8_t> flag_;
  std::vector<int> dist_;
  std::vector<VertexId> q_;
};

constexpr double kGain = 1e-12;

}  // namespace

double key_player_objective(const CsrGraph& g, const std::vector<VertexId>& set, KeyPlayerObjective objective,
                            int m, const RunContext& ctx) {
  for (VertexId v : set)
    if (v >= g.num_vertices()) throw std::invalid_argument("set: a vertex id out of range");
  Evaluator ev(g, objective, m, ctx);
  return ev(set);
}

KeyPlayerResult key_player_set(const CsrGraph& g, const KeyPlayerParams& p, const RunContext& ctx) {
  const VertexId n = g.num_vertices();
  std::vector<std::uint8_t> role(n, 0);  // 1 include, 2 exclude
  for (VertexId v : p.include) {
    if (v >= n) throw std::invalid_argument("include: a vertex id out of range");
    role[v] = 1;
  }
  for (VertexId v : p.exclude) {
    if (v >= n) throw std::invalid_argument("exclude: a vertex id out of range");
    if (role[v] == 1) throw std::invalid_argument("exclude: a vertex is also in include");
    role[v] = 2;
  }
  std::vector<VertexId> fixed, free;
  for (VertexId v = 0; v < n; ++v) {
    if (role[v] == 1) fixed.push_back(v);
    if (role[v] == 0) free.push_back(v);
  }
  if (p.k < 1) throw std::invalid_argument("k: must be at least 1");
  if (fixed.size() > p.k) throw std::invalid_argument("include: more entities than k");
  if (p.k > fixed.size() + free.size()) throw std::invalid_argument("k: more than the vertices available");
  if (p.objective == KeyPlayerObjective::kReach && p.m < 1) throw std::invalid_argument("m: must be at least 1");
  if (p.restarts < 1) throw std::invalid_argument("restarts: must be at least 1");
  if (p.max_passes < 1) throw std::invalid_argument("max_passes: must be at least 1");

  Evaluator ev(g, p.objective, p.m, ctx);
  const std::size_t k = p.k, nf = fixed.size();
  KeyPlayerResult best;
  best.objective = -1;
  std::vector<std::uint8_t> in(n, 0);
  for (int restart = 0; restart < p.restarts; ++restart) {
    ctx.check_interrupt();
    std::vector<VertexId> set = fixed;
    std::fill(in.begin(), in.end(), 0);
    for (VertexId v : fixed) in[v] = 1;
    double value = 0;
    if (restart == 0) {  // greedy
      while (set.size() < k) {
        ctx.check_interrupt();
        double top = -1;
        VertexId arg = n;
        for (VertexId v : free) {
          if (in[v]) continue;
          set.push_back(v);
          const double f = ev(set);
          set.pop_back();
          if (f > top + kGain) {
            top = f;
            arg = v;
          }
        }
        set.push_back(arg);
        in[arg] = 1;
        value = top;
      }
    } else {
      std::vector<VertexId> pool = free;
      std::mt19937_64 rng(ctx.seed + static_cast<std::uint64_t>(restart));
      for (std::size_t i = 0; i < k - nf; ++i) {
        std::uniform_int_distribution<std::size_t> pick(i, pool.size() - 1);
        std::swap(pool[i], pool[pick(rng)]);
        set.push_back(pool[i]);
        in[pool[i]] = 1;
      }
    }
    value = ev(set);
    for (int pass = 0; pass < p.max_passes; ++pass) {
      bool improved = false;
      for (std::size_t i = nf; i < k; ++i) {
        ctx.check_interrupt();
        for (VertexId u : free) {
          if (in[u]) continue;
          const VertexId old = set[i];
          set[i] = u;
          const double f = ev(set);
          if (f > value + kGain) {
            in[old] = 0;
            in[u] = 1;
            value = f;
            improved = true;
          } else {
            set[i] = old;
          }
        }
      }
      if (!improved) break;
    }
    if (value > best.objective + kGain) {
      best.objective = value;
      best.set = set;
      best.best_restart = restart;
    }
  }
  std::sort(best.set.begin(), best.set.end());
  best.evaluations = ev.evaluations;
  return best;
}

}  // namespace corridor
